"""The demo workspace shows every value-gap view working: Kano pairs, an overall-satisfaction attribute, two
named competitors, a typed workshop row, dimensions for perceived value, a stated/derived disagreement."""

from __future__ import annotations

import pytest

from workbench import demo
from workbench import value_gap as vg


@pytest.fixture(scope="module")
def demo_view(tmp_path_factory):
    from workbench.core.store import WorkspaceManager

    mgr = WorkspaceManager(tmp_path_factory.mktemp("demo"))
    ws = demo.build_demo(mgr, "zh")
    yield ws, vg.analyse(ws)
    mgr.close_all()


def test_every_tab_has_content_and_nothing_is_missing(demo_view):
    ws, view = demo_view
    assert view.notes == {}  # no "missing input" note anywhere
    assert view.respondents == 600 and len(view.gaps) == 13
    assert (view.gaps["origin"] == "typed").sum() == 1
    assert set(view.kano["category_rule"]) >= {"mode", "hand"} and len(view.kano) == 8
    assert view.derived["source"] == "attribute" and view.derived["n_used"] == 600 and view.derived["r2"] > 0.5
    assert view.compare["disagree"].any()  # price: said to matter, does not drive satisfaction
    assert set(view.competitors["who"]) == {"__us__", "街角咖啡", "云朵咖啡"}
    assert view.benchmark["position"].isin(["lead"]).any() and view.benchmark["position"].isin(["trail"]).any()
    assert view.value["perceived_value"].notna().all() and len(view.value) == 5  # all + four segments
    assert list(view.layers["layer"]) == ["basic", "value_added", "differentiation"]
    assert len(view.differences) > 0


def test_the_demo_in_english_names_its_competitors_in_english(tmp_path):
    from workbench.core.store import WorkspaceManager

    mgr = WorkspaceManager(tmp_path)
    ws = mgr.create("x")
    try:
        vg.seed_demo(ws, "en")  # no survey: only the typed row and the settings
        cfg = vg.load_settings(ws)
        assert (cfg["survey_competitor"], cfg["competitors"]) == ("Corner Coffee", ["Cloud Café"])
        assert list(vg.read_attributes(ws)["attribute"]) == ["Pickup lockers"]
    finally:
        mgr.close_all()
