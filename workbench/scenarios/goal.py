"""The plan's projected KPI for the roadmap's goal view: the KPI's value now (from the data) moved by the
roadmap scenario's uplift at each milestone's month, so the goal tab shows where the plan's effects take the
KPI beside the targets.

The roadmap scenario is the first saved scenario in which the roadmap acts and nothing is typed (the demo's
"Roadmap"), else the first in which the roadmap acts, else the plan on the default settings (member tiers,
effects from completion, no confidence weighting). The uplift at a month is the scenario against its own
baseline in that same month, so what the simple model says would happen anyway (a shrinking base of mostly
one-time buyers) does not count as the plan's doing:

* customers, revenue, purchase frequency (orders per active customer), AOV and ARPU: the KPI × the ratio
  scenario ÷ baseline of that figure;
* retention rate: the KPI + the change in annual retention (points, weighted by the segments' active
  customers); churn rate: the KPI − that change;
* repurchase rate (share of active customers buying on two days or more in a year): as a Poisson count with
  the yearly rate λ that gives today's rate (1 − e^−λ (1 + λ) = KPI), λ × the frequency ratio. Retention moves
  who is active, not how often they buy, so only frequency moves it.

Satisfaction and referral KPIs (NPS, CSAT, referral share) are not modelled: no projection.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from workbench.core.errors import WorkbenchError
from workbench.scenarios.effects import plan_months
from workbench.scenarios.model import ALL
from workbench.scenarios.saved import Scenario, list_scenarios

__all__ = ["GOAL_PROJECTED_KPIS", "goal_scenario", "goal_projection", "goal_note", "repurchase_rate"]

#: Goal KPIs the scenarios project.
GOAL_PROJECTED_KPIS: tuple[str, ...] = ("customers", "revenue", "purchase_frequency", "aov", "arpu",
                                        "retention_rate", "churn_rate", "repurchase_rate")


def goal_scenario(ws) -> Scenario | None:
    """The saved roadmap scenario the goal view follows (see the module docstring), or None."""
    acting = [s for s in list_scenarios(ws) if s.spec["roadmap"]]
    plain = [s for s in acting if not s.spec["levers"]]
    return (plain or acting or [None])[0]


def _lambda_for(rate: float) -> float:
    """The Poisson rate λ with P(count ≥ 2) = 1 − e^−λ (1 + λ) = ``rate`` (bisection; it rises with λ)."""
    lo, hi = 0.0, 200.0
    for _ in range(100):
        mid = (lo + hi) / 2
        if 1 - math.exp(-mid) * (1 + mid) < rate:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def repurchase_rate(now: float, frequency_ratio: float) -> float:
    """Today's repurchase rate with purchase frequency × ``frequency_ratio`` (the Poisson reading above)."""
    if not 0 < now < 1 or not math.isfinite(frequency_ratio):
        return float(now) if math.isfinite(now) else float("nan")
    lam = _lambda_for(now) * frequency_ratio
    return 1 - math.exp(-lam) * (1 + lam)


def goal_projection(ws, plan: Any, kpi: str, value: float | None, lang: str = "en") -> tuple[dict[int, float],
                                                                                             str | None]:
    """({milestone month: projected KPI}, the name of the scenario followed — "" for the default one), or
    ({}, None) when there is nothing to project (a KPI the scenarios do not model, no baseline, no data).
    A milestone at plan month m ("by month m") reads the projection at the end of plan month m − 1."""
    from workbench.scenarios.run import run

    if kpi not in GOAL_PROJECTED_KPIS or value is None or not math.isfinite(float(value)):
        return {}, None
    chosen = goal_scenario(ws)
    try:
        result = run(ws, chosen if chosen is not None else {"roadmap": True, "segmentation": "tier"}, lang, plan=plan)
    except WorkbenchError:
        try:  # the default segmentation may be unusable on this data: all customers as one segment
            result = run(ws, {"roadmap": True, "segmentation": ALL}, lang, plan=plan) if chosen is None else None
        except WorkbenchError:
            result = None
    if result is None or result.baseline.as_of is None:
        return {}, None
    projected = _projected(result, kpi, float(value))
    first = int(plan_months(result.baseline.as_of, plan.config.start, 1)[0])  # plan month of projection month 1
    out = {m: float(projected[m - first - 1]) for m in range(1, plan.config.horizon + 1)
           if 1 <= m - first <= result.months and np.isfinite(projected[m - first - 1])}
    return out, (chosen.name if chosen is not None else "")


def _projected(result: Any, kpi: str, value: float) -> np.ndarray:
    """The KPI in each projection month (see the module docstring)."""
    b, s = result.base, result.scen
    with np.errstate(divide="ignore", invalid="ignore"):
        def ratio(num: str, den: str | None = None) -> np.ndarray:
            top = s[num].sum(axis=0) / (s[den].sum(axis=0) if den else 1.0)
            bottom = b[num].sum(axis=0) / (b[den].sum(axis=0) if den else 1.0)
            return top / bottom

        if kpi in ("retention_rate", "churn_rate"):
            weights = result.used["customers"].to_numpy(dtype=float)
            weights = weights / weights.sum() if weights.sum() > 0 else np.full(len(weights), 1 / len(weights))
            base_r = result.used["retention_annual"].to_numpy(dtype=float)[:, None]
            moved = np.clip(base_r + result.levers["retention_pp"] / 100.0, 0.0, 1.0) - base_r
            change = (weights[:, None] * moved).sum(axis=0)
            return np.clip(value + change if kpi == "retention_rate" else value - change, 0.0, 1.0)
        if kpi == "repurchase_rate":
            return np.array([repurchase_rate(value, f) for f in ratio("orders", "active")])
        measure = {"customers": ("active", None), "revenue": ("revenue", None), "aov": ("revenue", "orders"),
                   "purchase_frequency": ("orders", "active"), "arpu": ("revenue", "active")}[kpi]
        return value * ratio(*measure)


def goal_note(followed: str | None, kpi: str, lang: str) -> str:
    """What the goal view's "projected" column follows, in words (or why it is empty)."""
    from workbench.core.textsafe import md_escape
    from workbench.i18n import t

    name = t(f"segments.kpi.{kpi}", lang)
    if kpi not in GOAL_PROJECTED_KPIS:
        return t("scenarios.goal.not_modelled", lang, kpi=name)
    if followed is None:
        return t("scenarios.goal.none", lang)
    if not followed:
        return t("scenarios.goal.default", lang, kpi=name)
    return t("scenarios.goal.followed", lang, kpi=name, name=md_escape(followed, 80))
