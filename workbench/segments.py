"""Every segmentation of the workbench, as pure functions on the per-customer summary.

Each segmentation reads the DataFrame of :func:`workbench.summary.customer_summary` (one row per customer,
fixed columns) and a flat dict of parameters, and returns one label per customer plus an ``info`` dict
with what the page must explain (thresholds actually used, dimensions skipped, customers without a score).
The frameworks are data: the RFM segment patterns, tier cut-offs, churn thresholds and tag rules live in
``DEFAULT_PARAMS`` / ``RFM_SEGMENTS``; a workspace overrides them with ``ws.set_setting("segments.<name>")``
(see :func:`load_params` and :func:`save_params`).

Sources: the member tiers 青铜/白银/黄金/铂金 from RFM, the pyramid 关键/普通/小/负价值客户, the value × potential
quadrants (B2B example: annual spend > 100k, growth > 30%), core / strategic / radiant customers, the
satisfaction × loyalty matrix (布道者/图利者/囚禁者/破坏者), the five-dimension churn warning (active months
-20%, frequency -30%, NPS detractor, core-feature usage < 50%, community interaction -80%) and the tags
价格敏感型/品质追求型/社交传播型 with their treatments, all from the project's source material.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
import pandas as pd

from workbench.errors import WorkbenchError
from workbench.textsafe import neutralise_formulas
from workbench.i18n import has_key, t

__all__ = [
    "SEGMENTATIONS",
    "SEGMENTS",
    "RFM_SEGMENTS",
    "DEFAULT_PARAMS",
    "Param",
    "PARAM_SPECS",
    "TAG_TREATMENTS",
    "CHURN_DIMENSIONS",
    "REQUIRED_COLUMNS",
    "rfm_scores",
    "rfm_segments",
    "gini",
    "lorenz_curve",
    "top_share",
    "customer_pyramid",
    "value_potential",
    "core_strategic_radiant",
    "satisfaction_loyalty",
    "churn_warning",
    "customer_tags",
    "segment_all",
    "segment_column",
    "members_of",
    "segment_profile",
    "segment_label",
    "segmentation_label",
    "merge_params",
    "validate_params",
    "load_params",
    "save_params",
    "load_rfm_patterns",
    "save_rfm_patterns",
    "segment_table",
    "segment_options",
    "segment_members",
    "segment_figures",
    "fit_models",
    "customer_value",
    "clv_bands",
    "simple_clv_summary",
    "model_check",
    "neutralise_formulas",
    "export_csv_bytes",
    "model_usable",
    "write_table",
    "export_table",
]

#: Segmentations in page order; each has a column of the same name in :func:`segment_all`'s table,
#: except ``tags`` (several boolean ``tag_<name>`` columns, a customer may carry several tags).
SEGMENTATIONS: tuple[str, ...] = (
    "rfm", "tier", "pyramid", "quadrant", "csr", "sat_loyalty", "churn", "tags",
)

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

SEGMENTS: dict[str, tuple[str, ...]] = {
    "rfm": tuple(name for name, _ in RFM_SEGMENTS) + ("other",),
    "tier": ("platinum", "gold", "silver", "bronze"),
    "pyramid": ("key", "ordinary", "small", "negative"),
    "quadrant": ("high_value_high_potential", "high_value_low_potential", "low_value_high_potential",
                 "low_value_low_potential", "no_history"),
    "csr": ("core", "strategic", "radiant"),
    "sat_loyalty": ("apostle", "mercenary", "hostage", "saboteur", "no_score"),
    "churn": ("high", "medium", "low"),
    "tags": ("price_sensitive", "quality_seeking", "social_sharing"),
}

#: Recommended treatment per tag (catalog keys hold the text in both languages).
TAG_TREATMENTS: dict[str, str] = {tag: f"segments.tag_treatment.{tag}" for tag in SEGMENTS["tags"]}

#: The five churn-warning dimensions, in the source's order, and the summary columns each needs.
CHURN_DIMENSIONS: dict[str, tuple[str, ...]] = {
    "activity": ("active_months_recent", "active_months_prev"),
    "frequency": ("purchase_days_recent", "purchase_days_prev"),
    "service": ("nps", "csat"),
    "usage": ("feature_usage",),
    "community": ("community_recent", "community_prev"),
}

#: Parameters per segmentation, flat and JSON-able. ``*_by`` chooses between a data quantile (``*_q``) and
#: a fixed value (``*_abs``); the defaults follow the source material where it gives a number.
DEFAULT_PARAMS: dict[str, dict[str, Any]] = {
    "rfm": {"silver_min": 7, "gold_min": 10, "platinum_min": 13},
    "pyramid": {"basis": "revenue", "key_share": 0.80, "ordinary_share": 0.95},
    "quadrant": {"value_by": "quantile", "value_q": 0.5, "value_abs": 100_000.0,
                 "growth_by": "quantile", "growth_q": 0.5, "growth_abs": 0.30},
    "csr": {"core_q": 0.80, "growth_by": "quantile", "growth_q": 0.5, "growth_abs": 0.30},
    "sat_loyalty": {"measure": "auto", "csat_min": 4.0, "nps_min": 7.0,
                    "loyalty_by": "quantile", "loyalty_q": 0.5, "loyalty_abs": 4.0},
    "churn": {"activity_drop": 0.20, "frequency_drop": 0.30, "nps_max": 6.0, "csat_max": 2.0,
              "usage_min": 0.50, "community_drop": 0.80, "medium_flags": 1, "high_flags": 2},
    "tags": {"price_discount_share": 0.50, "quality_aov_q": 0.75, "quality_discount_max": 0.20,
             "social_referrals_min": 1.0, "social_community_q": 0.80},
    "clv": {"horizon_months": 12, "discount_rate": 0.10, "margin": 1.0, "lifespan_years": 3.0},
}


@dataclass(frozen=True)
class Param:
    """How a parameter is edited: ``kind`` is int, float, share (0-1) or choice (one of ``choices``)."""

    name: str
    kind: str
    lo: float | None = None
    hi: float | None = None
    step: float | None = None
    choices: tuple[str, ...] = ()


_BY = ("quantile", "absolute")

#: The editable parameters of each segmentation, in display order (labels: ``segments.param.<seg>.<name>``).
PARAM_SPECS: dict[str, tuple[Param, ...]] = {
    "rfm": (Param("silver_min", "int", 3, 15, 1), Param("gold_min", "int", 3, 15, 1),
            Param("platinum_min", "int", 3, 15, 1)),
    "pyramid": (Param("basis", "choice", choices=("revenue", "spend_12m", "profit")),
                Param("key_share", "share", 0.05, 1.0, 0.05), Param("ordinary_share", "share", 0.05, 1.0, 0.05)),
    "quadrant": (Param("value_by", "choice", choices=_BY), Param("value_q", "share", 0.05, 0.95, 0.05),
                 Param("value_abs", "float", 0.0, None, 1000.0), Param("growth_by", "choice", choices=_BY),
                 Param("growth_q", "share", 0.05, 0.95, 0.05), Param("growth_abs", "float", -1.0, None, 0.05)),
    "csr": (Param("core_q", "share", 0.5, 0.99, 0.05), Param("growth_by", "choice", choices=_BY),
            Param("growth_q", "share", 0.05, 0.95, 0.05), Param("growth_abs", "float", -1.0, None, 0.05)),
    "sat_loyalty": (Param("measure", "choice", choices=("auto", "csat", "nps")),
                    Param("csat_min", "float", 1.0, 5.0, 0.5), Param("nps_min", "float", 0.0, 10.0, 1.0),
                    Param("loyalty_by", "choice", choices=_BY), Param("loyalty_q", "share", 0.05, 0.95, 0.05),
                    Param("loyalty_abs", "float", 1.0, None, 1.0)),
    "churn": (Param("activity_drop", "share", 0.05, 1.0, 0.05), Param("frequency_drop", "share", 0.05, 1.0, 0.05),
              Param("nps_max", "float", 0.0, 10.0, 1.0), Param("csat_max", "float", 1.0, 5.0, 0.5),
              Param("usage_min", "share", 0.05, 1.0, 0.05), Param("community_drop", "share", 0.05, 1.0, 0.05),
              Param("medium_flags", "int", 1, 5, 1), Param("high_flags", "int", 1, 5, 1)),
    "tags": (Param("price_discount_share", "share", 0.05, 1.0, 0.05), Param("quality_aov_q", "share", 0.5, 0.99, 0.05),
             Param("quality_discount_max", "share", 0.0, 1.0, 0.05), Param("social_referrals_min", "float", 1.0, None, 1.0),
             Param("social_community_q", "share", 0.5, 0.99, 0.05)),
    "clv": (Param("horizon_months", "int", 1, 120, 1), Param("discount_rate", "share", 0.0, 0.5, 0.01),
            Param("margin", "share", 0.01, 1.0, 0.01), Param("lifespan_years", "float", 0.5, 30.0, 0.5)),
}

#: Summary columns each segmentation reads (validated once, at the top of each function).
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "rfm": ("customer_id", "days_since_last", "purchase_days", "revenue"),
    "pyramid": ("customer_id", "revenue", "spend_12m", "cost_to_serve"),
    "quadrant": ("customer_id", "spend_12m", "spend_prev_12m"),
    "csr": ("customer_id", "spend_12m", "spend_prev_12m"),
    "sat_loyalty": ("customer_id", "csat", "nps", "purchase_days_12m"),
    "churn": ("customer_id",) + tuple(c for cols in CHURN_DIMENSIONS.values() for c in cols),
    "tags": ("customer_id", "aov", "discounted_orders", "discount_known_orders", "referrals",
             "community_recent"),
}

_SETTING_PREFIX = "segments."


# --------------------------------------------------------------------------------------------------
# helpers


def _require(summary: pd.DataFrame, segmentation: str) -> None:
    missing = [c for c in REQUIRED_COLUMNS[segmentation] if c not in summary.columns]
    if missing:
        raise WorkbenchError("segments.error.missing_columns", columns=", ".join(missing))


def _threshold(values: pd.Series, by: str, q: float, absolute: float) -> float:
    """A cut-off: the ``q`` quantile of the (non-missing) values, or the fixed ``absolute`` value."""
    if by == "absolute":
        return float(absolute)
    clean = pd.to_numeric(values, errors="coerce").dropna()
    return float(clean.quantile(float(q))) if len(clean) else float("nan")


def _ids(summary: pd.DataFrame) -> pd.DataFrame:
    """A frame with just the customer ids, sharing the summary's (Arrow) strings instead of converting them."""
    return summary[["customer_id"]].copy(deep=False)


