"""Journey maps in the workspace: the only module of the journey area that runs SQL.

Every edit is one small transaction that rewrites only the cells and stages that changed and raises the
map's revision by one. A save names the revision it was based on; if the stored revision has moved on
(another session saved in between) :class:`~workbench.journey.model.JourneyConflict` is raised instead of
overwriting. Before each edit the previous state of the map is written to an undo log (capped at
:data:`~workbench.journey.model.UNDO_DEPTH`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.core.store import Workspace
from workbench.i18n import t
from workbench.journey.io import from_json, map_from_dict, map_to_dict
from workbench.journey.merge import Conflict, merge3
from workbench.journey.model import (
    LANES,
    PERSONA_FIELDS,
    UNDO_DEPTH,
    Item,
    JourneyConflict,
    JourneyMap,
    Persona,
    Stage,
    _clean,
    _new_item_id,
    _next_stage_id,
    new_map,
    validate,
)

__all__ = ["SaveResult", "list_maps", "load_map", "revision", "create_map", "save_map", "save_edit", "undo",
           "undo_depth", "duplicate_map", "delete_map", "import_map"]


@dataclass(frozen=True)
class SaveResult:
    """A saved map and the units another participant had changed too (kept as they stored them; the page
    offers the user's own value again)."""

    map: JourneyMap
    conflicts: tuple[Conflict, ...] = ()


def list_maps(ws: Workspace) -> pd.DataFrame:
    """Maps of the workspace, by name: map_id, name, revision, stages, segmentation, segment, updated_at."""
    return ws.query(
        """
        SELECT m.map_id, m.name, m.revision,
               (SELECT count(*) FROM journey_stages s WHERE s.map_id = m.map_id) AS stages,
               m.segmentation, m.segment, m.updated_at
        FROM journey_maps m ORDER BY lower(m.name), m.map_id
        """
    )


def _read_map(cur, map_id: int) -> JourneyMap:
    row = cur.execute(
        "SELECT name, revision, persona, hidden_lanes, segmentation, segment, template, stage_seq "
        "FROM journey_maps WHERE map_id = ?",
        [map_id],
    ).fetchone()
    if row is None:
        raise WorkbenchError("journey.error.not_found", map_id=map_id)
    name, revision, persona, hidden, segmentation, segment, template, seq = row
    items: dict[tuple[str, str], list[Item]] = {}
    for stage_id, lane, item_id, text, owner, status in cur.execute(
        "SELECT stage_id, lane, item_id, text, owner, status FROM journey_items WHERE map_id = ? "
        "ORDER BY stage_id, lane, position",
        [map_id],
    ).fetchall():
        items.setdefault((stage_id, lane), []).append(Item(text, item_id, owner or "", status or "open"))
    stages = []
    for stage_id, sname, evidence, as_is, to_be in cur.execute(
        "SELECT stage_id, name, evidence, emotion_as_is, emotion_to_be FROM journey_stages WHERE map_id = ? "
        "ORDER BY position",
        [map_id],
    ).fetchall():
        lanes = {lane: tuple(items[(stage_id, lane)]) for lane in LANES if (stage_id, lane) in items}
        stages.append(Stage(stage_id, sname, evidence, as_is, to_be, lanes))
    persona_dict = json.loads(persona) if persona else {}
    return JourneyMap(
        map_id=map_id, name=name, revision=revision,
        persona=Persona(**{k: str(persona_dict.get(k, "")) for k in PERSONA_FIELDS}),
        stages=tuple(stages), hidden_lanes=tuple(json.loads(hidden) if hidden else ()),
        segmentation=segmentation, segment=segment, template=template, stage_seq=int(seq or 0),
    )


def revision(ws: Workspace, map_id: int) -> int | None:
    """The stored revision of a map (None when it was deleted): what an open page polls to notice another
    participant's change."""
    value = ws.scalar("SELECT revision FROM journey_maps WHERE map_id = ?", [int(map_id)])
    return None if value is None else int(value)


def _check_name(cur, name: str, map_id: int | None) -> None:
    """Map names are unique per workspace, whatever their case: a picker names maps by their name."""
    taken = cur.execute("SELECT count(*) FROM journey_maps WHERE lower(name) = lower(?) AND map_id IS DISTINCT FROM ?",
                        [name, map_id]).fetchone()[0]
    if taken:
        raise WorkbenchError("journey.error.name_taken", name=name)


def _free_name(cur, name: str) -> str:
    """``name``, or ``name (2)``, ``name (3)``, … the first one no map has."""
    taken = {r[0] for r in cur.execute("SELECT lower(name) FROM journey_maps").fetchall()}
    candidate, n = name, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{name} ({n})"
    return candidate


def load_map(ws: Workspace, map_id: int) -> JourneyMap:
    """The stored map at its current revision; raises ``journey.error.not_found``."""
    with ws.cursor() as cur:
        return _read_map(cur, int(map_id))


def _insert_stage(cur, map_id: int, position: int, s: Stage) -> None:
    cur.execute(
        "INSERT OR REPLACE INTO journey_stages VALUES (?, ?, ?, ?, ?, ?, ?)",
        [map_id, s.stage_id, position, s.name, s.evidence, s.emotion_as_is, s.emotion_to_be],
    )


def _insert_cell(cur, map_id: int, stage_id: str, lane: str, items: Sequence[Item]) -> None:
    if items:
        cur.executemany(
            "INSERT INTO journey_items VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [[map_id, stage_id, lane, i, it.item_id or _new_item_id(), it.text, it.owner or None, it.status]
             for i, it in enumerate(items)],
        )


