"""Goal decomposition: the baseline from the data, the arithmetic of the milestones' targets, which initiatives
serve each, and the checks on a goal."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbench.core.errors import WorkbenchError
from workbench.roadmap import goal as goals
from workbench.roadmap.goal import DEFAULT_GOAL, goal_targets, headline_target, validate_goal

# serving initiatives: 1 product (months 0-2, ends 3), 2 service (ends 8), 3 service (ends 5), 4 emotion (ends 14)
PLAN = pd.DataFrame({"initiative_id": [1, 2, 3, 4], "dimension": ["product", "service", "service", "emotion"],
                     "start_month": [0, 4, 2, 6], "duration_months": [3, 4, 3, 8]})


def test_the_baseline_is_the_kpi_of_the_datas_last_year(data_ws):
    # active 2025-11-01 .. 2026-10-31: A, B, C, E, F, G, H; on two different days: A and E → 2 / 7
    assert goals.baseline(data_ws, "repurchase_rate") == pytest.approx(2 / 7)
    # orders 11 (D's is older) for 7 customers
    assert goals.baseline(data_ws, "purchase_frequency") == pytest.approx(11 / 7)
    # no survey answers: no NPS baseline, said rather than invented
    assert goals.baseline(data_ws, "nps") is None


def test_no_orders_no_baseline(ws):
    assert goals.baseline(ws, "repurchase_rate") is None
    assert np.isnan(headline_target(None, DEFAULT_GOAL))


def test_the_sources_example_in_equal_steps():
    # repurchase rate 30% +20% relative → 36%; product by 3, service by 6, emotion by 12, a third each:
    # 30% + 6 points × 1/3, 2/3, 3/3 → 32%, 34%, 36%
    assert headline_target(0.30, DEFAULT_GOAL) == pytest.approx(0.36)
    targets = goal_targets(DEFAULT_GOAL, 0.30, PLAN, "zh")
    assert targets["name"].tolist() == ["产品迭代", "服务优化", "情感运营"]
    assert targets["month"].tolist() == [3, 6, 12]
    assert targets["target"].round(10).tolist() == [0.32, 0.34, 0.36]
    assert targets["uplift"].round(10).tolist() == [0.02, 0.04, 0.06]
    # serving: product → 1 (ends 3, landed by 3); service → 2 and 3 (3 ends at 5, 2 at 8: one by month 6);
    # emotion → 4 (ends 14: not by month 12)
    assert targets["initiative_ids"].tolist() == [[1], [2, 3], [4]]
    assert targets[["serving", "landed"]].values.tolist() == [[1, 1], [2, 1], [1, 0]]
    assert targets["projected"].isna().all()


def test_absolute_change_with_uneven_shares_and_unsorted_milestones():
    goal = {"kpi": "repurchase_rate", "mode": "absolute", "change": 0.05, "milestones": [
        {"key": "", "name": "Later", "dimension": "", "month": 12, "share": 0.2},
        {"key": "", "name": "First", "dimension": "product", "month": 3, "share": 0.5},
        {"key": "", "name": "Middle", "dimension": "service", "month": 6, "share": 0.3},
    ]}
    # 30% + 5 points → 35%; by month: 50% of it (32.5%), 80% (34%), 100% (35%)
    targets = goal_targets(goal, 0.30, PLAN, "en")
    assert targets["name"].tolist() == ["First", "Middle", "Later"]
    assert targets["cumulative_share"].round(10).tolist() == [0.5, 0.8, 1.0]
    assert targets["target"].round(10).tolist() == [0.325, 0.34, 0.35]
    assert targets["milestone"].tolist() == [1, 2, 0]  # their rows in the stored goal
    assert targets.loc[2, "initiative_ids"] == [1, 2, 3, 4]  # no dimension: the whole plan serves it
    assert targets.loc[2, "landed"] == 3


def test_a_projection_from_the_scenarios_is_shown_beside_each_target():
    targets = goal_targets(DEFAULT_GOAL, 0.30, PLAN, "en", projection={3: 0.31, 12: 0.37})
    assert targets["projected"].tolist()[0] == 0.31 and np.isnan(targets["projected"].tolist()[1])


def test_without_a_baseline_the_targets_are_unknown_not_zero():
    targets = goal_targets(DEFAULT_GOAL, None, PLAN, "en")
    assert targets["target"].isna().all() and targets["serving"].tolist() == [1, 2, 1]


def test_a_goal_is_checked_before_it_is_stored():
    ok = validate_goal("retention_rate", "relative", "0.1", [{"key": "product", "name": "产品迭代",
                                                              "dimension": "product", "month": 3, "share": 1.0}],
                       "zh")
    # the default milestone keeps its key and its translated name stays a translation
    assert ok["milestones"] == [{"key": "product", "name": "", "dimension": "product", "month": 3, "share": 1.0}]
    rows = [{"key": "", "name": "A", "dimension": "", "month": 3, "share": 0.5},
            {"key": "", "name": "B", "dimension": "", "month": 6, "share": 0.4}]
    with pytest.raises(WorkbenchError) as e:
        validate_goal("repurchase_rate", "relative", 0.2, rows, "en")
    assert e.value.key == "roadmap.error.milestone_total" and e.value.params["total"] == "90.0"
    cases = [
        (("orders", "relative", 0.2, rows), "roadmap.error.goal_kpi"),
        (("repurchase_rate", "relative", -1.0, rows), "roadmap.error.goal_change"),
        (("repurchase_rate", "relative", 0.2, [{"name": "A", "month": 40, "share": 1.0}]),
         "roadmap.error.milestone_month"),
        (("repurchase_rate", "relative", 0.2, [{"name": " ", "month": 3, "share": 1.0}]),
         "roadmap.error.milestone_name"),
        (("repurchase_rate", "relative", 0.2, [{"name": "A", "month": 3, "share": 0}]),
         "roadmap.error.milestone_share"),
    ]
    for args, key in cases:
        with pytest.raises(WorkbenchError) as e:
            validate_goal(*args, "en", horizon=36)
        assert e.value.key == key
