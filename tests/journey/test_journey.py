"""Journey-map model, persistence, JSON files, templates, initiatives and segment figures."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pandas as pd
import pytest

from workbench import journey, roadmap
from workbench.core.errors import WorkbenchError
from workbench.core.textsafe import md_escape
from workbench.journey import JourneyConflict
from workbench.journey.templates import TEMPLATE_KEYS, build_template
from workbench.roadmap import list_initiatives


def _linked(ws, map_id: int) -> set[str]:
    return journey.linked_item_ids(list_initiatives(ws), map_id)


def _to_initiative(ws, m, stage_id: str, item_id: str) -> int:
    """What the page does on "turn into initiative": the journey's fields, created by the roadmap."""
    return roadmap.create_initiative(ws, **journey.initiative_fields(m, stage_id, item_id, _linked(ws, m.map_id)))

STAGES = ["A", "B", "C"]


def _m() -> journey.JourneyMap:
    return journey.new_map("Test map", STAGES)


def _names(m) -> list[str]:
    return [s.name for s in m.stages]


# -- stage operations ----------------------------------------------------------------------------------
def test_add_stage_at_end_and_after_a_stage_gets_a_fresh_id():
    m = journey.add_stage(_m(), "D")
    assert _names(m) == ["A", "B", "C", "D"] and m.stages[-1].stage_id == "s4"
    m = journey.add_stage(m, "A2", after="s1")
    assert _names(m) == ["A", "A2", "B", "C", "D"] and m.stage("s5").name == "A2"
    # ids are not reused after a delete: s5 is gone, the next stage is s6
    m = journey.add_stage(journey.delete_stage(m, "s5"), "E")
    assert m.stages[-1].stage_id == "s6"
    # nor through the stage table: delete s6 there, add a row → s7
    frame = journey.stage_frame(m)
    frame = pd.concat([frame[frame["stage_id"] != "s6"], pd.DataFrame([{"name": "F", "order": 9}])])
    assert journey.apply_stages(m, frame).stages[-1].stage_id == "s7"


def test_a_stored_map_never_gives_a_deleted_stage_id_to_a_new_stage(ws):
    # the coffee template has s1..s5; an initiative is made from s5, then s5 is deleted and saved
    m = journey.load_map(ws, journey.create_map(ws, "Coffee", "en", "coffee"))
    sid, _, item = next(x for x in journey.actionable_items(m) if x[0] == "s5")
    _to_initiative(ws, m, sid, item.item_id)
    m = journey.save_map(ws, journey.delete_stage(m, "s5"))
    # a later session loads the map: the new stage is s6, so the initiative's stage_id s5 stays dangling
    # rather than pointing at a different stage
    added = journey.add_stage(journey.load_map(ws, m.map_id), "New")
    assert added.stages[-1].stage_id == "s6"
    frame = pd.concat([journey.stage_frame(m), pd.DataFrame([{"name": "New", "order": 9}])])
    assert journey.apply_stages(journey.load_map(ws, m.map_id), frame).stages[-1].stage_id == "s6"


def test_rename_move_delete_stage():
    m = journey.rename_stage(_m(), "s2", "  Bee  ")
    assert _names(m) == ["A", "Bee", "C"]
    assert _names(journey.move_stage(m, "s3", -1)) == ["A", "C", "Bee"]
    assert _names(journey.move_stage(m, "s1", +5)) == ["Bee", "C", "A"]  # clamped to the end
    assert _names(journey.move_stage(m, "s1", -1)) == ["A", "Bee", "C"]  # already first
    assert _names(journey.delete_stage(m, "s2")) == ["A", "C"]


