"""Gaps with hand-computed 95% intervals and priorities; survey aggregation; importance–performance quadrants
at their boundaries for every cross-hair choice."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from workbench.core.errors import WorkbenchError
from workbench.value_gap import aggregate, crosshairs, gap_stats, gap_table, ipa_table, survey_scale


def test_gap_interval_by_hand():
    # gaps -2, -1, 0, -1: mean -1, sd = √(2/3) = 0.816497, se = 0.408248; t(0.975, 3) = 3.182446 (t table)
    s = gap_stats([-2, -1, 0, -1])
    assert s["n"] == 4 and s["mean"] == pytest.approx(-1.0)
    assert s["sd"] == pytest.approx(0.816497, abs=1e-6)
    assert s["low"] == pytest.approx(-1 - 3.182446 * 0.408248, abs=1e-5)   # -2.299243
    assert s["high"] == pytest.approx(-1 + 3.182446 * 0.408248, abs=1e-5)  # 0.299243


def test_interval_edge_cases():
    one = gap_stats([2])
    assert one["mean"] == 2 and math.isnan(one["low"]) and math.isnan(one["sd"])
    same = gap_stats([1, 1, 1])
    assert same["low"] == same["high"] == 1.0 and same["sd"] == 0.0
    assert gap_stats([np.nan, "x"])["n"] == 0


def _survey(rows):
    return pd.DataFrame(rows, columns=["respondent_id", "customer_id", "segment", "attribute", "layer", "importance",
                                       "expectation", "performance", "competitor", "kano_functional",
                                       "kano_dysfunctional"])


def test_aggregate_by_hand():
    survey = _survey([
        ("R1", None, "a", "speed", "附加价值", 7, 6, 4, 5, None, None),
        ("R2", None, "a", "speed", "附加价值", 6, 6, 5, None, None, None),
        ("R3", None, "b", "speed", "附加价值", 5, None, 3, 6, None, None),  # no expectation: not in the gap
        ("R1", None, "a", "decor", "基础价值", 3, 4, 6, 4, None, None),
        ("R2", None, "a", "decor", "基础价值", 4, 4, 7, 4, None, None),
    ])
    agg = aggregate(survey).set_index("attribute")
    assert list(agg.index) == ["speed", "decor"]
    speed = agg.loc["speed"]
    assert speed["respondents"] == 3 and speed["importance"] == pytest.approx(6.0)
    assert speed["performance"] == pytest.approx(4.0) and speed["competitor"] == pytest.approx(5.5)
    assert speed["gap_n"] == 2 and speed["gap"] == pytest.approx(-1.5)  # (4-6 + 5-6) / 2
    # gaps -2, -1: sd 0.707107, t(0.975, 1) = 12.706205 -> half width 12.706205 · 0.5 = 6.353102
    assert speed["gap_high"] - speed["gap"] == pytest.approx(6.353102, abs=1e-5)
    assert agg.loc["decor", "gap"] == pytest.approx(2.5) and agg.loc["decor", "survey_layer"] == "基础价值"
    assert survey_scale(survey) == (1.0, 7.0)
    assert survey_scale(survey.assign(importance=3, expectation=3, performance=5, competitor=1)) == (1.0, 5.0)


def test_priority_ranks_shortfalls_first_and_marks_surpluses():
    attrs = pd.DataFrame([
        {"attribute": "speed", "importance": 6.0, "expectation": 6.0, "performance": 4.5, "gap": -1.5,
         "gap_n": 50, "gap_low": -1.8, "gap_high": -1.2},
        {"attribute": "decor", "importance": 3.0, "expectation": 4.0, "performance": 6.0, "gap": 2.0,
         "gap_n": 50, "gap_low": 1.7, "gap_high": 2.3},
        {"attribute": "taste", "importance": 7.0, "expectation": 6.0, "performance": 5.9, "gap": -0.1,
         "gap_n": 50, "gap_low": -0.4, "gap_high": 0.2},
        {"attribute": "lockers", "importance": 5.0, "expectation": 5.5, "performance": 3.5},  # typed: no n
        {"attribute": "music", "importance": None, "expectation": 4.0, "performance": 4.0},
    ])
    g = gap_table(attrs).set_index("attribute")
    # priority = importance × (expectation − performance)
    assert g.loc["lockers", "priority"] == pytest.approx(10.0) and g.loc["lockers", "gap"] == pytest.approx(-2.0)
    assert g.loc["speed", "priority"] == pytest.approx(9.0)
    assert g.loc["taste", "priority"] == pytest.approx(0.7)
    assert g.loc["decor", "priority"] == pytest.approx(-6.0)
    assert list(g.index) == ["lockers", "speed", "taste", "decor", "music"]
    assert g["rank"].tolist() == [1, 2, 3, 4, 5]
    assert g["status"].tolist() == ["shortfall", "shortfall", "on_par", "surplus", "incomplete"]
    assert g.loc["lockers", "gap_n"] == 0 and math.isnan(g.loc["lockers", "gap_low"])


def _ipa(points):
    return pd.DataFrame([{"attribute": n, "label": n, "importance": i, "performance": p} for n, i, p in points])


def _quadrants(table, perf, imp):
    return dict(zip(*ipa_table(table, perf, imp)[["attribute", "quadrant"]].T.to_numpy()))


def test_mean_crosshairs_and_the_boundary():
    # importance 4, 6, 5 -> mean 5; performance 3, 7, 5 -> mean 5; "mid" sits on both lines
    table = _ipa([("weak", 6, 3), ("over", 4, 7), ("mid", 5, 5)])
    perf, imp = crosshairs(table, "mean")
    assert (perf, imp) == (5.0, 5.0)
    q = _quadrants(_ipa([("weak", 6, 3), ("over", 4, 7), ("mid", 5, 5), ("below", 4.999, 4.999)]), perf, imp)
    assert q == {"weak": "concentrate", "over": "overkill", "mid": "keep_up", "below": "low_priority"}


def test_median_crosshairs_and_the_boundary():
    table = _ipa([("a", 3, 2), ("b", 5, 6), ("c", 6, 4)])  # medians: importance 5, performance 4
    perf, imp = crosshairs(table, "median")
    assert (perf, imp) == (4.0, 5.0)
    q = _quadrants(table, perf, imp)
    assert q == {"a": "low_priority", "b": "keep_up", "c": "keep_up"}  # c: performance exactly 4 -> high
    q = _quadrants(_ipa([("on_imp", 5, 3.9), ("off", 4.9, 3.9)]), perf, imp)
    assert q == {"on_imp": "concentrate", "off": "low_priority"}


def test_scale_midpoint_crosshairs_and_the_boundary():
    table = _ipa([("on", 4, 4), ("left", 4, 3.99), ("down", 3.99, 4), ("far", 7, 1)])
    perf, imp = crosshairs(table, "midpoint", scale=(1, 7))
    assert (perf, imp) == (4.0, 4.0)
    assert _quadrants(table, perf, imp) == {"on": "keep_up", "left": "concentrate", "down": "overkill",
                                            "far": "concentrate"}
    assert crosshairs(table, "midpoint", scale=(1, 5)) == (3.0, 3.0)


def test_typed_crosshairs_and_the_boundary():
    table = _ipa([("on", 5.5, 4.5), ("left", 5.5, 4.4), ("down", 5.4, 4.5)])
    perf, imp = crosshairs(table, "value", value=(4.5, 5.5))
    assert (perf, imp) == (4.5, 5.5)
    assert _quadrants(table, perf, imp) == {"on": "keep_up", "left": "concentrate", "down": "overkill"}
    assert crosshairs(table, "value", value=5) == (5.0, 5.0)
    with pytest.raises(WorkbenchError):
        crosshairs(table, "value")
    with pytest.raises(WorkbenchError):
        crosshairs(table, "mode")


def test_iso_priority_diagonal():
    df = ipa_table(_ipa([("above", 6, 4), ("on", 5, 5), ("below", 4, 6)]), 5.0, 5.0).set_index("attribute")
    assert df["above_diagonal"].to_dict() == {"above": True, "on": False, "below": False}
