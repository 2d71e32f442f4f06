"""Churn early warning (流失预警): five warning dimensions per customer, the flags raised and a risk level."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.core.formatting import fmt_count, fmt_number
from workbench.core.params import Param
from workbench.i18n import t
from workbench.segments import charts
from workbench.segments.framework import Segmentation, ids, require, select

__all__ = ["CHURN_DIMENSIONS", "SEGMENTATION", "churn_warning"]

#: The five churn-warning dimensions, in the source's order, and the summary columns each needs.
CHURN_DIMENSIONS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "activity": ("active_months_recent", "active_months_prev"),
    "frequency": ("purchase_days_recent", "purchase_days_prev"),
    "service": ("nps", "csat"),
    "usage": ("feature_usage",),
    "community": ("community_recent", "community_prev"),
})

REQUIRED = (("customer_id", "days_since_last", "tenure_days", "purchase_days")
            + tuple(c for cols in CHURN_DIMENSIONS.values() for c in cols))


def _lapsed(summary: pd.DataFrame, p: Mapping[str, Any]) -> tuple[pd.Series, float]:
    """Customers already gone: silent for ``lapsed_days`` or more, or silent for ``rhythm_factor`` times
    their own usual gap between purchase days (and at least ``min_silence_days``). A one-time buyer has no
    rhythm of their own and is measured by the median rhythm of the repeat buyers. Returns the mask and
    that median (NaN without repeat buyers)."""
    silent = summary["days_since_last"].astype(float)
    days = summary["purchase_days"].astype(float)
    span = summary["tenure_days"].astype(float) - silent  # first to last purchase, in days
    own = span / (days - 1).where(days > 1)
    population = float(own.median()) if own.notna().any() else float("nan")
    rhythm = own.fillna(population)
    gone_by_rhythm = (silent >= p["rhythm_factor"] * rhythm) & (silent >= p["min_silence_days"])
    return (silent >= p["lapsed_days"]) | gone_by_rhythm.fillna(False), population


def _drop(recent: pd.Series, previous: pd.Series) -> pd.Series:
    """Relative fall from the previous to the recent window; NaN when the previous window is empty."""
    prev = previous.astype(float)
    return (prev - recent.astype(float)) / prev.where(prev > 0)


def churn_warning(
    summary: pd.DataFrame, params: Mapping[str, Any] | None = None
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Customers already gone first (``lapsed``: silent far longer than their own purchase rhythm, or past
    ``lapsed_days``; see :func:`_lapsed`), then for everyone else five warning flags, the number raised and a
    risk level (high / medium / low). A churn warning is for customers who can still be kept: calling a
    customer silent for a year "low risk" because no flag is left to raise misleads.

    * activity: active months (1-6 back) fell by >= ``activity_drop`` on months 7-12 back;
    * frequency: purchase days in the last 90 days fell by >= ``frequency_drop`` on the 90 before;
    * service: NPS answer <= ``nps_max`` (a detractor) or CSAT <= ``csat_max``;
    * usage: core-feature usage < ``usage_min``;
    * community: community interactions fell by >= ``community_drop``.

    A dimension whose data is absent for every customer is skipped and listed in ``info["skipped"]``;
    a customer missing one value simply does not raise that flag. Risk: ``high`` from ``high_flags``
    flags, ``medium`` from ``medium_flags``, else ``low``.
    """
    require(summary, REQUIRED)
    p = SEGMENTATION.resolve(params)
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
    out = ids(summary)
    count = pd.Series(0, index=summary.index, dtype="int64")
    for dim in CHURN_DIMENSIONS:
        raised = flags[dim].fillna(False).astype(bool) & available[dim]
        out[f"churn_{dim}"] = raised
        count += raised.astype("int64")
    out["churn_flags"] = count
    lapsed, rhythm = _lapsed(summary, p)
    out["churn"] = select([lapsed, count >= p["high_flags"], count >= p["medium_flags"]],
                          ("lapsed", "high", "medium"), "low", out.index)
    info = {
        "params": p,
        "n_lapsed": int(lapsed.sum()),
        "typical_rhythm_days": rhythm,
        "available": [d for d in CHURN_DIMENSIONS if available[d]],
        "skipped": [d for d in CHURN_DIMENSIONS if not available[d]],
        "flag_counts": {d: int(out[f"churn_{d}"].sum()) for d in CHURN_DIMENSIONS},
    }
    return out, info



def _check(p: Mapping[str, Any]) -> None:
    if not 1 <= p["medium_flags"] <= p["high_flags"]:
        raise WorkbenchError("segments.error.risk_order")


def _notes(info: Mapping[str, Any], n_customers: int, lang: str, currency: str) -> list[tuple[str, str]]:
    p = info["params"]
    notes = [("markdown", t("segments.explain.churn", lang)),
             ("caption", t("segments.churn.lapsed_note", lang, n=fmt_count(info["n_lapsed"]),
                           total=fmt_count(n_customers), days=fmt_count(p["lapsed_days"]),
                           factor=fmt_number(p["rhythm_factor"], 1), minimum=fmt_count(p["min_silence_days"]),
                           rhythm=fmt_number(info["typical_rhythm_days"], 0)))]
    if info.get("skipped"):
        dims = t("segments.list_sep", lang).join(t(f"segments.churn_dim.{d}", lang) for d in info["skipped"])
        notes.append(("warning", t("segments.churn.skipped", lang, dims=dims)))
    return notes


def _charts(table, summary, info, profile, lang, currency) -> list:
    return [charts.segment_bars(profile, lang, "segments.chart.churn_risk", charts.RISK_COLOURS),
            charts.churn_dimension_bars(info["flag_counts"], info["available"], lang)]


SEGMENTATION = Segmentation(
    name="churn",
    labels=("lapsed", "high", "medium", "low"),
    optional=("lapsed",),
    rule=churn_warning,
    params=(Param("lapsed_days", "int", 30, 3650, 30), Param("rhythm_factor", "float", 1.5, 20.0, 0.5),
            Param("min_silence_days", "int", 7, 730, 7),
            Param("activity_drop", "share", 0.05, 1.0, 0.05), Param("frequency_drop", "share", 0.05, 1.0, 0.05),
            Param("nps_max", "float", 0.0, 10.0, 1.0), Param("csat_max", "float", 1.0, 5.0, 0.5),
            Param("usage_min", "share", 0.05, 1.0, 0.05), Param("community_drop", "share", 0.05, 1.0, 0.05),
            Param("medium_flags", "int", 1, 5, 1), Param("high_flags", "int", 1, 5, 1)),
    defaults={"lapsed_days": 365, "rhythm_factor": 3.0, "min_silence_days": 90,
              "activity_drop": 0.20, "frequency_drop": 0.30, "nps_max": 6.0, "csat_max": 2.0,
              "usage_min": 0.50, "community_drop": 0.80, "medium_flags": 1, "high_flags": 2},
    required=REQUIRED,
    check=_check,
    notes=_notes,
    charts=_charts,
)