def test_stage_errors_are_catalog_errors():
    m = _m()
    with pytest.raises(WorkbenchError) as e:
        journey.rename_stage(m, "s1", "   ")
    assert e.value.key == "journey.error.stage_name_empty"
    with pytest.raises(WorkbenchError) as e:
        journey.rename_stage(m, "s1", "x" * 41)
    assert e.value.key == "journey.error.too_long.stage" and "41" in e.value.text("en")
    with pytest.raises(WorkbenchError) as e:
        journey.delete_stage(journey.new_map("one", ["only"]), "s1")
    assert e.value.key == "journey.error.last_stage"
    with pytest.raises(WorkbenchError) as e:
        journey.move_stage(m, "s99", 1)
    assert e.value.key == "journey.error.no_stage"
    many = journey.new_map("many", [str(i) for i in range(12)])
    with pytest.raises(WorkbenchError) as e:
        journey.add_stage(many, "13th")
    assert e.value.key == "journey.error.too_many_stages"


def test_set_cell_splits_lines_strips_bullets_and_keeps_item_identity():
    m = journey.set_cell(_m(), "s1", "pain_points", "- slow queue\n\n• no seats \n2. cold coffee")
    items = m.stage("s1").items("pain_points")
    assert [i.text for i in items] == ["slow queue", "no seats", "cold coffee"]
    ids = {i.text: i.item_id for i in items}
    # reorder + edit one line: unchanged texts keep their ids; the edited line takes over the freed item
    m2 = journey.set_cell(m, "s1", "pain_points", "cold coffee\nslow queue\nno free seats")
    items2 = m2.stage("s1").items("pain_points")
    assert items2[0].item_id == ids["cold coffee"] and items2[1].item_id == ids["slow queue"]
    assert items2[2].item_id == ids["no seats"] and items2[2].text == "no free seats"
    # emptying the cell removes the lane entry; other stages untouched
    m3 = journey.set_cell(m2, "s1", "pain_points", "  \n")
    assert m3.stage("s1").items("pain_points") == () and m3.stage("s2") == m2.stage("s2")


def test_set_cell_limits():
    with pytest.raises(WorkbenchError) as e:
        journey.set_cell(_m(), "s1", "actions", "x" * 501)
    assert e.value.key == "journey.error.too_long.item"
    with pytest.raises(WorkbenchError) as e:
        journey.set_cell(_m(), "s1", "actions", "\n".join(str(i) for i in range(31)))
    assert e.value.key == "journey.error.too_many_items"
    with pytest.raises(WorkbenchError):
        journey.set_cell(_m(), "s1", "emotion", "1")  # emotion is a number per stage, not a text lane


def test_grid_frame_round_trip_respects_hidden_lanes():
    m = journey.set_hidden_lanes(_m(), ["thoughts", "backstage", "emotion"])
    frame = journey.grid_frame(m, "en")
    assert list(frame.columns) == ["lane", "s1", "s2", "s3"]
    # 8 text lanes minus 2 hidden = 6 rows, in lane order
    assert frame["lane"].tolist() == ["Touchpoints", "Customer actions", "Pain points", "Opportunities", "KPIs",
                                      "Owner"]
    frame.loc[2, "s2"] = "long wait\nrude staff"   # row 2 = pain points, column s2 = stage B
    frame.loc[0, "s3"] = "app"
    out = journey.apply_grid(m, frame)
    assert [i.text for i in out.stage("s2").items("pain_points")] == ["long wait", "rude staff"]
    assert [i.text for i in out.stage("s3").items("touchpoints")] == ["app"]
    assert out.stage("s1").lanes == {}
    assert journey.apply_grid(out, journey.grid_frame(out, "zh")).content() == out.content()


def test_apply_stages_adds_deletes_reorders_and_validates():
    m = journey.set_cell(_m(), "s2", "actions", "buy")
    frame = journey.stage_frame(m)
    frame.loc[0, "order"] = 5                    # A moves to the end
    frame = frame.drop(index=2)                  # delete C
    frame.loc[1, "emotion_as_is"] = -2
    frame.loc[1, "evidence"] = "data"
    new_row = {"stage_id": None, "order": 2, "name": "New", "evidence": None,
               "emotion_as_is": None, "emotion_to_be": 1.0}
    frame = pd.concat([frame, pd.DataFrame([new_row])], ignore_index=True)
    out = journey.apply_stages(m, frame)
    # orders: B=2, New=2 (tie: B came first), A=5
    assert _names(out) == ["B", "New", "A"]
    assert out.stage("s2").emotion_as_is == -2 and out.stage("s2").evidence == "data"
    assert [i.text for i in out.stage("s2").items("actions")] == ["buy"]  # items travel with the stage
    new = out.stages[1]
    assert new.stage_id == "s4" and new.evidence == "assumed" and new.emotion_to_be == 1.0
    bad = journey.stage_frame(m)
    bad.loc[0, "emotion_to_be"] = 3
    with pytest.raises(WorkbenchError) as e:
        journey.apply_stages(m, bad)
    assert e.value.key == "journey.error.emotion_range"
    with pytest.raises(WorkbenchError) as e:
        journey.apply_stages(m, journey.stage_frame(m).iloc[0:0])
    assert e.value.key == "journey.error.last_stage"