def _write_header(cur, m: JourneyMap, revision: int) -> None:
    """The map's own row; ``stage_seq`` only grows (the highest stage number the map has ever stored)."""
    persona = json.dumps({k: getattr(m.persona, k) for k in PERSONA_FIELDS}, ensure_ascii=False)
    seq = int(_next_stage_id(m.stages, m.stage_seq)[1:]) - 1
    cur.execute(
        "UPDATE journey_maps SET name = ?, revision = ?, persona = ?, hidden_lanes = ?, segmentation = ?, "
        "segment = ?, stage_seq = greatest(stage_seq, ?), updated_at = current_timestamp WHERE map_id = ?",
        [m.name, revision, persona, json.dumps(list(m.hidden_lanes)), m.segmentation, m.segment, seq, m.map_id],
    )


def _write_diff(cur, old: JourneyMap, new: JourneyMap) -> None:
    """Write only what differs between two states of one map: stages, then changed cells."""
    map_id = new.map_id
    new_ids = {s.stage_id for s in new.stages}
    for s in old.stages:
        if s.stage_id not in new_ids:
            cur.execute("DELETE FROM journey_stages WHERE map_id = ? AND stage_id = ?", [map_id, s.stage_id])
            cur.execute("DELETE FROM journey_items WHERE map_id = ? AND stage_id = ?", [map_id, s.stage_id])
    old_pos = {s.stage_id: (i, s) for i, s in enumerate(old.stages)}
    for i, s in enumerate(new.stages):
        before = old_pos.get(s.stage_id)
        before_stage = before[1] if before else Stage(s.stage_id, "")
        head = (s.name, s.evidence, s.emotion_as_is, s.emotion_to_be)
        if before is None or before[0] != i or head != (
            before_stage.name, before_stage.evidence, before_stage.emotion_as_is, before_stage.emotion_to_be
        ):
            _insert_stage(cur, map_id, i, s)
        for lane in LANES:
            if s.items(lane) != before_stage.items(lane):
                cur.execute(
                    "DELETE FROM journey_items WHERE map_id = ? AND stage_id = ? AND lane = ?",
                    [map_id, s.stage_id, lane],
                )
                _insert_cell(cur, map_id, s.stage_id, lane, s.items(lane))


