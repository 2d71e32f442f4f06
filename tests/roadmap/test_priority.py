"""RICE against Intercom's worked examples, the weighted criteria against hand-worked scores, the ranking."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from workbench.core.errors import WorkbenchError
from workbench.roadmap import priority
from workbench.roadmap.model import CONFIDENCE_SCALE, IMPACT_SCALE
from workbench.roadmap.priority import DEFAULT_CRITERIA, priority_table, rice, weighted_score


def test_rice_reproduces_the_three_projects_of_intercoms_article():
    """Sean McBride, "RICE: Simple prioritization for product managers" (Intercom blog, 2016).

    Project 1: 500 customers a month reach that point of the signup funnel, 30% choose the option, so
    500 × 30% × 3 months = 450 customers per quarter; impact 3 (massive); confidence 100%; effort 2
    person-months → 450 × 3 × 1.0 / 2 = 675. Project 2: 2,000 customers per quarter, impact 1, confidence
    80%, effort 4 → 400. Project 3: a one-time effect on 800 customers, impact 2, confidence 50%, effort 1 →
    800. Project 3 ranks first, then 1, then 2.
    """
    reach_1 = 500 * 0.30 * 3
    assert reach_1 == 450
    assert rice(reach_1, 3, 1.0, 2) == 675
    assert rice(2000, 1, 0.8, 4) == 400
    assert rice(800, 2, 0.5, 1) == 800
    scores = rice(pd.Series([450, 2000, 800]), pd.Series([3, 1, 2]), pd.Series([1.0, 0.8, 0.5]), pd.Series([2, 4, 1]))
    assert scores.tolist() == [675, 400, 800]
    ranked = priority_table(pd.DataFrame({"initiative_id": [1, 2, 3], "reach": [450, 2000, 800],
                                          "impact": [3, 1, 2], "confidence": [1.0, 0.8, 0.5], "effort": [2, 4, 1],
                                          "scores": [{}, {}, {}]}))
    assert ranked.set_index("initiative_id")["rank"].to_dict() == {3: 1, 1: 2, 2: 3}


def test_the_scales_are_intercoms():
    # impact: 3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal; confidence 100 / 80 / 50%
    assert dict(IMPACT_SCALE) == {3.0: "massive", 2.0: "high", 1.0: "medium", 0.5: "low", 0.25: "minimal"}
    assert dict(CONFIDENCE_SCALE) == {1.0: "high", 0.8: "medium", 0.5: "low"}
    # anything under a month is 0.5 person-months: half the effort doubles the score
    assert rice(100, 1, 1.0, 0.5) == 2 * rice(100, 1, 1.0, 1)


def test_rice_missing_inputs_give_nan_and_bad_ones_are_refused():
    assert math.isnan(rice(None, 1, 0.8, 2))
    assert np.isnan(rice([100, None], [1, 1], [0.8, 0.8], [2, 2])).tolist() == [False, True]
    for bad in ((-1, 1, 0.8, 2), (100, -1, 0.8, 2), (100, 1, 1.5, 2), (100, 1, 0.8, 0), (100, 1, 0.8, -2)):
        with pytest.raises(WorkbenchError) as e:
            rice(*bad)
        assert e.value.key == "roadmap.error.rice_input"


CRITERIA = (
    {"key": "customer_value", "name": "", "kind": "benefit", "weight": 3.0},
    {"key": "revenue", "name": "", "kind": "benefit", "weight": 2.0},
    {"key": "strategic_fit", "name": "", "kind": "benefit", "weight": 2.0},
    {"key": "cost", "name": "", "kind": "cost", "weight": 2.0},
    {"key": "risk", "name": "", "kind": "cost", "weight": 1.0},
)


def test_weighted_score_worked_by_hand():
    # benefits 3·5 + 2·4 + 2·3 = 29; costs count as 6 − s: 2·(6−2) + 1·(6−1) = 13; (29 + 13) / 10 = 4.2
    scores = {"customer_value": 5, "revenue": 4, "strategic_fit": 3, "cost": 2, "risk": 1}
    assert weighted_score(scores, CRITERIA) == pytest.approx(4.2)
    # the worst possible initiative scores 1, the best 5
    assert weighted_score({"customer_value": 1, "revenue": 1, "strategic_fit": 1, "cost": 5, "risk": 5},
                          CRITERIA) == pytest.approx(1.0)
    assert weighted_score({"customer_value": 5, "revenue": 5, "strategic_fit": 5, "cost": 1, "risk": 1},
                          CRITERIA) == pytest.approx(5.0)
    # only two criteria scored: (3·4 + 2·(6−5)) / (3 + 2) = 14 / 5
    assert weighted_score({"customer_value": 4, "cost": 5}, CRITERIA) == pytest.approx(2.8)
    assert math.isnan(weighted_score({}, CRITERIA))
    # a criterion of weight 0 does not count
    zero = [dict(c, weight=0.0) if c["key"] == "risk" else c for c in CRITERIA]
    assert weighted_score({"customer_value": 5, "risk": 1}, zero) == pytest.approx(5.0)


def test_changing_a_weight_reorders_the_ranking_live():
    frame = pd.DataFrame({"initiative_id": [1, 2], "reach": [None, None], "impact": [None, None],
                          "confidence": [None, None], "effort": [None, None],
                          "scores": [{"customer_value": 5, "cost": 5}, {"customer_value": 3, "cost": 1}]})
    # 1: (3·5 + 2·1) / 5 = 3.4; 2: (3·3 + 2·5) / 5 = 3.8 → 2 first
    ranked = priority_table(frame, "weighted", CRITERIA).set_index("initiative_id")
    assert ranked["weighted"].round(6).to_dict() == {1: 3.4, 2: 3.8}
    assert ranked["rank"].to_dict() == {2: 1, 1: 2}
    # customer value weighted 10: 1: (50 + 2) / 12 = 4.33; 2: (30 + 10) / 12 = 3.33 → 1 first
    heavy = [dict(c, weight=10.0) if c["key"] == "customer_value" else c for c in CRITERIA]
    ranked = priority_table(frame, "weighted", heavy).set_index("initiative_id")
    assert ranked["rank"].to_dict() == {1: 1, 2: 2}
    # RICE cannot rank these yet: no rank rather than a made-up one
    assert priority_table(frame, "rice", CRITERIA)["rank"].isna().all()


def test_ties_share_the_better_rank():
    frame = pd.DataFrame({"initiative_id": [1, 2, 3], "reach": [100, 100, 50], "impact": [1, 1, 1],
                          "confidence": [1.0, 1.0, 1.0], "effort": [1, 1, 1], "scores": [{}, {}, {}]})
    assert priority_table(frame)["rank"].tolist() == [1, 1, 3]


def test_criteria_are_validated_and_defaults_keep_translating():
    rows = [{"key": "customer_value", "name": "客户价值", "kind": "benefit", "weight": 4},
            {"key": "", "name": "Speed to market", "kind": "benefit", "weight": 1},
            {"key": "", "name": "", "kind": None, "weight": None}]  # an added row left empty
    stored = priority.validate_criteria(rows, "zh")
    assert stored == [{"key": "customer_value", "name": "", "kind": "benefit", "weight": 4.0},
                      {"key": "c1", "name": "Speed to market", "kind": "benefit", "weight": 1.0}]
    assert priority.criterion_name(stored[0], "en") == "Customer value"
    for bad, key in (([{"key": "", "name": "X", "kind": "benefit", "weight": -1}], "roadmap.error.criterion_weight"),
                     ([{"key": "", "name": "X", "kind": "other", "weight": 1}], "roadmap.error.criterion_kind"),
                     ([{"key": "c9", "name": " ", "kind": "benefit", "weight": 1}], "roadmap.error.criterion_name"),
                     ([{"key": "", "name": "X", "kind": "cost", "weight": 0}], "roadmap.error.no_criteria")):
        with pytest.raises(WorkbenchError) as e:
            priority.validate_criteria(bad, "en")
        assert e.value.key == key
    assert len(DEFAULT_CRITERIA) == 5