def _select(conditions: list, choices: tuple[str, ...], default: str, index) -> pd.Series:
    """``np.select`` for labels, returned as a categorical Series: a million labels stay small and fast."""
    codes = np.select([np.asarray(c, dtype=bool) for c in conditions], list(range(len(choices))),
                      default=len(choices))
    return pd.Series(pd.Categorical.from_codes(codes, list(choices) + [default]), index=index)


def _growth(summary: pd.DataFrame) -> pd.Series:
    """Spend growth on the previous 12 months, (this - previous) / previous; NaN without previous spend."""
    prev = summary["spend_prev_12m"].astype(float)
    return ((summary["spend_12m"].astype(float) - prev) / prev.where(prev > 0)).rename("growth")


def merge_params(segmentation: str, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Defaults of a segmentation updated with known keys from ``overrides`` (unknown keys are ignored)."""
    params = dict(DEFAULT_PARAMS[segmentation])
    for key, value in (overrides or {}).items():
        if key in params and value is not None:
            params[key] = value
    return params


# --------------------------------------------------------------------------------------------------
# RFM and member tiers


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
    _require(summary, "rfm")
    out = _ids(summary)
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
    ``silver_min``, else bronze. Cells no pattern matches are labelled "other".
    """
    p = validate_params("rfm", params or {})
    out = rfm_scores(summary)
    rules = [(str(name), re.compile(f"^(?:{pattern})$")) for name, pattern in (patterns or RFM_SEGMENTS)]
    names = list(dict.fromkeys([name for name, _ in rules] + ["other"]))
    lookup = np.full(56, names.index("other"))  # cell 10 R + F -> index of its segment name
    for r in range(1, 6):
        for f in range(1, 6):
            lookup[10 * r + f] = names.index(next((n for n, rx in rules if rx.match(f"{r}{f}")), "other"))
    out["rfm"] = pd.Categorical.from_codes(lookup[out["rfm_cell"].to_numpy()], names)
    score = out["rfm_score"]
    out["tier"] = _select([score >= p["platinum_min"], score >= p["gold_min"], score >= p["silver_min"]],
                          ("platinum", "gold", "silver"), "bronze", out.index)
    return out, {"params": p, "patterns": [list(r) for r in (patterns or RFM_SEGMENTS)]}


# --------------------------------------------------------------------------------------------------
# customer pyramid, Lorenz curve, Gini


def gini(values: Any) -> float:
    """Gini coefficient of non-negative values: (2 sum_i i x_(i)) / (n sum x) - (n + 1) / n, x ascending.

    0 = everyone spends the same, close to 1 = one customer has everything; NaN when the total is 0.
    """
    return _gini_sorted(np.sort(np.clip(np.asarray(values, dtype=float), 0, None)))


def _gini_sorted(x: np.ndarray) -> float:
    """:func:`gini` of values already clipped at 0 and sorted ascending."""
    n, total = len(x), float(np.sum(x)) if len(x) else 0.0
    if n == 0 or total <= 0:
        return float("nan")
    # the same formula as sum((2i - n - 1) x_i) / (n sum x): no difference of two nearly equal numbers,
    # which left -2e-16 for two equal spends; and rounding must not leave the coefficient's range
    weights = 2 * np.arange(1, n + 1) - n - 1
    return min(max(float(np.sum(weights * x) / (n * total)), 0.0), 1.0)


def lorenz_curve(values: Any, points: int = 101) -> pd.DataFrame:
    """The Lorenz curve at ``points`` evenly spaced customer shares (fixed size, whatever the data size).

    Columns ``customer_share`` (0..1, poorest first) and ``value_share`` (cumulative share of the total).
    """
    return _lorenz_sorted(np.sort(np.clip(np.asarray(values, dtype=float), 0, None)), points)


def _lorenz_sorted(x: np.ndarray, points: int = 101) -> pd.DataFrame:
    """:func:`lorenz_curve` of values already clipped at 0 and sorted ascending."""
    shares = np.linspace(0, 1, int(points))
    total = x.sum() if len(x) else 0.0
    if len(x) == 0 or total <= 0:
        return pd.DataFrame({"customer_share": shares, "value_share": shares * np.nan})
    cum = np.concatenate([[0.0], np.cumsum(x) / total])
    grid = np.linspace(0, 1, len(x) + 1)
    return pd.DataFrame({"customer_share": shares, "value_share": np.interp(shares, grid, cum)})


def top_share(values: Any, top: float) -> float:
    """Share of the total held by the top ``top`` fraction of customers (e.g. 0.2 → the 80/20 figure)."""
    return _top_share_sorted(np.sort(np.clip(np.asarray(values, dtype=float), 0, None))[::-1], top)


def _top_share_sorted(x: np.ndarray, top: float) -> float:
    """:func:`top_share` of values already clipped at 0 and sorted descending."""
    total = x.sum() if len(x) else 0.0
    if total <= 0:
        return float("nan")
    k = int(np.ceil(float(top) * len(x) - 1e-9))
    return float(x[:k].sum() / total)


def customer_pyramid(
    summary: pd.DataFrame, params: Mapping[str, Any] | None = None
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Key / ordinary / small customers by cumulative share of value (80/20), and negative-value customers.

    Customers are ranked by value (``basis``: total revenue, spend in the last 12 months, or profit =
    revenue - cost to serve). A customer is *key* while the cumulative share *before* them is below
    ``key_share`` (so the customer who crosses 80% is key), *ordinary* up to ``ordinary_share``, *small*
    after. With a cost to serve, customers whose profit is below zero are *negative* (负价值客户).
    """
    _require(summary, "pyramid")
    p = validate_params("pyramid", params or {})
    cost = summary["cost_to_serve"].astype(float)
    has_cost = bool(cost.notna().any())
    basis = p["basis"]
    if basis == "profit" and not has_cost:
        basis = "revenue"
    if basis == "profit":
        value = summary["revenue"].astype(float) - cost.fillna(0.0)
    elif basis == "spend_12m":
        value = summary["spend_12m"].astype(float)
    else:
        value = summary["revenue"].astype(float)
    positive = value.clip(lower=0)
    order = np.argsort(-positive.to_numpy(), kind="stable")
    total = float(positive.sum())
    sorted_vals = positive.to_numpy()[order]
    before = (np.cumsum(sorted_vals) - sorted_vals) / total if total > 0 else np.zeros(len(order))
    # codes follow SEGMENTS["pyramid"]: 0 key, 1 ordinary, 2 small, 3 negative
    codes_sorted = np.where(before < p["key_share"] - 1e-12, 0,
                            np.where(before < p["ordinary_share"] - 1e-12, 1, 2))
    codes = np.empty(len(order), dtype=np.int8)
    codes[order] = codes_sorted
    if has_cost:
        profit = summary["revenue"].astype(float) - cost
        codes = np.where((profit < 0).to_numpy(), 3, codes)
    out = _ids(summary)
    out["pyramid"] = pd.Categorical.from_codes(codes, list(SEGMENTS["pyramid"]))
    out["pyramid_value"] = value.to_numpy()
    info = {
        "params": p,
        "basis": basis,
        "basis_fallback": basis != p["basis"],
        "has_cost": has_cost,
        # one sort serves the segments, the Gini, the top shares and the Lorenz curve
        "gini": _gini_sorted(sorted_vals[::-1]),
        "top_shares": {q: _top_share_sorted(sorted_vals, q) for q in (0.01, 0.05, 0.10, 0.20)},
        "lorenz": _lorenz_sorted(sorted_vals[::-1]),
    }
    return out, info


# --------------------------------------------------------------------------------------------------
# value x potential, core / strategic / radiant


def value_potential(
    summary: pd.DataFrame, params: Mapping[str, Any] | None = None
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Four quadrants from annual spend (last 12 months) and its growth on the 12 months before.

    High value: spend_12m >= the value threshold; high potential: growth >= the growth threshold. Both
    thresholds default to the data's medians (growth over customers with previous-year spend); the
    source's B2B example is 100k and 30%. Customers without previous-year spend have no growth rate and
    are counted as ``no_history``.
    """
    _require(summary, "quadrant")
    p = merge_params("quadrant", params)
    growth = _growth(summary)
    spend = summary["spend_12m"].astype(float)
    v_cut = _threshold(spend, p["value_by"], p["value_q"], p["value_abs"])
    g_cut = _threshold(growth, p["growth_by"], p["growth_q"], p["growth_abs"])
    high_v = spend >= v_cut
    high_g = growth >= g_cut
    out = _ids(summary)
    out["quadrant"] = _select(
        [growth.isna(), high_v & high_g, high_v & ~high_g, ~high_v & high_g],
        ("no_history", "high_value_high_potential", "high_value_low_potential", "low_value_high_potential"),
        "low_value_low_potential", out.index,
    )
    out["growth"] = growth.to_numpy()
    return out, {"params": p, "value_threshold": v_cut, "growth_threshold": g_cut,
                 "n_no_history": int(growth.isna().sum())}


def core_strategic_radiant(
    summary: pd.DataFrame, params: Mapping[str, Any] | None = None
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Core (核心): the top of current value, spend_12m at or above the ``core_q`` quantile (and > 0).
    Strategic (战略): not core, spend growing at least the growth threshold (default: median growth).
    Radiant (辐射): the long tail, everyone else (including occasional buyers without previous spend)."""
    _require(summary, "csr")
    p = merge_params("csr", params)
    spend = summary["spend_12m"].astype(float)
    growth = _growth(summary)
    core_cut = _threshold(spend, "quantile", p["core_q"], 0.0)
    g_cut = _threshold(growth, p["growth_by"], p["growth_q"], p["growth_abs"])
    core = (spend >= core_cut) & (spend > 0)
    strategic = ~core & (growth >= g_cut)
    out = _ids(summary)
    out["csr"] = _select([core, strategic], ("core", "strategic"), "radiant", out.index)
    return out, {"params": p, "core_threshold": core_cut, "growth_threshold": g_cut}


# --------------------------------------------------------------------------------------------------
# satisfaction x loyalty


def satisfaction_loyalty(
    summary: pd.DataFrame, params: Mapping[str, Any] | None = None
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Apostles / mercenaries / hostages / saboteurs from a satisfaction score and behavioural loyalty.

    Satisfaction: CSAT >= ``csat_min`` (1-5 scale) or NPS answer >= ``nps_min`` (0-10); ``measure="auto"``
    uses CSAT where the data has any, else NPS. Loyalty: purchase days in the last 12 months at or above
    the loyalty threshold (default: the median) and at least 2 (a loyal customer has bought again).
    Customers without a score are ``no_score``, counted, never guessed.
    """
    _require(summary, "sat_loyalty")
    p = merge_params("sat_loyalty", params)
    measure = p["measure"]
    if measure == "auto":
        measure = "csat" if summary["csat"].notna().any() else ("nps" if summary["nps"].notna().any() else None)
    if measure not in ("csat", "nps"):
        measure = None
    activity = summary["purchase_days_12m"].astype(float)
    l_cut = _threshold(activity, p["loyalty_by"], p["loyalty_q"], p["loyalty_abs"])
    loyal = (activity >= l_cut) & (activity >= 2)
    if measure is None:
        score = pd.Series(np.nan, index=summary.index)
    else:
        score = summary[measure].astype(float)
    s_cut = p["csat_min"] if measure == "csat" else p["nps_min"]
    satisfied = score >= s_cut
    out = _ids(summary)
    out["sat_loyalty"] = _select([score.isna(), satisfied & loyal, satisfied & ~loyal, ~satisfied & loyal],
                                 ("no_score", "apostle", "mercenary", "hostage"), "saboteur", out.index)
    return out, {"params": p, "measure": measure, "satisfaction_threshold": s_cut, "loyalty_threshold": l_cut,
                 "n_no_score": int(score.isna().sum())}


# --------------------------------------------------------------------------------------------------
# churn early warning


def _drop(recent: pd.Series, previous: pd.Series) -> pd.Series:
    """Relative fall from the previous to the recent window; NaN when the previous window is empty."""
    prev = previous.astype(float)
    return (prev - recent.astype(float)) / prev.where(prev > 0)


def churn_warning(
    summary: pd.DataFrame, params: Mapping[str, Any] | None = None
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Five warning flags per customer, the number raised and a risk level (high / medium / low).

    * activity: active months (1-6 back) fell by >= ``activity_drop`` on months 7-12 back;
    * frequency: purchase days in the last 90 days fell by >= ``frequency_drop`` on the 90 before;
    * service: NPS answer <= ``nps_max`` (a detractor) or CSAT <= ``csat_max``;
    * usage: core-feature usage < ``usage_min``;
    * community: community interactions fell by >= ``community_drop``.

    A dimension whose data is absent for every customer is skipped and listed in ``info["skipped"]``;
    a customer missing one value simply does not raise that flag. Risk: ``high`` from ``high_flags``
    flags, ``medium`` from ``medium_flags``, else ``low``.
    """
    _require(summary, "churn")
    p = validate_params("churn", params or {})
    flags: dict[str, pd.Series] = {
        "activity": _drop(summary["active_months_recent"], summary["active_months_prev"]) >= p["activity_drop"],
        "frequency": _drop(summary["purchase_days_recent"], summary["purchase_days_prev"]) >= p["frequency_drop"],
        "service": (summary["nps"].astype(float) <= p["nps_max"]) | (summary["csat"].astype(float) <= p["csat_max"]),
        "usage": summary["feature_usage"].astype(float) < p["usage_min"],
        "community": _drop(summary["community_recent"], summary["community_prev"]) >= p["community_drop"],
    }
    available = {
        "activity": bool((summary["active_months_prev"] > 0).any()),
        "frequency": bool((summary["purchase_days_prev"] > 0).any()),
        "service": bool(summary["nps"].notna().any() or summary["csat"].notna().any()),
        "usage": bool(summary["feature_usage"].notna().any()),
        "community": bool((summary["community_prev"].astype(float) > 0).any()),
    }
    out = _ids(summary)
    count = pd.Series(0, index=summary.index, dtype="int64")
    for dim in CHURN_DIMENSIONS:
        raised = flags[dim].fillna(False).astype(bool) & available[dim]
        out[f"churn_{dim}"] = raised
        count += raised.astype("int64")
    out["churn_flags"] = count
    out["churn"] = _select([count >= p["high_flags"], count >= p["medium_flags"]], ("high", "medium"), "low",
                           out.index)
    info = {
        "params": p,
        "available": [d for d in CHURN_DIMENSIONS if available[d]],
        "skipped": [d for d in CHURN_DIMENSIONS if not available[d]],
        "flag_counts": {d: int(out[f"churn_{d}"].sum()) for d in CHURN_DIMENSIONS},
    }
    return out, info


# --------------------------------------------------------------------------------------------------
# customer tags


def customer_tags(
    summary: pd.DataFrame, params: Mapping[str, Any] | None = None
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Behavioural tags (a customer may carry several), each with a recommended treatment.

    * price-sensitive (价格敏感型): share of orders with a discount >= ``price_discount_share``;
    * quality-seeking (品质追求型): average order value at or above the ``quality_aov_q`` quantile and a
      discount share <= ``quality_discount_max`` (the discount condition is dropped without discount data);
    * social-sharing (社交传播型): referrals >= ``social_referrals_min`` or recent community interactions
      at or above the ``social_community_q`` quantile of customers who interact at all.

    Tags whose data is missing for everyone are skipped and listed in ``info["skipped"]``.
    """
    _require(summary, "tags")
    p = merge_params("tags", params)
    known = summary["discount_known_orders"].astype(float)
    disc_share = summary["discounted_orders"].astype(float) / known.where(known > 0)
    has_discount = bool(disc_share.notna().any())
    aov = summary["aov"].astype(float)
    aov_cut = _threshold(aov, "quantile", p["quality_aov_q"], 0.0)
    quality = aov >= aov_cut
    if has_discount:
        quality &= disc_share.fillna(0.0) <= p["quality_discount_max"]
    referrals = summary["referrals"].astype(float)
    community = summary["community_recent"].astype(float)
    comm_cut = _threshold(community[community > 0], "quantile", p["social_community_q"], 0.0)
    social = (referrals >= p["social_referrals_min"]) | ((community >= comm_cut) & (community > 0))
    has_social = bool(referrals.notna().any() or community.notna().any())
    out = _ids(summary)
    out["tag_price_sensitive"] = (disc_share >= p["price_discount_share"]).fillna(False).astype(bool)
    out["tag_quality_seeking"] = quality.fillna(False).astype(bool) & (len(summary) > 0)
    out["tag_social_sharing"] = social.fillna(False).astype(bool) & has_social
    skipped = [tag for tag, ok in (("price_sensitive", has_discount), ("social_sharing", has_social)) if not ok]
    return out, {"params": p, "skipped": skipped, "aov_threshold": aov_cut, "community_threshold": comm_cut,
                 "counts": {tag: int(out[f"tag_{tag}"].sum()) for tag in SEGMENTS["tags"]}}


# --------------------------------------------------------------------------------------------------
# all together


def segment_all(
    summary: pd.DataFrame, params: Mapping[str, Mapping[str, Any]] | None = None,
    rfm_patterns: tuple[tuple[str, str], ...] | list | None = None,
) -> tuple[pd.DataFrame, dict[str, dict[str, Any]]]:
    """Every segmentation at once: a per-customer table of labels and flags, and each one's ``info``.

    The table has ``customer_id``, the RFM scores, one column per segmentation in ``SEGMENTATIONS`` (tags
    as ``tag_<name>`` booleans), the churn flags, ``pyramid_value`` and ``growth``. This is the cheap step
    the page reruns when a parameter changes; the summary itself is cached.
    """
    params = params or {}
    rfm, rfm_info = rfm_segments(summary, params.get("rfm"), rfm_patterns)
    pyr, pyr_info = customer_pyramid(summary, params.get("pyramid"))
    quad, quad_info = value_potential(summary, params.get("quadrant"))
    csr, csr_info = core_strategic_radiant(summary, params.get("csr"))
    sat, sat_info = satisfaction_loyalty(summary, params.get("sat_loyalty"))
    churn, churn_info = churn_warning(summary, params.get("churn"))
    tags, tags_info = customer_tags(summary, params.get("tags"))
    table = pd.concat(
        [rfm, pyr.drop(columns="customer_id"), quad.drop(columns="customer_id"), csr.drop(columns="customer_id"),
         sat.drop(columns="customer_id"), churn.drop(columns="customer_id"), tags.drop(columns="customer_id")],
        axis=1,
    ).reset_index(drop=True)
    infos = {"rfm": rfm_info, "tier": rfm_info, "pyramid": pyr_info, "quadrant": quad_info, "csr": csr_info,
             "sat_loyalty": sat_info, "churn": churn_info, "tags": tags_info}
    return table, infos


def segment_column(segmentation: str, segment: str) -> str:
    """The column of :func:`segment_all`'s table holding that segmentation (``tag_<name>`` for tags)."""
    if segmentation not in SEGMENTS:
        raise WorkbenchError("segments.error.unknown_segmentation", name=segmentation)
    return f"tag_{segment}" if segmentation == "tags" else segmentation


def members_of(table: pd.DataFrame, segmentation: str, segment: str) -> pd.Series:
    """Boolean mask of the customers in ``segment`` of ``segmentation``."""
    column = segment_column(segmentation, segment)
    if segmentation == "tags":
        if column not in table.columns:
            raise WorkbenchError("segments.error.unknown_segment", name=segment)
        return table[column].astype(bool)
    return table[column] == segment


def segment_label(segmentation: str, segment: str, lang: str) -> str:
    """Translated name of a segment; a user-defined RFM segment keeps the name the user gave it."""
    key = f"segments.seg.{segmentation}.{segment}"
    return t(key, lang) if has_key(key) else str(segment)


def segmentation_label(segmentation: str, lang: str) -> str:
    return t(f"segments.segmentation.{segmentation}", lang)


def _present_segments(table: pd.DataFrame, segmentation: str) -> list[str]:
    """Known segments in framework order, then any other value present (user RFM names)."""
    known = list(SEGMENTS[segmentation])
    if segmentation == "tags":
        return known
    if segmentation == "rfm" and isinstance(table["rfm"].dtype, pd.CategoricalDtype):
        return [str(c) for c in table["rfm"].cat.categories]  # the patterns in use, in their order
    present = [s for s in pd.unique(table[segmentation]) if s not in known]
    return known + sorted(map(str, present))


def segment_profile(
    table: pd.DataFrame, summary: pd.DataFrame, segmentation: str, lang: str = "en",
    clv: pd.Series | None = None,
) -> pd.DataFrame:
    """Profile per segment: size, shares, revenue, AOV, purchases per customer, repurchase rate, CLV and
    satisfaction. ``table`` and ``summary`` are row-aligned (as :func:`segment_all` returns them).

    Columns: ``segment, label, customers, customer_share, revenue, revenue_share, aov, purchases_per_customer,
    repurchase_rate, clv, csat, nps``. Satisfaction columns are the means over customers with a score.
    """
    revenue = summary["revenue"].astype(float).to_numpy()
    orders = summary["orders"].astype(float).to_numpy()
    repeat = (summary["frequency"].to_numpy() > 0)
    total_rev, n_all = float(revenue.sum()), len(summary)
    clv_values = None if clv is None else np.asarray(clv, dtype=float)
    rows = []
    for seg in _present_segments(table, segmentation):
        mask = members_of(table, segmentation, seg).to_numpy()
        n = int(mask.sum())
        if n == 0 and segmentation != "tags" and seg not in SEGMENTS[segmentation]:
            continue
        rev = float(revenue[mask].sum())
        rows.append({
            "segment": seg,
            "label": segment_label(segmentation, seg, lang),
            "customers": n,
            "customer_share": n / n_all if n_all else float("nan"),
            "revenue": rev,
            "revenue_share": rev / total_rev if total_rev > 0 else float("nan"),
            "aov": rev / float(orders[mask].sum()) if n else float("nan"),
            "purchases_per_customer": float(orders[mask].mean()) if n else float("nan"),
            "repurchase_rate": float(repeat[mask].mean()) if n else float("nan"),
            "clv": _mean(clv_values[mask]) if clv_values is not None else float("nan"),
            "csat": float(summary["csat"][mask].mean()) if n else float("nan"),
            "nps": float(summary["nps"][mask].mean()) if n else float("nan"),
        })
    return pd.DataFrame(rows, columns=["segment", "label", "customers", "customer_share", "revenue",
                                       "revenue_share", "aov", "purchases_per_customer", "repurchase_rate",
                                       "clv", "csat", "nps"])


# --------------------------------------------------------------------------------------------------
# the workspace side: stored parameters and the helpers other modules use


def _mean(values: np.ndarray) -> float:
    """Mean of the finite values, NaN (and no warning) when there is none."""
    finite = values[np.isfinite(values)]
    return float(finite.mean()) if len(finite) else float("nan")


def load_params(ws) -> dict[str, dict[str, Any]]:
    """Every segmentation's parameters: the defaults overridden by what the workspace stored."""
    return {name: merge_params(name, ws.get_setting(_SETTING_PREFIX + name, {})) for name in DEFAULT_PARAMS}


def validate_params(segmentation: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """The merged parameters of a segmentation, or a ``WorkbenchError`` saying what is inconsistent."""
    if segmentation not in DEFAULT_PARAMS:
        raise WorkbenchError("segments.error.unknown_segmentation", name=segmentation)
    p = merge_params(segmentation, params)
    if segmentation == "rfm" and not p["silver_min"] <= p["gold_min"] <= p["platinum_min"]:
        raise WorkbenchError("segments.error.tier_order")
    if segmentation == "pyramid" and not 0 < p["key_share"] <= p["ordinary_share"] <= 1:
        raise WorkbenchError("segments.error.share_order")
    if segmentation == "churn" and not 1 <= p["medium_flags"] <= p["high_flags"]:
        raise WorkbenchError("segments.error.risk_order")
    for spec in PARAM_SPECS.get(segmentation, ()):
        if spec.kind == "choice" and p[spec.name] not in spec.choices:
            raise WorkbenchError("segments.error.bad_choice", name=spec.name, value=str(p[spec.name]))
    return p


def save_params(ws, segmentation: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """Validate and store one segmentation's parameters (only known keys); return the merged result.

    Nothing is stored when the parameters are inconsistent (the error says why)."""
    merged = validate_params(segmentation, params)
    ws.set_setting(_SETTING_PREFIX + segmentation, merged)
    return merged


def load_rfm_patterns(ws) -> list[tuple[str, str]]:
    """The RFM segment patterns in use: the workspace's own list, else ``RFM_SEGMENTS``."""
    stored = ws.get_setting(_SETTING_PREFIX + "rfm_patterns")
    if not stored:
        return list(RFM_SEGMENTS)
    return [(str(name), str(pattern)) for name, pattern in stored]


def save_rfm_patterns(ws, patterns: list[tuple[str, str]] | None) -> None:
    """Store RFM segment patterns (None restores the defaults); every pattern must be a valid regex."""
    if patterns is None:
        ws.set_setting(_SETTING_PREFIX + "rfm_patterns", None)
        return
    clean = []
    for name, pattern in patterns:
        name, pattern = str(name).strip(), str(pattern).strip()
        if not name or not pattern:
            continue
        try:
            re.compile(pattern)
        except re.error as exc:
            raise WorkbenchError("segments.error.bad_pattern", pattern=pattern, detail=str(exc)) from exc
        clean.append([name, pattern])
    if not clean:
        raise WorkbenchError("segments.error.no_patterns")
    ws.set_setting(_SETTING_PREFIX + "rfm_patterns", clean)


def segment_table(ws, as_of: Any = None) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, dict[str, Any]]]:
    """(summary, segment table, infos) for a workspace with its stored parameters."""
    from workbench.summary import customer_summary

    summary = customer_summary(ws, as_of=as_of)
    table, infos = segment_all(summary, load_params(ws), load_rfm_patterns(ws))
    return summary, table, infos


def segment_options(ws, lang: str) -> list[tuple[str, str, str]]:
    """(segmentation, segment, label) of every segment with at least one member, for pickers elsewhere.

    The label reads "Segmentation: segment (n customers)" in the user's language.
    """
    _, table, _ = segment_table(ws)
    options = []
    for segmentation in SEGMENTATIONS:
        for seg in _present_segments(table, segmentation):
            n = int(members_of(table, segmentation, seg).sum())
            if n:
                label = t("segments.option_label", lang, segmentation=segmentation_label(segmentation, lang),
                          segment=segment_label(segmentation, seg, lang), n=n)
                options.append((segmentation, seg, label))
    return options


def segment_members(ws, segmentation: str, segment: str) -> list[str]:
    """Customer ids in a segment, sorted."""
    _, table, _ = segment_table(ws)
    return sorted(table.loc[members_of(table, segmentation, segment), "customer_id"].astype(str))


def segment_figures(ws, segmentation: str, segment: str) -> dict[str, Any]:
    """Headline figures of a segment: size, revenue share, repurchase rate, satisfaction.

    ``satisfaction`` is the mean CSAT (1-5) where the data has CSAT, else the mean NPS answer (0-10);
    ``satisfaction_measure`` says which ("csat", "nps" or None).
    """
    summary, table, _ = segment_table(ws)
    mask = members_of(table, segmentation, segment).to_numpy()
    total_rev = float(summary["revenue"].sum())
    measure = "csat" if summary["csat"].notna().any() else ("nps" if summary["nps"].notna().any() else None)
    n = int(mask.sum())
    return {
        "size": n,
        "share": n / len(summary) if len(summary) else float("nan"),
        "revenue_share": float(summary.loc[mask, "revenue"].sum()) / total_rev if total_rev > 0 else float("nan"),
        "repurchase_rate": float((summary.loc[mask, "frequency"] > 0).mean()) if n else float("nan"),
        "satisfaction": float(summary.loc[mask, measure].mean()) if (measure and n) else float("nan"),
        "satisfaction_measure": measure,
    }


# --------------------------------------------------------------------------------------------------
# customer lifetime value and model checking (the models themselves live in workbench.clv)


def fit_models(summary: pd.DataFrame):
    """Fit BG/NBD on ``frequency, recency, T`` and Gamma-Gamma on ``frequency, monetary_value``.

    Returns ``(bgnbd, gamma_gamma, warnings)`` where warnings are the fits' ``(catalog key, params)`` pairs
    (a fit on odd data returns its best finite estimate and a warning; it never raises). With no customer
    at all both models are None.
    """
    from concurrent.futures import ThreadPoolExecutor

    from workbench import clv

    if len(summary) == 0:
        return None, None, [("clv.warn.no_customers", {})]
    # the two fits are independent and spend most of their time in numpy/scipy, which release the GIL
    with ThreadPoolExecutor(max_workers=2) as pool:
        bg_job = pool.submit(clv.fit_bgnbd, summary["frequency"], summary["recency"], summary["T"])
        gg_job = pool.submit(clv.fit_gamma_gamma, summary["frequency"], summary["monetary_value"])
        bg, gg = bg_job.result(), gg_job.result()
    return bg, gg, list(bg.warnings) + list(gg.warnings)


def model_usable(model) -> bool:
    """Whether a fitted model has finite parameters (a fit on unusable data has NaN ones, or is None)."""
    return model is not None and all(np.isfinite(v) for v in model.params.values())


def customer_value(
    summary: pd.DataFrame, bgnbd, gamma_gamma, params: Mapping[str, Any] | None = None,
    horizon_weeks: float | None = None,
) -> pd.DataFrame:
    """Per-customer P(alive), expected purchases over the horizon, expected spend and CLV.

    Columns: ``customer_id, p_alive, expected_purchases, expected_spend, clv, simple_clv``.
    ``expected_purchases`` covers ``horizon_weeks`` (default: the CLV horizon in months x 4.35 weeks);
    ``clv`` is the discounted model CLV over ``horizon_months`` (``workbench.clv.clv``, monthly discounting)
    times ``margin``; ``simple_clv`` is AOV x purchases per year x ``lifespan_years`` x margin, the textbook
    formula, with purchases per year from the customer's own history (purchase days per year of tenure,
    at least one year of tenure assumed so that new customers are not extrapolated from a week).
    Predictions are computed once per distinct history, so a million customers cost what their distinct
    (frequency, recency, T) patterns cost. Unusable fits give NaN columns, never an exception.
    """
    from workbench import clv

    p = merge_params("clv", params)
    months = int(p["horizon_months"])
    weeks = float(horizon_weeks) if horizon_weeks is not None else months * clv.WEEKS_PER_MONTH
    out = _ids(summary).reset_index(drop=True)
    n = len(summary)
    nan = np.full(n, np.nan)
    if model_usable(bgnbd) and n:
        # predictions depend only on (x, t_x, T): compute them once per distinct history
        columns = [summary[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T")]
        uniques, codes, _, inverse = clv._distinct(columns, None, return_inverse=True)
        x, tx, T = (u[c] for u, c in zip(uniques, codes))
        out["p_alive"] = np.asarray(bgnbd.p_alive(x, tx, T), dtype=float)[inverse]
        out["expected_purchases"] = np.asarray(bgnbd.expected_purchases(weeks, x, tx, T), dtype=float)[inverse]
    else:
        out["p_alive"], out["expected_purchases"] = nan, nan
    if model_usable(gamma_gamma) and n:
        out["expected_spend"] = np.asarray(
            gamma_gamma.expected_spend(summary["frequency"].astype(float), summary["monetary_value"].astype(float)),
            dtype=float,
        )
    else:
        out["expected_spend"] = nan
    if model_usable(bgnbd) and model_usable(gamma_gamma) and n:
        # discounted purchases per distinct history with a unit spend model, times each customer's spend
        unit = clv.clv(bgnbd, _UnitSpend(), x, tx, T, np.zeros(len(x)), months,
                       discount_rate_annual=float(p["discount_rate"]), margin=float(p["margin"]))
        out["clv"] = np.asarray(unit, dtype=float)[inverse] * out["expected_spend"].to_numpy()
    else:
        out["clv"] = nan
    tenure_years = np.maximum(summary["tenure_days"].astype(float).to_numpy() / 365.25, 1.0)
    per_year = summary["purchase_days"].astype(float).to_numpy() / tenure_years
    out["simple_clv"] = np.asarray(
        clv.simple_clv(summary["aov"].astype(float).to_numpy(), per_year,
                       np.full(n, float(p["lifespan_years"])), margin=np.full(n, float(p["margin"])),
                       discount_rate_annual=np.full(n, float(p["discount_rate"]))),
        dtype=float,
    ) if n else np.zeros(0)
    return out


def simple_clv_summary(summary: pd.DataFrame, params: Mapping[str, Any] | None = None) -> dict[str, float]:
    """The textbook CLV for an average customer, with its assumptions: AOV (revenue / orders), purchases
    per year (purchase days per year of tenure, tenure of at least a year), the lifespan, margin and discount
    rate from ``params``; ``value`` = AOV x purchases per year x lifespan x margin, discounted monthly."""
    from workbench import clv

    p = merge_params("clv", params)
    orders = float(summary["orders"].sum())
    aov = float(summary["revenue"].sum()) / orders if orders else float("nan")
    tenure_years = np.maximum(summary["tenure_days"].astype(float) / 365.25, 1.0)
    per_year = float((summary["purchase_days"].astype(float) / tenure_years).mean()) if len(summary) else float("nan")
    value = clv.simple_clv(aov, per_year, float(p["lifespan_years"]), margin=float(p["margin"]),
                           discount_rate_annual=float(p["discount_rate"]))
    return {"aov": aov, "purchases_per_year": per_year, "lifespan_years": float(p["lifespan_years"]),
            "margin": float(p["margin"]), "discount_rate": float(p["discount_rate"]), "value": float(value)}


class _UnitSpend:
    """A stand-in spend model whose expected spend is 1, so ``clv.clv`` returns discounted purchases."""

    @staticmethod
    def expected_spend(frequency, monetary_value):
        return np.ones(len(np.atleast_1d(frequency)))


def clv_bands(values: pd.Series, bins: int = 30) -> pd.DataFrame:
    """Histogram of CLV for the page: ``lower, upper, customers`` over ``bins`` equal-width bands up to the
    99th percentile (the few above are counted in the last band), so the chart's size never grows."""
    v = pd.to_numeric(values, errors="coerce").dropna().to_numpy()
    if len(v) == 0:
        return pd.DataFrame({"lower": [], "upper": [], "customers": []})
    hi = float(np.quantile(v, 0.99)) or float(v.max()) or 1.0
    edges = np.linspace(min(0.0, float(v.min())), hi, int(bins) + 1)
    counts, _ = np.histogram(np.clip(v, edges[0], edges[-1]), bins=edges)
    return pd.DataFrame({"lower": edges[:-1], "upper": edges[1:], "customers": counts.astype("int64")})


def model_check(ws, calibration_end: Any, observation_end: Any = None) -> dict[str, Any]:
    """Fit BG/NBD on the calibration period and compare its holdout predictions with what happened.

    Returns ``by_frequency`` (mean holdout purchases per calibration-frequency bucket: actual, model,
    naive), ``errors`` (MAE and total error of the model and of the naive "same rate again" baseline),
    ``cumulative`` (weekly cumulative holdout purchases: actual, model, naive), the calibration ``model``,
    its ``warnings`` and the number of ``customers``. Raises ``WorkbenchError`` for a bad split.
    """
    from workbench import clv
    from workbench.summary import calibration_holdout_summary, holdout_weekly_purchases

    data = calibration_holdout_summary(ws, calibration_end, observation_end)
    if len(data) == 0:
        raise WorkbenchError("segments.error.no_calibration_customers")
    cal = data.rename(columns={"frequency_cal": "frequency", "recency_cal": "recency", "T_cal": "T"})
    length = float(data["duration_holdout"].iloc[0])
    model = clv.fit_bgnbd(cal["frequency"], cal["recency"], cal["T"])
    if not model_usable(model):
        return {"by_frequency": pd.DataFrame(), "errors": pd.DataFrame(), "cumulative": pd.DataFrame(),
                "model": model, "warnings": list(model.warnings), "customers": len(data),
                "holdout_weeks": length}
    check = clv.calibration_holdout(cal, data["frequency_holdout"], length, model=model)
    weekly = holdout_weekly_purchases(ws, calibration_end, observation_end)
    cumulative = clv.cumulative_holdout(model, cal, weekly, holdout_length=length)
    return {"by_frequency": check.by_frequency, "errors": check.errors, "cumulative": cumulative,
            "model": model, "warnings": list(model.warnings), "customers": len(data),
            "holdout_weeks": length}


# --------------------------------------------------------------------------------------------------
# exports: member lists and the per-customer table, safe for Excel


_CSV_CHUNK_ROWS = 131_072


def _write_csv_parallel(table, fh) -> None:
    """Write an Arrow table as CSV (header first) with the formatting spread over the machine's cores.

    pyarrow's CSV writer formats on one core; a million customers with a dozen float columns take about
    2 s that way. Row slices are formatted in a thread pool (the writer releases the GIL) and written in
    order, so the file is byte for byte what one ``write_csv`` call gives.
    """
    import io
    import os
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow.csv as pacsv

    def _format(offset: int, header: bool) -> bytes:
        buffer = io.BytesIO()
        pacsv.write_csv(table.slice(offset, _CSV_CHUNK_ROWS), buffer,
                        write_options=pacsv.WriteOptions(include_header=header))
        return buffer.getvalue()

    offsets = list(range(0, table.num_rows, _CSV_CHUNK_ROWS)) or [0]
    workers = max(1, min(len(offsets), os.cpu_count() or 1))
    if workers == 1:
        for i, offset in enumerate(offsets):
            fh.write(_format(offset, i == 0))
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for chunk in pool.map(_format, offsets, [i == 0 for i in range(len(offsets))]):
            fh.write(chunk)


def export_csv_bytes(df: pd.DataFrame) -> bytes:
    """A per-customer table as the CSV :func:`write_table` writes (for a download of the same bytes)."""
    import io

    buf = io.BytesIO()
    _write_export_csv(df, buf)
    return buf.getvalue()


def _write_export_csv(df: pd.DataFrame, fh) -> None:
    """UTF-8 with BOM, formulas neutralised, dates as dates (not midnight timestamps), formatted on all cores."""
    import pyarrow as pa

    table = pa.Table.from_pandas(neutralise_formulas(df), preserve_index=False)
    for i, field in enumerate(table.schema):
        if pa.types.is_timestamp(field.type):
            table = table.set_column(i, field.name, table.column(i).cast(pa.date32()))
    fh.write("\ufeff".encode("utf-8"))
    _write_csv_parallel(table, fh)


def write_table(df: pd.DataFrame, path) -> None:
    """Write a per-customer table as CSV (UTF-8 with BOM) or xlsx, chosen by the file's extension."""
    from pathlib import Path

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise WorkbenchError("segments.error.bad_extension", path=str(target))
    if suffix == ".csv":
        with open(target, "wb") as fh:
            _write_export_csv(df, fh)
    else:
        safe = neutralise_formulas(df)
        with pd.ExcelWriter(target, engine="xlsxwriter",
                            engine_kwargs={"options": {"strings_to_formulas": False,
                                                       "strings_to_urls": False}}) as writer:
            safe.to_excel(writer, index=False, sheet_name="customers")
            sheet = writer.sheets["customers"]
            sheet.freeze_panes(1, 1)
            sheet.set_column(0, len(safe.columns) - 1, 14)


def export_table(
    summary: pd.DataFrame, table: pd.DataFrame, value: pd.DataFrame | None = None, lang: str | None = None,
) -> pd.DataFrame:
    """The per-customer table for CRM tools: model inputs and outputs under the names analysts know
    (``customer_id, frequency, recency, T, monetary_value, p_alive, expected_purchases, clv``), history,
    RFM scores, every segment label, churn flags and tags. Segment values are codes (stable for
    automation) unless ``lang`` is given, in which case they are translated names."""
    parts = [summary[["customer_id", "frequency", "recency", "T", "monetary_value"]].reset_index(drop=True)]
    if value is not None:
        parts.append(value[["p_alive", "expected_purchases", "expected_spend", "clv", "simple_clv"]]
                     .reset_index(drop=True))
    parts.append(summary[["orders", "revenue", "aov", "first_purchase", "last_purchase", "days_since_last",
                          "spend_12m", "spend_prev_12m"]].reset_index(drop=True))
    labels = table[["r_score", "f_score", "m_score", "rfm_score"]
                   + [s for s in SEGMENTATIONS if s != "tags"] + ["growth"]].reset_index(drop=True)
    if lang:
        for segmentation in SEGMENTATIONS[:-1]:
            values = labels[segmentation].astype("category")
            labels[segmentation] = values.cat.rename_categories(
                [segment_label(segmentation, str(code), lang) for code in values.cat.categories])
    parts.append(labels)
    parts.append(table[[f"churn_{dim}" for dim in CHURN_DIMENSIONS] + ["churn_flags"]
                       + [f"tag_{tag}" for tag in SEGMENTS["tags"]]].reset_index(drop=True))
    out = pd.concat(parts, axis=1)
    return out
