"""Journey page driven through AppTest: template, grid and stage edits, language, reload, conflicts, undo,
initiatives, persona, import errors and delete."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import page_key, page_links, raw_keys_shown

from workbench import journey, segments
from workbench.core.store import WorkspaceManager
from workbench.i18n import t
from workbench.roadmap import list_initiatives

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
    parts = [m.value for m in at.markdown] + [h.value for h in at.html] + [c.value for c in at.caption]
    parts += [e.value for e in at.error]
    parts += [i.value for i in at.info] + [w.value for w in at.warning]
    return "\n".join(parts)


def _create(at, template="coffee", name=""):
    at.selectbox(key=_k("tpl")).set_value(template)
    if name:
        at.text_input(key=_k("new_name")).set_value(name)
    at.button(key=_k("create")).click().run()
    _ok(at)
    return at


def _tab(at, name: str):
    """Open a tab of the page (only the open tab runs), as a click on it does."""
    at.session_state[_k("tab")] = t(f"journey.tab.{name}", at.session_state["lang"])
    at.run()
    _ok(at)
    return at


def _edit(at, key, edited=None, added=None, deleted=None):
    at.session_state[key] = {"edited_rows": edited or {}, "added_rows": added or [], "deleted_rows": deleted or []}
    at.run()
    _ok(at)


def _editor(at, prefix):
    return next(d for d in at.data_editor if d.key and d.key.startswith(prefix))


def _k(name: str, ws: str = "t") -> str:
    """The page's key for ``name`` (e.g. "grid_1_2": map 1 at revision 2) in workspace ``ws`` (keys name the
    workspace's identity, which survives a rename and differs for a workspace made again under a used name)."""
    return page_key(f"journey_{name}", ws)


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
    assert at.selectbox(key=_k("pick_1")).value == 1
    grid = _editor(at, _k("grid_1_1")).value
    assert grid["lane"].tolist()[0] == "接触点" and "小红书探店笔记" in grid.loc[0, "s1"]
    assert "第 1 版" in _texts(at)
    # the present tab shows the grid as HTML with the template's content and evidence labels
    html = next(h.value for h in _tab(at, "present").html if "<table" in h.value)
    assert "写字楼门店招牌" in html and "部分证据" in html

    # edit a cell: row 3 = pain points, stage s2; two items, one per line
    _tab(at, "edit")
    _edit(at, _k("grid_1_1"),
          edited={3: {"s2": "优惠规则复杂\n<b>会员价看不懂</b>"}})
    assert "第 2 版" in _texts(at)
    stored = _load(ws_home)
    assert [i.text for i in stored.stage("s2").items("pain_points")] == ["优惠规则复杂", "<b>会员价看不懂</b>"]
    html = next(h.value for h in _tab(at, "present").html if "<table" in h.value)
    assert "&lt;b&gt;会员价看不懂&lt;/b&gt;" in html and "<b>会员价看不懂" not in html
    _tab(at, "edit")

    # add a stage, then move it to the front through the order column
    _edit(at, _k("stages_1_2"), added=[{"name": "推荐", "order": 6, "emotion_as_is": 1}])
    stored = _load(ws_home)
    assert [s.name for s in stored.stages][-1] == "推荐" and stored.stages[-1].emotion_as_is == 1
    _edit(at, _k("stages_1_3"), edited={5: {"order": 0}})
    stored = _load(ws_home)
    assert [s.stage_id for s in stored.stages] == ["s6", "s1", "s2", "s3", "s4", "s5"]
    assert stored.revision == 4
    assert _editor(at, _k("grid_1_4")).value.columns.tolist()[1] == "s6"

    # a new session (browser reload) in English sees every edit
    at2 = app_test(PAGE, lang="en")
    _ok(at2)
    grid2 = _editor(at2, _k("grid_1_4")).value
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
    _edit(at, _k("stages_1_1"), deleted=[4])
    assert [s.name for s in _load(ws_home).stages][-1] == "Delivery & use"
    at.multiselect(key=_k("hidden_1_2")).set_value(["backstage", "thoughts"]).run()
    _ok(at)
    lanes = _editor(at, _k("grid_1_3")).value["lane"].tolist()
    assert "Backstage processes" not in lanes and "Thoughts / quotes" not in lanes and len(lanes) == 6
    # undo twice: lanes come back, then the deleted stage
    at.button(key=_k("undo")).click().run()
    _ok(at)
    assert _load(ws_home).hidden_lanes == ()
    at.button(key=_k("undo")).click().run()
    stored = _load(ws_home)
    assert len(stored.stages) == 5 and stored.stages[-1].name == "Repurchase & share" and stored.revision == 5
    assert at.button(key=_k("undo")).disabled