def _with_item_ids(m: JourneyMap) -> JourneyMap:
    """Give every item an id before it is stored, so the stored and returned maps agree."""
    def fix(items: tuple[Item, ...]) -> tuple[Item, ...]:
        return tuple(it if it.item_id else replace(it, item_id=_new_item_id()) for it in items)

    return replace(m, stages=tuple(replace(s, lanes={k: fix(v) for k, v in s.lanes.items() if v})
                                   for s in m.stages))


def create_map(ws: Workspace, name: str, lang: str = "zh", template: str | None = None) -> int:
    """Store a new map (from a template, or with the five standard stages) and return its id; an empty
    name becomes the template's name (or "New journey map")."""
    from workbench.journey.templates import build_template, default_stage_names

    name = _clean(name)
    if template:
        m = replace(build_template(template, lang), name=name or t(f"journey.template.{template}", lang))
    else:
        m = new_map(name or t("journey.default_name", lang), default_stage_names(lang))
    return _insert_map(ws, m, numbered=not name)


def _insert_map(ws: Workspace, m: JourneyMap, numbered: bool = False) -> int:
    """Store a new map; a name another map has is refused, or numbered (``numbered``: a default name)."""
    m = _with_item_ids(m)
    validate(m)
    with ws.transaction() as cur:
        if numbered:
            m = replace(m, name=_free_name(cur, m.name))
        _check_name(cur, m.name, None)
        map_id = cur.execute(
            "INSERT INTO journey_maps (map_id, name, template) VALUES (nextval('journey_map_id_seq'), ?, ?) "
            "RETURNING map_id",
            [m.name, m.template],
        ).fetchone()[0]
        m = replace(m, map_id=map_id)
        _write_header(cur, m, 1)
        _write_diff(cur, replace(m, stages=()), m)
    return int(map_id)


def _write_edit(cur, old: JourneyMap, new: JourneyMap, participant: str | None) -> JourneyMap:
    """Write ``new`` over the stored ``old`` as the next revision, with an undo entry naming who made it."""
    if new.name != old.name:
        _check_name(cur, new.name, new.map_id)
    _write_diff(cur, old, new)
    _write_header(cur, new, old.revision + 1)
    saved = _read_map(cur, new.map_id)
    cur.execute(
        "INSERT INTO journey_undo (map_id, revision, snapshot, participant, after) VALUES (?, ?, ?, ?, ?)",
        [new.map_id, old.revision, json.dumps(map_to_dict(old, ids=True), ensure_ascii=False), participant,
         json.dumps(map_to_dict(saved, ids=True), ensure_ascii=False)],
    )
    cur.execute(
        "DELETE FROM journey_undo WHERE map_id = ? AND revision NOT IN "
        "(SELECT revision FROM journey_undo WHERE map_id = ? ORDER BY revision DESC LIMIT ?)",
        [new.map_id, new.map_id, UNDO_DEPTH],
    )
    return saved


def _same_content(a: JourneyMap, b: JourneyMap) -> bool:
    return a.content() == replace(b.content(), template=a.template)


def save_map(ws: Workspace, new: JourneyMap, expected_revision: int | None = None,
             participant: str | None = None) -> JourneyMap:
    """Store an edited map in one transaction and return it at its new revision — only if nobody saved
    since ``expected_revision`` (default: ``new.revision``); otherwise :class:`JourneyConflict` is raised
    and nothing is written. A save that changes nothing returns the stored map unchanged (no new revision,
    no undo entry). The page saves with :func:`save_edit`, which merges instead."""
    expected = new.revision if expected_revision is None else expected_revision
    new = _with_item_ids(new)
    validate(new)
    with ws.transaction() as cur:
        old = _read_map(cur, new.map_id)
        if old.revision != expected:
            raise JourneyConflict(old.name, expected, old.revision)
        if _same_content(old, new):
            return old
        return _write_edit(cur, old, new, participant)


