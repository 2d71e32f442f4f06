"""Goal decomposition: a headline goal on a KPI whose baseline comes from the data, split into phase targets.

The source's example (目标拆解): lift the repurchase rate by 20%, in steps — product iteration by month 3,
service optimisation by month 6, emotional operations by month 12 (产品迭代 3 个月、服务优化 6 个月、情感运营
12 个月), each with its budget, people and owner. Each milestone carries a share of the total uplift; its
target is the baseline plus the uplift of all milestones up to it:

    target = baseline × (1 + change)              (relative change: +20% → change = 0.20)
    target = baseline + change                    (absolute change, in the KPI's unit; rates as shares)
    milestone target = baseline + (target − baseline) × (shares of the milestones up to this one)

A milestone is served by the plan's initiatives working on its dimension (product / service / emotion /
brand, from their strategy; a milestone without a dimension by all of them); those ending by its month have
landed. ``projected`` is the plan's projected KPI at the milestone's month, given by the what-if scenarios
once they exist (NaN until then).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.customers import kpis as customer_kpis
from workbench.i18n import t
from workbench.roadmap.model import DIMENSIONS, LIMITS, clean_text

__all__ = ["GOAL_KPIS", "CHANGE_MODES", "DEFAULT_GOAL", "TARGET_COLUMNS", "baseline", "headline_target",
           "milestone_name", "validate_goal", "goal_targets"]

#: KPIs a headline goal can be set on (period KPIs of ``customers.kpis.KPIS``).
GOAL_KPIS: tuple[str, ...] = ("repurchase_rate", "retention_rate", "churn_rate", "purchase_frequency", "aov",
                              "arpu", "nps", "csat", "referral_share", "customers", "revenue")
CHANGE_MODES: tuple[str, ...] = ("relative", "absolute")

#: The source's example: repurchase rate +20%, product by month 3, service by 6, emotion by 12, equal shares
#: (the source gives the months only).
DEFAULT_GOAL: Mapping[str, Any] = MappingProxyType({
    "kpi": "repurchase_rate", "mode": "relative", "change": 0.20,
    "milestones": (
        MappingProxyType({"key": "product", "name": "", "dimension": "product", "month": 3, "share": 1 / 3}),
        MappingProxyType({"key": "service", "name": "", "dimension": "service", "month": 6, "share": 1 / 3}),
        MappingProxyType({"key": "emotion", "name": "", "dimension": "emotion", "month": 12, "share": 1 / 3}),
    ),
})

#: Columns of :func:`goal_targets`.
TARGET_COLUMNS: tuple[str, ...] = ("milestone", "name", "dimension", "month", "share", "cumulative_share", "target",
                                   "uplift", "initiative_ids", "serving", "landed", "projected")


def baseline(ws, kpi: str) -> float | None:
    """The KPI's value over the data's last 365 days (``customers.kpis.kpis``); None when the data cannot give
    it (no orders, no survey answers)."""
    if kpi not in customer_kpis.KPIS or customer_kpis.KPIS[kpi].scope != "period":
        raise WorkbenchError("roadmap.error.goal_kpi", value=str(kpi))
    value = customer_kpis.kpis(ws).get(kpi)
    return None if value is None or not np.isfinite(float(value)) else float(value)


def headline_target(base: float | None, goal: Mapping[str, Any]) -> float:
    """The headline target from the baseline (NaN without one)."""
    if base is None:
        return float("nan")
    change = float(goal["change"])
    return base * (1 + change) if goal["mode"] == "relative" else base + change


def milestone_name(milestone: Mapping[str, Any], lang: str) -> str:
    """The milestone's own name, or the translated name of a default one left unnamed."""
    return clean_text(milestone.get("name")) or t(f"roadmap.milestone.{milestone.get('key')}", lang)