def _save_from_another_session(home, lane: str, text: str) -> None:
    """Another server process (its own connection) saves map 1's first-stage cell: revision 1 → 2."""
    mgr = _store(home)
    m = journey.load_map(mgr.open("t"), 1)
    journey.save_map(mgr.open("t"), journey.set_cell(m, "s1", lane, text))
    mgr.close_all()


def test_the_same_cell_edited_by_two_participants_keeps_theirs_and_offers_mine(app_test, ws_home):
    at = _create(app_test(PAGE, lang="en"), "b2b")
    # another participant saves revision 2
    _save_from_another_session(ws_home, "actions", "theirs")
    # this participant still shows revision 1 and edits the same cell: theirs is kept, mine offered again
    _edit(at, _k("grid_1_1"), edited={1: {"s1": "mine"}})
    assert any("they wrote “theirs”, you wrote “mine”" in m.value for m in at.markdown)
    stored = _load(ws_home)
    assert [i.text for i in stored.stage("s1").items("actions")] == ["theirs"] and stored.revision == 2
    at.button(key=_k("conflict_1_use_mine_0")).click().run()
    _ok(at)
    stored = _load(ws_home)
    assert [i.text for i in stored.stage("s1").items("actions")] == ["mine"] and stored.revision == 3
    assert not any("you wrote" in m.value for m in at.markdown)


def test_edits_to_different_cells_by_two_participants_both_land(app_test, ws_home):
    at = _create(app_test(PAGE, lang="en"), "b2b")
    _save_from_another_session(ws_home, "actions", "theirs")  # another participant, stage 1
    _edit(at, _k("grid_1_1"), edited={2: {"s2": "mine in stage 2"}})
    assert not at.warning and not at.error
    stored = _load(ws_home)
    assert [i.text for i in stored.stage("s1").items("actions")] == ["theirs"]
    assert journey.grid_frame(stored, "en").loc[2, "s2"] == "mine in stage 2" and stored.revision == 3


def test_view_refreshes_when_another_session_saved_and_nothing_is_pending(app_test, ws_home):
    at = _create(app_test(PAGE, lang="en"), "coffee")
    _save_from_another_session(ws_home, "kpis", "reach")
    at.run()
    _ok(at)
    assert "Revision 2" in _texts(at) and not at.error


def test_opportunity_owner_status_and_initiative(app_test, ws_home):
    at = _create(app_test(PAGE, lang="zh"), "coffee")
    opps = _editor(at, _k("opps_1_1")).value
    assert opps.loc[0, "text"] == "笔记内嵌“附近门店可售”入口" and opps.loc[0, "status"] == "open"
    _edit(at, _k("opps_1_1"), edited={0: {"owner": "张经理", "status": "done"}})
    first = _load(ws_home).stage("s1").items("opportunities")[0]
    assert (first.owner, first.status) == ("张经理", "done")
    html = next(h.value for h in _tab(at, "present").html if "<table" in h.value)
    assert "已完成 · 张经理" in html

    # turn the first actionable item (stage 1's pain point) into an initiative
    _tab(at, "act")
    at.button(key=_k("make_init_1")).click().run()
    _ok(at)
    mgr = _store(ws_home)
    df = list_initiatives(mgr.open("t"))
    mgr.close_all()
    assert df["title"].tolist() == ["新品信息散落，不知道附近哪家店有"]
    assert df["source_kind"].tolist() == ["journey_pain"] and df["source_ref"][0]["map_id"] == 1
    # one initiative per item: the button is now a link that opens it on the Roadmap page
    assert _k("make_init_1") not in {b.key for b in at.button}
    assert (t("roadmap.open_existing", "zh", id=int(df["initiative_id"][0])),
            f"initiative={int(df['initiative_id'][0])}") in page_links(at)
    assert at.selectbox(key=_k("act_1_2")).format_func(0).startswith("★")
    assert "★" in next(h.value for h in _tab(at, "present").html if "<table" in h.value)


