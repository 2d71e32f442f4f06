"""Initiatives in the workspace: revisions and conflicts, one initiative per insight, bad input refused with
nothing half-saved, dependencies, undo per participant, and the migration of existing initiatives."""

from __future__ import annotations

import duckdb
import pytest

from workbench import roadmap, segments
from workbench.core.errors import WorkbenchError
from workbench.core.migrations import migrations
from workbench.roadmap import config, initiatives
from workbench.roadmap.model import DuplicateSource, InitiativeConflict, source_key


def _row(ws, initiative_id):
    return roadmap.get_initiative(ws, initiative_id)


# -- revisions ------------------------------------------------------------------------------------------------
def test_every_saved_edit_raises_the_revision_and_a_stale_one_is_a_conflict(ws):
    a = roadmap.create_initiative(ws, "Loyalty tiers", budget=1000, start_month=0, duration_months=3)
    assert _row(ws, a)["revision"] == 1
    # participant 1 and 2 both load revision 1; 2 saves first
    roadmap.update_initiative(ws, a, {"budget": 2000}, 1, actor="p2")
    assert _row(ws, a)["revision"] == 2
    with pytest.raises(InitiativeConflict) as e:
        roadmap.update_initiative(ws, a, {"owner": "Alice"}, 1, actor="p1")
    assert e.value.key == "roadmap.error.conflict" and (e.value.loaded, e.value.stored) == (1, 2)
    assert "revision 1" in e.value.text("en") and "第 1 版" in e.value.text("zh")
    stored = _row(ws, a)
    assert (stored["budget"], stored["owner"], stored["revision"]) == (2000, None, 2)  # nothing overwritten
    # a save that changes nothing is no new revision
    roadmap.update_initiative(ws, a, {"budget": 2000}, 2)
    assert _row(ws, a)["revision"] == 2


def test_a_stale_delete_is_refused_and_an_edit_of_a_deleted_one_is_clear(ws):
    a = roadmap.create_initiative(ws, "A")
    roadmap.update_initiative(ws, a, {"owner": "x"}, 1)
    with pytest.raises(InitiativeConflict):
        roadmap.delete_initiative(ws, a, 1)
    roadmap.delete_initiative(ws, a, 2)
    with pytest.raises(WorkbenchError) as e:
        roadmap.update_initiative(ws, a, {"owner": "y"}, 2)
    assert e.value.key == "roadmap.error.gone"


def test_the_plan_version_moves_with_every_write(ws):
    versions = [config.load_config(ws).version]
    a = roadmap.create_initiative(ws, "A")
    versions.append(config.load_config(ws).version)
    roadmap.update_initiative(ws, a, {"owner": "x"}, 1)
    versions.append(config.load_config(ws).version)
    roadmap.update_initiative(ws, a, {"owner": "x"}, 2)  # no change: no new version
    versions.append(config.load_config(ws).version)
    assert versions == [0, 1, 2, 2]


# -- one initiative per insight -------------------------------------------------------------------------------
def test_the_same_segment_twice_is_refused_with_the_existing_id(ws):
    ref = {"segmentation": "rfm", "segment": "at_risk"}
    first = roadmap.create_initiative(ws, "RFM: At risk", source_kind="segment", source_ref=ref)
    assert roadmap.initiative_from(ws, "segment", ref) == first
    assert roadmap.initiative_from(ws, "segment", {"segmentation": "rfm", "segment": "champions"}) is None
    with pytest.raises(DuplicateSource) as e:
        roadmap.create_initiative(ws, "Another title", source_kind="segment", source_ref=dict(ref, extra=1))
    assert isinstance(e.value, WorkbenchError)
    assert e.value.existing_id == first and e.value.params["existing_id"] == first
    assert e.value.key == "roadmap.error.duplicate_source" and f"#{first}" in e.value.text("en")
    assert len(roadmap.list_initiatives(ws)) == 1
    # the segment's codes became the target segment
    assert (_row(ws, first)["segmentation"], _row(ws, first)["segment"]) == ("rfm", "at_risk")


def test_a_journey_item_is_one_source_whether_pain_point_or_opportunity(ws):
    ref = {"map_id": 3, "stage_id": "s2", "item": "abc123", "lane": "pain_points", "map": "Coffee", "stage": "Buy"}
    first = roadmap.create_initiative(ws, "Queue", source_kind="journey_pain", source_ref=ref)
    # the map renamed since (display fields differ): still the same item
    with pytest.raises(DuplicateSource):
        roadmap.create_initiative(ws, "Queue", source_kind="journey_pain", source_ref=dict(ref, map="Café"))
    assert roadmap.initiative_from(ws, "journey_opportunity", {"map_id": "3", "item": "abc123"}) == first
    other = roadmap.create_initiative(ws, "Other", source_kind="journey_opportunity",
                                      source_ref=dict(ref, item="def456"))
    assert other != first


