"""Roadmap page driven through AppTest: add from the library, change a start month and see the Gantt's data and
a warning change, reload and find it; bad input; two participants; the detail form; undo; both languages."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from helpers import insert_rows, page_key, raw_keys_shown, with_workspace

from workbench import roadmap
from workbench.core.store import WorkspaceManager
from workbench.i18n import t

PAGE = "views/roadmap.py"
ORDERS = pd.DataFrame({
    "order_id": [f"o{i}" for i in range(6)],
    "customer_id": ["A", "A", "B", "C", "D", "D"],
    "order_ts": pd.to_datetime(["2026-01-05", "2026-06-10", "2026-03-03", "2026-09-09", "2025-12-01", "2026-10-31"]),
    "amount": [40.0, 35.0, 80.0, 15.0, 30.0, 30.0],
})


@pytest.fixture
def ws_home(home):
    mgr = WorkspaceManager(home)
    insert_rows(mgr.create("t"), "orders", ORDERS)
    mgr.close_all()
    return home




def _ok(at):
    assert not at.exception, [e.value for e in at.exception]


def _tab(at, name, lang="en"):
    """Open a tab of the page (only the open tab runs)."""
    at.session_state[page_key(f"tab_{lang}")] = t(f"roadmap.tab.{name}", lang)
    at.run()
    _ok(at)
    return at


def _gantt(at, lang="en") -> pd.DataFrame:
    """The bars the page's Gantt draws (the plan tab open): the data of its bar layer."""
    from streamlit import dataframe_util

    for el in at.get("vega_lite_chart"):
        spec = json.loads(el.proto.spec)
        title = spec.get("title")
        if (title.get("text") if isinstance(title, dict) else title) != t("roadmap.chart.gantt", lang):
            continue
        data = {d.name: dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data) for d in el.proto.datasets}
        bars = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "bar")
        return data[bars["data"]["name"]]
    raise AssertionError("no Gantt on the page")


def _warnings(at) -> list[str]:
    return [w.value for w in at.warning]


def _version(home) -> int:
    return with_workspace(home, lambda ws: roadmap.load_config(ws).version)


def _edit_board(at, home, edited=None, added=None, deleted=None):
    at.session_state[page_key(f"board_{_version(home)}")] = {
        "edited_rows": edited or {}, "added_rows": added or [], "deleted_rows": deleted or []}
    at.run()
    _ok(at)


def _board_row(at, home, title) -> int:
    """The row of an initiative in the board table (ranked, so look it up)."""
    editor = next(d for d in at.data_editor if d.key == page_key(f"board_{_version(home)}"))
    return editor.value["title"].tolist().index(title)


def test_an_empty_plan_says_so_in_both_languages(app_test, ws_home):
    for lang in ("zh", "en"):
        at = app_test(PAGE, lang=lang)
        _ok(at)
        assert t("roadmap.no_warnings", lang) in [s.value for s in at.success]
        for name in ("plan", "capacity", "goal", "library", "settings"):
            _tab(at, name, lang)
            assert raw_keys_shown(at) == []
        assert _gantt(_tab(at, "plan", lang), lang).empty


def test_add_from_the_library_for_a_segment(app_test, ws_home):
    at = _tab(app_test(PAGE, lang="en"), "library")
    at.selectbox(key=page_key("lib_item_")).set_value("tiered_membership").run()
    from workbench import segments

    tier = with_workspace(ws_home, lambda ws: next((a, b) for a, b, _ in segments.snapshot(ws).options("en")
                                             if a == "tier"))
    at.selectbox(key=page_key("lib_seg")).set_value(tier).run()
    at.button(key=page_key("lib_add")).click().run()
    _ok(at)
    rows = with_workspace(ws_home, roadmap.list_initiatives)
    assert rows["title"].tolist() == [t("roadmap.lib.tiered_membership.title", "en")]
    assert rows.loc[0, "segmentation"] == "tier" and rows.loc[0, "source_kind"] == "library"
    # the new initiative's detail is open on the board, with where it came from
    _tab(at, "board")
    assert any(s.value.startswith("#1 ") for s in at.subheader)
    assert any("Library: Nine strategies" in c.value for c in at.caption)