def _float(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return float("nan")
    return number


def validate_goal(kpi: Any, mode: Any, change: Any, milestones: Sequence[Mapping[str, Any]], lang: str,
                  horizon: int = LIMITS["horizon"]) -> dict[str, Any]:
    """The goal as stored. Milestone rows have ``key`` (defaults only), ``name``, ``dimension`` ("" = all),
    ``month`` (1 … ``horizon``) and ``share`` (a fraction); shares must add up to 100%. Rows left empty are
    dropped. Raises ``WorkbenchError`` naming the row at fault."""
    kpi = clean_text(kpi)
    if kpi not in GOAL_KPIS:
        raise WorkbenchError("roadmap.error.goal_kpi", value=kpi)
    mode = clean_text(mode)
    if mode not in CHANGE_MODES:
        raise WorkbenchError("roadmap.error.goal_mode", value=mode)
    change_value = _float(change)
    if not np.isfinite(change_value) or abs(change_value) > 1e9 or (mode == "relative" and change_value <= -1):
        raise WorkbenchError("roadmap.error.goal_change")
    rows = []
    for row_number, row in enumerate(milestones, start=1):
        key, name = clean_text(row.get("key")), clean_text(row.get("name"))
        month, share = _float(row.get("month")), _float(row.get("share"))
        if not key and not name and not np.isfinite(month) and not np.isfinite(share):
            continue
        default = t(f"roadmap.milestone.{key}", lang) if key in DIMENSIONS else None
        if not name and default is None:
            raise WorkbenchError("roadmap.error.milestone_name", row=row_number)
        dimension = clean_text(row.get("dimension"))
        if dimension and dimension not in DIMENSIONS:
            raise WorkbenchError("roadmap.error.milestone_dimension", row=row_number)
        if not np.isfinite(month) or month != int(month) or not 1 <= month <= horizon:
            raise WorkbenchError("roadmap.error.milestone_month", row=row_number, max=horizon)
        if not np.isfinite(share) or share <= 0 or share > 1:
            raise WorkbenchError("roadmap.error.milestone_share", row=row_number)
        rows.append({"key": key if default else "", "name": "" if name == default else name,
                     "dimension": dimension, "month": int(month), "share": share})
    if not rows:
        raise WorkbenchError("roadmap.error.no_milestones")
    if len(rows) > LIMITS["milestones"]:
        raise WorkbenchError("roadmap.error.too_many_milestones", max=LIMITS["milestones"])
    total = sum(r["share"] for r in rows)
    if abs(total - 1) > 0.005:
        raise WorkbenchError("roadmap.error.milestone_total", total=f"{100 * total:.1f}")
    return {"kpi": kpi, "mode": mode, "change": change_value, "milestones": rows}


def goal_targets(goal: Mapping[str, Any], base: float | None, initiatives: pd.DataFrame, lang: str,
                 projection: Mapping[int, float] | None = None) -> pd.DataFrame:
    """One row per milestone, by month: milestone (its row), name, dimension ("" = all), month, share,
    cumulative_share, target (the KPI's value to reach by that month), uplift (target − baseline),
    initiative_ids (the plan's initiatives serving it), serving and landed (how many of them, and how many end
    by its month), projected (``projection[month]`` when given, else NaN).

    ``initiatives`` holds the plan's initiatives with ``initiative_id, dimension, start_month,
    duration_months``."""
    milestones = sorted(enumerate(goal["milestones"]), key=lambda pair: (int(pair[1]["month"]), pair[0]))
    total = headline_target(base, goal)
    uplift = total - base if base is not None else float("nan")
    ends = (pd.to_numeric(initiatives["start_month"], errors="coerce")
            + pd.to_numeric(initiatives["duration_months"], errors="coerce").fillna(0))
    rows, cumulative = [], 0.0
    for position, m in milestones:
        cumulative += float(m["share"])
        dimension = clean_text(m.get("dimension"))
        serving = initiatives if not dimension else initiatives[initiatives["dimension"] == dimension]
        landed = int((ends.loc[serving.index] <= int(m["month"])).sum())
        step = uplift * cumulative
        rows.append({
            "milestone": position, "name": milestone_name(m, lang), "dimension": dimension, "month": int(m["month"]),
            "share": float(m["share"]), "cumulative_share": cumulative,
            "target": (base + step) if base is not None else float("nan"), "uplift": step,
            "initiative_ids": [int(i) for i in serving["initiative_id"]], "serving": len(serving), "landed": landed,
            "projected": float((projection or {}).get(int(m["month"]), float("nan"))),
        })
    return pd.DataFrame(rows, columns=list(TARGET_COLUMNS))