def test_apply_opportunities_sets_owner_and_status_by_item_id():
    m = journey.set_cell(_m(), "s1", "opportunities", "faster pickup\nloyalty app")
    frame = journey.opportunity_frame(m, "en", initiative_ids=[m.stage("s1").items("opportunities")[1].item_id])
    assert frame["initiative"].tolist() == [False, True]
    frame.loc[0, ["owner", "status"]] = ["Ops", "planned"]
    out = journey.apply_opportunities(m, frame)
    first, second = out.stage("s1").items("opportunities")
    assert (first.owner, first.status, second.owner, second.status) == ("Ops", "planned", "", "open")
    frame.loc[1, "status"] = "someday"
    with pytest.raises(WorkbenchError) as e:
        journey.apply_opportunities(m, frame)
    assert e.value.key == "journey.error.bad_status"


# -- persistence ---------------------------------------------------------------------------------------
@pytest.fixture
def ws(manager):
    return manager.create("j")


def test_create_blank_map_has_the_five_standard_stages(ws):
    map_id = journey.create_map(ws, "Walk-in", "en")
    m = journey.load_map(ws, map_id)
    assert m.name == "Walk-in" and m.revision == 1
    assert _names(m) == ["Awareness", "Consideration", "Purchase", "Experience", "Loyalty & advocacy"]
    zh = journey.load_map(ws, journey.create_map(ws, "到店", "zh"))
    assert _names(zh) == ["认知", "考虑", "购买", "体验", "忠诚与推荐"]
    assert journey.load_map(ws, journey.create_map(ws, "  ", "en")).name == "New journey map"
    assert journey.load_map(ws, journey.create_map(ws, "", "zh", "b2b")).name == "B2B 服务"
    with pytest.raises(WorkbenchError) as e:
        journey.save_map(ws, replace(zh, name=" "))
    assert e.value.key == "journey.error.name_empty"


def test_save_bumps_revision_and_persists_everything(ws):
    m = journey.load_map(ws, journey.create_map(ws, "M", "en"))
    edited = journey.set_cell(m, "s2", "touchpoints", "web\nstore")
    edited = journey.set_emotion(journey.set_evidence(edited, "s2", "some"), "s2", -1, 1.5)
    edited = journey.move_stage(edited, "s5", -4)
    edited = replace(edited, persona=journey.Persona(name="Lin", disc="C"), hidden_lanes=("kpis",))
    saved = journey.save_map(ws, edited, m.revision)
    assert saved.revision == 2
    again = journey.load_map(ws, m.map_id)
    assert again == saved
    assert [i.text for i in again.stage("s2").items("touchpoints")] == ["web", "store"]
    assert again.stages[0].stage_id == "s5" and again.stage("s2").emotion_to_be == 1.5
    assert again.persona.disc == "C" and again.hidden_lanes == ("kpis",)
    # saving the same content again is a no-op: no new revision, no undo entry
    assert journey.save_map(ws, again).revision == 2 and journey.undo_depth(ws, m.map_id) == 1


