"""RFM scores, the named RFM segments and the member tiers 青铜/白银/黄金/铂金 derived from the total score."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.core.formatting import fmt_count, fmt_percent
from workbench.core.params import Param
from workbench.i18n import t
from workbench.segments import charts
from workbench.segments.framework import Segmentation, ids, require, select

__all__ = ["RFM_SEGMENTS", "SEGMENTATION", "TIERS", "rfm_scores", "rfm_segments"]

#: Named RFM segments on the R and F scores ("RF" as two digits), first match wins. The classic map used by
#: CRM tools; together the patterns cover all 25 cells. Users may replace it (``segments.rfm_patterns``).
RFM_SEGMENTS: tuple[tuple[str, str], ...] = (
    ("champions", r"5[4-5]"),
    ("loyal", r"[3-4][4-5]"),
    ("potential_loyalists", r"[4-5][2-3]"),
    ("new_customers", r"51"),
    ("promising", r"41"),
    ("need_attention", r"33"),
    ("about_to_sleep", r"3[1-2]"),
    ("cannot_lose", r"[1-2]5"),
    ("at_risk", r"[1-2][3-4]"),
    ("hibernating", r"[1-2][1-2]"),
)

REQUIRED = ("customer_id", "days_since_last", "purchase_days", "revenue")


def _quintile_score(values: pd.Series) -> pd.Series:
    """Scores 1-5 from ranks: 1 + floor(5 (rank - 1) / n), ties sharing the lowest rank.

    Equal values always get equal scores (unlike ``qcut`` on ``rank(method="first")``), so a heap of
    one-time buyers lands in one score instead of being split arbitrarily.
    """
    n = len(values)
    if n == 0:
        return pd.Series([], dtype="int64", index=values.index)
    v = values.to_numpy(dtype=float)
    if np.isnan(v).any():
        ranks = values.rank(method="min").to_numpy()
    else:  # the same "min" ranks as pandas: a rank is 1 + the number of smaller values
        lo, hi = float(v.min()), float(v.max())
        if hi - lo <= 4 * n and np.array_equal(v, np.floor(v)):  # whole numbers (days, counts): no sort
            codes = (v - lo).astype(np.int64)
            counts = np.bincount(codes)
        else:
            _, codes, counts = np.unique(v, return_inverse=True, return_counts=True)
            codes = codes.ravel()
        ranks = (np.cumsum(counts) - counts + 1)[codes].astype(float)
    return pd.Series((1 + np.floor(5 * (ranks - 1) / n)).astype("int64"), index=values.index)


def rfm_scores(summary: pd.DataFrame) -> pd.DataFrame:
    """R, F and M quintile scores (5 = best): recency in days since the last purchase (fewer is better),
    frequency as purchase occasions, monetary as total spend. Columns ``customer_id, r_score, f_score,
    m_score, rfm_cell`` (e.g. 54: the R and F digits the named segments match) and ``rfm_score`` (sum)."""
    require(summary, REQUIRED)
    out = ids(summary)
    out["r_score"] = _quintile_score(-summary["days_since_last"].astype(float))
    out["f_score"] = _quintile_score(summary["purchase_days"].astype(float))
    out["m_score"] = _quintile_score(summary["revenue"].astype(float))
    out["rfm_cell"] = 10 * out["r_score"] + out["f_score"]
    out["rfm_score"] = out["r_score"] + out["f_score"] + out["m_score"]
    return out


def rfm_segments(
    summary: pd.DataFrame, params: Mapping[str, Any] | None = None,
    patterns: tuple[tuple[str, str], ...] | list | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """RFM scores, the named segment (first matching pattern on the "RF" cell) and the member tier.

    Tiers come from the summed score (3-15): platinum >= ``platinum_min``, gold >= ``gold_min``, silver >=
    ``silver_min``, else bronze. Cells no pattern matches are labelled "other". The patterns are
    ``patterns``, else the parameters' ``patterns`` (the workspace's own list), else ``RFM_SEGMENTS``.
    """
    p = SEGMENTATION.resolve(params)
    patterns = [tuple(r) for r in (patterns or p["patterns"] or RFM_SEGMENTS)]
    out = rfm_scores(summary)
    rules = [(str(name), re.compile(f"^(?:{pattern})$")) for name, pattern in patterns]
    names = list(dict.fromkeys([name for name, _ in rules] + ["other"]))
    lookup = np.full(56, names.index("other"))  # cell 10 R + F -> index of its segment name
    for r in range(1, 6):
        for f in range(1, 6):
            lookup[10 * r + f] = names.index(next((n for n, rx in rules if rx.match(f"{r}{f}")), "other"))
    out["rfm"] = pd.Categorical.from_codes(lookup[out["rfm_cell"].to_numpy()], names)
    score = out["rfm_score"]
    out["tier"] = select([score >= p["platinum_min"], score >= p["gold_min"], score >= p["silver_min"]],
                          ("platinum", "gold", "silver"), "bronze", out.index)
    return out, {"params": p, "patterns": [list(r) for r in patterns]}



def _check(p: Mapping[str, Any]) -> None:
    if not p["silver_min"] <= p["gold_min"] <= p["platinum_min"]:
        raise WorkbenchError("segments.error.tier_order")


def _notes(info: Mapping[str, Any], n_customers: int, lang: str, currency: str) -> list[tuple[str, str]]:
    return [("markdown", t("segments.explain.rfm", lang))]


def _chart_notes(table, summary, info, lang: str) -> list[tuple[str, str]]:
    """Why rows or columns of the R × F grid can be empty: equal values share a score (ranks with ties), so
    when most customers have the same purchase count, the scores above theirs stay empty."""
    notes = []
    for score, value_column in (("f_score", "purchase_days"), ("r_score", "days_since_last")):
        present = set(table[score].unique()) if len(table) else set()
        empty = [s for s in range(1, 6) if s not in present]
        if empty and len(table):
            counts = summary[value_column].value_counts()
            notes.append(("caption", t(f"segments.rfm.empty_{score}", lang,
                                       scores=t("segments.list_sep", lang).join(map(str, empty)),
                                       share=fmt_percent(counts.iloc[0] / len(summary), 0),
                                       value=fmt_count(counts.index[0]))))
    return notes


SEGMENTATION = Segmentation(
    name="rfm",
    labels=tuple(name for name, _ in RFM_SEGMENTS) + ("other",),
    rule=rfm_segments,
    params=(Param("silver_min", "int", 3, 15, 1), Param("gold_min", "int", 3, 15, 1),
            Param("platinum_min", "int", 3, 15, 1)),
    # the named-segment patterns are stored apart (``segments.rfm_patterns``) and edited as a table
    defaults={"silver_min": 7, "gold_min": 10, "platinum_min": 13, "patterns": None},
    required=REQUIRED,
    check=_check,
    notes=_notes,
    charts=lambda table, summary, info, profile, lang, currency: [charts.rfm_heatmap(table, lang)],
    chart_notes=_chart_notes,
    ranked_by_revenue=True,
)

#: Member tiers: computed with the RFM scores, from their total and the RFM parameters' cut-offs.
TIERS = Segmentation(
    name="tier",
    labels=("platinum", "gold", "silver", "bronze"),
    rule=None,
    computed_by="rfm",
    charts=lambda table, summary, info, profile, lang, currency: [charts.segment_bars(profile, lang)],
    tab=False,
)
