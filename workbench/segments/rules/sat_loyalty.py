"""Satisfaction × loyalty (满意度 × 忠诚度): apostles 布道者, mercenaries 图利者, hostages 囚禁者 and saboteurs
破坏者, from a satisfaction score and behavioural loyalty."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from workbench.core.formatting import fmt_count
from workbench.core.params import Param
from workbench.i18n import t
from workbench.segments import charts
from workbench.segments.framework import BY_CHOICES, Segmentation, ids, require, select, threshold

__all__ = ["SEGMENTATION", "satisfaction_loyalty"]

REQUIRED = ("customer_id", "csat", "nps", "purchase_days_12m")


def satisfaction_loyalty(
    summary: pd.DataFrame, params: Mapping[str, Any] | None = None
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Apostles / mercenaries / hostages / saboteurs from a satisfaction score and behavioural loyalty.

    Satisfaction: CSAT >= ``csat_min`` (1-5 scale) or NPS answer >= ``nps_min`` (0-10); ``measure="auto"``
    uses CSAT where the data has any, else NPS. Loyalty: purchase days in the last 12 months at or above
    the loyalty threshold (default: the median) and at least 2 (a loyal customer has bought again).
    Customers without a score are ``no_score``, counted, never guessed.
    """
    require(summary, REQUIRED)
    p = SEGMENTATION.resolve(params)
    measure = p["measure"]
    if measure == "auto":
        measure = "csat" if summary["csat"].notna().any() else ("nps" if summary["nps"].notna().any() else None)
    if measure not in ("csat", "nps"):
        measure = None
    activity = summary["purchase_days_12m"].astype(float)
    l_cut = threshold(activity, p["loyalty_by"], p["loyalty_q"], p["loyalty_abs"])
    loyal = (activity >= l_cut) & (activity >= 2)
    if measure is None:
        score = pd.Series(np.nan, index=summary.index)
    else:
        score = summary[measure].astype(float)
    s_cut = p["csat_min"] if measure == "csat" else p["nps_min"]
    satisfied = score >= s_cut
    out = ids(summary)
    out["sat_loyalty"] = select([score.isna(), satisfied & loyal, satisfied & ~loyal, ~satisfied & loyal],
                                 ("no_score", "apostle", "mercenary", "hostage"), "saboteur", out.index)
    return out, {"params": p, "measure": measure, "satisfaction_threshold": s_cut, "loyalty_threshold": l_cut,
                 "n_no_score": int(score.isna().sum())}



def _notes(info: Mapping[str, Any], n_customers: int, lang: str, currency: str) -> list[tuple[str, str]]:
    notes = [("markdown", t("segments.explain.sat_loyalty", lang))]
    if info.get("measure") is None:
        notes.append(("warning", t("segments.sat.no_measure", lang)))
    else:
        notes.append(("info", t("segments.sat.no_score", lang, n=fmt_count(info["n_no_score"]),
                                total=fmt_count(n_customers), measure=t(f"segments.choice.{info['measure']}", lang))))
    return notes


SEGMENTATION = Segmentation(
    name="sat_loyalty",
    labels=("apostle", "mercenary", "hostage", "saboteur", "no_score"),
    optional=("no_score",),
    rule=satisfaction_loyalty,
    params=(Param("measure", "choice", choices=("auto", "csat", "nps")),
            Param("csat_min", "float", 1.0, 5.0, 0.5), Param("nps_min", "float", 0.0, 10.0, 1.0),
            Param("loyalty_by", "choice", choices=BY_CHOICES), Param("loyalty_q", "share", 0.05, 0.95, 0.05),
            Param("loyalty_abs", "float", 1.0, None, 1.0)),
    defaults={"measure": "auto", "csat_min": 4.0, "nps_min": 7.0,
              "loyalty_by": "quantile", "loyalty_q": 0.5, "loyalty_abs": 4.0},
    required=REQUIRED,
    notes=_notes,
    # without any score the matrix would be four cells of zeros: the warning above says why instead
    charts=lambda table, summary, info, profile, lang, currency: (
        [charts.sat_loyalty_matrix(profile, lang)] if info["measure"] else []),
)
