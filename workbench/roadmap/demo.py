"""The demo workspace's plan: fifteen initiatives — twelve on the plan across the three phases, three on the
board — some turned from its segments and its journey map, the rest from the library; phases with capacity,
the short term deliberately over budget; the headline goal on the repurchase rate.

Built by :func:`workbench.demo.build_demo` after the data and the journey map, through the same functions
the pages call, so the demo never holds anything a user could not have made.
"""

from __future__ import annotations

from typing import Any

from workbench.core.errors import WorkbenchError
from workbench.core.store import Workspace
from workbench.i18n import t
from workbench.roadmap import config, initiatives
from workbench.roadmap.library import add_from_library
from workbench.roadmap.phases import parse_month

__all__ = ["DEMO_START", "DEMO_PHASE_CAPACITY", "seed_demo"]

#: The plan starts the month after the sample data's last order (2026-10-31).
DEMO_START = "2026-11"
#: (budget, people) per phase: the short term's 600,000 is less than the 790,000 planned in it, on purpose.
DEMO_PHASE_CAPACITY = ((600_000, 12), (1_500_000, 12), (1_200_000, 8))


def _owner(key: str, lang: str) -> str:
    return t(f"roadmap.demo.owner.{key}", lang)


def _plan(start: int, duration: int, budget: float, headcount: float, owner: str, lang: str,
          status: str = "planned", **more: Any) -> dict[str, Any]:
    return {"status": status, "start_month": start, "duration_months": duration, "budget": budget,
            "headcount": headcount, "owner": _owner(owner, lang), **more}


def _scores(customer_value: int, revenue: int, fit: int, cost: int, risk: int) -> dict[str, int]:
    return {"customer_value": customer_value, "revenue": revenue, "strategic_fit": fit, "cost": cost, "risk": risk}


#: The segments the demo plan targets: all of them must have customers for the plan to be seeded.
DEMO_SEGMENTS: tuple[tuple[str, str], ...] = (
    ("churn", "high"), ("tier", "platinum"), ("pyramid", "key"), ("tags", "price_sensitive"))


def _has_members(snap: Any, segmentation: str, segment: str) -> bool:
    try:
        return bool(snap.members(segmentation, segment).any())
    except (KeyError, WorkbenchError):
        return False


def _from_segment(ws: Workspace, segmentation: str, segment: str, lang: str, **fields: Any) -> int:
    """What "turn into initiative" on the Segments page makes, then planned."""
    from workbench import segments
    from workbench.segments import display

    snap = segments.snapshot(ws)
    made = display.initiative_fields(snap.profile(segmentation, lang), segmentation, segment, lang)
    made["reach"] = float(snap.members(segmentation, segment).sum())
    return initiatives.create_initiative(ws, **{**made, **fields})


def _from_journey(ws: Workspace, stage_id: str, lane: str, position: int, lang: str, **fields: Any) -> int:
    """What "turn into initiative" on the Journey page makes for an item of the demo map, then planned."""
    from workbench import journey

    m = journey.load_map(ws, int(journey.list_maps(ws)["map_id"].iloc[0]))
    item = m.stage(stage_id).items(lane)[position]
    made = journey.initiative_fields(m, stage_id, item.item_id)
    return initiatives.create_initiative(ws, **{**made, **fields})