def test_concurrent_edit_is_a_conflict_and_nothing_is_overwritten(ws):
    m = journey.load_map(ws, journey.create_map(ws, "M", "en"))
    # two sessions load revision 1
    mine = journey.set_cell(m, "s1", "actions", "mine")
    theirs = journey.set_cell(m, "s1", "actions", "theirs")
    journey.save_map(ws, theirs, 1)
    with pytest.raises(JourneyConflict) as e:
        journey.save_map(ws, mine, 1)
    assert (e.value.loaded, e.value.stored) == (1, 2)
    assert "revision 1" in e.value.text("en") and "第 2 版" in e.value.text("zh")
    stored = journey.load_map(ws, m.map_id)
    assert [i.text for i in stored.stage("s1").items("actions")] == ["theirs"] and stored.revision == 2


def test_undo_restores_each_previous_state_in_turn(ws):
    m0 = journey.load_map(ws, journey.create_map(ws, "M", "en"))
    m1 = journey.save_map(ws, journey.set_cell(m0, "s1", "actions", "one"))
    m2 = journey.save_map(ws, journey.delete_stage(m1, "s3"))
    assert journey.undo_depth(ws, m0.map_id) == 2 and m2.revision == 3
    u1 = journey.undo(ws, m0.map_id).map
    assert u1.revision == 4 and _names(u1) == _names(m1)
    assert u1.stage("s1").items("actions") == m1.stage("s1").items("actions")  # same ids too
    u2 = journey.undo(ws, m0.map_id).map
    assert u2.content() == m0.content() and u2.revision == 5
    with pytest.raises(WorkbenchError) as e:
        journey.undo(ws, m0.map_id)
    assert e.value.key == "journey.error.nothing_to_undo"


def test_undo_log_is_capped(ws, monkeypatch):
    monkeypatch.setattr(journey.store, "UNDO_DEPTH", 2)
    m = journey.load_map(ws, journey.create_map(ws, "M", "en"))
    for text in ("a", "b", "c", "d"):
        m = journey.save_map(ws, journey.set_cell(m, "s1", "actions", text))
    assert journey.undo_depth(ws, m.map_id) == 2
    m = journey.undo(ws, m.map_id).map
    assert [i.text for i in m.stage("s1").items("actions")] == ["c"]


def test_invalid_map_is_not_saved(ws):
    m = journey.load_map(ws, journey.create_map(ws, "M", "en"))
    bad = replace(m, stages=(replace(m.stages[0], emotion_as_is=2.5),) + m.stages[1:])
    with pytest.raises(WorkbenchError):
        journey.save_map(ws, bad)
    assert journey.load_map(ws, m.map_id) == m


def test_duplicate_and_delete(ws):
    src = journey.create_map(ws, "Coffee", "en", "coffee")
    copy = journey.duplicate_map(ws, src, "Coffee (copy)")
    a, b = journey.load_map(ws, src), journey.load_map(ws, copy)
    assert b.name == "Coffee (copy)" and journey.map_to_dict(a)["stages"] == journey.map_to_dict(b)["stages"]
    a_ids = {i.item_id for s in a.stages for lane in journey.LANES for i in s.items(lane)}
    b_ids = {i.item_id for s in b.stages for lane in journey.LANES for i in s.items(lane)}
    assert not a_ids & b_ids
    journey.save_map(ws, journey.set_cell(a, "s1", "actions", "x"))
    journey.delete_map(ws, src)
    assert journey.list_maps(ws)["map_id"].tolist() == [copy]
    for table in ("journey_stages", "journey_items", "journey_undo"):
        assert ws.scalar(f"SELECT count(*) FROM {table} WHERE map_id = ?", [src]) == 0
    with pytest.raises(WorkbenchError) as e:
        journey.load_map(ws, src)
    assert e.value.key == "journey.error.not_found"


def test_map_survives_reopening_the_workspace(manager):
    ws = manager.create("reopen")
    m = journey.load_map(ws, journey.create_map(ws, "M", "zh", "insurance"))
    journey.save_map(ws, journey.set_cell(m, "s4", "pain_points", "理赔慢"))
    manager.close_all()
    again = journey.load_map(manager.open("reopen"), m.map_id)
    assert [i.text for i in again.stage("s4").items("pain_points")] == ["理赔慢"] and again.revision == 2