def test_a_value_gap_is_identified_by_attribute_segmentation_and_segment(ws):
    roadmap.create_initiative(ws, "Queue time", source_kind="value_gap",
                              source_ref={"attribute": "排队时间", "segmentation": "survey", "segment": "VIP"})
    roadmap.create_initiative(ws, "Queue time (all)", source_kind="value_gap",
                              source_ref={"attribute": "排队时间", "segmentation": None, "segment": None})
    # the same segment code in two segmentations is two different groups of customers
    roadmap.create_initiative(ws, "Queue time, pyramid lapsed", source_kind="value_gap",
                              source_ref={"attribute": "排队时间", "segmentation": "pyramid", "segment": "lapsed"})
    roadmap.create_initiative(ws, "Queue time, churn lapsed", source_kind="value_gap",
                              source_ref={"attribute": "排队时间", "segmentation": "churn", "segment": "lapsed"})
    with pytest.raises(DuplicateSource):
        roadmap.create_initiative(ws, "Again", source_kind="value_gap", source_ref={
            "attribute": "排队时间", "segmentation": "survey", "segment": "VIP", "gap": -1.2})


def test_hand_made_and_library_initiatives_are_never_duplicates(ws):
    roadmap.create_initiative(ws, "Same")
    roadmap.create_initiative(ws, "Same")
    roadmap.add_from_library(ws, "referral_rewards", "en")
    roadmap.add_from_library(ws, "referral_rewards", "en")
    assert len(roadmap.list_initiatives(ws)) == 4


def test_the_migration_gives_existing_initiatives_the_identity_python_computes(tmp_path):
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    ours = next(i for i, m in enumerate(migrations()) if m.__name__.endswith("_roadmap"))
    for m in migrations()[:ours]:  # the workspace as it was before this migration
        m.upgrade(con)
    refs = [("segment", '{"segmentation": "rfm", "segment": "at_risk"}'),
            ("journey_pain", '{"map_id": 3, "stage_id": "s2", "item": "x1", "map": "咖啡"}'),
            ("journey_opportunity", '{"map_id": 3, "item": "x1"}'),
            ("value_gap", '{"attribute": "排队时间"}'),
            (None, None)]
    for i, (kind, ref) in enumerate(refs, start=1):
        con.execute("INSERT INTO initiatives (initiative_id, title, source_kind, source_ref) VALUES (?, ?, ?, ?)",
                    [i, f"t{i}", kind, ref])
    migrations()[ours].upgrade(con)
    import json

    rows = con.execute("SELECT source_kind, source_ref, source_key, segmentation, revision FROM initiatives "
                       "ORDER BY initiative_id").fetchall()
    for kind, ref, key, _segmentation, revision in rows:
        assert key == source_key(kind, json.loads(ref) if ref else None)
        assert revision == 1
    assert rows[0][3] == "rfm"
    assert rows[1][2] == rows[2][2]  # a pain point and an opportunity of one item: one source, as before
    con.close()


# -- bad input: a clear message, nothing half-saved -----------------------------------------------------------
@pytest.mark.parametrize("fields, key, field", [
    ({"budget": -5}, "roadmap.error.negative", "budget"),
    ({"duration_months": -1}, "roadmap.error.negative", "duration_months"),
    ({"headcount": -0.5}, "roadmap.error.negative", "headcount"),
    ({"duration_months": 2.5}, "roadmap.error.whole_months", "duration_months"),
    ({"budget": "a lot"}, "roadmap.error.not_a_number", "budget"),
    ({"confidence": 1.5}, "roadmap.error.out_of_range", "confidence"),
    ({"effort": 0}, "roadmap.error.out_of_range", "effort"),
])
def test_bad_numbers_are_refused_naming_the_field_in_both_languages(ws, fields, key, field):
    a = roadmap.create_initiative(ws, "A", budget=10)
    with pytest.raises(WorkbenchError) as e:
        roadmap.update_initiative(ws, a, fields, 1)
    assert e.value.key == key
    from workbench.i18n import t

    assert t(f"roadmap.field.{field}", "zh") in e.value.text("zh")
    assert t(f"roadmap.field.{field}", "en") in e.value.text("en")
    assert _row(ws, a)["revision"] == 1 and _row(ws, a)["budget"] == 10
    with pytest.raises(WorkbenchError):
        roadmap.create_initiative(ws, "B", **fields)
    assert len(roadmap.list_initiatives(ws)) == 1


