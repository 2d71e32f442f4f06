"""The plan's projected KPI for the roadmap's goal view: the repurchase rate's Poisson reading, and the goal's
milestones moved by the roadmap scenario's uplift in their month."""

from __future__ import annotations

import math

import numpy as np
import pytest

from workbench import roadmap, scenarios
from workbench.scenarios.goal import repurchase_rate


def test_the_repurchase_rate_as_a_poisson_count():
    # λ = 1 purchase a year: P(at least 2) = 1 − e^−1 (1 + 1) = 0.264241; doubling the frequency, λ = 2:
    # 1 − e^−2 (1 + 2) = 0.593994
    now = 1 - math.exp(-1) * 2
    assert now == pytest.approx(0.264241, abs=1e-6)
    assert repurchase_rate(now, 1.0) == pytest.approx(now, abs=1e-9)
    assert repurchase_rate(now, 2.0) == pytest.approx(0.593994, abs=1e-6)
    assert repurchase_rate(0.0, 2.0) == 0.0 and repurchase_rate(1.0, 0.5) == 1.0  # nothing to read at the bounds


def _plan(shop):
    roadmap.save_plan(shop, "2026-11", [dict(p) for p in roadmap.load_config(shop).phases], 0)
    roadmap.create_initiative(shop, "Care", status="planned", start_month=0, duration_months=3, budget=9_000,
                              effect_retention=5.0, effect_frequency=0.2)
    return roadmap.build_plan(shop, "en")


def test_milestones_show_the_plans_uplift_from_the_month_it_lands(shop):
    plan = _plan(shop)
    scenarios.create_scenario(shop, "Roadmap", segmentation=scenarios.ALL, roadmap=True)
    projection, followed = scenarios.goal_projection(shop, plan, "retention_rate", 0.6, "en")
    assert followed == "Roadmap"
    # the initiative runs in plan months 0–2 and acts from month 3: milestones by months 1–3 still read 60%,
    # from month 4 on 60% + 5 points
    assert [projection[m] for m in (1, 2, 3)] == pytest.approx([0.6, 0.6, 0.6])
    assert [projection[m] for m in (4, 12, 36)] == pytest.approx([0.65, 0.65, 0.65])
    churn, _ = scenarios.goal_projection(shop, plan, "churn_rate", 0.4, "en")
    assert churn[12] == pytest.approx(0.35)
    # frequency +20%: the KPI moves by the same ratio; customers by the scenario's active customers over the baseline's
    frequency, _ = scenarios.goal_projection(shop, plan, "purchase_frequency", 2.0, "en")
    assert frequency[3] == pytest.approx(2.0) and frequency[4] == pytest.approx(2.4)
    result = scenarios.run(shop, scenarios.list_scenarios(shop)[0], plan=plan)
    customers, _ = scenarios.goal_projection(shop, plan, "customers", 6.0, "en")
    ratio = result.scen["active"].sum(axis=0) / result.base["active"].sum(axis=0)
    assert customers[20] == pytest.approx(6.0 * ratio[19])
    repurchase, _ = scenarios.goal_projection(shop, plan, "repurchase_rate", 0.264241, "en")
    assert repurchase[12] == pytest.approx(repurchase_rate(0.264241, 1.2), abs=1e-6)
    # the goal's targets carry it in their "projected" column
    targets = roadmap.goal_targets(plan.config.goal, 0.6, plan.on_plan, "en", projection=projection)
    assert np.isfinite(targets["projected"]).all()


def test_without_a_saved_scenario_the_plan_on_default_settings_is_followed(shop):
    plan = _plan(shop)
    projection, followed = scenarios.goal_projection(shop, plan, "retention_rate", 0.6, "en")
    assert followed == "" and projection
    assert scenarios.goal_note(followed, "retention_rate", "en").startswith("“Projected”")


def test_kpis_the_scenarios_do_not_model_have_no_projection(shop):
    plan = _plan(shop)
    assert scenarios.goal_projection(shop, plan, "nps", 30.0, "en") == ({}, None)
    assert scenarios.goal_projection(shop, plan, "retention_rate", None, "en") == ({}, None)
    assert "NPS" in scenarios.goal_note(None, "nps", "en")


def test_a_workspace_without_orders_projects_nothing(make_workspace):
    ws = make_workspace("empty")
    plan = roadmap.build_plan(ws, "en")
    assert scenarios.goal_projection(ws, plan, "retention_rate", 0.5, "en") == ({}, None)