# -- JSON -----------------------------------------------------------------------------------------------
def test_json_round_trip_keeps_everything_but_item_ids():
    m = build_template("b2b", "en")
    m = replace(m, name="B2B", hidden_lanes=("backstage",), segmentation="rfm", segment="at_risk")
    doc = json.loads(journey.to_json(m))
    assert doc["schema_version"] == journey.SCHEMA_VERSION and doc["name"] == "B2B"
    back = journey.from_json(journey.to_json(m).encode("utf-8"))
    assert journey.map_to_dict(back) == journey.map_to_dict(m)
    assert back.stage("s4").items("opportunities")[0].status == "planned"


def test_import_map_stores_a_new_map(ws):
    m = replace(build_template("coffee", "zh"), name="咖啡")
    map_id = journey.import_map(ws, journey.to_json(m).encode("utf-8-sig"))
    stored = journey.load_map(ws, map_id)
    assert journey.map_to_dict(stored) == journey.map_to_dict(m)


def _doc(**changes):
    doc = journey.map_to_dict(journey.set_cell(journey.new_map("M", ["A", "B"]), "s1", "actions", "x"))
    doc.update(changes)
    return doc


@pytest.mark.parametrize(
    "payload, key, fragment",
    [
        (b'{"name": "M", "stages": [', "journey.error.json_syntax", "line 1"),
        (b"\xff\xfe\x00bad", "journey.error.json_encoding", "UTF-8"),
        (json.dumps([1, 2]), "journey.error.json_type.object", "(file)"),
        (json.dumps(_doc(name=None)), "journey.error.json_missing", "“name”"),
        (json.dumps(_doc(schema_version=9)), "journey.error.json_version", "9"),
        (json.dumps(_doc(schema="spreadsheet")), "journey.error.json_schema", "spreadsheet"),
        (json.dumps(_doc(stages="A,B")), "journey.error.json_type.list", "“stages”"),
        (json.dumps(_doc(stages=[])), "journey.error.json_missing", "stages[0]"),
        (json.dumps(_doc(stages=[{"name": 5}])), "journey.error.json_type.text", "stages[0].name"),
        (json.dumps(_doc(stages=[{"name": "A", "evidence": "gut"}])), "journey.error.json_value",
         "stages[0].evidence"),
        (json.dumps(_doc(stages=[{"name": "A", "emotion_as_is": 7}])), "journey.error.json_value",
         "stages[0].emotion_as_is"),
        (json.dumps(_doc(stages=[{"name": "A", "lanes": {"actions": [{"text": "y" * 501}]}}])),
         "journey.error.json_too_long", "stages[0].lanes.actions[0].text"),
        (json.dumps(_doc(stages=[{"name": "A", "lanes": {"mood": ["x"]}}])), "journey.error.json_value",
         "stages[0].lanes.mood"),
        (json.dumps(_doc(persona={"disc": "X"})), "journey.error.json_value", "persona.disc"),
    ],
)
def test_malformed_json_is_rejected_with_a_message_naming_the_problem(payload, key, fragment):
    with pytest.raises(WorkbenchError) as e:
        journey.from_json(payload)
    assert e.value.key == key
    assert fragment in e.value.text("en")
    zh = e.value.text("zh")
    assert zh != e.value.key and re.search(r"[\u4e00-\u9fff]", zh)


def test_too_big_file_is_refused_before_parsing():
    with pytest.raises(WorkbenchError) as e:
        journey.from_json(b" " * 1_000_001)
    assert e.value.key == "journey.error.json_file_too_big"


# -- templates --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("key", TEMPLATE_KEYS)
def test_templates_are_complete_in_both_languages(key):
    assert set(TEMPLATE_KEYS) >= {"coffee", "ecommerce", "b2b", "insurance"}
    zh, en = build_template(key, "zh"), build_template(key, "en")
    for m in (zh, en):
        journey.model.validate(replace(m, name="x"))
        assert len(m.stages) == 5 and m.persona.name and m.persona.disc in "DISC"
        for s in m.stages:
            assert s.emotion_as_is is not None and s.emotion_to_be is not None
            assert s.emotion_to_be >= s.emotion_as_is  # the roadmap is meant to improve things
            for lane in journey.LANES:
                assert s.items(lane), (key, s.name, lane)
    cjk = re.compile(r"[\u4e00-\u9fff]")
    zh_texts = [i.text for s in zh.stages for lane in journey.LANES for i in s.items(lane)]
    en_texts = [i.text for s in en.stages for lane in journey.LANES for i in s.items(lane)]
    assert len(zh_texts) == len(en_texts)
    assert all(cjk.search(x) for x in zh_texts + [s.name for s in zh.stages])
    assert not any(cjk.search(x) for x in en_texts + [s.name for s in en.stages] + [en.persona.needs])


