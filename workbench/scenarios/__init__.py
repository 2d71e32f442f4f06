"""What-if scenarios (情景模拟): baselines from the client's own data per segment, levers, the roadmap as a
scenario, projections month by month, ROI and payback, sensitivity and uncertainty.

Modules: ``model`` (units, columns, limits, as data), ``projection`` (the cohort model, :func:`project`, ROI
and payback), ``baseline`` (each segment's figures from the data, overrides, the BG/NBD + Gamma-Gamma figures
beside them), ``effects`` (typed levers and the roadmap's initiatives as lever series, costs and ranges),
``saved`` (scenarios in the workspace, with revisions), ``run`` (a scenario against the data: the one result
every view reads; the comparison), ``sensitivity`` (tornado, uncertainty draws), ``goal`` (the plan's
projection for the roadmap's goal view), ``store`` (the area's SQL), ``charts``, ``display`` (what the page
shows), ``demo`` (the demo workspace's scenarios).
"""

from workbench.scenarios.baseline import (
    COMPUTED_COLUMNS,
    Baseline,
    BaselineConflict,
    load_baseline,
    load_overrides,
    model_comparison,
    save_overrides,
    segment_name,
    segmentation_name,
    segmentations,
)
from workbench.scenarios.effects import Effects
from workbench.scenarios.goal import GOAL_PROJECTED_KPIS, goal_note, goal_projection
from workbench.scenarios.model import (
    ALL,
    BASELINE_COLUMNS,
    COSTS,
    LEVERS,
    MAX_MONTHS,
    PROJECTION_COLUMNS,
    TORNADO_STEPS,
)
from workbench.scenarios.projection import TOTAL_COLUMNS, payback_month, project, returns, roi, totals
from workbench.scenarios.run import COMPARE_COLUMNS, Result, compare, monthly_totals, run, workspace_discount_rate
from workbench.scenarios.saved import (
    SPEC_DEFAULTS,
    Scenario,
    ScenarioConflict,
    create_scenario,
    delete_scenario,
    duplicate_scenario,
    get_scenario,
    list_scenarios,
    update_scenario,
)
from workbench.scenarios.sensitivity import TORNADO_COLUMNS, ranges, tornado

__all__ = [
    "ALL", "BASELINE_COLUMNS", "COSTS", "LEVERS", "MAX_MONTHS", "PROJECTION_COLUMNS", "TORNADO_STEPS",
    "TOTAL_COLUMNS", "COMPARE_COLUMNS", "TORNADO_COLUMNS", "COMPUTED_COLUMNS", "SPEC_DEFAULTS",
    "project", "totals", "returns", "roi", "payback_month",
    "Baseline", "BaselineConflict", "load_baseline", "load_overrides", "save_overrides", "model_comparison",
    "segmentations", "segmentation_name", "segment_name",
    "Effects", "Scenario", "ScenarioConflict", "list_scenarios", "get_scenario", "create_scenario",
    "update_scenario", "duplicate_scenario", "delete_scenario",
    "Result", "run", "compare", "monthly_totals", "workspace_discount_rate", "tornado", "ranges",
    "GOAL_PROJECTED_KPIS", "goal_projection", "goal_note", "seed_demo",
]


def seed_demo(ws, lang: str = "zh") -> None:
    """The demo workspace's scenarios (see :mod:`workbench.scenarios.demo`)."""
    from workbench.scenarios.demo import seed_demo as _seed

    _seed(ws, lang)