def seed_demo(ws: Workspace, lang: str = "zh") -> None:
    """Fill the demo workspace's roadmap (texts in ``lang``). A demo without its data (a test that skips the
    sample files, or replaces them with a few rows) lacks the segments the plan is for: it gets no plan, rather
    than half of one."""
    from workbench import segments

    snap = segments.snapshot(ws)
    if snap.n_customers == 0 or not all(_has_members(snap, *target) for target in DEMO_SEGMENTS):
        return
    cfg = config.load_config(ws)
    phases = [{**p, "budget": b, "headcount": h} for p, (b, h) in zip(cfg.phases, DEMO_PHASE_CAPACITY)]
    config.save_plan(ws, parse_month(DEMO_START), phases, cfg.revisions["plan"], actor="demo")
    kpi = lambda key: t(f"segments.kpi.{key}", lang)
    # short term (months 0-5): 790,000 planned against 600,000
    add_from_library(ws, "value_pricing", lang, actor="demo", reach=5800.0, kpi_baseline="¥42.4",
                               kpi_target="¥43.7", scores=_scores(3, 4, 3, 2, 2),
                               **_plan(0, 3, 80_000, 1, "pricing", lang))
    _from_segment(ws, "churn", "high", lang, strategy="crm", kpi=kpi("churn_rate"), impact=2.0,
                          confidence=0.5, effort=2.0, effect_retention=3.0, effect_frequency=0.02,
                          scores=_scores(5, 4, 4, 3, 3), **_plan(0, 3, 120_000, 2, "crm", lang))
    _from_journey(ws, "s3", "pain_points", 0, lang, strategy="cx_design", kpi=kpi("csat"), reach=4000.0,
                          impact=1.0, confidence=0.8, effort=4.0, effect_retention=1.0, effect_frequency=0.03,
                          scores=_scores(4, 3, 4, 3, 2), **_plan(1, 4, 200_000, 3, "stores", lang))
    add_from_library(ws, "service_promise", lang, actor="demo", reach=5800.0,
                               scores=_scores(4, 2, 4, 4, 4), **_plan(2, 3, 90_000, 2, "service", lang))
    tiers = add_from_library(ws, "tiered_membership", lang, actor="demo", reach=8000.0,
                             kpi_baseline="82.4%", kpi_target="86%", scores=_scores(5, 5, 5, 2, 3),
                             **_plan(0, 6, 300_000, 3, "membership", lang, status="in_progress"))
    # mid term (months 6-17)
    _from_journey(ws, "s5", "opportunities", 0, lang, strategy="loyalty", kpi=kpi("repurchase_rate"),
                             reach=6000.0, impact=1.0, confidence=0.8, effort=1.0, effect_frequency=0.03,
                             depends_on=[tiers], scores=_scores(4, 4, 4, 5, 4),
                             **_plan(6, 3, 60_000, 1, "membership", lang))
    crm = add_from_library(ws, "customer_360", lang, actor="demo", reach=8000.0, scores=_scores(4, 4, 5, 1, 2),
                           **_plan(6, 9, 600_000, 4, "data", lang))
    community = add_from_library(ws, "brand_community", lang, actor="demo", reach=2500.0,
                                 scores=_scores(4, 3, 4, 3, 3), **_plan(9, 6, 240_000, 2, "brand", lang))
    add_from_library(ws, "platinum_benefits", lang, ("tier", "platinum"), actor="demo", depends_on=[tiers],
                     scores=_scores(5, 4, 4, 3, 4), **_plan(12, 3, 150_000, 1, "membership", lang))
    # long term (months 18-35)
    add_from_library(ws, "koc_programme", lang, actor="demo", reach=1200.0, depends_on=[community],
                     scores=_scores(3, 3, 4, 3, 3), **_plan(18, 6, 180_000, 1, "brand", lang))
    add_from_library(ws, "key_account_care", lang, ("pyramid", "key"), actor="demo", depends_on=[crm],
                     scores=_scores(5, 5, 4, 3, 4), **_plan(20, 6, 200_000, 2, "crm", lang))
    add_from_library(ws, "values_in_action", lang, actor="demo", reach=8000.0, scores=_scores(3, 2, 3, 4, 4),
                     **_plan(24, 6, 120_000, 1, "brand", lang))
    # on the board: ideas and a parked one
    add_from_library(ws, "price_timing", lang, ("tags", "price_sensitive"), actor="demo",
                     scores=_scores(3, 3, 2, 4, 3))
    add_from_library(ws, "experience_officers", lang, actor="demo", reach=3000.0, scores=_scores(3, 2, 3, 5, 5))
    _from_journey(ws, "s2", "pain_points", 0, lang, strategy="pricing", kpi=kpi("aov"), reach=5000.0, impact=0.5,
                  confidence=0.5, effort=2.0, status="parked", scores=_scores(3, 2, 3, 3, 3))
    goal = config.load_config(ws)
    config.save_goal(ws, "repurchase_rate", "relative", 0.10, [dict(m) for m in goal.goal["milestones"]], lang,
                     goal.revisions["goal"], actor="demo")
