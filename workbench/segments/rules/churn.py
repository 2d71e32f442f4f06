"""Churn early warning (流失预警): five warning dimensions per customer, the flags raised and a risk level."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import pandas as pd

from workbench.core.errors import WorkbenchError
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

REQUIRED = ("customer_id",) + tuple(c for cols in CHURN_DIMENSIONS.values() for c in cols)


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
    out["churn"] = select([count >= p["high_flags"], count >= p["medium_flags"]], ("high", "medium"), "low",
                           out.index)
    info = {
        "params": p,
        "available": [d for d in CHURN_DIMENSIONS if available[d]],
        "skipped": [d for d in CHURN_DIMENSIONS if not available[d]],
        "flag_counts": {d: int(out[f"churn_{d}"].sum()) for d in CHURN_DIMENSIONS},
    }
    return out, info



def _check(p: Mapping[str, Any]) -> None:
    if not 1 <= p["medium_flags"] <= p["high_flags"]:
        raise WorkbenchError("segments.error.risk_order")


def _notes(info: Mapping[str, Any], n_customers: int, lang: str, currency: str) -> list[tuple[str, str]]:
    notes = [("markdown", t("segments.explain.churn", lang))]
    if info.get("skipped"):
        dims = t("segments.list_sep", lang).join(t(f"segments.churn_dim.{d}", lang) for d in info["skipped"])
        notes.append(("warning", t("segments.churn.skipped", lang, dims=dims)))
    return notes


def _charts(table, summary, info, profile, lang, currency) -> list:
    return [charts.segment_bars(profile, lang, "segments.chart.churn_risk", charts.RISK_COLOURS),
            charts.churn_dimension_bars(info["flag_counts"], info["available"], lang)]


SEGMENTATION = Segmentation(
    name="churn",
    labels=("high", "medium", "low"),
    rule=churn_warning,
    params=(Param("activity_drop", "share", 0.05, 1.0, 0.05), Param("frequency_drop", "share", 0.05, 1.0, 0.05),
            Param("nps_max", "float", 0.0, 10.0, 1.0), Param("csat_max", "float", 1.0, 5.0, 0.5),
            Param("usage_min", "share", 0.05, 1.0, 0.05), Param("community_drop", "share", 0.05, 1.0, 0.05),
            Param("medium_flags", "int", 1, 5, 1), Param("high_flags", "int", 1, 5, 1)),
    defaults={"activity_drop": 0.20, "frequency_drop": 0.30, "nps_max": 6.0, "csat_max": 2.0,
              "usage_min": 0.50, "community_drop": 0.80, "medium_flags": 1, "high_flags": 2},
    required=REQUIRED,
    check=_check,
    notes=_notes,
    charts=_charts,
)