def test_change_a_start_month_moves_the_bar_and_the_warning_then_reload(app_test, ws_home):
    def plan(ws):
        a = roadmap.create_initiative(ws, "Data platform", status="planned", start_month=0, duration_months=6,
                                      owner="IT", kpi="Retention")
        roadmap.create_initiative(ws, "Campaign", status="planned", start_month=6, duration_months=2,
                                  depends_on=[a], owner="CRM", kpi="Repurchase rate")

    with_workspace(ws_home, plan)
    at = app_test(PAGE, lang="en")
    _ok(at)
    bars = _gantt(_tab(at, "plan")).set_index("title")
    assert bars.loc[["Data platform", "Campaign"], "start_month"].tolist() == [0, 6]
    assert _warnings(at) == []
    # the room moves the data platform two months later in the board table
    _tab(at, "board")
    _edit_board(at, ws_home, edited={_board_row(at, ws_home, "Data platform"): {"start_month": 2}})
    bars = _gantt(_tab(at, "plan")).set_index("title")
    assert bars.loc["Data platform", ["start_month", "end_month"]].tolist() == [2, 8]
    assert bars.loc["Data platform", "start"] == pd.Timestamp(bars.loc["Campaign", "start"]) - pd.DateOffset(months=4)
    assert [w for w in _warnings(at) if "Campaign" in w and "starts in" in w]
    assert with_workspace(ws_home, lambda ws: roadmap.get_initiative(ws, 1)["start_month"]) == 2
    # a new browser session finds it all
    again = app_test(PAGE, lang="en")
    _ok(again)
    assert any("Campaign" in w and "Data platform" in w for w in _warnings(again))
    assert _gantt(_tab(again, "plan")).set_index("title").at["Data platform", "start_month"] == 2
    capacity = next(tb for tb in _tab(again, "capacity").table if "Phase" in tb.value.columns).value
    assert capacity.shape[0] == 3


def test_bad_input_gets_a_message_and_nothing_is_saved(app_test, ws_home):
    with_workspace(ws_home, lambda ws: roadmap.create_initiative(ws, "Tiers", status="planned", budget=100,
                                                           start_month=1, owner="M", kpi="K"))
    at = app_test(PAGE, lang="en")
    _edit_board(at, ws_home, edited={0: {"budget": -50}})
    assert any("Budget cannot be negative" in e.value for e in at.error)
    at = app_test(PAGE, lang="en")
    _edit_board(at, ws_home, edited={0: {"start_month": 40}})
    assert any("beyond the last phase" in e.value for e in at.error)
    at = app_test(PAGE, lang="zh")
    _edit_board(at, ws_home, added=[{"title": "   ", "budget": 10}])
    assert any("举措名称不能为空" in e.value for e in at.error)
    stored = with_workspace(ws_home, roadmap.list_initiatives)
    assert len(stored) == 1 and stored.loc[0, "budget"] == 100 and stored.loc[0, "start_month"] == 1
    assert stored.loc[0, "revision"] == 1
    assert _gantt(_tab(at, "plan", "zh"), "zh")["start_month"].tolist() == [1]  # the plan is still shown


def test_two_participants_editing_one_initiative_get_a_conflict_and_a_reload(app_test, ws_home):
    with_workspace(ws_home, lambda ws: roadmap.create_initiative(ws, "Tiers", status="planned", budget=100))
    at = app_test(PAGE, lang="en")
    key = page_key(f"board_{_version(ws_home)}")
    # another participant changes the owner meanwhile
    with_workspace(ws_home, lambda ws: roadmap.update_initiative(ws, 1, {"owner": "Lin"}, 1, actor="other"))
    at.session_state[key] = {"edited_rows": {0: {"budget": 999}}, "added_rows": [], "deleted_rows": []}
    at.run()
    _ok(at)
    assert any("was changed by someone else" in e.value for e in at.error)
    stored = with_workspace(ws_home, lambda ws: roadmap.get_initiative(ws, 1))
    assert (stored["owner"], stored["budget"], stored["revision"]) == ("Lin", 100, 2)
    at.button(key=page_key("reload")).click().run()
    _ok(at)
    assert not at.error
    editor = next(d for d in at.data_editor if d.key == page_key(f"board_{_version(ws_home)}"))
    assert editor.value.loc[0, "owner"] == "Lin"
    _edit_board(at, ws_home, edited={0: {"budget": 999}})
    stored = with_workspace(ws_home, lambda ws: roadmap.get_initiative(ws, 1))
    assert (stored["owner"], stored["budget"], stored["revision"]) == ("Lin", 999, 3)