def test_persona_form_saves_and_shows_disc_guidance(app_test, ws_home):
    at = _tab(_create(app_test(PAGE, lang="en"), "b2b"), "persona")
    assert "bring figures and evidence" in _texts(at)  # template persona is DISC C
    form = _k("persona_1_1")
    inputs = [w for w in at.text_input if w.form_id == form]
    inputs[0].set_value("Ms <i>Wu</i>")
    disc = next(s for s in at.selectbox if s.form_id == form)
    disc.set_value("D")
    at.button(key=_k("persona_save")).click().run()
    _ok(at)
    stored = _load(ws_home)
    assert stored.persona.name == "Ms <i>Wu</i>" and stored.persona.disc == "D"
    text = _texts(at)
    assert "give options and outcomes directly" in text and "Ms &lt;i&gt;Wu&lt;/i&gt;" in text


def test_bad_json_import_shows_a_clear_error_and_a_good_one_imports(app_test, ws_home):
    at = app_test(PAGE, lang="zh")
    at.file_uploader(key=_k("upload")).upload("bad.json", b'{"schema_version": 1, "stages": []}',
                                                   "application/json").run()
    at.button(key=_k("import_do")).click().run()
    _ok(at)
    assert any("缺少必填字段“name”" in e.value for e in at.error)
    good = journey.to_json(journey.new_map("导入的地图", ["甲", "乙"])).encode()
    at.file_uploader(key=_k("upload")).upload("good.json", good, "application/json").run()
    at.button(key=_k("import_do")).click().run()
    _ok(at)
    assert at.selectbox(key=_k("pick_1")).value == 1
    assert _editor(at, "journey_grid").value.columns.tolist() == ["lane", "s1", "s2"]


def test_duplicate_rename_and_delete_with_confirmation(app_test, ws_home):
    at = _tab(_create(app_test(PAGE, lang="en"), "coffee", name="Cafe"), "manage")
    at.button(key=_k("dup")).click().run()
    _ok(at)
    assert at.selectbox(key=_k("pick_2")).value == 2
    assert at.selectbox(key=_k("pick_2")).options == ["Cafe", "Cafe (copy)"]
    at.text_input(key=_k("rename_2_1")).set_value("Cafe B").run()
    at.button(key=_k("rename_do")).click().run()
    _ok(at)
    assert _load(ws_home, 2).name == "Cafe B"
    assert at.button(key=_k("delete")).disabled
    at.checkbox(key=_k("del_ok_2")).check().run()
    at.button(key=_k("delete")).click().run()
    _ok(at)
    assert at.selectbox(key=_k("pick_1")).options == ["Cafe"]
    assert at.get("download_button"), "export button is offered"


def test_invalid_stage_edit_shows_error_and_keeps_store(app_test, ws_home):
    at = _create(app_test(PAGE, lang="zh"), "coffee")
    _edit(at, _k("stages_1_1"), edited={0: {"name": ""}})
    assert any("阶段名称不能为空" in e.value for e in at.error)
    assert _load(ws_home).revision == 1


