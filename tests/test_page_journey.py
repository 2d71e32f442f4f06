"""Journey page driven through AppTest: template, grid and stage edits, language, reload, conflicts, undo,
initiatives, persona, import errors and delete."""

from __future__ import annotations

import json

import pytest

from helpers import raw_keys_shown
from workbench import journey
from workbench.initiatives import list_initiatives
from workbench.store import WorkspaceManager

PAGE = "views/journey.py"


@pytest.fixture
def ws_home(home):
    mgr = WorkspaceManager(home)
    mgr.create("t")
    mgr.close_all()
    return home


def _store(home):
    """A separate manager on the same folder, as another process would see it (closed by the caller)."""
    return WorkspaceManager(home)


def _ok(at):
    assert not at.exception, [e.value for e in at.exception]


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.error]
    parts += [i.value for i in at.info] + [w.value for w in at.warning]
    return "\n".join(parts)


def _create(at, template="coffee", name=""):
    at.selectbox(key="journey_tpl").set_value(template)
    if name:
        at.text_input(key="journey_new_name").set_value(name)
    at.button(key="journey_create").click().run()
    _ok(at)
    return at


def _edit(at, key, edited=None, added=None, deleted=None):
    at.session_state[key] = {"edited_rows": edited or {}, "added_rows": added or [], "deleted_rows": deleted or []}
    at.run()
    _ok(at)


def _editor(at, prefix):
    return next(d for d in at.data_editor if d.key and d.key.startswith(prefix))


def _load(home, map_id=1):
    mgr = _store(home)
    try:
        return journey.load_map(mgr.open("t"), map_id)
    finally:
        mgr.close_all()


def test_empty_workspace_explains_how_to_start(app_test, ws_home):
    at = app_test(PAGE, lang="zh")
    _ok(at)
    assert "还没有旅程地图" in _texts(at)
    at = app_test(PAGE, lang="en")
    assert "no journey map yet" in _texts(at)


def test_create_from_template_edit_cell_add_and_reorder_stage_then_reload(app_test, ws_home):
    at = _create(app_test(PAGE, lang="zh"), "coffee")
    assert at.selectbox(key="journey_pick_1").value == 1
    grid = _editor(at, "journey_grid_1_1").value
    assert grid["lane"].tolist()[0] == "接触点" and "小红书探店笔记" in grid.loc[0, "s1"]
    assert "第 1 版" in _texts(at)
    # the present tab shows the grid as HTML with the template's content and evidence labels
    html = next(m.value for m in at.markdown if "<table" in m.value)
    assert "写字楼门店招牌" in html and "部分证据" in html

    # edit a cell: row 3 = pain points, stage s2; two items, one per line
    _edit(at, "journey_grid_1_1", edited={3: {"s2": "优惠规则复杂\n<b>会员价看不懂</b>"}})
    assert "第 2 版" in _texts(at)
    stored = _load(ws_home)
    assert [i.text for i in stored.stage("s2").items("pain_points")] == ["优惠规则复杂", "<b>会员价看不懂</b>"]
    html = next(m.value for m in at.markdown if "<table" in m.value)
    assert "&lt;b&gt;会员价看不懂&lt;/b&gt;" in html and "<b>会员价看不懂" not in html

    # add a stage, then move it to the front through the order column
    _edit(at, "journey_stages_1_2", added=[{"name": "推荐", "order": 6, "emotion_as_is": 1}])
    stored = _load(ws_home)
    assert [s.name for s in stored.stages][-1] == "推荐" and stored.stages[-1].emotion_as_is == 1
    _edit(at, "journey_stages_1_3", edited={5: {"order": 0}})
    stored = _load(ws_home)
    assert [s.stage_id for s in stored.stages] == ["s6", "s1", "s2", "s3", "s4", "s5"]
    assert stored.revision == 4
    assert _editor(at, "journey_grid_1_4").value.columns.tolist()[1] == "s6"

    # a new session (browser reload) in English sees every edit
    at2 = app_test(PAGE, lang="en")
    _ok(at2)
    grid2 = _editor(at2, "journey_grid_1_4").value
    assert grid2["lane"].tolist()[3] == "Pain points"
    assert grid2.loc[3, "s2"] == "• 优惠规则复杂\n• <b>会员价看不懂</b>"
    assert "Revision 4 · 6 stages" in _texts(at2)