def save_edit(ws: Workspace, base: JourneyMap, edited: JourneyMap, participant: str | None = None) -> SaveResult:
    """Store an edit made on ``base`` (the map as this participant loaded it), merged with whatever others
    saved meanwhile (:func:`workbench.journey.merge.merge3`): edits to different cells both land; a cell both
    changed keeps the stored text and comes back in ``conflicts`` with this participant's text."""
    edited = _with_item_ids(edited)
    validate(edited)
    with ws.transaction() as cur:
        stored = _read_map(cur, edited.map_id)
        if stored.revision == base.revision:
            merged, conflicts = edited, ()
        else:
            merged, conflicts = merge3(base, edited, stored)
            merged = _with_item_ids(merged)
            validate(merged)
        if _same_content(stored, merged):
            return SaveResult(stored, conflicts)
        return SaveResult(_write_edit(cur, stored, merged, participant), conflicts)


def undo_depth(ws: Workspace, map_id: int, participant: str | None = None) -> int:
    """How many changes of this map can be undone (by ``participant``: their own changes only)."""
    if participant is None:
        return int(ws.scalar("SELECT count(*) FROM journey_undo WHERE map_id = ?", [map_id]))
    return int(ws.scalar("SELECT count(*) FROM journey_undo WHERE map_id = ? AND participant = ?",
                         [map_id, participant]))


def undo(ws: Workspace, map_id: int, participant: str | None = None) -> SaveResult:
    """Revert the last change of this map (by ``participant``: their own last change), keeping what others
    changed since: the change is undone as a merge from the map right after it back to the map before it.
    Units someone else changed again since come back in ``conflicts`` and keep their newer value. The undo
    is a new revision (so other sessions notice it) and removes that entry from the log."""
    with ws.transaction() as cur:
        current = _read_map(cur, map_id)
        if participant is None:
            where, params = "map_id = ?", [map_id]
        else:
            where, params = "map_id = ? AND participant = ?", [map_id, participant]
        row = cur.execute(f"SELECT revision, snapshot, after FROM journey_undo WHERE {where} "
                          "ORDER BY revision DESC LIMIT 1", params).fetchone()
        if row is None:
            raise WorkbenchError("journey.error.nothing_to_undo")

        def stored_map(doc: str) -> JourneyMap:
            return replace(map_from_dict(json.loads(doc), keep_ids=True), map_id=map_id, template=current.template)

        # an entry from before participants were recorded has no "after": its snapshot is restored as it was
        before, after = stored_map(row[1]), (stored_map(row[2]) if row[2] else current)
        merged, conflicts = merge3(after, before, current)
        validate(merged)
        if merged.name != current.name:
            _check_name(cur, merged.name, map_id)
        _write_diff(cur, current, merged)
        _write_header(cur, merged, current.revision + 1)
        cur.execute("DELETE FROM journey_undo WHERE map_id = ? AND revision = ?", [map_id, row[0]])
        return SaveResult(_read_map(cur, map_id), conflicts)


def duplicate_map(ws: Workspace, map_id: int, new_name: str) -> int:
    """A copy with a new name (items get new ids, so initiatives stay linked to the original only)."""
    source = load_map(ws, map_id)
    copy = map_from_dict(map_to_dict(source))
    return _insert_map(ws, replace(copy, name=_clean(new_name), template=source.template), numbered=True)


def delete_map(ws: Workspace, map_id: int) -> None:
    with ws.transaction() as cur:
        for table in ("journey_items", "journey_stages", "journey_undo", "journey_maps"):
            cur.execute(f"DELETE FROM {table} WHERE map_id = ?", [map_id])




def import_map(ws: Workspace, data: bytes | str, name: str | None = None) -> int:
    """Store a map from an exported file as a new map; returns its id."""
    m = from_json(data)
    if name:
        m = replace(m, name=_clean(name))
    return _insert_map(ws, m, numbered=True)