def test_export_button_offers_the_stored_map_as_json(app_test, ws_home, monkeypatch):
    # AppTest keeps download payloads in an in-memory media store that is gone after the run: record what
    # is put there, by file id, and look up the one the export button's URL names.
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    payloads = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def recording(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        payloads[file_id] = (path_or_data, filename)
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording)
    at = _create(app_test(PAGE, lang="en"), "insurance")
    _edit(at, _k("grid_1_1"), edited={1: {"s2": "compares quotes"}})
    button = _tab(at, "manage").download_button[0]
    data, filename = payloads[button.proto.url.rsplit("/", 1)[1].split(".")[0]]
    assert filename == "journey-1.json"
    doc = json.loads(data)
    stored = _load(ws_home)
    assert doc == journey.map_to_dict(stored)  # the export is the map as stored, edit included
    assert doc["stages"][1]["lanes"]["actions"] == [{"text": "compares quotes"}]


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
    at = _tab(app_test(PAGE, lang="en"), "act")
    metrics = {m.label: m.value for m in at.metric}
    # no link: all 6 buyers, 100% revenue, 3 of 6 repurchased, CSAT mean 21/6 = 3.50
    assert metrics["Customers"] == "6" and metrics["Bought again (share)"] == "50.0%"
    assert metrics["Satisfaction (CSAT)"] == "3.50 / 5"
    picker = at.selectbox(key=_k("seg_1_1"))
    assert len(picker.options) > 1  # segments are offered
    from workbench import segments

    choice = next(o for o in segments.snapshot(ws).options("en"))
    members = segments.snapshot(ws).member_ids(choice[0], choice[1])
    picker.set_value((choice[0], choice[1])).run()
    _ok(at)
    stored = journey.load_map(ws, 1)
    assert (stored.segmentation, stored.segment) == (choice[0], choice[1])
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Customers"] == str(len(members))
    assert metrics["Revenue share"] == f"{100 * sum(ids.count(c) for c in members) / 9:.1f}%"
    assert "linked segment" in _texts(at)


def _widget(widgets, kind: str):
    """The page's widget whose key starts with ``journey_<kind>_`` (whatever else the key names)."""
    return next(w for w in widgets if w.key and w.key.startswith(f"journey_{kind}_"))


def test_switching_workspace_shows_and_edits_only_that_workspaces_map(app_test, manager):
    # map ids start at 1 in every workspace: workspace a's map 1 and workspace b's map 1 are different maps
    a, b = manager.create("a"), manager.create("b")
    journey.create_map(a, "Coffee A", "en", "coffee")
    journey.create_map(b, "Insurance B", "en", "insurance")
    a_before, b_before = journey.load_map(a, 1), journey.load_map(b, 1)
    at = app_test(PAGE, lang="en")
    _ok(at)
    assert _editor(at, "journey_grid").value.loc[0, "s1"] == journey.grid_frame(a_before, "en").loc[0, "s1"]
    at.sidebar.selectbox[0].select("b").run()
    _ok(at)
    grid = _editor(at, "journey_grid")
    assert grid.value.equals(journey.grid_frame(b_before, "en"))  # b's map, not a's
    _edit(at, grid.key, edited={1: {"s1": "edited in b"}})
    b_after = journey.load_map(b, 1)
    assert b_after.name == "Insurance B" and [s.name for s in b_after.stages] == [s.name for s in b_before.stages]
    assert [i.text for i in b_after.stage("s1").items("actions")] == ["edited in b"]
    assert b_after.stage("s1").items("touchpoints") == b_before.stage("s1").items("touchpoints")
    assert journey.load_map(a, 1) == a_before  # a untouched


