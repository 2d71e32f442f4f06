"""Several participants on one map: edits to different cells merge, the same cell conflicts and hands the
typed text back, undo is per participant, names are unique. Each case was observed in a workshop before:
the second participant got a conflict on any edit, and one participant's undo reverted the other's."""

from __future__ import annotations

from dataclasses import replace

import pytest

from workbench import journey
from workbench.core.errors import WorkbenchError


@pytest.fixture
def ws(manager):
    return manager.create("j")


def _cell(m, stage, lane):
    return [i.text for i in m.stage(stage).items(lane)]


def _two_sessions(ws):
    """A stored map and two participants who loaded the same revision."""
    m = journey.load_map(ws, journey.create_map(ws, "Coffee", "en", "coffee"))
    return m, m


def test_edits_to_different_cells_both_land(ws):
    base_a, base_b = _two_sessions(ws)
    a = journey.save_edit(ws, base_a, journey.set_cell(base_a, "s1", "actions", "A's action"), "alice")
    assert a.conflicts == ()
    b = journey.save_edit(ws, base_b, journey.set_cell(base_b, "s2", "pain_points", "B's pain"), "bob")
    assert b.conflicts == ()
    stored = journey.load_map(ws, base_a.map_id)
    assert _cell(stored, "s1", "actions") == ["A's action"] and _cell(stored, "s2", "pain_points") == ["B's pain"]
    assert stored.revision == base_a.revision + 2


def test_the_same_cell_conflicts_keeps_theirs_and_hands_the_typed_text_back(ws):
    base_a, base_b = _two_sessions(ws)
    journey.save_edit(ws, base_a, journey.set_cell(base_a, "s1", "actions", "Alice wrote this"), "alice")
    edited = journey.set_cell(journey.set_cell(base_b, "s1", "actions", "Bob typed that"), "s3", "kpis", "NPS")
    result = journey.save_edit(ws, base_b, edited, "bob")
    assert [(c.unit, [i.text for i in c.mine], [i.text for i in c.theirs]) for c in result.conflicts] == [
        (("cell", "s1", "actions"), ["Bob typed that"], ["Alice wrote this"])]
    # Bob's other cell landed; the disputed one keeps Alice's text until Bob re-applies his
    assert _cell(result.map, "s1", "actions") == ["Alice wrote this"] and _cell(result.map, "s3", "kpis") == ["NPS"]
    again = journey.save_edit(ws, result.map, journey.set_cell(result.map, "s1", "actions", "Bob typed that"), "bob")
    assert again.conflicts == () and _cell(again.map, "s1", "actions") == ["Bob typed that"]


def test_stage_changes_merge_and_new_stage_ids_never_collide(ws):
    base_a, base_b = _two_sessions(ws)
    a = journey.save_edit(ws, base_a, journey.add_stage(base_a, "A's stage"), "alice").map
    b = journey.save_edit(ws, base_b, journey.rename_stage(journey.add_stage(base_b, "B's stage"), "s1", "Discover"),
                          "bob")
    assert b.conflicts == ()
    names = [s.name for s in b.map.stages]
    assert names[0] == "Discover" and "A's stage" in names and "B's stage" in names
    assert len({s.stage_id for s in b.map.stages}) == len(b.map.stages) == len(a.stages) + 1


def test_a_stage_deleted_by_one_and_edited_by_the_other_is_kept_with_the_edit(ws):
    base_a, base_b = _two_sessions(ws)
    journey.save_edit(ws, base_a, journey.delete_stage(base_a, "s5"), "alice")
    result = journey.save_edit(ws, base_b, journey.set_cell(base_b, "s5", "thoughts", "keep me"), "bob")
    assert [c.unit for c in result.conflicts] == [("stage_deleted", "s5")]
    assert _cell(result.map, "s5", "thoughts") == ["keep me"]


def test_undo_reverts_only_the_participants_own_change(ws):
    base, _ = _two_sessions(ws)
    after_a = journey.save_edit(ws, base, journey.set_cell(base, "s1", "actions", "by Alice"), "alice").map
    after_b = journey.save_edit(ws, after_a, journey.set_cell(after_a, "s2", "actions", "by Bob"), "bob").map
    assert journey.undo_depth(ws, base.map_id, "alice") == 1 and journey.undo_depth(ws, base.map_id, "bob") == 1
    undone = journey.undo(ws, base.map_id, "alice")
    assert undone.conflicts == ()
    assert _cell(undone.map, "s1", "actions") == _cell(base, "s1", "actions")  # Alice's change gone
    assert _cell(undone.map, "s2", "actions") == ["by Bob"]  # Bob's stays
    assert journey.undo_depth(ws, base.map_id, "alice") == 0 and journey.undo_depth(ws, base.map_id, "bob") == 1
    with pytest.raises(WorkbenchError) as err:
        journey.undo(ws, base.map_id, "alice")
    assert err.value.key == "journey.error.nothing_to_undo"
    assert after_b.revision < undone.map.revision


def test_undo_of_a_cell_someone_changed_since_keeps_their_text(ws):
    base, _ = _two_sessions(ws)
    a = journey.save_edit(ws, base, journey.set_cell(base, "s1", "actions", "by Alice"), "alice").map
    journey.save_edit(ws, a, journey.set_cell(a, "s1", "actions", "Bob rewrote it"), "bob")
    undone = journey.undo(ws, base.map_id, "alice")
    assert [c.unit for c in undone.conflicts] == [("cell", "s1", "actions")]
    assert _cell(undone.map, "s1", "actions") == ["Bob rewrote it"]


def test_map_names_are_unique_whatever_their_case(ws):
    first = journey.create_map(ws, "", "en", "ecommerce")
    second = journey.create_map(ws, "", "en", "ecommerce")  # the template twice, no name: numbered
    names = journey.list_maps(ws).set_index("map_id")["name"]
    assert names[second] == f"{names[first]} (2)"
    with pytest.raises(WorkbenchError) as err:
        journey.create_map(ws, names[first].upper(), "en")
    assert err.value.key == "journey.error.name_taken"
    m = journey.load_map(ws, second)
    with pytest.raises(WorkbenchError):
        journey.save_edit(ws, m, replace(m, name=names[first].lower()), "alice")
    assert journey.load_map(ws, second).name == names[second]  # nothing half-saved
    copy = journey.duplicate_map(ws, first, names[first])
    assert journey.list_maps(ws).set_index("map_id")["name"][copy] == f"{names[first]} (3)"


def test_existing_duplicate_names_are_numbered_by_the_migration(tmp_path):
    import duckdb

    from workbench.core.migrations import migrations
    from workbench.core.store import WorkspaceManager

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))  # a workspace file written before names were unique (schema 6)
    for migration in migrations()[:6]:
        migration.upgrade(con)
    con.execute("INSERT INTO meta VALUES ('schema_version', '6')")
    con.execute("INSERT OR REPLACE INTO meta VALUES ('data_version', '0')")
    for map_id in (1, 2, 3):
        con.execute("INSERT INTO journey_maps (map_id, name) VALUES (?, 'Twin')", [map_id])
    con.close()
    ws = WorkspaceManager(tmp_path).open("old")
    assert journey.list_maps(ws).sort_values("map_id")["name"].tolist() == ["Twin", "Twin (2)", "Twin (3)"]