def test_a_title_of_only_spaces_is_refused(ws):
    for title in ("   ", "\t", ""):
        with pytest.raises(WorkbenchError) as e:
            roadmap.create_initiative(ws, title)
        assert e.value.key == "initiatives.error.title_empty"
    a = roadmap.create_initiative(ws, "  Padded  ")
    assert _row(ws, a)["title"] == "Padded"
    with pytest.raises(WorkbenchError):
        roadmap.update_initiative(ws, a, {"title": "  "}, 1)


def test_a_start_beyond_the_last_phase_is_refused(ws):
    a = roadmap.create_initiative(ws, "A", start_month=35)  # the last month of the default 36
    with pytest.raises(WorkbenchError) as e:
        roadmap.update_initiative(ws, a, {"start_month": 36}, 1)
    assert e.value.key == "roadmap.error.start_beyond_plan" and e.value.params == {"start": 36, "last": 35}
    assert _row(ws, a)["start_month"] == 35
    # shortening the phases under an initiative is refused too, naming it
    cfg = config.load_config(ws)
    with pytest.raises(WorkbenchError) as e:
        config.save_plan(ws, cfg.start, [{"name": "Only", "end": 24}], cfg.revisions["plan"])
    assert e.value.key == "roadmap.error.phases_cut" and e.value.params["id"] == a
    assert config.load_config(ws).horizon == 36


def test_a_dependency_on_a_deleted_initiative_is_refused(ws):
    a = roadmap.create_initiative(ws, "A")
    b = roadmap.create_initiative(ws, "B")
    roadmap.delete_initiative(ws, a, 1)
    with pytest.raises(WorkbenchError) as e:
        roadmap.update_initiative(ws, b, {"depends_on": [a]}, 1)
    assert e.value.key == "roadmap.error.unknown_dependency" and f"#{a}" in e.value.text("en")
    with pytest.raises(WorkbenchError) as e:
        roadmap.update_initiative(ws, b, {"depends_on": [b]}, 1)
    assert e.value.key == "roadmap.error.self_dependency"
    assert _row(ws, b)["depends_on"] == [] and _row(ws, b)["revision"] == 1


def test_deleting_an_initiative_removes_the_dependencies_on_it_and_tells_their_editors(ws):
    a = roadmap.create_initiative(ws, "A")
    b = roadmap.create_initiative(ws, "B", depends_on=[a])
    roadmap.delete_initiative(ws, a, 1)
    assert _row(ws, b)["depends_on"] == [] and _row(ws, b)["revision"] == 2


def test_a_batch_of_table_edits_is_saved_whole_or_not_at_all(ws):
    a = roadmap.create_initiative(ws, "A", budget=1)
    b = roadmap.create_initiative(ws, "B", budget=2)
    with pytest.raises(WorkbenchError) as e:
        roadmap.apply_changes(ws, updates=[(a, 1, {"budget": 10}), (b, 1, {"budget": -3})],
                              creates=[{"title": "C"}], titles={a: "#1 A", b: "#2 B"})
    assert e.value.text("en").startswith("#2 B: ") and "cannot be negative" in e.value.text("en")
    assert [r["budget"] for r in map(lambda i: _row(ws, i), (a, b))] == [1, 2]
    assert len(roadmap.list_initiatives(ws)) == 2
    with pytest.raises(WorkbenchError) as e:
        roadmap.apply_changes(ws, creates=[{"title": "   ", "budget": 5}])
    assert e.value.text("en") == "+1: An initiative needs a title."
    new = roadmap.apply_changes(ws, updates=[(a, 1, {"budget": 10})], creates=[{"title": "C", "start_month": 2}],
                                deletes=[(b, 1)])
    assert roadmap.list_initiatives(ws)["title"].tolist() == ["A", "C"] and len(new) == 1


def test_a_target_segment_must_exist_now(data_ws):
    snap = segments.snapshot(data_ws)
    present = snap.segments("tier")[0]
    a = roadmap.create_initiative(data_ws, "Tier work", segmentation="tier", segment=present)
    with pytest.raises(WorkbenchError) as e:
        roadmap.update_initiative(data_ws, a, {"segmentation": "rfm", "segment": "no_such_segment"}, 1)
    assert e.value.key == "roadmap.error.segment_gone"
    assert "RFM" in e.value.text("en") and "no_such_segment" in e.value.text("en")
    with pytest.raises(WorkbenchError):
        roadmap.create_initiative(data_ws, "X", segmentation="nonsense", segment="x")
    assert _row(data_ws, a)["segment"] == present


