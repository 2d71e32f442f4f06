"""The roadmap feeding a scenario: the calendar between the plan and the projection, effects from completion or
ramping, confidence weights, budgets spread over the months, targets in another segmentation scaled by their
overlap, what cannot act said as such; and the same through a workspace's real plan."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from workbench import roadmap, scenarios
from workbench.scenarios import effects as fx

AS_OF = dt.date(2026, 10, 31)
START = dt.date(2026, 11, 1)  # the plan starts the month after the data: plan month 0 = projection month 1


def test_plan_months_line_up_with_projection_months():
    np.testing.assert_array_equal(fx.plan_months(AS_OF, START, 4), [0, 1, 2, 3])
    np.testing.assert_array_equal(fx.plan_months(AS_OF, dt.date(2027, 1, 1), 3), [-2, -1, 0])  # plan starts later
    np.testing.assert_array_equal(fx.plan_months(dt.date(2026, 10, 5), dt.date(2026, 9, 1), 2), [2, 3])


def test_an_initiative_acts_from_the_month_after_it_completes_or_ramps_over_its_duration():
    p = np.arange(8)  # plan months 0 … 7
    # start 2, 3 months: runs in months 2, 3, 4 and is complete from month 5
    np.testing.assert_allclose(fx.initiative_weight(p, 2, 3, "complete"), [0, 0, 0, 0, 0, 1, 1, 1])
    np.testing.assert_allclose(fx.initiative_weight(p, 2, 3, "ramp"), [0, 0, 1 / 3, 2 / 3, 1, 1, 1, 1])
    np.testing.assert_allclose(fx.initiative_weight(p, 2, 0, "ramp"), [0, 0, 1, 1, 1, 1, 1, 1])  # 0 months: at once


def test_a_budget_is_spread_over_its_months_and_what_falls_after_the_horizon_is_counted_apart():
    cost, after = fx.initiative_cost(np.arange(6), 4, 4, 40_000.0)  # months 4 … 7, horizon ends at month 5
    np.testing.assert_allclose(cost, [0, 0, 0, 0, 10_000, 10_000])
    assert after == 20_000
    cost, after = fx.initiative_cost(np.arange(-2, 3), 0, 4, 8_000.0)  # plan months −2 …: months 0, 1, 2 counted
    np.testing.assert_allclose(cost, [0, 0, 2_000, 2_000, 2_000])
    assert after == 2_000
    np.testing.assert_allclose(fx.initiative_cost(np.arange(3), 1, 0, 500.0)[0], [0, 500, 0])  # 0 months: at start


def _plan(*rows) -> pd.DataFrame:
    columns = ["initiative_id", "title", "start_month", "duration_months", "budget", "confidence", "effect_retention",
               "effect_frequency", "effect_aov", "segmentation", "segment", "target_label"]
    return pd.DataFrame([dict(zip(columns, r)) for r in rows], columns=columns)


def test_the_plan_as_levers_costs_and_ranges():
    plan = _plan(
        (1, "CRM", 0, 2, 20_000.0, 0.5, 4.0, 0.10, np.nan, None, None, ""),        # everyone, from month 3
        (2, "VIP care", 1, 1, 6_000.0, 0.8, 6.0, np.nan, 0.05, "tier", "gold", "Gold"),  # a target elsewhere
        (3, "Idea", pd.NA, 3, 1_000.0, 0.8, 1.0, 0.0, 0.0, None, None, ""),          # not scheduled
        (4, "Gone", 0, 1, 3_000.0, 0.8, 1.0, 0.0, 0.0, "tier", "diamond", "Diamond"),  # target gone
    )
    shares = {("tier", "gold"): np.array([0.25, 1.0]), ("tier", "diamond"): np.full(2, np.nan)}
    effects = fx.roadmap_effects(plan, START, AS_OF, ["all_a", "all_b"], 6, shares, "complete", False)
    levers = effects.point()
    # #1 everywhere from projection month 3 (plan month 2); #2 from month 3 too, a quarter of it in segment a
    np.testing.assert_allclose(levers["retention_pp"][0], [0, 0, 4 + 1.5, 5.5, 5.5, 5.5])
    np.testing.assert_allclose(levers["retention_pp"][1], [0, 0, 10, 10, 10, 10])
    np.testing.assert_allclose(levers["frequency_pct"][1], [0, 0, 0.1, 0.1, 0.1, 0.1])
    np.testing.assert_allclose(levers["aov_pct"][0], [0, 0, 0.0125] + [0.0125] * 3)
    np.testing.assert_allclose(levers["acquisition_pct"], 0)
    # budgets: #1 10,000 in months 1 and 2; #2 6,000 in month 2; #4 (target gone) still spends 3,000 in month 1
    np.testing.assert_allclose(effects.cost, [13_000, 16_000, 0, 0, 0, 0])
    frame = effects.initiatives.set_index("initiative_id")
    assert frame.loc[3, "reason"] == "not_scheduled" and not frame.loc[3, "acts"]
    assert frame.loc[4, "reason"] == "target_gone" and frame.loc[4, "acts"]  # its budget is in the scenario
    assert frame.loc[1, "first_month"] == 3 and frame.loc[1, "full_month"] == 3
    assert sorted(effects.acting) == [1, 2, 4]
    # ranges from confidence: 50% → 0 … 2× the effect, 80% → 0.6 … 1.4×
    groups = effects.groups.set_index("initiative_id")
    assert (groups.loc[1, "low"], groups.loc[1, "high"]) == (0.0, 2.0)
    assert groups.loc[2, "low"] == pytest.approx(0.6) and groups.loc[2, "high"] == pytest.approx(1.4)


def test_effects_can_ramp_and_be_weighted_by_confidence():
    plan = _plan((1, "CRM", 0, 4, 0.0, 0.5, 8.0, 0.0, 0.0, None, None, ""))
    ramped = fx.roadmap_effects(plan, START, AS_OF, ["all"], 6, {}, "ramp", True).point()["retention_pp"][0]
    np.testing.assert_allclose(ramped, 0.5 * 8 * np.array([0.25, 0.5, 0.75, 1, 1, 1]))


def test_initiatives_that_ended_before_the_projection_are_in_the_data_already():
    plan = _plan((1, "Done", 0, 2, 9_000.0, 1.0, 3.0, 0.0, 0.0, None, None, ""))
    later = fx.roadmap_effects(plan, dt.date(2026, 9, 1), AS_OF, ["all"], 3, {}, "complete", False)
    assert later.initiatives.iloc[0]["reason"] == "past"
    np.testing.assert_allclose(later.point()["retention_pp"], 0)
    np.testing.assert_allclose(later.cost, 0)


def test_an_empty_roadmap_leaves_the_baseline_and_says_so():
    effects = fx.roadmap_effects(_plan(), START, AS_OF, ["all"], 3, {}, "complete", False)
    assert effects.notes == (("scenarios.note.roadmap_empty", {}),)
    np.testing.assert_allclose(effects.point()["retention_pp"], 0)


class _Snapshot:
    """The duck-typed segment snapshot ``overlap_shares`` reads: a summary, a table, members, segments."""

    def __init__(self, active, tier, churn):
        self.summary = pd.DataFrame({"purchase_days_12m": active})
        self.table = pd.DataFrame({"tier": tier, "churn": churn})
        self.n_customers = len(active)

    def segments(self, name):
        return list(dict.fromkeys(self.table[name]))

    def members(self, name, segment):
        if name not in self.table:
            raise KeyError(name)
        return (self.table[name] == segment).to_numpy()


def test_a_target_in_another_segmentation_acts_on_the_share_of_each_segment_it_reaches():
    # gold: 4 active customers, 1 of them at high churn risk; silver: 2 active, both high; the lapsed one is not
    # counted (the projection starts from who is active)
    snap = _Snapshot(active=[1, 1, 1, 1, 2, 3, 0], tier=["gold"] * 4 + ["silver"] * 3,
                     churn=["high", "low", "low", "low", "high", "high", "high"])
    shares = fx.overlap_shares(snap, "tier", ["gold", "silver"], [("churn", "high"), ("churn", "nobody"),
                                                                 ("rfm", "x")])
    np.testing.assert_allclose(shares[("churn", "high")], [0.25, 1.0])
    assert np.isnan(shares[("churn", "nobody")]).all()  # no members: the target is gone
    assert np.isnan(shares[("rfm", "x")]).all()


def test_the_roadmap_feeds_a_scenario_through_the_workspace(shop):
    """Two initiatives on the plan of the hand-made shop; the scenario's projection is ``project`` with the
    levers the plan gives, month by month, and the budgets are its cost."""
    roadmap.save_plan(shop, "2026-11", [dict(p) for p in roadmap.load_config(shop).phases], 0)
    roadmap.create_initiative(shop, "Win-back", status="planned", start_month=0, duration_months=3, budget=30_000,
                              effect_retention=5.0, confidence=0.8)
    roadmap.create_initiative(shop, "Idea only", status="idea", start_month=0, duration_months=1, budget=99_000,
                              effect_retention=50.0)
    for timing, weights in (("complete", [0, 0, 0, 1, 1, 1]), ("ramp", [1 / 3, 2 / 3, 1, 1, 1, 1])):
        result = scenarios.run(shop, {"segmentation": scenarios.ALL, "roadmap": True, "months": 6, "timing": timing,
                                      "discount_rate": 0.0})
        expected = scenarios.project(result.used, {"all": {"retention_pp": [5 * w for w in weights]}}, months=6,
                                     discount_rate_annual=0.0)
        np.testing.assert_allclose(result.frame["revenue"], expected["revenue"], rtol=1e-12)
        np.testing.assert_allclose(result.cost, [10_000, 10_000, 10_000, 0, 0, 0])  # the idea costs nothing
        money = result.returns
        assert money["incremental"] == pytest.approx(expected["gross_profit"].sum()
                                                     - result.base_frame["gross_profit"].sum())
        assert money["cost"] == pytest.approx(30_000)
    assert result.effects.acting == [1]


def test_an_empty_roadmap_scenario_runs_as_the_baseline(shop):
    result = scenarios.run(shop, {"segmentation": scenarios.ALL, "roadmap": True})
    assert ("scenarios.note.roadmap_empty", {}) in result.notes
    np.testing.assert_allclose(result.frame["revenue"], result.base_frame["revenue"])
    assert result.returns["payback_month"] is None and np.isnan(result.returns["roi"])