def test_switching_maps_carries_no_widget_value_over(app_test, make_workspace):
    import pandas as pd

    orders = pd.DataFrame({"order_id": ["o1", "o2", "o3"], "customer_id": ["c1", "c1", "c2"],
                           "order_ts": pd.to_datetime(["2024-01-05", "2024-03-01", "2024-02-01"]),
                           "amount": [100.0] * 3})
    ws = make_workspace("t", orders=orders)
    a = journey.create_map(ws, "A", "en", "coffee")
    b = journey.create_map(ws, "B", "en", "coffee")
    # B one revision ahead of A: once A is linked (revision 2), both sit at revision 2
    journey.save_map(ws, journey.set_cell(journey.load_map(ws, b), "s1", "actions", "x"))
    at = _tab(app_test(PAGE, lang="en"), "act")
    first = segments.snapshot(ws).options("en")[0]
    _widget(at.selectbox, "seg").set_value((first[0], first[1])).run()
    _ok(at)
    assert (journey.load_map(ws, a).segmentation, journey.load_map(ws, a).segment) == first[:2]
    _widget(at.selectbox, "pick").set_value(b).run()
    _ok(at)
    assert _widget(at.selectbox, "seg").value == ("", "")  # B's own (no) link, not A's
    _tab(at, "manage")
    stored_b = journey.load_map(ws, b)
    assert (stored_b.segmentation, stored_b.segment, stored_b.revision) == (None, None, 2)
    assert _widget(at.text_input, "rename").value == "B"
    at.button(key=_k("rename_do")).click().run()  # nothing typed: B keeps its name
    _ok(at)
    assert journey.list_maps(ws)["name"].tolist() == ["A", "B"]


def test_opening_the_page_keeps_a_link_to_a_segment_without_members(app_test, make_workspace):
    from dataclasses import replace

    ws = make_workspace("t")  # no orders: no segment has members, so none is among the offered options
    mid = journey.create_map(ws, "A", "en", "coffee")
    journey.save_map(ws, replace(journey.load_map(ws, mid), segmentation="rfm", segment="at_risk"))
    at = _tab(app_test(PAGE, lang="en"), "act")
    stored = journey.load_map(ws, mid)
    assert (stored.segmentation, stored.segment, stored.revision) == ("rfm", "at_risk", 2)
    assert journey.undo_depth(ws, mid) == 1  # only the save above
    picker = _widget(at.selectbox, "seg")
    assert picker.value == ("rfm", "at_risk")
    assert picker.format_func(picker.value) == "RFM segments: At risk (0 customers)"
    picker.set_value(("", "")).run()  # the user unlinks: that is saved
    _ok(at)
    assert journey.load_map(ws, mid).segment is None


def _participant(app_test, who: str):
    """A browser of participant ``who`` (its id in the URL, as the page keeps it) on the journey page."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=60)
    at.query_params["p"] = who
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page(PAGE)
    at.run()
    _ok(at)
    return at


def test_two_participants_each_undo_their_own_change(app_test, ws_home):
    alice = _create(_participant(app_test, "alice"), "b2b")
    bob = _participant(app_test, "bob")
    _edit(alice, _k("grid_1_1"), edited={1: {"s1": "by alice"}})
    bob.run()  # bob sees alice's revision 2, then edits another stage
    _edit(bob, _k("grid_1_2"), edited={1: {"s2": "by bob"}})
    alice.run()
    assert not alice.button(key=_k("undo")).disabled and not bob.button(key=_k("undo")).disabled
    alice.button(key=_k("undo")).click().run()
    _ok(alice)
    stored = _load(ws_home)
    assert [i.text for i in stored.stage("s1").items("actions")] != ["by alice"]  # alice's change undone
    assert [i.text for i in stored.stage("s2").items("actions")] == ["by bob"]  # bob's kept
    assert alice.button(key=_k("undo")).disabled  # nothing of alice's left to undo
    bob.run()
    assert not bob.button(key=_k("undo")).disabled


def test_two_maps_made_from_one_template_keep_their_own_edits(app_test, ws_home):
    at = _create(app_test(PAGE, lang="en"), "ecommerce")
    _create(at, "ecommerce")  # the same template twice, no name: the second is numbered
    names = [at.selectbox(key=_k("pick_2")).format_func(i) for i in (1, 2)]
    assert names[1] == f"{names[0]} (2)"
    at.selectbox(key=_k("pick_2")).set_value(1).run()
    _edit(at, _k("grid_1_1"), edited={1: {"s1": "edited in the first"}})
    assert at.selectbox(key=_k("pick_1")).value == 1  # still on the first map, not the second
    first, second = _load(ws_home, 1), _load(ws_home, 2)
    assert [i.text for i in first.stage("s1").items("actions")] == ["edited in the first"]
    assert [i.text for i in second.stage("s1").items("actions")] != ["edited in the first"]
