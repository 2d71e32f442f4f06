"""Baselines from a small hand-made order history (``conftest``: most bought once, many lapsed, a refund, two
orders on one day), per segment counted in the segment each customer was in a year ago; overrides kept apart
from the computed figures; the models beside the simple projection."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from workbench import scenarios
from workbench.core.errors import WorkbenchError
from workbench.customers import kpis
from workbench.scenarios.baseline import aggregate


def test_the_baseline_of_all_customers_is_the_hand_worked_one(shop, history):
    base = scenarios.load_baseline(shop, scenarios.ALL)
    row = base.computed.iloc[0]
    assert list(base.computed.columns) == list(scenarios.COMPUTED_COLUMNS)
    assert row["segment"] == "all"
    for field, value in history.HAND.items():
        assert row[field] == pytest.approx(value, rel=1e-12), field
    assert row["margin"] == history.MARGIN  # the workspace's own margin (the CLV settings)
    assert base.as_of.isoformat() == "2026-10-31"
    frame = base.frame
    assert list(frame.columns) == list(scenarios.BASELINE_COLUMNS)
    assert frame.iloc[0]["customers"] == 6.0


def test_retention_of_all_customers_is_the_kpi_retention_rate(shop):
    """The same definition as ``customers.kpis`` (SQL over the orders, written independently)."""
    assert kpis.kpis(shop)["retention_rate"] == pytest.approx(0.6)
    assert scenarios.load_baseline(shop, scenarios.ALL).computed.iloc[0]["retention_annual"] == pytest.approx(0.6)


def test_every_segmentation_adds_up_to_all_customers(shop):
    whole = scenarios.load_baseline(shop, scenarios.ALL).computed.iloc[0]
    for segmentation in scenarios.segmentations()[1:]:
        computed = scenarios.load_baseline(shop, segmentation).computed
        for field in ("members", "customers", "lapsed", "purchases_12m", "revenue_12m", "new_12m"):
            assert computed[field].sum() == pytest.approx(whole[field]), (segmentation, field)
        # the cohort is counted in the segments of a year ago: segments that are gone now drop out
        assert computed["cohort"].sum() <= whole["cohort"]
        assert (computed["retained"] <= computed["cohort"]).all()
    assert "tags" not in scenarios.segmentations()  # a customer may carry several tags: nothing would add up


def test_lapsed_customers_are_counted_but_not_active():
    labels = pd.Categorical(["lapsed", "lapsed", "low", "low"], categories=["lapsed", "high", "medium", "low"])
    summary = pd.DataFrame({"purchase_days_12m": [0, 0, 3, 1], "spend_12m": [-5.0, 0.0, 90.0, 10.0],
                            "tenure_days": [700, 800, 900, 100]})
    out = aggregate(labels, summary, np.array(["lapsed", "low", "low"], dtype=object), np.array([False, True, False]),
                    0.6)
    lapsed, low = out.iloc[0], out.iloc[1]
    assert list(out["segment"]) == ["lapsed", "low"]  # segments without members are left out
    assert (lapsed["members"], lapsed["customers"], lapsed["lapsed"], lapsed["cohort"]) == (2, 0, 2, 1)
    assert lapsed["retention_annual"] == 0.0
    assert math.isnan(lapsed["orders_per_month"]) and math.isnan(lapsed["aov"])  # nobody active: nothing to measure
    assert lapsed["revenue_12m"] == 0.0  # a lapsed customer's refund is not the active customers' spend
    # low: 2 active, 4 purchase days, spend 100, one new; cohort of 2 (a year ago), one retained
    assert (low["customers"], low["purchases_12m"], low["revenue_12m"], low["new_12m"]) == (2, 4, 100.0, 1)
    assert low["orders_per_month"] == pytest.approx(4 / 2 / 12) and low["aov"] == pytest.approx(25.0)
    assert low["retention_annual"] == pytest.approx(0.5)
    assert (out["margin"] == 0.6).all()


def test_retention_counts_a_customer_in_the_segment_they_were_in_a_year_ago():
    """Two customers in segment "top" a year ago, one stayed (and is "top" now), one fell to "low" and left:
    top's retention is 50%, not the 100% today's membership would give."""
    labels = pd.Categorical(["top", "low"], categories=["top", "low"])  # today
    summary = pd.DataFrame({"purchase_days_12m": [5, 0], "spend_12m": [100.0, 0.0], "tenure_days": [800, 800]})
    out = aggregate(labels, summary, np.array(["top", "top"], dtype=object), np.array([True, False]), 1.0)
    top = out.set_index("segment").loc["top"]
    assert (top["cohort"], top["retained"], top["retention_annual"]) == (2, 1, 0.5)
    assert out.set_index("segment").loc["low", "cohort"] == 0


def test_overrides_are_kept_apart_and_replace_only_what_was_typed(shop, history):
    base = scenarios.load_baseline(shop, scenarios.ALL)
    assert base.revision == 0 and base.overrides == {}
    revision = scenarios.save_overrides(shop, scenarios.ALL, {"all": {"retention_annual": 0.75, "aov": None}}, 0)
    assert revision == 1
    base = scenarios.load_baseline(shop, scenarios.ALL)
    assert base.overrides == {"all": {"retention_annual": 0.75}} and base.overridden("all", "retention_annual")
    assert base.frame.iloc[0]["retention_annual"] == 0.75
    assert base.computed.iloc[0]["retention_annual"] == pytest.approx(0.6)  # the data's figure is still there
    assert base.frame.iloc[0]["aov"] == pytest.approx(history.HAND["aov"])  # a blank override is the data's figure
    # a second participant saving from the old revision gets a conflict, nothing is written
    with pytest.raises(scenarios.BaselineConflict):
        scenarios.save_overrides(shop, scenarios.ALL, {"all": {"margin": 0.3}}, 0)
    assert scenarios.load_baseline(shop, scenarios.ALL).overrides == {"all": {"retention_annual": 0.75}}
    # clearing every override goes back to the data
    scenarios.save_overrides(shop, scenarios.ALL, {}, 1)
    assert scenarios.load_baseline(shop, scenarios.ALL).frame.iloc[0]["retention_annual"] == pytest.approx(0.6)


@pytest.mark.parametrize("fields, key", [
    ({"retention_annual": 1.4}, "scenarios.error.retention_range"),
    ({"margin": 2}, "scenarios.error.baseline_range"),
    ({"customers": "many"}, "scenarios.error.baseline_value"),
    ({"segment": "x"}, "scenarios.error.override_field"),
])
def test_bad_overrides_are_refused_and_nothing_is_saved(shop, fields, key):
    with pytest.raises(WorkbenchError) as err:
        scenarios.save_overrides(shop, scenarios.ALL, {"all": fields}, 0)
    assert err.value.key == key
    assert scenarios.load_overrides(shop, scenarios.ALL) == ({}, 0)


def test_a_segmentation_that_does_not_exist_is_a_clear_error(shop):
    with pytest.raises(WorkbenchError) as err:
        scenarios.load_baseline(shop, "loyalty_ladder")
    assert err.value.key == "scenarios.error.segmentation"
    assert "loyalty_ladder" in err.value.text("en")


def test_less_than_a_year_of_history_has_no_retention(make_workspace, history):
    orders = history.ORDERS
    recent = orders[orders["order_ts"] >= "2026-01-01"].drop(columns="order_id")
    ws = make_workspace("recent", orders=recent)
    row = scenarios.load_baseline(ws, scenarios.ALL).computed.iloc[0]
    assert row["cohort"] == 0 and math.isnan(row["retention_annual"])
    assert row["customers"] == 6  # A F G H I J each bought in 2026: all active, and nobody a year before
    with pytest.raises(WorkbenchError) as err:  # nothing can be projected without a retention ...
        scenarios.run(ws, {"segmentation": scenarios.ALL})
    assert err.value.key == "scenarios.error.nothing_to_project"
    scenarios.save_overrides(ws, scenarios.ALL, {"all": {"retention_annual": 0.5}}, 0)  # ... until one is typed
    assert scenarios.run(ws, {"segmentation": scenarios.ALL}).totals().iloc[-1]["revenue"] > 0


def test_the_models_are_set_beside_the_simple_projection(shop):
    result = scenarios.run(shop, {"segmentation": scenarios.ALL, "months": 12, "discount_rate": 0.0})
    simple = result.simple_values()
    # the simple projection of today's 6 customers alone: Σ_t 6 r^t × (7/6/12 × 170/7) × 50% with r = 0.6^(1/12)
    r = 0.6 ** (1 / 12)
    per_month = 6 * (7 / 6 / 12) * (170 / 7) * 0.5
    assert simple.iloc[0]["simple"] == pytest.approx(per_month * sum(r ** t for t in range(1, 13)))
    comparison = scenarios.model_comparison(shop, result.baseline, simple, 12, 0.0)
    assert list(comparison.columns) == ["segment", "simple", "model", "ratio", "model_lapsed"]
    # the model column: the CLV models' own discounted expectation (clv.customer_value, tested against the
    # papers in tests/clv) of the same six active customers over 12 months, times the 50% margin
    from workbench import clv
    from workbench.customers.summary import current_summary

    purchases, spend, _ = clv.models(shop)
    summary = current_summary(shop)
    value = clv.customer_value(summary, purchases, spend, {"horizon_months": 12, "discount_rate": 0.0, "margin": 1.0})
    active = summary["purchase_days_12m"].to_numpy() > 0
    row = comparison.iloc[0]
    assert row["model"] == pytest.approx(0.5 * value["clv"][active].sum())
    assert row["model_lapsed"] == pytest.approx(0.5 * value["clv"][~active].sum())
    assert row["ratio"] == pytest.approx(row["simple"] / row["model"])
