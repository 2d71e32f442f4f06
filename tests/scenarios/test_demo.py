"""The demo workspace's two scenarios: the roadmap and "VIP retention +5", on one baseline, both running."""

from __future__ import annotations

import pytest

from workbench import clv, scenarios
from workbench.demo import build_demo
from workbench.i18n import t


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_demo_has_the_roadmap_and_vip_retention_scenarios(manager, lang):
    ws = build_demo(manager, lang)
    saved = scenarios.list_scenarios(ws)
    assert [s.name for s in saved] == [t("scenarios.demo.roadmap", lang), t("scenarios.demo.vip", lang)]
    roadmap_scenario, vip = saved
    assert roadmap_scenario.spec["roadmap"] and not roadmap_scenario.spec["levers"]
    assert vip.spec["levers"] == {"key": {"retention_pp": 5.0, "cost_once": 50_000.0, "cost_monthly": 5_000.0}}
    assert {s.spec["segmentation"] for s in saved} == {"pyramid"}  # one baseline: they compare side by side
    assert clv.load_settings(ws)["margin"] == 0.62
    results = [scenarios.run(ws, s, lang) for s in saved]
    frame = scenarios.compare(results)
    assert frame["baseline_revenue"].nunique() == 1
    # the roadmap's twelve planned initiatives all act; its budget of 2.34M falls within the 36 months
    assert len(results[0].effects.acting) == 12
    assert results[0].cost.sum() == pytest.approx(2_340_000)
    assert results[1].cost.sum() == pytest.approx(50_000 + 36 * 5_000)
    # five more points among the key customers: 86% → 91%, and the scenario pays for itself within three years
    key = results[1].used.set_index("segment").loc["key", "retention_annual"]
    assert 0.80 < key < 0.95
    assert results[1].returns["payback_month"] is not None