def test_unknown_template(ws):
    with pytest.raises(WorkbenchError) as e:
        journey.create_map(ws, "x", "en", "bakery")
    assert e.value.key == "journey.error.bad_template"


# -- initiatives ------------------------------------------------------------------------------------------
def test_pain_point_becomes_an_initiative_once_and_the_link_survives_edits(ws):
    m = journey.load_map(ws, journey.create_map(ws, "M", "en"))
    m = journey.save_map(ws, journey.set_cell(journey.set_cell(m, "s3", "pain_points", "slow checkout"),
                                              "s3", "owner", "Digital team"))
    pain = m.stage("s3").items("pain_points")[0]
    new_id = _to_initiative(ws, m, "s3", pain.item_id)
    row = list_initiatives(ws).set_index("initiative_id").loc[new_id]
    assert row["title"] == "slow checkout" and row["source_kind"] == "journey_pain"
    assert row["owner"] == "Digital team"
    assert row["source_ref"]["map_id"] == m.map_id and row["source_ref"]["item"] == pain.item_id
    assert _linked(ws, m.map_id) == {pain.item_id}
    with pytest.raises(WorkbenchError) as e:
        _to_initiative(ws, m, "s3", pain.item_id)
    assert e.value.key == "journey.error.already_initiative"
    # rewording the note keeps its id, so the map still shows it as an initiative
    m2 = journey.save_map(ws, journey.set_cell(m, "s3", "pain_points", "slow checkout on mobile"))
    assert m2.stage("s3").items("pain_points")[0].item_id == pain.item_id
    assert "★" in journey.render_html(m2, "en", _linked(ws, m.map_id))


def test_opportunity_initiative_kind_and_other_maps_not_linked(ws):
    m = journey.load_map(ws, journey.create_map(ws, "Coffee", "en", "coffee"))
    other = journey.create_map(ws, "Other", "en", "coffee")
    stage, lane, item = [x for x in journey.actionable_items(m) if x[1] == "opportunities"][0]
    _to_initiative(ws, m, stage, item.item_id)
    assert list_initiatives(ws)["source_kind"].tolist() == ["journey_opportunity"]
    assert _linked(ws, other) == set()


# -- view ---------------------------------------------------------------------------------------------------
def test_render_html_escapes_user_text_and_hides_lanes():
    m = journey.set_cell(journey.new_map("M", ["<b>Stage</b>"]), "s1", "thoughts", "<script>alert(1)</script>")
    m = journey.set_hidden_lanes(m, ["kpis"])
    out = journey.render_html(m, "en")
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;b&gt;Stage&lt;/b&gt;" in out
    assert "Thoughts / quotes" in out and "KPIs" not in out
    assert journey.EVIDENCE_COLOURS["assumed"] in out
    persona = journey.persona_html(journey.Persona(name="<i>x</i>", disc="D"), "zh")
    assert "&lt;i&gt;" in persona and "直接给出选项和结果" in persona


def test_grid_shows_bullets_for_several_items_and_strips_them_back():
    m = journey.set_cell(journey.set_cell(_m(), "s1", "kpis", "NPS\nCSAT"), "s2", "kpis", "CES")
    frame = journey.grid_frame(m, "en")
    row = frame.index[frame["lane"] == "KPIs"][0]
    assert frame.loc[row, "s1"] == "• NPS\n• CSAT" and frame.loc[row, "s2"] == "CES"
    assert journey.apply_grid(m, frame).content() == m.content()


