"""Scenarios page driven through AppTest: move a lever and the totals change (and it is saved); make, duplicate
and compare two scenarios; reload and find them; another participant's change followed or a conflict; bad
input said in words; every tab in both languages; readable charts; the roadmap's goal view projected."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from helpers import LAPSED_SHOP_ORDERS, insert_rows, page_key, raw_keys_shown, with_workspace

from workbench import clv, roadmap, scenarios
from workbench.core.store import WorkspaceManager
from workbench.i18n import t

PAGE = "views/scenarios.py"
# most customers bought once and several lapsed; data to 2026-10-31 (see tests/scenarios/conftest.py)
ORDERS = LAPSED_SHOP_ORDERS




@pytest.fixture
def ws_home(home):
    mgr = WorkspaceManager(home)
    ws = mgr.create("t")
    insert_rows(ws, "orders", ORDERS)
    clv.save_settings(ws, {**clv.load_settings(ws), "margin": 0.5})
    mgr.close_all()
    return home


def _ok(at):
    assert not at.exception, [e.value for e in at.exception]


def _tab(at, name, lang="en", ws="t"):
    at.session_state[page_key(f"tab_{lang}", ws)] = t(f"scenarios.tab.{name}", lang)
    at.run()
    _ok(at)
    return at


def _metric(at, label_key, lang="en", **params):
    label = t(label_key, lang, **params)
    return next(m for m in at.metric if m.label == label)


def _lever(at, sid, segment, lever):
    return at.slider(key=page_key(f"w_{sid}_lever:{segment}:{lever}"))


def test_no_scenario_yet_says_how_to_make_one(app_test, ws_home):
    at = app_test(PAGE, lang="en")
    _ok(at)
    assert t("scenarios.none_yet", "en") in [i.value for i in at.info]


def test_move_a_lever_and_the_totals_change_and_are_saved(app_test, ws_home):
    sid = with_workspace(ws_home, lambda ws: scenarios.create_scenario(ws, "Base", segmentation=scenarios.ALL))
    at = app_test(PAGE, lang="en")
    _ok(at)
    before = _metric(at, "scenarios.card.profit", months=36)
    assert before.proto.delta in ("", "+¥0 (+0.0%)")  # nothing moved yet: the scenario is the baseline
    _lever(at, sid, "all", "retention_pp").set_value(5.0).run()
    _ok(at)
    after = _metric(at, "scenarios.card.profit", months=36)
    assert after.value != before.value and after.proto.delta.startswith("+")
    stored = with_workspace(ws_home, lambda ws: scenarios.get_scenario(ws, sid))
    assert stored.spec["levers"] == {"all": {"retention_pp": 5.0}} and stored.revision == 2
    # the card is the scenario's own total (the API gives the same)
    result = with_workspace(ws_home, lambda ws: scenarios.run(ws, scenarios.get_scenario(ws, sid)))
    from workbench.core.formatting import fmt_money_short

    assert after.value == fmt_money_short(result.totals().iloc[-1]["discounted_gross_profit"], "en", currency="CNY")
    # a frequency lever moved too: saved as a fraction, shown in percent
    _lever(at, sid, "all", "frequency_pct").set_value(10.0).run()
    _ok(at)
    assert with_workspace(ws_home, lambda ws: scenarios.get_scenario(ws, sid)).spec["levers"] == {
        "all": {"retention_pp": 5.0, "frequency_pct": 0.1}}


def test_make_duplicate_and_compare_two_scenarios_then_reload_and_find_them(app_test, ws_home):
    at = app_test(PAGE, lang="en")
    at.text_input(key=page_key("new_name")).input("Plan A")
    at.selectbox(key=page_key("new_seg")).set_value(scenarios.ALL)
    next(b for b in at.button if b.label == t("scenarios.create", "en")).click().run()
    _ok(at)
    first = with_workspace(ws_home, scenarios.list_scenarios)
    assert [s.name for s in first] == ["Plan A"]
    at.button(key=page_key("dup")).click().run()
    _ok(at)
    saved = with_workspace(ws_home, scenarios.list_scenarios)
    assert [s.name for s in saved] == ["Plan A", t("scenarios.copy_of", "en", name="Plan A")]
    copy = saved[1].scenario_id
    assert at.selectbox(key=page_key(f"pick_{copy}")).value == copy  # the copy is open
    _lever(at, copy, "all", "aov_pct").set_value(20.0).run()
    _ok(_tab(at, "compare"))
    table = next(tb.value for tb in at.table if t("scenarios.col.figure", "en") in tb.value.columns)
    assert list(table.columns) == [t("scenarios.col.figure", "en"), t("scenarios.series.baseline", "en"), "Plan A",
                                   "Plan A (copy)"]
    revenue = table.set_index(t("scenarios.col.figure", "en")).loc[t("scenarios.figure.revenue", "en")]
    assert revenue["Plan A"] == revenue[t("scenarios.series.baseline", "en")] != revenue["Plan A (copy)"]
    # a new browser session (a refresh) finds both, the copy with its lever
    again = app_test(PAGE, lang="en")
    _ok(again)
    assert again.selectbox(key=page_key(f"pick_{first[0].scenario_id}")).options == ["Plan A", "Plan A (copy)"]
    copied = with_workspace(ws_home, lambda ws: scenarios.get_scenario(ws, copy))
    assert copied.spec["levers"] == {"all": {"aov_pct": 0.2}}


def test_rename_and_delete(app_test, ws_home):
    sid = with_workspace(ws_home, lambda ws: scenarios.create_scenario(ws, "Old", segmentation=scenarios.ALL))
    at = app_test(PAGE, lang="en")
    at.text_input(key=page_key(f"ren_name_{sid}")).input("New name")
    next(b for b in at.button if b.label == t("scenarios.rename", "en")).click().run()
    _ok(at)
    assert with_workspace(ws_home, lambda ws: scenarios.get_scenario(ws, sid)).name == "New name"
    at.checkbox(key=page_key(f"del_ok_{sid}")).check().run()
    at.button(key=page_key(f"del_{sid}")).click().run()
    _ok(at)
    assert with_workspace(ws_home, scenarios.list_scenarios) == []
    assert t("scenarios.none_yet", "en") in [i.value for i in at.info]


def test_another_participants_change_is_followed_or_is_a_conflict(app_test, ws_home):
    sid = with_workspace(ws_home, lambda ws: scenarios.create_scenario(ws, "Shared", segmentation=scenarios.ALL))
    at = app_test(PAGE, lang="en")
    _ok(at)
    # someone else sets retention +3 while nothing was moved here: this page follows
    with_workspace(ws_home, lambda ws: scenarios.update_scenario(ws, sid, {"levers": {"all": {"retention_pp": 3}}}, 1))
    at.run()
    _ok(at)
    assert _lever(at, sid, "all", "retention_pp").value == 3.0
    # they change it again, and this participant moves a lever before seeing it: a conflict, nothing overwritten
    with_workspace(ws_home, lambda ws: scenarios.update_scenario(ws, sid, {"levers": {"all": {"retention_pp": 4}}}, 2))
    _lever(at, sid, "all", "aov_pct").set_value(10.0).run()
    _ok(at)
    assert any("Another participant changed scenario “Shared”" in e.value for e in at.error)
    stored = with_workspace(ws_home, lambda ws: scenarios.get_scenario(ws, sid))
    assert stored.spec["levers"] == {"all": {"retention_pp": 4.0}}
    at.button(key=page_key("reload")).click().run()
    _ok(at)
    assert not at.error
    assert _lever(at, sid, "all", "retention_pp").value == 4.0 and _lever(at, sid, "all", "aov_pct").value == 0.0


def test_bad_input_is_said_and_the_scenario_stays_saved(app_test, ws_home):
    from workbench.scenarios import store

    def broken(ws):
        sid = scenarios.create_scenario(ws, "Split", segmentation="tier")
        with ws.transaction() as cur:  # its segmentation is gone (a rule renamed in a later release)
            store.update_scenario(cur, sid, "Split", {**scenarios.get_scenario(ws, sid).spec,
                                                      "segmentation": "loyalty_ladder"}, 2)
        return sid

    sid = with_workspace(ws_home, broken)
    at = app_test(PAGE, lang="en")
    _ok(at)
    assert any("Segmentation “loyalty\\_ladder” no longer exists" in e.value for e in at.error)
    for name in ("baseline", "compare", "sensitivity", "ranges"):
        _tab(at, name)
    assert [s.name for s in with_workspace(ws_home, scenarios.list_scenarios)] == ["Split"]
    # choosing another segmentation in the scenario's settings brings it back
    _tab(at, "levers")
    at.selectbox(key=page_key(f"w_{sid}_segmentation")).set_value(scenarios.ALL).run()
    _ok(at)
    assert not at.error
    assert with_workspace(ws_home, lambda ws: scenarios.get_scenario(ws, sid)).spec["segmentation"] == scenarios.ALL


def test_an_override_typed_on_the_baseline_tab_moves_the_projection(app_test, ws_home):
    sid = with_workspace(ws_home, lambda ws: scenarios.create_scenario(ws, "Base", segmentation=scenarios.ALL))
    at = _tab(app_test(PAGE, lang="en"), "baseline")
    shown = at.table[0].value
    assert shown.iloc[0][t("scenarios.col.retention", "en")] == "60.0% · n=5"  # hand-worked in tests/scenarios
    before = _metric(at, "scenarios.card.profit", months=36).value
    key = page_key(f"ovr_{scenarios.ALL}_0")
    at.session_state[key] = {"edited_rows": {0: {"retention_annual": 150.0}}, "added_rows": [], "deleted_rows": []}
    at.button(key=page_key("ovr_save")).click().run()
    _ok(at)
    assert any("must be between 0% and 100%" in e.value for e in at.error)  # refused, nothing saved
    assert with_workspace(ws_home, lambda ws: scenarios.load_overrides(ws, scenarios.ALL)) == ({}, 0)
    at = _tab(app_test(PAGE, lang="en"), "baseline")
    at.session_state[key] = {"edited_rows": {0: {"retention_annual": 80.0}}, "added_rows": [], "deleted_rows": []}
    at.button(key=page_key("ovr_save")).click().run()
    _ok(at)
    assert with_workspace(ws_home, lambda ws: scenarios.load_overrides(ws, scenarios.ALL)) == (
        {"all": {"retention_annual": 0.8}}, 1)
    assert at.table[0].value.iloc[0][t("scenarios.col.retention", "en")] == "80.0% ✎ (60.0%) · n=5"
    assert _metric(at, "scenarios.card.profit", months=36).value != before
    assert sid


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_tab_runs_on_the_demo_with_no_raw_keys_and_readable_charts(app_test, home, lang):
    from workbench.core.chartstyle import MIN_FONT_PX, TEXT_COLOUR
    from workbench.demo import build_demo

    mgr = WorkspaceManager(home)
    build_demo(mgr, lang)
    mgr.close_all()
    at = app_test(PAGE, lang=lang, timeout=180)
    _ok(at)
    specs = []
    for name in ("levers", "baseline", "compare", "sensitivity", "ranges"):
        _tab(at, name, lang, "demo")
        assert raw_keys_shown(at) == [], name
        specs += [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert len(specs) >= 5
    for spec in specs:
        for part in ("axis", "legend"):
            assert spec["config"][part]["labelFontSize"] >= MIN_FONT_PX
            assert spec["config"][part]["labelColor"] == TEXT_COLOUR
    # the demo's two scenarios and the roadmap's initiatives
    assert at.selectbox(key=page_key("pick_1", "demo")).options == [t("scenarios.demo.roadmap", lang),
                                                                   t("scenarios.demo.vip", lang)]


def test_the_roadmaps_goal_view_shows_the_projection(app_test, ws_home):
    def plan(ws):
        roadmap.save_plan(ws, "2026-11", [dict(p) for p in roadmap.load_config(ws).phases], 0)
        roadmap.create_initiative(ws, "Care", status="planned", start_month=0, duration_months=2, budget=900,
                                  effect_retention=5.0, effect_frequency=0.2)
        scenarios.create_scenario(ws, "Roadmap", segmentation=scenarios.ALL, roadmap=True)

    with_workspace(ws_home, plan)
    at = app_test("views/roadmap.py", lang="en")
    at.session_state[page_key("tab_en")] = t("roadmap.tab.goal", "en")
    at.run()
    _ok(at)
    table = next(tb.value for tb in at.table if t("roadmap.col.projected", "en") in tb.value.columns)
    projected = table[t("roadmap.col.projected", "en")].tolist()
    assert all(p != "–" for p in projected)  # every milestone has the plan's projection
    assert any("scenario “Roadmap”" in c.value for c in at.caption)


def test_the_settings_change_the_horizon_and_bring_the_roadmap_in(app_test, ws_home):
    def plan(ws):
        roadmap.save_plan(ws, "2026-11", [dict(p) for p in roadmap.load_config(ws).phases], 0)
        roadmap.create_initiative(ws, "Care", status="planned", start_month=0, duration_months=2, budget=1_200,
                                  effect_retention=5.0)
        return scenarios.create_scenario(ws, "Base", segmentation=scenarios.ALL)

    sid = with_workspace(ws_home, plan)
    at = app_test(PAGE, lang="en")
    at.slider(key=page_key(f"w_{sid}_months")).set_value(12).run()
    _ok(at)
    assert _metric(at, "scenarios.card.revenue", months=12)  # the cards follow the horizon
    at.toggle(key=page_key(f"w_{sid}_roadmap")).set_value(True).run()
    _ok(at)
    stored = with_workspace(ws_home, lambda ws: scenarios.get_scenario(ws, sid))
    assert stored.spec["months"] == 12 and stored.spec["roadmap"] and stored.revision == 3
    initiatives = next(tb.value for tb in at.table if t("scenarios.col.initiative", "en") in tb.value.columns)
    assert initiatives[t("scenarios.col.initiative", "en")].tolist() == ["Care"]
    assert initiatives[t("scenarios.col.acts_from", "en")].tolist() == ["3 · 2027-01"]
    # 600 in months 1 and 2, discounted at 10% a year: 600 × 0.992089 + 600 × 0.984240 = 1,185.80
    assert _metric(at, "scenarios.card.cost").value == "¥1,186"
    at.radio(key=page_key(f"w_{sid}_timing")).set_value("ramp").run()
    _ok(at)
    assert with_workspace(ws_home, lambda ws: scenarios.get_scenario(ws, sid)).spec["timing"] == "ramp"


def test_a_segment_without_retention_history_is_named_and_offers_no_lever(app_test, home):
    """Less than a year of orders: nobody bought in the 12 months before the last year, so there is no
    retention to project from. The page names the segment and offers no slider for it (it used to raise on
    the retention slider's bounds: NaN)."""
    recent = pd.DataFrame({"customer_id": ["A", "A", "B", "C"],
                           "order_ts": pd.to_datetime(["2026-03-01", "2026-06-01", "2026-05-10", "2026-10-31"]),
                           "amount": [30.0, 20, 15, 25]})
    mgr = WorkspaceManager(home)
    ws = mgr.create("t")
    insert_rows(ws, "orders", recent)
    scenarios.create_scenario(ws, "New shop", segmentation=scenarios.ALL)
    mgr.close_all()
    at = app_test(PAGE, lang="en")
    _ok(at)
    name = scenarios.segment_name(scenarios.ALL, scenarios.ALL, "en")
    assert any(e.value.startswith("No segment of this segmentation can be projected. Not projected: " + name)
               and "lack the history a retention needs" in e.value for e in at.error), [e.value for e in at.error]
    assert not [s for s in at.slider if "lever:" in str(s.key)]


def test_a_tier_without_retention_history_is_left_out_and_the_others_get_levers(app_test, ws_home):
    """On the page's shop split by tiers, silver has active customers but nobody in it a year ago (retention
    NaN, see tests/scenarios/conftest.py's reasoning): gold is projected with its levers, silver is named in a
    warning and offers no slider, bronze (nobody active, but retention from a year ago) is not offered either."""
    sid = with_workspace(ws_home, lambda ws: scenarios.create_scenario(ws, "Tiers", segmentation="tier"))
    at = app_test(PAGE, lang="en")
    _ok(at)
    silver = scenarios.segment_name("tier", "silver", "en")
    assert any(w.value.startswith("Not projected: " + silver) for w in at.warning), [w.value for w in at.warning]
    assert at.segmented_control(key=page_key(f"seg_{sid}")).options == [scenarios.segment_name("tier", "gold", "en")]
    offered = {str(s.key).split("lever:")[1].split(":")[0] for s in at.slider if "lever:" in str(s.key)}
    assert offered == {"gold"}
    _lever(at, sid, "gold", "retention_pp").set_value(-5.0).run()
    _ok(at)
    saved = with_workspace(ws_home, lambda ws: scenarios.get_scenario(ws, sid))
    assert saved.spec["levers"] == {"gold": {"retention_pp": -5.0}}


def test_a_margin_of_100_percent_is_said_on_the_levers_tab(app_test, home):
    """Without a gross margin set (the CLV default is 100%) the "profit" cards are revenue: the warning stands
    above the tabs, where the cards are, not only on the Baseline tab."""
    mgr = WorkspaceManager(home)
    ws = mgr.create("t")
    insert_rows(ws, "orders", ORDERS)
    assert clv.load_settings(ws)["margin"] == 1.0
    scenarios.create_scenario(ws, "Base", segmentation=scenarios.ALL)
    mgr.close_all()
    at = app_test(PAGE, lang="en")
    _ok(at)
    assert t("scenarios.how.margin_100", "en") in [w.value for w in at.warning]
    at = _tab(at, "baseline")
    assert [w.value for w in at.warning].count(t("scenarios.how.margin_100", "en")) == 1  # said once
