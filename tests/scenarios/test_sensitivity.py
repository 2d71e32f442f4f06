"""The tornado against hand-worked swings, the uncertainty draws against their bounds, and Reichheld & Sasser's
five points tried on the scenario. Profit is linear in frequency, order value and acquisition, so those swings
are worked out exactly; retention's is checked against two calls of ``project``."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from workbench import scenarios
from workbench.scenarios.sensitivity import retention_lift


def _spec(**more):
    return {"segmentation": scenarios.ALL, "discount_rate": 0.0, "months": 12, **more}


def _profit(result, levers):
    return scenarios.project(result.used, levers, months=result.months,
                             discount_rate_annual=result.rate)["discounted_gross_profit"].sum()


def test_the_tornado_swings_are_the_hand_worked_ones_largest_first(shop):
    result = scenarios.run(shop, _spec())
    base = result.scen["discounted"].sum()
    tornado = scenarios.tornado(result)
    assert list(tornado.columns) == list(scenarios.TORNADO_COLUMNS)
    rows = tornado.set_index("lever")
    # profit is proportional to frequency and to order value: ±10% moves it ±10%
    for lever in ("frequency_pct", "aov_pct"):
        assert rows.loc[lever, "low"] == pytest.approx(0.9 * base)
        assert rows.loc[lever, "high"] == pytest.approx(1.1 * base)
        assert rows.loc[lever, "swing"] == pytest.approx(0.2 * base)
    # acquisition moves only the new customers' part: ±10% of (profit − the month-0 customers' profit)
    cohort = result.scen["cohort_discounted"].sum()
    assert rows.loc["acquisition_pct", "swing"] == pytest.approx(0.2 * (base - cohort))
    # retention ±5 points: two projections
    assert rows.loc["retention_pp", "low"] == pytest.approx(_profit(result, {"all": {"retention_pp": -5}}))
    assert rows.loc["retention_pp", "high"] == pytest.approx(_profit(result, {"all": {"retention_pp": 5}}))
    assert tornado["swing"].is_monotonic_decreasing
    np.testing.assert_allclose(tornado["base"], base)


def test_the_tornado_steps_on_top_of_the_scenario_and_keeps_retention_within_bounds(shop):
    scenarios.save_overrides(shop, scenarios.ALL, {"all": {"retention_annual": 0.98}}, 0)
    result = scenarios.run(shop, _spec(levers={"all": {"frequency_pct": 0.2}}))
    rows = scenarios.tornado(result).set_index("lever")
    # +5 points from 98% is cut at 100%
    assert rows.loc["retention_pp", "high"] == pytest.approx(
        _profit(result, {"all": {"frequency_pct": 0.2, "retention_pp": 2}}))
    assert rows.loc["frequency_pct", "high"] == pytest.approx(_profit(result, {"all": {"frequency_pct": 0.3}}))


def test_ranges_without_uncertainty_are_the_scenario_itself(shop):
    result = scenarios.run(shop, _spec(levers={"all": {"aov_pct": 0.1}}, confidence=1.0))
    spread = scenarios.ranges(result, draws=200)
    point = result.scen["discounted"].sum()
    assert spread["profit"] == pytest.approx({"p10": point, "p50": point, "p90": point})
    assert spread["uncertain"] == 0
    assert math.isnan(spread["chance_payback"])  # nothing to pay back without a cost


def test_ranges_stay_within_the_typed_bounds_and_give_the_chance_of_paying_back(shop):
    spec = _spec(levers={"all": {"frequency_pct": 0.2, "cost_once": 1.0}},
                 ranges={"all": {"frequency_pct": [0.1, 0.4]}})
    result = scenarios.run(shop, spec)
    spread = scenarios.ranges(result, draws=3000, seed=7)
    low, high = _profit(result, {"all": {"frequency_pct": 0.1}}), _profit(result, {"all": {"frequency_pct": 0.4}})
    base = result.base["discounted"].sum()
    net = spread["net_draws"]
    assert net.min() >= low - base - 1 - 1e-9 and net.max() <= high - base - 1 + 1e-9
    # the triangular (0.1, 0.2, 0.4) has its median at 0.4 − sqrt(0.5 × 0.3 × 0.2) = 0.2268 (profit is linear in it)
    assert spread["profit"]["p50"] == pytest.approx(_profit(result, {"all": {"frequency_pct": 0.2268}}), rel=2e-3)
    assert spread["chance_payback"] == 1.0  # every draw earns more than the one-unit cost
    assert scenarios.ranges(result, draws=3000, seed=7)["net"] == spread["net"]  # the same seed, the same ranges
    # a cost no draw can earn back: no chance
    costly = scenarios.run(shop, {**spec, "levers": {"all": {"frequency_pct": 0.2, "cost_once": 1e9}}})
    assert scenarios.ranges(costly, draws=500)["chance_payback"] == 0.0


def test_an_initiative_is_drawn_as_a_whole(shop):
    """One draw per initiative: its retention and frequency effects move together (a 50% confidence: 0–2×)."""
    from workbench.scenarios import effects as fx

    plan = pd.DataFrame([{"initiative_id": 1, "title": "x", "start_month": 0, "duration_months": 0, "budget": 0.0,
                          "confidence": 0.5, "effect_retention": 4.0, "effect_frequency": 0.1, "effect_aov": 0.0,
                          "segmentation": None, "segment": None, "target_label": ""}])
    effects = fx.roadmap_effects(plan, pd.Timestamp("2026-11-01").date(), pd.Timestamp("2026-10-31").date(), ["all"],
                                 3, {}, "complete", False)
    draws = effects.draws(400, seed=1)
    ratio = draws["retention_pp"][:, 0, 0] / 4.0
    np.testing.assert_allclose(draws["frequency_pct"][:, 0, 0], 0.1 * ratio)
    assert ratio.min() >= 0 and ratio.max() <= 2


def test_reichheld_and_sasser_on_the_users_numbers(shop):
    result = scenarios.run(shop, _spec())
    now, lifted = retention_lift(result)
    assert now == pytest.approx(result.scen["discounted"].sum())
    assert lifted == pytest.approx(_profit(result, {"all": {"retention_pp": 5}}))
    assert lifted > now