def test_report_frame_lays_the_map_out_as_the_grid():
    m = journey.new_map("M", ["Buy", "Buy", "Use"])
    m = journey.set_emotion(journey.set_evidence(m, "s1", "data"), "s1", -1, 2)
    m = journey.set_cell(m, "s3", "opportunities", "chat support")
    m = journey.apply_opportunities(m, journey.opportunity_frame(m, "en").assign(owner="Ops", status="planned"))
    m = journey.set_hidden_lanes(m, ["backstage"])
    df = journey.report_frame(m, "en")
    assert df.columns.tolist() == ["lane", "1. Buy", "2. Buy", "Use"]
    assert df["lane"].tolist()[:3] == ["Evidence", "Emotion (as is)", "Emotion (to be)"]
    assert df.iloc[0, 1] == "Backed by data" and df.iloc[1, 1] == -1 and df.iloc[2, 1] == 2
    opp = df.set_index("lane").loc["Opportunities", "Use"]
    assert opp == "• chat support (In plan · Ops)"
    assert "Backstage processes" not in df["lane"].tolist() and len(df) == 3 + 7


def test_hostile_text_in_error_messages_cannot_become_markdown():
    # a file whose evidence value is a markdown image that would fetch an outside URL when shown
    doc = _doc(stages=[{"name": "A", "evidence": "![x](http://example.invalid/t.png)"}])
    with pytest.raises(WorkbenchError) as e:
        journey.from_json(json.dumps(doc))
    text = e.value.display_text("en")  # what ui.show_error shows
    assert "![x](" not in text and r"\!\[x\]\(" in text
    assert md_escape("a" * 200).endswith("…") and len(md_escape("a" * 200)) == 80


def test_figures_line_for_the_projected_map():
    fig = {"scope": "segment", "customers": 1066, "revenue_share": 0.409, "repeat_share": 1.0, "csat": 3.74,
           "nps": 18.1}
    line = journey.figures_line(fig, "RFM: Champions (1066)", "en")
    assert line.startswith(r"RFM: Champions \(1066\) · Customers 1,066 · Revenue share 40\.9%")
    assert line.endswith(r"NPS \+18")
    assert journey.figures_line(fig, None, "zh").startswith("全部客户 · 客户数 1,066")


def test_an_edit_rewrites_only_the_cell_that_changed(ws):
    # DuckDB's rowid changes when a row is deleted and inserted again, so an untouched row keeps its rowid
    m = journey.load_map(ws, journey.create_map(ws, "Coffee", "en", "coffee"))

    def rowids(stage, lane):
        return ws.query("SELECT rowid FROM journey_items WHERE map_id = ? AND stage_id = ? AND lane = ? "
                        "ORDER BY position", [m.map_id, stage, lane])["rowid"].tolist()

    untouched, edited = rowids("s1", "touchpoints"), rowids("s2", "pain_points")
    stage_rows = ws.query("SELECT stage_id, rowid FROM journey_stages WHERE map_id = ?", [m.map_id])
    journey.save_map(ws, journey.set_cell(m, "s2", "pain_points", "one\ntwo"))
    assert rowids("s1", "touchpoints") == untouched
    assert rowids("s2", "pain_points") != edited and len(rowids("s2", "pain_points")) == 2
    assert ws.query("SELECT stage_id, rowid FROM journey_stages WHERE map_id = ?", [m.map_id]).equals(stage_rows)


def test_a_note_with_a_line_break_in_a_file_stays_one_note_and_opening_it_saves_nothing(ws):
    """An imported map whose note holds a line break was split in two by the grid on the first look, which
    saved a new revision just by viewing the map."""
    doc = journey.map_to_dict(journey.set_cell(journey.new_map("M", ["A"]), "s1", "thoughts", "x"))
    doc["stages"][0]["lanes"]["thoughts"] = [{"text": "first line\nsecond line"}]
    m = journey.load_map(ws, journey.import_map(ws, json.dumps(doc)))
    assert [i.text for i in m.stage("s1").items("thoughts")] == ["first line second line"]
    grid = journey.grid_frame(m, "en")
    assert journey.apply_grid(m, grid).content() == m.content()  # the page finds nothing to save
