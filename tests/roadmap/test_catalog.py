"""Every message the roadmap builds from a code (statuses, strategies, warnings, library texts …) exists in
both languages; the i18n suite checks only keys written out in full."""

from __future__ import annotations

from workbench.i18n import catalog
from workbench.roadmap import display, goal, library, model, phases, plan, priority
from workbench.roadmap.demo import seed_demo


def test_every_built_key_exists():
    keys = []
    keys += [f"roadmap.status.{s}" for s in model.STATUSES]
    keys += [f"roadmap.strategy.{s}" for s in model.STRATEGY_CHOICES]
    keys += [f"roadmap.dimension.{d}" for d in model.DIMENSIONS]
    keys += [f"roadmap.impact.{v}" for v in model.IMPACT_SCALE.values()]
    keys += [f"roadmap.confidence.{v}" for v in model.CONFIDENCE_SCALE.values()]
    keys += [f"roadmap.field.{f}" for f in (*model.EDITABLE_FIELDS, "title")]
    keys += [f"roadmap.phase.{p['key']}" for p in phases.DEFAULT_PHASES]
    keys += [f"roadmap.criterion.{c['key']}" for c in priority.DEFAULT_CRITERIA]
    keys += [f"roadmap.criterion_kind.{k}" for k in priority.CRITERION_KINDS]
    keys += [f"roadmap.method.{m}" for m in priority.METHODS] + [f"roadmap.method_help.{m}" for m in priority.METHODS]
    keys += [f"roadmap.col.score_{m}" for m in priority.METHODS]
    keys += [f"roadmap.milestone.{d}" for d in model.DIMENSIONS]
    keys += [f"roadmap.goal_mode.{m}" for m in goal.CHANGE_MODES]
    keys += [f"segments.kpi.{k}" for k in goal.GOAL_KPIS]
    keys += [f"roadmap.goal.series.{s}" for s in ("target", "projected")]
    keys += [f"roadmap.lib_group.{g}" for g in library.GROUPS]
    keys += [f"roadmap.lib.{k}.{part}" for k in library.LIBRARY for part in ("title", "desc")]
    keys += [f"segments.kpi.{s.kpi}" for s in library.LIBRARY.values()]
    keys += [f"roadmap.warn.{k}" for k in plan.WARNING_KINDS]
    keys += [f"roadmap.source.{k}" for k in (*model.SOURCE_KINDS, "none")]
    keys += [f"roadmap.tab.{k}" for k in display.TABS]
    keys += [f"roadmap.group.{g}" for g in ("plan", "board")]
    keys += [f"roadmap.quadrant.{q}" for q in ("quick_win", "big_bet", "fill_in", "money_pit")]
    keys += [f"roadmap.effect.{k}" for k in ("retention_pts", "frequency_pct", "aov_pct", "none")]
    keys += [f"roadmap.demo.owner.{k}" for k in ("pricing", "crm", "stores", "service", "membership", "data",
                                                  "brand")]
    assert seed_demo  # the demo's owners above are the ones it uses
    missing = sorted(k for k in keys if k not in catalog())
    assert missing == []


def test_every_message_key_written_in_the_roadmaps_code_exists():
    """Keys passed to the area's own error classes (FieldError, SegmentError …) and to ``t``."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    sources = [*root.glob("workbench/roadmap/*.py"), root / "views" / "roadmap.py"]
    found = {k for path in sources for k in re.findall(r"[\"'](roadmap\.[a-z0-9_]+(?:\.[a-z0-9_]+)+)[\"']",
                                                          path.read_text(encoding="utf-8"))}
    assert len(found) > 100
    assert sorted(k for k in found if k not in catalog()) == []