# -- undo -----------------------------------------------------------------------------------------------------
def test_undo_reverts_this_participants_last_change_only(ws):
    a = roadmap.create_initiative(ws, "A", budget=100, actor="p1")
    roadmap.update_initiative(ws, a, {"budget": 200}, 1, actor="p1")
    b = roadmap.create_initiative(ws, "B", actor="p2")
    assert roadmap.undo_depth(ws, "p1") == 2 and roadmap.undo_depth(ws, "p2") == 1
    roadmap.undo(ws, "p1")  # p1's budget change, not p2's new initiative
    assert _row(ws, a)["budget"] == 100 and _row(ws, a)["revision"] == 3
    assert roadmap.get_initiative(ws, b)["title"] == "B"
    roadmap.undo(ws, "p1")  # p1's creation of A
    assert roadmap.list_initiatives(ws)["title"].tolist() == ["B"]
    with pytest.raises(WorkbenchError) as e:
        roadmap.undo(ws, "p1")
    assert e.value.key == "roadmap.error.nothing_to_undo"


def test_undo_never_reverts_someone_elses_later_change(ws):
    a = roadmap.create_initiative(ws, "A", actor="p1")
    roadmap.update_initiative(ws, a, {"owner": "p1's owner"}, 1, actor="p1")
    roadmap.update_initiative(ws, a, {"budget": 5}, 2, actor="p2")
    with pytest.raises(WorkbenchError) as e:
        roadmap.undo(ws, "p1")
    assert e.value.key == "roadmap.error.undo_conflict"
    assert _row(ws, a)["owner"] == "p1's owner" and _row(ws, a)["budget"] == 5
    # that entry is gone, so p1's older change (creating A) is next — and also changed since: refused as well
    with pytest.raises(WorkbenchError):
        roadmap.undo(ws, "p1")
    assert roadmap.undo_depth(ws, "p1") == 0


def test_undo_of_a_delete_brings_back_the_initiative_and_its_links(ws):
    a = roadmap.create_initiative(ws, "A", budget=50)
    b = roadmap.create_initiative(ws, "B", depends_on=[a])
    c = roadmap.create_initiative(ws, "C")
    roadmap.update_initiative(ws, a, {"depends_on": [c]}, 1)
    roadmap.delete_initiative(ws, a, 2, actor="p1")
    roadmap.undo(ws, "p1")
    restored = _row(ws, a)
    assert (restored["title"], restored["budget"], restored["depends_on"], restored["revision"]) == ("A", 50, [c], 3)
    assert _row(ws, b)["depends_on"] == [a]


def test_undo_of_a_setting(ws):
    cfg = config.load_config(ws)
    rows = [dict(p) for p in cfg.phases]
    rows[0]["budget"] = 1000
    config.save_plan(ws, cfg.start, rows, 0, actor="p1")
    assert config.load_config(ws).phases[0]["budget"] == 1000
    roadmap.undo(ws, "p1")
    after = config.load_config(ws)
    assert after.phases[0]["budget"] is None and after.revisions["plan"] == 2
    # a stale save of the settings is a conflict like an initiative's
    with pytest.raises(InitiativeConflict):
        config.save_plan(ws, cfg.start, rows, 1, actor="p2")


def test_creating_the_first_initiative_fixes_the_plans_start(ws):
    assert config.load_config(ws).revisions["plan"] == 0
    roadmap.create_initiative(ws, "A")
    cfg = config.load_config(ws)
    assert cfg.revisions["plan"] == 1 and cfg.start.day == 1
    assert initiatives.undo_depth(ws, "api") == 1  # the start is not a change to undo


def test_undo_goes_back_step_by_step(ws):
    a = roadmap.create_initiative(ws, "A", budget=1, actor="p1")
    roadmap.update_initiative(ws, a, {"budget": 2}, 1, actor="p1")
    roadmap.update_initiative(ws, a, {"budget": 3, "owner": "x"}, 2, actor="p1")
    roadmap.undo(ws, "p1")
    assert (_row(ws, a)["budget"], _row(ws, a)["owner"]) == (2, None)
    roadmap.undo(ws, "p1")
    assert _row(ws, a)["budget"] == 1
    cfg = config.load_config(ws)
    for budget in (10, 20):
        rows = [dict(p) for p in config.load_config(ws).phases]
        rows[0]["budget"] = budget
        config.save_plan(ws, cfg.start, rows, config.load_config(ws).revisions["plan"], actor="p1")
    roadmap.undo(ws, "p1")
    assert config.load_config(ws).phases[0]["budget"] == 10
    roadmap.undo(ws, "p1")
    assert config.load_config(ws).phases[0]["budget"] is None
