"""The phased roadmap (战略实施路线图): where every insight of the other areas becomes action.

Modules: ``model`` (what an initiative is: statuses, the nine strategies and four dimensions, RICE scales,
field checks), ``initiatives`` (create, edit, delete, undo; revisions and conflicts; one initiative per
insight), ``store`` (the only SQL of the area), ``config`` (the plan's settings: start month, phases with
capacity, priority criteria, goal), ``phases``, ``priority`` (RICE, weighted criteria), ``dependencies``,
``capacity``, ``goal`` (goal decomposition), ``library`` (suggested initiatives from the source material),
``plan`` (the plan every view reads, with its warnings), ``charts``, ``display`` (what the page shows),
``demo`` (the demo workspace's plan).
"""

from workbench.roadmap.capacity import by_phase, by_quarter, monthly_load
from workbench.roadmap.config import Config, load_config, save_goal, save_plan, save_priority
from workbench.roadmap.dependencies import dependency_problems
from workbench.roadmap.goal import DEFAULT_GOAL, GOAL_KPIS, baseline, goal_targets, headline_target
from workbench.roadmap.initiatives import (
    EDITABLE_FIELDS,
    SOURCE_KINDS,
    apply_changes,
    create_initiative,
    delete_initiative,
    get_initiative,
    initiative_from,
    initiatives_from,
    list_initiatives,
    undo,
    undo_depth,
    update_initiative,
)
from workbench.roadmap.library import LIBRARY, add_from_library, library_frame
from workbench.roadmap.model import (
    DIMENSIONS,
    ON_PLAN,
    STATUSES,
    STRATEGIES,
    STRATEGY_DIMENSION,
    DuplicateSource,
    InitiativeConflict,
    dimension_of,
)
from workbench.roadmap.phases import DEFAULT_PHASES, phase_of
from workbench.roadmap.plan import PLAN_COLUMNS, WARNING_COLUMNS, Plan, build_plan
from workbench.roadmap.priority import DEFAULT_CRITERIA, priority_table, rice, weighted_score

__all__ = [
    "SOURCE_KINDS", "EDITABLE_FIELDS", "STATUSES", "ON_PLAN", "STRATEGIES", "DIMENSIONS", "STRATEGY_DIMENSION",
    "DEFAULT_PHASES", "DEFAULT_CRITERIA", "DEFAULT_GOAL", "GOAL_KPIS", "LIBRARY", "PLAN_COLUMNS", "WARNING_COLUMNS",
    "InitiativeConflict", "DuplicateSource", "Config", "Plan",
    "create_initiative", "list_initiatives", "initiatives_from", "initiative_from", "get_initiative",
    "update_initiative", "delete_initiative", "apply_changes", "undo", "undo_depth",
    "rice", "weighted_score", "priority_table", "dependency_problems", "phase_of", "dimension_of",
    "monthly_load", "by_phase", "by_quarter", "baseline", "headline_target", "goal_targets",
    "load_config", "save_plan", "save_priority", "save_goal", "library_frame", "add_from_library", "build_plan",
    "seed_demo",
]


def seed_demo(ws, lang: str = "zh") -> None:
    """The demo workspace's plan (see :mod:`workbench.roadmap.demo`)."""
    from workbench.roadmap.demo import seed_demo as _seed

    _seed(ws, lang)
