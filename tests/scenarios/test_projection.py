"""``scenarios.project`` against the closed form of the cohort model, discounting, levers over time, totals, ROI
and payback on hand-worked cases, and every kind of bad input the issue lists.

Closed form (one segment, constant monthly retention r = R^(1/12), constant acquisition n per month, N_0 now):
``N_t = r^t N_0 + n (1 − r^t) / (1 − r)`` — the geometric series of ``N_t = r N_{t−1} + n`` summed by hand.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from workbench import scenarios
from workbench.core.errors import WorkbenchError
from workbench.scenarios import effects as fx
from workbench.scenarios.projection import discount_factors, discounted_total


def _baseline(**overrides) -> pd.DataFrame:
    row = {"segment": "vip", "customers": 1000.0, "retention_annual": 0.6, "orders_per_month": 2.0, "aov": 50.0,
           "margin": 0.4, "new_per_month": 0.0}
    row.update(overrides)
    return pd.DataFrame([row])


def _closed_form(n0: float, annual: float, new: float, t: np.ndarray) -> np.ndarray:
    r = annual ** (1 / 12)
    return r ** t * n0 + new * (1 - r ** t) / (1 - r)


@pytest.mark.parametrize("new", [0.0, 35.0])
def test_active_customers_follow_the_closed_form(new):
    out = scenarios.project(_baseline(new_per_month=new), months=36, discount_rate_annual=0.0)
    t = np.arange(1, 37)
    expected = _closed_form(1000.0, 0.6, new, t)
    assert list(out.columns) == list(scenarios.PROJECTION_COLUMNS)
    assert list(out["month"]) == list(range(1, 37))
    np.testing.assert_allclose(out["active_customers"], expected, rtol=1e-12)
    # orders = N_t x 2 per month; revenue = orders x 50; gross profit = revenue x 40%
    np.testing.assert_allclose(out["orders"], 2 * expected, rtol=1e-12)
    np.testing.assert_allclose(out["revenue"], 100 * expected, rtol=1e-12)
    np.testing.assert_allclose(out["gross_profit"], 40 * expected, rtol=1e-12)
    np.testing.assert_allclose(out["new_customers"], new)
    # after a year without acquisition exactly 60% are left: the annual retention
    if new == 0:
        assert out.loc[out["month"] == 12, "active_customers"].item() == pytest.approx(600.0, rel=1e-12)


def test_with_acquisition_the_base_tends_to_its_steady_state():
    # n / (1 − r): 0.6^(1/12) = exp(ln 0.6 / 12) = exp(−0.042568) = 0.958325, so 35 new a month level off at
    # 35 / 0.041675 ≈ 839.8 customers
    out = scenarios.project(_baseline(customers=0.0, new_per_month=35.0), months=36)
    steady = 35.0 / (1 - 0.6 ** (1 / 12))
    assert steady == pytest.approx(839.8, abs=0.1)
    assert out["active_customers"].iloc[-1] < steady
    assert out["active_customers"].is_monotonic_increasing


def test_discounting_by_month_at_the_annual_rate():
    # full retention, no acquisition: 100 customers x 1 order x 10 x 50% = 500 gross profit every month;
    # month 12 at 10% a year is worth 500 / 1.1, month 24 500 / 1.21, and the sum is 500 q (1 − q^36) / (1 − q)
    # with q = 1.1^(−1/12)
    out = scenarios.project(_baseline(customers=100.0, retention_annual=1.0, orders_per_month=1.0, aov=10.0,
                                      margin=0.5), months=36, discount_rate_annual=0.10)
    assert (out["gross_profit"] == 500.0).all()
    by_month = out.set_index("month")["discounted_gross_profit"]
    assert by_month[12] == pytest.approx(500 / 1.1, rel=1e-12)
    assert by_month[24] == pytest.approx(500 / 1.21, rel=1e-12)
    q = 1.1 ** (-1 / 12)
    assert out["discounted_gross_profit"].sum() == pytest.approx(500 * q * (1 - q ** 36) / (1 - q), rel=1e-12)
    assert out["cumulative_discounted_gross_profit"].iloc[-1] == pytest.approx(out["discounted_gross_profit"].sum())
    # CLV per customer: the month-0 customers' discounted profit so far per customer, 5 a month each
    assert out.set_index("month")["clv_per_customer"][36] == pytest.approx(5 * q * (1 - q ** 36) / (1 - q))
    np.testing.assert_allclose(discount_factors(3, 0.0), [1, 1, 1])


def test_levers_move_each_input():
    base = _baseline(new_per_month=20.0)
    levers = {"vip": {"retention_pp": 10, "frequency_pct": 0.1, "aov_pct": -0.2, "acquisition_pct": 0.5}}
    out = scenarios.project(base, levers, months=24, discount_rate_annual=0.0)
    t = np.arange(1, 25)
    n = _closed_form(1000.0, 0.7, 30.0, t)  # retention 60% + 10 points, acquisition 20 x 1.5
    np.testing.assert_allclose(out["active_customers"], n, rtol=1e-12)
    np.testing.assert_allclose(out["orders"], n * 2.2, rtol=1e-12)  # frequency x 1.1
    np.testing.assert_allclose(out["revenue"], n * 2.2 * 40.0, rtol=1e-12)  # order value x 0.8
    np.testing.assert_allclose(out["new_customers"], 30.0)


def test_a_lever_that_changes_over_time_takes_effect_from_its_month():
    # retention 50% until month 2, then 50% + 30 points: N_1 = r0 N0, N_2 = r0² N0, N_3 = r1 r0² N0, ...
    base = _baseline(retention_annual=0.5)
    series = [0, 0] + [30] * 10
    out = scenarios.project(base, {"vip": {"retention_pp": series}}, months=12, discount_rate_annual=0.0)
    r0, r1 = 0.5 ** (1 / 12), 0.8 ** (1 / 12)
    expected = [1000 * r0, 1000 * r0 ** 2] + [1000 * r0 ** 2 * r1 ** k for k in range(1, 11)]
    np.testing.assert_allclose(out["active_customers"], expected, rtol=1e-12)


def test_a_typed_lever_ramps_to_its_full_effect():
    # ramp over 4 months: a quarter of the effect in month 1, half in 2, three quarters in 3, in full from 4
    np.testing.assert_allclose(fx.ramp(6, 4), [0.25, 0.5, 0.75, 1, 1, 1])
    np.testing.assert_allclose(fx.ramp(3, 0), [1, 1, 1])
    effects = fx.typed_effects({"levers": {"vip": {"frequency_pct": 0.2}}, "ramp_months": 4, "confidence": 1.0},
                               ["vip"], 6)
    np.testing.assert_allclose(effects.point()["frequency_pct"][0], [0.05, 0.1, 0.15, 0.2, 0.2, 0.2])
    ramped = scenarios.project(_baseline(), {"vip": {"frequency_pct": effects.point()["frequency_pct"][0]}},
                               months=6, discount_rate_annual=0.0)
    flat = scenarios.project(_baseline(), months=6, discount_rate_annual=0.0)
    np.testing.assert_allclose(ramped["orders"] / flat["orders"], [1.05, 1.1, 1.15, 1.2, 1.2, 1.2])


def test_several_segments_are_projected_side_by_side():
    base = pd.concat([_baseline(), _baseline(segment="new", customers=10.0, retention_annual=0.2,
                                             new_per_month=5.0)], ignore_index=True)
    out = scenarios.project(base, {"new": {"acquisition_pct": 1.0}}, months=3, discount_rate_annual=0.0)
    assert list(out["segment"]) == ["vip"] * 3 + ["new"] * 3
    np.testing.assert_allclose(out.loc[out["segment"] == "vip", "active_customers"],
                               _closed_form(1000, 0.6, 0, np.arange(1, 4)))
    np.testing.assert_allclose(out.loc[out["segment"] == "new", "active_customers"],
                               _closed_form(10, 0.2, 10, np.arange(1, 4)))


def test_totals_per_segment_and_for_all():
    base = pd.concat([_baseline(retention_annual=1.0, customers=10.0, orders_per_month=1.0, aov=10.0, margin=0.5),
                      _baseline(segment="b", retention_annual=1.0, customers=30.0, orders_per_month=1.0, aov=10.0,
                                margin=1.0)], ignore_index=True)
    out = scenarios.project(base, months=2, discount_rate_annual=0.0)
    totals = scenarios.totals(out, {"vip": 10.0, "b": 30.0})
    assert list(totals.columns) == list(scenarios.TOTAL_COLUMNS)
    vip, b, whole = (totals.iloc[i] for i in range(3))
    assert (vip["revenue"], vip["gross_profit"], vip["clv_per_customer"]) == (200.0, 100.0, 10.0)
    assert (b["revenue"], b["gross_profit"], b["clv_per_customer"]) == (600.0, 600.0, 20.0)
    # all: profit 700 over 40 customers of month 0
    assert whole["segment"] is None
    assert (whole["revenue"], whole["gross_profit"], whole["active_end"]) == (800.0, 700.0, 40.0)
    assert whole["clv_per_customer"] == pytest.approx(700 / 40)


def test_roi_and_payback_on_hand_worked_cases():
    # incremental 0, 10, 20, 30 against a cost of 30 in month 1 (no discounting): running net −30, −20, 0, 30:
    # paid back in month 3; ROI = (60 − 30) / 30 = 100%
    money = scenarios.returns(np.full(4, 10.0), np.array([10.0, 20, 30, 40]), np.array([30.0, 0, 0, 0]), 0.0)
    assert money["incremental"] == 60 and money["cost"] == 30 and money["net"] == 30
    assert money["roi"] == pytest.approx(1.0)
    assert money["payback_month"] == 3
    np.testing.assert_allclose(money["net_by_month"], [-30, -20, 0, 30])
    # a second investment dips the running net below 0 again: −30, −20, 5, −25, 15 → paid back for good in month 5
    assert scenarios.payback_month(np.array([0.0, 10, 25, 10, 40]), np.array([30.0, 0, 0, 40, 0])) == 5
    # never back by the horizon; no cost at all: no payback month and no ROI
    assert scenarios.payback_month(np.array([1.0, 1]), np.array([5.0, 0])) is None
    assert scenarios.payback_month(np.array([1.0, 1]), np.zeros(2)) is None
    assert math.isnan(scenarios.roi(10.0, 0.0))
    # costs are discounted like profit: 110 paid in month 12 at 10% a year is 100 today
    money = scenarios.returns(np.zeros(12), np.zeros(12), np.r_[np.zeros(11), 110.0], 0.10)
    assert money["cost"] == pytest.approx(100.0)
    assert money["roi"] == pytest.approx(-1.0)


def test_the_engine_for_many_lever_sets_gives_the_same_as_one_at_a_time():
    base = pd.concat([_baseline(new_per_month=12.0), _baseline(segment="b", retention_annual=0.3)],
                     ignore_index=True)
    arrays = {c: base[c].to_numpy(dtype=float) for c in scenarios.BASELINE_COLUMNS[1:]}
    rng = np.random.default_rng(3)
    batch = {"retention_pp": rng.uniform(-5, 5, (7, 2, 12)), "frequency_pct": rng.uniform(-0.1, 0.1, (7, 2, 12))}
    totals = discounted_total(arrays, batch, 12, 0.08)
    for k in range(7):
        one = scenarios.project(base, {s: {name: batch[name][k, i] for name in batch}
                                       for i, s in enumerate(["vip", "b"])}, months=12, discount_rate_annual=0.08)
        assert totals[k] == pytest.approx(one["discounted_gross_profit"].sum(), rel=1e-12)


# -- bad input ------------------------------------------------------------------------------------------------
def _error(call) -> WorkbenchError:
    with pytest.raises(WorkbenchError) as err:
        call()
    return err.value


@pytest.mark.parametrize("retention", [1.2, -0.1])
def test_retention_outside_0_to_100_percent_is_refused_naming_the_segment(retention):
    err = _error(lambda: scenarios.project(_baseline(retention_annual=retention)))
    assert err.key == "scenarios.error.retention_range"
    assert err.params["segment"] == "vip"
    assert "vip" in err.text("en") and "0% and 100%" in err.text("en")


def test_a_lever_pushing_retention_past_100_percent_is_refused():
    err = _error(lambda: scenarios.project(_baseline(retention_annual=0.97), {"vip": {"retention_pp": 5}}))
    assert err.key == "scenarios.error.retention_range" and err.params["value"] == "102.0%"


@pytest.mark.parametrize("months", [37, 0, 1.5, "x", None, True])
def test_a_horizon_over_36_months_or_not_whole_is_refused(months):
    err = _error(lambda: scenarios.project(_baseline(), months=months))
    assert err.key == "scenarios.error.months" and err.params["max"] == 36


@pytest.mark.parametrize("rate", [-0.1, 1.5, float("nan"), "ten"])
def test_a_discount_rate_outside_0_to_100_percent_is_refused(rate):
    assert _error(lambda: scenarios.project(_baseline(), discount_rate_annual=rate)).key == "scenarios.error.discount"


def test_a_baseline_missing_a_column_names_it():
    err = _error(lambda: scenarios.project(_baseline().drop(columns="aov")))
    assert err.key == "scenarios.error.baseline_columns" and err.params["columns"] == "aov"
    assert _error(lambda: scenarios.project("not a frame")).key == "scenarios.error.baseline_columns"
    assert _error(lambda: scenarios.project(_baseline().iloc[0:0])).key == "scenarios.error.baseline_empty"


def test_a_segment_without_history_or_a_repeated_segment_is_refused():
    err = _error(lambda: scenarios.project(_baseline(retention_annual=float("nan"))))
    assert err.key == "scenarios.error.baseline_value" and err.params == {"segment": "vip", "field": "retention_annual",
                                                                          "value": "nan"}
    err = _error(lambda: scenarios.project(pd.concat([_baseline(), _baseline()])))
    assert err.key == "scenarios.error.duplicate_segment"
    err = _error(lambda: scenarios.project(_baseline(aov=-5.0)))
    assert err.key == "scenarios.error.baseline_range" and err.params["field"] == "aov"


def test_bad_levers_are_refused():
    base = _baseline()
    assert _error(lambda: scenarios.project(base, {"gold": {"retention_pp": 1}})).key == "scenarios.error.lever_segment"
    assert _error(lambda: scenarios.project(base, {"vip": {"churn": 1}})).key == "scenarios.error.lever_name"
    assert _error(lambda: scenarios.project(base, {"vip": {"aov_pct": "lots"}})).key == "scenarios.error.lever_value"
    assert _error(lambda: scenarios.project(base, {"vip": {"aov_pct": 20}})).key == "scenarios.error.lever_value"
    assert _error(lambda: scenarios.project(base, {"vip": {"aov_pct": [0.1, 0.2]}}, months=3)).key == \
        "scenarios.error.lever_value"
    assert _error(lambda: scenarios.project(base, ["vip"])).key == "scenarios.error.levers_type"


def test_a_segment_with_no_active_customers_projects_only_who_is_acquired():
    out = scenarios.project(_baseline(customers=0.0, new_per_month=0.0), months=3)
    assert (out["active_customers"] == 0).all() and (out["revenue"] == 0).all()
    assert out["clv_per_customer"].isna().all()  # no customer of month 0: no CLV per customer