def test_the_detail_form_saves_and_undo_reverts_it(app_test, ws_home):
    with_workspace(ws_home, lambda ws: roadmap.create_initiative(ws, "Tiers", status="idea"))
    at = app_test(PAGE, lang="en")
    at.selectbox(key=page_key("pick_None")).set_value(1).run()
    _ok(at)
    form = page_key("detail_1_1")
    at.text_input(key=f"{form}:title").set_value("Member tiers")
    at.selectbox(key=f"{form}:status").set_value("planned")
    at.number_input(key=f"{form}:start_month").set_value(3)
    at.number_input(key=f"{form}:effect_frequency").set_value(5.0)
    at.button(key=page_key("save_detail")).click().run()
    _ok(at)
    stored = with_workspace(ws_home, lambda ws: roadmap.get_initiative(ws, 1))
    assert (stored["title"], stored["status"], stored["start_month"], stored["effect_frequency"]) == (
        "Member tiers", "planned", 3, 0.05)
    # the run that saved shows the saved plan: the form at the new revision, undo offered at once
    assert at.text_input(key=f"{page_key('detail_1_2')}:title").value == "Member tiers"
    assert not at.button(key=page_key("undo")).disabled
    assert _gantt(_tab(at, "plan"))["title"].tolist() == ["Member tiers"]
    at.button(key=page_key("undo")).click().run()
    _ok(at)
    stored = with_workspace(ws_home, lambda ws: roadmap.get_initiative(ws, 1))
    assert (stored["title"], stored["status"], stored["revision"]) == ("Tiers", "idea", 3)
    assert _gantt(at).empty


def test_switching_language_relabels_the_plan(app_test, ws_home):
    def plan(ws):
        cfg = roadmap.load_config(ws)
        phases = [dict(p) for p in cfg.phases]
        phases[0]["budget"] = 100
        roadmap.save_plan(ws, cfg.start, phases, cfg.revisions["plan"])
        roadmap.create_initiative(ws, "Tiers", status="planned", start_month=0, duration_months=2, budget=500,
                                  owner="M", kpi="K")

    with_workspace(ws_home, plan)
    at = _tab(app_test(PAGE, lang="zh"), "plan", "zh")
    assert any(w.startswith("短期超出预算") for w in _warnings(at))
    assert _gantt(at, "zh")["phase_name"].tolist() == ["短期"]
    at.sidebar.button_group[0].set_value("en").run()
    _ok(at)
    assert any(w.startswith("Short term is over budget") for w in _warnings(at))
    assert _gantt(_tab(at, "plan"))["phase_name"].tolist() == ["Short term"]
    assert raw_keys_shown(at) == []


def test_a_dependency_on_an_initiative_deleted_meanwhile_is_refused_in_the_form(app_test, ws_home):
    def plan(ws):
        roadmap.create_initiative(ws, "Data platform", status="planned", start_month=0, duration_months=3)
        roadmap.create_initiative(ws, "Campaign", status="planned", start_month=4, duration_months=2)

    with_workspace(ws_home, plan)
    at = app_test(PAGE, lang="en")
    at.selectbox(key=page_key("pick_None")).set_value(2).run()
    # another participant deletes the data platform while this one links the campaign to it
    with_workspace(ws_home, lambda ws: roadmap.delete_initiative(ws, 1, 1, actor="other"))
    at.multiselect(key=page_key("detail_2_1") + ":depends_on").set_value([1])
    at.button(key=page_key("save_detail")).click().run()
    _ok(at)
    assert any("no longer exists" in e.value for e in at.error)
    stored = with_workspace(ws_home, lambda ws: roadmap.get_initiative(ws, 2))
    assert stored["depends_on"] == [] and stored["revision"] == 1
    assert _gantt(_tab(at, "plan"))["title"].tolist() == ["Campaign"]  # the rest of the plan is shown