def test_switching_language_relabels_the_page_and_keeps_the_map(app_test, ws_home):
    at = _create(app_test(PAGE, lang="en"), "insurance")
    assert "Emotion score: −2" in _texts(at)
    assert _editor(at, "journey_grid").value["lane"].tolist()[0] == "Touchpoints"
    at.sidebar.button_group(key="lang_switch").set_value("zh").run()
    _ok(at)
    assert "情绪评分：−2" in _texts(at)
    grid = _editor(at, "journey_grid").value
    assert grid["lane"].tolist()[0] == "接触点"
    # the content stays in the language it was written in (English template)
    assert "Claims hotline" in grid.loc[0, "s4"]
    assert [t.label for t in at.tabs][:2] == ["编辑", "展示"]
    assert raw_keys_shown(at) == []
    at.sidebar.button_group(key="lang_switch").set_value("en").run()
    assert raw_keys_shown(at) == [] and [t.label for t in at.tabs][0] == "Edit"


def test_stage_delete_hidden_lanes_and_undo(app_test, ws_home):
    at = _create(app_test(PAGE, lang="en"), "ecommerce")
    _edit(at, "journey_stages_1_1", deleted=[4])
    assert [s.name for s in _load(ws_home).stages][-1] == "Delivery & use"
    at.multiselect(key="journey_hidden_1_2").set_value(["backstage", "thoughts"]).run()
    _ok(at)
    lanes = _editor(at, "journey_grid_1_3").value["lane"].tolist()
    assert "Backstage processes" not in lanes and "Thoughts / quotes" not in lanes and len(lanes) == 6
    # undo twice: lanes come back, then the deleted stage
    at.button(key="journey_undo").click().run()
    _ok(at)
    assert _load(ws_home).hidden_lanes == ()
    at.button(key="journey_undo").click().run()
    stored = _load(ws_home)
    assert len(stored.stages) == 5 and stored.stages[-1].name == "Repurchase & share" and stored.revision == 5
    assert at.button(key="journey_undo").disabled


def _save_from_another_session(home, lane: str, text: str) -> None:
    """Another server process (its own connection) saves map 1's first-stage cell: revision 1 → 2."""
    mgr = _store(home)
    m = journey.load_map(mgr.open("t"), 1)
    journey.save_map(mgr.open("t"), journey.set_cell(m, "s1", lane, text))
    mgr.close_all()


def test_conflicting_edit_from_another_session_is_refused_with_a_reload(app_test, ws_home):
    at = _create(app_test(PAGE, lang="en"), "b2b")
    # another session saves revision 2
    _save_from_another_session(ws_home, "actions", "theirs")
    # this session still shows revision 1 and edits the same cell
    _edit(at, "journey_grid_1_1", edited={1: {"s1": "mine"}})
    assert any("changed in another session" in e.value for e in at.error)
    stored = _load(ws_home)
    assert [i.text for i in stored.stage("s1").items("actions")] == ["theirs"] and stored.revision == 2
    at.button(key="journey_reload").click().run()
    _ok(at)
    assert not at.error
    assert _editor(at, "journey_grid_1_2").value.loc[1, "s1"] == "theirs"


def test_view_refreshes_when_another_session_saved_and_nothing_is_pending(app_test, ws_home):
    at = _create(app_test(PAGE, lang="en"), "coffee")
    _save_from_another_session(ws_home, "kpis", "reach")
    at.run()
    _ok(at)
    assert "Revision 2" in _texts(at) and not at.error


def test_opportunity_owner_status_and_initiative(app_test, ws_home):
    at = _create(app_test(PAGE, lang="zh"), "coffee")
    opps = _editor(at, "journey_opps_1_1").value
    assert opps.loc[0, "text"] == "笔记内嵌“附近门店可售”入口" and opps.loc[0, "status"] == "open"
    _edit(at, "journey_opps_1_1", edited={0: {"owner": "张经理", "status": "done"}})
    first = _load(ws_home).stage("s1").items("opportunities")[0]
    assert (first.owner, first.status) == ("张经理", "done")
    html = next(m.value for m in at.markdown if "<table" in m.value)
    assert "已完成 · 张经理" in html

    # turn the first actionable item (stage 1's pain point) into an initiative
    at.button(key="journey_make_init").click().run()
    _ok(at)
    mgr = _store(ws_home)
    df = list_initiatives(mgr.open("t"))
    mgr.close_all()
    assert df["title"].tolist() == ["新品信息散落，不知道附近哪家店有"]
    assert df["source_kind"].tolist() == ["journey_pain"] and df["source_ref"][0]["map_id"] == 1
    assert at.button(key="journey_make_init").disabled
    assert at.selectbox(key="journey_act_2").format_func(0).startswith("★")
    assert "★" in next(m.value for m in at.markdown if "<table" in m.value)


def test_persona_form_saves_and_shows_disc_guidance(app_test, ws_home):
    at = _create(app_test(PAGE, lang="en"), "b2b")
    assert "bring figures and evidence" in _texts(at)  # template persona is DISC C
    form = "journey_persona_1_1"
    inputs = [w for w in at.text_input if w.form_id == form]
    inputs[0].set_value("Ms <i>Wu</i>")
    disc = next(s for s in at.selectbox if s.form_id == form)
    disc.set_value("D")
    at.button(key="journey_persona_save").click().run()
    _ok(at)
    stored = _load(ws_home)
    assert stored.persona.name == "Ms <i>Wu</i>" and stored.persona.disc == "D"
    text = _texts(at)
    assert "give options and outcomes directly" in text and "Ms &lt;i&gt;Wu&lt;/i&gt;" in text


def test_bad_json_import_shows_a_clear_error_and_a_good_one_imports(app_test, ws_home):
    at = app_test(PAGE, lang="zh")
    at.file_uploader(key="journey_upload").upload("bad.json", b'{"schema_version": 1, "stages": []}',
                                                   "application/json").run()
    at.button(key="journey_import_do").click().run()
    _ok(at)
    assert any("缺少必填字段“name”" in e.value for e in at.error)
    good = journey.to_json(journey.new_map("导入的地图", ["甲", "乙"])).encode()
    at.file_uploader(key="journey_upload").upload("good.json", good, "application/json").run()
    at.button(key="journey_import_do").click().run()
    _ok(at)
    assert at.selectbox(key="journey_pick_1").value == 1
    assert _editor(at, "journey_grid").value.columns.tolist() == ["lane", "s1", "s2"]


def test_duplicate_rename_and_delete_with_confirmation(app_test, ws_home):
    at = _create(app_test(PAGE, lang="en"), "coffee", name="Cafe")
    at.button(key="journey_dup").click().run()
    _ok(at)
    assert at.selectbox(key="journey_pick_2").value == 2
    assert at.selectbox(key="journey_pick_2").options == ["Cafe", "Cafe (copy)"]
    at.text_input(key="journey_rename_1").set_value("Cafe B").run()
    at.button(key="journey_rename_do").click().run()
    _ok(at)
    assert _load(ws_home, 2).name == "Cafe B"
    assert at.button(key="journey_delete").disabled
    at.checkbox(key="journey_del_ok_2").check().run()
    at.button(key="journey_delete").click().run()
    _ok(at)
    assert at.selectbox(key="journey_pick_1").options == ["Cafe"]
    assert at.get("download_button"), "export button is offered"


def test_invalid_stage_edit_shows_error_and_keeps_store(app_test, ws_home):
    at = _create(app_test(PAGE, lang="zh"), "coffee")
    _edit(at, "journey_stages_1_1", edited={0: {"name": ""}})
    assert any("阶段名称不能为空" in e.value for e in at.error)
    assert _load(ws_home).revision == 1


def test_export_json_of_the_map_matches_the_store(app_test, ws_home):
    at = _create(app_test(PAGE, lang="en"), "insurance")
    _ok(at)
    doc = json.loads(journey.to_json(_load(ws_home)))
    assert doc["schema_version"] == 1 and len(doc["stages"]) == 5


def test_linking_a_segment_shows_its_figures(app_test, make_workspace):
    import pandas as pd

    # six customers; c1–c3 order twice (repeat buyers), c4–c6 once; amounts make shares easy to check
    ids = ["c1", "c1", "c2", "c2", "c3", "c3", "c4", "c5", "c6"]
    days = ["2024-01-05", "2024-03-01", "2024-01-10", "2024-02-20", "2024-02-01", "2024-03-10", "2023-06-01",
            "2023-07-01", "2023-08-01"]
    orders = pd.DataFrame({"order_id": [f"o{i}" for i in range(9)], "customer_id": ids,
                           "order_ts": pd.to_datetime(days), "amount": [100.0] * 9})
    customers = pd.DataFrame({"customer_id": [f"c{i}" for i in range(1, 7)], "csat": [5, 4, 4, 2, 3, 3.0]})
    ws = make_workspace("t", orders=orders, customers=customers)
    journey.create_map(ws, "Map", "en", "coffee")
    at = app_test(PAGE, lang="en")
    _ok(at)
    metrics = {m.label: m.value for m in at.metric}
    # no link: all 6 buyers, 100% revenue, 3 of 6 repurchased, CSAT mean 21/6 = 3.50
    assert metrics["Customers"] == "6" and metrics["Repurchase rate"] == "50.0%"
    assert metrics["Satisfaction (CSAT)"] == "3.50 / 5"
    picker = at.selectbox(key="journey_seg_1")
    assert len(picker.options) > 1  # segments are offered
    from workbench import segments

    choice = next(o for o in segments.segment_options(ws, "en"))
    members = segments.segment_members(ws, choice[0], choice[1])
    picker.set_value((choice[0], choice[1])).run()
    _ok(at)
    stored = journey.load_map(ws, 1)
    assert (stored.segmentation, stored.segment) == (choice[0], choice[1])
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Customers"] == str(len(members))
    assert metrics["Revenue share"] == f"{100 * sum(ids.count(c) for c in members) / 9:.1f}%"
    assert "linked segment" in _texts(at)
