"""Customer-journey maps: the model, its persistence in the workspace, the editor's grid and JSON files.

A map (客户旅程地图) has a name, a persona (客户画像), ordered stages (columns) and, per stage, lanes (rows):
touchpoints 接触点, customer actions 行为, thoughts/quotes, pain points 痛点, opportunities 改进机会, backstage
processes 后台支持流程, KPIs 关键指标 and owner 责任人 — the elements the source material lists for a complete
map — plus the emotion score per stage (情绪, drawn as the emotion curve) as it is today and as the roadmap
means it to be. Several items may sit in one cell.

Emotion uses one scale everywhere: −2 (very negative) … 0 (neutral) … +2 (very positive). A five-point
bipolar scale is the usual whiteboard practice (sad face … happy face); the source material does not fix
one. Evidence strength per stage (assumed / some evidence / backed by data) is common practice in journey
mapping (UXPressia, Smaply) and lets the client see which parts are research and which are guesses.

Persistence: every edit is one small transaction that rewrites only the cells and stages that changed and
raises the map's revision by one. A save names the revision it was based on; if the stored revision has
moved on (another session saved in between) :class:`JourneyConflict` is raised instead of overwriting.
Before each edit the previous state of the map is written to an undo log (capped at :data:`UNDO_DEPTH`).

Everything here is Streamlit-free; the page builds its widgets from :func:`grid_frame`,
:func:`stage_frame` and :func:`opportunity_frame` and hands edits back through the ``apply_*`` functions.
"""

from __future__ import annotations

import html
import json
import re
import uuid
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from workbench.errors import WorkbenchError
from workbench.textsafe import md_escape
from workbench.i18n import t
from workbench.store import Workspace

__all__ = [
    "LANES", "HIDEABLE_LANES", "EVIDENCE_LEVELS", "EVIDENCE_COLOURS", "OPPORTUNITY_STATUSES", "DISC_TYPES",
    "PERSONA_FIELDS", "EMOTION_MIN", "EMOTION_MAX", "SCHEMA", "SCHEMA_VERSION", "UNDO_DEPTH", "LIMITS",
    "Item", "Stage", "Persona", "JourneyMap", "JourneyConflict",
    "new_map", "add_stage", "rename_stage", "move_stage", "delete_stage", "set_cell", "set_emotion",
    "set_evidence", "set_hidden_lanes", "visible_lanes",
    "list_maps", "load_map", "create_map", "save_map", "undo", "undo_depth", "duplicate_map", "delete_map",
    "grid_frame", "apply_grid", "stage_frame", "apply_stages", "opportunity_frame", "apply_opportunities",
    "actionable_items", "create_initiative_from", "initiative_item_ids",
    "map_to_dict", "map_from_dict", "to_json", "from_json", "import_map",
    "md_escape", "segment_options", "segments_stamp", "segment_figures", "figure_rows", "figures_line",
    "report_frame",
    "render_html", "persona_html", "item_label",
]

# Lanes in display order. Emotion is not a text lane: it is a number per stage (see Stage).
LANES: tuple[str, ...] = (
    "touchpoints", "actions", "thoughts", "pain_points", "opportunities", "backstage", "kpis", "owner",
)
HIDEABLE_LANES: tuple[str, ...] = LANES + ("emotion",)
EVIDENCE_LEVELS: tuple[str, ...] = ("assumed", "some", "data")
# Colour per evidence level: grey-amber-green reads as "guess → backed" on a projector and in greyscale.
EVIDENCE_COLOURS: Mapping[str, str] = MappingProxyType(
    {"assumed": "#9e9e9e", "some": "#f2a93b", "data": "#2e7d32"}
)
OPPORTUNITY_STATUSES: tuple[str, ...] = ("open", "planned", "done")
# DISC communication types from the source (D 独断型, I 自我型, S 友善型, C 分析型); "" = not set.
DISC_TYPES: tuple[str, ...] = ("", "D", "I", "S", "C")
PERSONA_FIELDS: tuple[str, ...] = ("name", "role", "age_band", "goals", "needs", "channels", "disc")
EMOTION_MIN, EMOTION_MAX = -2.0, 2.0
SCHEMA = "customer-value-workbench/journey-map"
SCHEMA_VERSION = 1
UNDO_DEPTH = 50
LIMITS: Mapping[str, int] = MappingProxyType({
    "map_name": 80, "stage_name": 40, "item_text": 500, "items_per_cell": 30, "stages": 12,
    "persona_field": 600, "owner": 80, "file_bytes": 1_000_000,
})
_ITEM_PREFIX = re.compile(r"^\s*(?:[-*•·]|\d+[.)、])\s+")


# -- model ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Item:
    """One sticky note in a cell. ``owner``/``status`` matter for opportunities only."""

    text: str
    item_id: str = ""
    owner: str = ""
    status: str = "open"


@dataclass(frozen=True)
class Stage:
    """A column of the map. ``lanes`` maps a lane key to its items, in order."""

    stage_id: str
    name: str
    evidence: str = "assumed"
    emotion_as_is: float | None = None
    emotion_to_be: float | None = None
    lanes: Mapping[str, tuple[Item, ...]] = field(default_factory=dict)

    def items(self, lane: str) -> tuple[Item, ...]:
        return tuple(self.lanes.get(lane, ()))


@dataclass(frozen=True)
class Persona:
    """The persona card; ``disc`` is one of :data:`DISC_TYPES`."""

    name: str = ""
    role: str = ""
    age_band: str = ""
    goals: str = ""
    needs: str = ""
    channels: str = ""
    disc: str = ""


@dataclass(frozen=True)
class JourneyMap:
    """A whole map as stored; ``revision`` is the stored revision it was read at."""

    map_id: int
    name: str
    revision: int = 1
    persona: Persona = Persona()
    stages: tuple[Stage, ...] = ()
    hidden_lanes: tuple[str, ...] = ()
    segmentation: str | None = None
    segment: str | None = None
    template: str | None = None
    # Highest stage number the map has used (kept by its undo log and initiatives), so that a new stage never
    # takes the id of a deleted one something may still point at. Derived on load, not part of the content.
    stage_seq: int = field(default=0, compare=False)

    def stage(self, stage_id: str) -> Stage:
        for s in self.stages:
            if s.stage_id == stage_id:
                return s
        raise WorkbenchError("journey.error.no_stage", stage=stage_id)

    def content(self) -> "JourneyMap":
        """The map without its revision, for "did anything change?" comparisons."""
        return replace(self, revision=0, stage_seq=0)


class JourneyConflict(WorkbenchError):
    """Another session saved the map after this one loaded it; nothing was written."""

    def __init__(self, name: str, loaded: int, stored: int) -> None:
        super().__init__("journey.error.conflict", name=_clip(name), loaded=loaded, stored=stored)
        self.loaded, self.stored = loaded, stored


def _new_item_id() -> str:
    return uuid.uuid4().hex[:12]


def _clean(text: Any) -> str:
    return "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text).strip()


def _next_stage_id(stages: Iterable[Stage], seq: int = 0) -> str:
    """The id after every live stage's and after ``seq`` (the highest the map ever used)."""
    used = [int(s.stage_id[1:]) for s in stages if re.fullmatch(r"s\d+", s.stage_id)]
    return f"s{max(used + [seq], default=0) + 1}"


def _clip(value: Any, limit: int = 80) -> str:
    """User or file text for an error message: one line and shortened; escaping is the UI's job."""
    text = str(value).replace("\r", " ").replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_len(value: str, limit_key: str, what: str) -> str:
    if len(value) > LIMITS[limit_key]:
        raise WorkbenchError(f"journey.error.too_long.{what}", max=LIMITS[limit_key], length=len(value))
    return value


def _check_emotion(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise WorkbenchError("journey.error.emotion_range", value=value) from None
    if not EMOTION_MIN <= number <= EMOTION_MAX:
        raise WorkbenchError("journey.error.emotion_range", value=value)
    return number


# -- pure operations (each returns a new map) ------------------------------------------------------------
def new_map(name: str, stage_names: Sequence[str], map_id: int = 0) -> JourneyMap:
    """An empty map with the given stages, for code and tests; :func:`create_map` stores one."""
    stages = tuple(Stage(stage_id=f"s{i + 1}", name=n) for i, n in enumerate(stage_names))
    return JourneyMap(map_id=map_id, name=name, stages=stages)


def add_stage(m: JourneyMap, name: str, after: str | None = None) -> JourneyMap:
    """Add a stage after ``after`` (a stage id), or at the end; its id is above every id the map has used
    (``stage_seq``), so a deleted stage's id is not given to another stage."""
    name = _check_len(_clean(name), "stage_name", "stage")
    if not name:
        raise WorkbenchError("journey.error.stage_name_empty")
    if len(m.stages) >= LIMITS["stages"]:
        raise WorkbenchError("journey.error.too_many_stages", max=LIMITS["stages"])
    stage = Stage(stage_id=_next_stage_id(m.stages, m.stage_seq), name=name)
    stages = list(m.stages)
    index = len(stages) if after is None else [s.stage_id for s in stages].index(m.stage(after).stage_id) + 1
    stages.insert(index, stage)
    return replace(m, stages=tuple(stages), stage_seq=int(stage.stage_id[1:]))


def _replace_stage(m: JourneyMap, stage_id: str, **changes: Any) -> JourneyMap:
    m.stage(stage_id)  # raises when unknown
    return replace(m, stages=tuple(replace(s, **changes) if s.stage_id == stage_id else s for s in m.stages))


def rename_stage(m: JourneyMap, stage_id: str, name: str) -> JourneyMap:
    name = _check_len(_clean(name), "stage_name", "stage")
    if not name:
        raise WorkbenchError("journey.error.stage_name_empty")
    return _replace_stage(m, stage_id, name=name)


def move_stage(m: JourneyMap, stage_id: str, offset: int) -> JourneyMap:
    """Move a stage ``offset`` places (negative = left), clamped to the ends."""
    ids = [s.stage_id for s in m.stages]
    old = ids.index(m.stage(stage_id).stage_id)
    new = max(0, min(len(ids) - 1, old + offset))
    stages = list(m.stages)
    stages.insert(new, stages.pop(old))
    return replace(m, stages=tuple(stages))


def delete_stage(m: JourneyMap, stage_id: str) -> JourneyMap:
    """Remove a stage and its items; a map keeps at least one stage."""
    m.stage(stage_id)
    if len(m.stages) <= 1:
        raise WorkbenchError("journey.error.last_stage")
    seq = max(m.stage_seq, int(_next_stage_id(m.stages)[1:]) - 1)  # remember the deleted id as used
    return replace(m, stages=tuple(s for s in m.stages if s.stage_id != stage_id), stage_seq=seq)


def _split_lines(text: Any) -> list[str]:
    """Cell text → items: one per line, list bullets ("- ", "• ", "1. ") removed, blank lines dropped."""
    lines = []
    for raw in _clean(text).splitlines():
        line = _ITEM_PREFIX.sub("", raw).strip()
        if line:
            lines.append(line)
    return lines


def _reconcile(old: Sequence[Item], texts: Sequence[str]) -> tuple[Item, ...]:
    """New cell items from edited texts, keeping ids/owner/status of items that survived.

    An unchanged text keeps its item; a changed line takes over the next unmatched old item (an edit of
    that note, so its initiative link and owner stay); anything else is a new item.
    """
    unused = list(old)
    result: list[Item | None] = [None] * len(texts)
    for i, text in enumerate(texts):
        for item in unused:
            if item.text == text:
                result[i] = item
                unused.remove(item)
                break
    for i, text in enumerate(texts):
        if result[i] is None:
            result[i] = replace(unused.pop(0), text=text) if unused else Item(text=text, item_id=_new_item_id())
    return tuple(result)  # type: ignore[arg-type]


def set_cell(m: JourneyMap, stage_id: str, lane: str, texts: Sequence[str] | str) -> JourneyMap:
    """Replace the items of one cell; ``texts`` is a list or one string with one item per line."""
    if lane not in LANES:
        raise WorkbenchError("journey.error.bad_lane", lane=lane)
    lines = _split_lines(texts) if isinstance(texts, str) else [t_ for t_ in map(_clean, texts) if t_]
    if len(lines) > LIMITS["items_per_cell"]:
        raise WorkbenchError("journey.error.too_many_items", max=LIMITS["items_per_cell"])
    for line in lines:
        _check_len(line, "item_text", "item")
    stage = m.stage(stage_id)
    items = _reconcile(stage.items(lane), lines)
    if items == stage.items(lane):
        return m
    lanes = {k: v for k, v in stage.lanes.items() if k != lane}
    if items:
        lanes[lane] = items
    return _replace_stage(m, stage_id, lanes=lanes)


def set_emotion(m: JourneyMap, stage_id: str, as_is: Any, to_be: Any) -> JourneyMap:
    return _replace_stage(m, stage_id, emotion_as_is=_check_emotion(as_is), emotion_to_be=_check_emotion(to_be))


def set_evidence(m: JourneyMap, stage_id: str, evidence: str) -> JourneyMap:
    if evidence not in EVIDENCE_LEVELS:
        raise WorkbenchError("journey.error.bad_evidence", value=evidence)
    return _replace_stage(m, stage_id, evidence=evidence)


def set_hidden_lanes(m: JourneyMap, hidden: Iterable[str]) -> JourneyMap:
    hidden = tuple(lane for lane in HIDEABLE_LANES if lane in set(hidden))
    return replace(m, hidden_lanes=hidden)


def visible_lanes(m: JourneyMap) -> tuple[str, ...]:
    return tuple(lane for lane in LANES if lane not in m.hidden_lanes)


def _validate(m: JourneyMap) -> None:
    """Check a whole map before it is stored (names, lengths, scale, known keys)."""
    if not _clean(m.name):
        raise WorkbenchError("journey.error.name_empty")
    _check_len(m.name, "map_name", "map")
    if not m.stages:
        raise WorkbenchError("journey.error.last_stage")
    if len(m.stages) > LIMITS["stages"]:
        raise WorkbenchError("journey.error.too_many_stages", max=LIMITS["stages"])
    if len({s.stage_id for s in m.stages}) != len(m.stages):
        raise WorkbenchError("journey.error.duplicate_stage")
    for s in m.stages:
        if not s.name:
            raise WorkbenchError("journey.error.stage_name_empty")
        _check_len(s.name, "stage_name", "stage")
        if s.evidence not in EVIDENCE_LEVELS:
            raise WorkbenchError("journey.error.bad_evidence", value=s.evidence)
        _check_emotion(s.emotion_as_is), _check_emotion(s.emotion_to_be)
        for lane, items in s.lanes.items():
            if lane not in LANES:
                raise WorkbenchError("journey.error.bad_lane", lane=lane)
            if len(items) > LIMITS["items_per_cell"]:
                raise WorkbenchError("journey.error.too_many_items", max=LIMITS["items_per_cell"])
            for item in items:
                _check_len(item.text, "item_text", "item")
                _check_len(item.owner, "owner", "owner")
                if item.status not in OPPORTUNITY_STATUSES:
                    raise WorkbenchError("journey.error.bad_status", value=item.status)
    for name in PERSONA_FIELDS:
        _check_len(getattr(m.persona, name), "persona_field", "persona")
    if m.persona.disc not in DISC_TYPES:
        raise WorkbenchError("journey.error.bad_disc", value=m.persona.disc)


# -- persistence -------------------------------------------------------------------------------------
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
        "SELECT name, revision, persona, hidden_lanes, segmentation, segment, template "
        "FROM journey_maps WHERE map_id = ?",
        [map_id],
    ).fetchone()
    if row is None:
        raise WorkbenchError("journey.error.not_found", map_id=map_id)
    name, revision, persona, hidden, segmentation, segment, template = row
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
    # every stage id the map still knows of: live stages, the undo log's snapshots, initiatives made from it
    seq = cur.execute(
        """
        SELECT max(TRY_CAST(substr(sid, 2) AS INTEGER)) FROM (
            SELECT stage_id AS sid FROM journey_stages WHERE map_id = $1
            UNION ALL
            SELECT unnest(json_extract_string(snapshot, '$.stages[*].id')) FROM journey_undo WHERE map_id = $1
            UNION ALL
            SELECT json_extract_string(source_ref, '$.stage_id') FROM initiatives
            WHERE source_kind IN ('journey_pain', 'journey_opportunity')
              AND TRY_CAST(json_extract_string(source_ref, '$.map_id') AS INTEGER) = $1
        ) WHERE regexp_full_match(sid, 's[0-9]+')
        """,
        [map_id],
    ).fetchone()[0]
    return JourneyMap(
        map_id=map_id, name=name, revision=revision,
        persona=Persona(**{k: str(persona_dict.get(k, "")) for k in PERSONA_FIELDS}),
        stages=tuple(stages), hidden_lanes=tuple(json.loads(hidden) if hidden else ()),
        segmentation=segmentation, segment=segment, template=template, stage_seq=int(seq or 0),
    )


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
    persona = json.dumps({k: getattr(m.persona, k) for k in PERSONA_FIELDS}, ensure_ascii=False)
    cur.execute(
        "UPDATE journey_maps SET name = ?, revision = ?, persona = ?, hidden_lanes = ?, segmentation = ?, "
        "segment = ?, updated_at = current_timestamp WHERE map_id = ?",
        [m.name, revision, persona, json.dumps(list(m.hidden_lanes)), m.segmentation, m.segment, m.map_id],
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
    from workbench.journey_templates import build_template, default_stage_names

    name = _clean(name)
    if template:
        m = replace(build_template(template, lang), name=name or t(f"journey.template.{template}", lang))
    else:
        m = new_map(name or t("journey.default_name", lang), default_stage_names(lang))
    return _insert_map(ws, m)


def _insert_map(ws: Workspace, m: JourneyMap) -> int:
    m = _with_item_ids(m)
    _validate(m)
    with ws.transaction() as cur:
        map_id = cur.execute(
            "INSERT INTO journey_maps (map_id, name, template) VALUES (nextval('journey_map_id_seq'), ?, ?) "
            "RETURNING map_id",
            [m.name, m.template],
        ).fetchone()[0]
        m = replace(m, map_id=map_id)
        _write_header(cur, m, 1)
        _write_diff(cur, replace(m, stages=()), m)
    return int(map_id)


def save_map(ws: Workspace, new: JourneyMap, expected_revision: int | None = None) -> JourneyMap:
    """Store an edited map in one transaction and return it at its new revision.

    ``expected_revision`` is the revision the edit was based on (default: ``new.revision``). When the
    stored map has moved on, :class:`JourneyConflict` is raised and nothing is written. A save that
    changes nothing returns the stored map unchanged (no new revision, no undo entry).
    """
    expected = new.revision if expected_revision is None else expected_revision
    new = _with_item_ids(new)
    _validate(new)
    with ws.transaction() as cur:
        old = _read_map(cur, new.map_id)
        if old.revision != expected:
            raise JourneyConflict(old.name, expected, old.revision)
        if old.content() == replace(new.content(), template=old.template):
            return old
        _write_diff(cur, old, new)
        _write_header(cur, new, old.revision + 1)
        cur.execute(
            "INSERT INTO journey_undo (map_id, revision, snapshot) VALUES (?, ?, ?)",
            [new.map_id, old.revision, json.dumps(map_to_dict(old, ids=True), ensure_ascii=False)],
        )
        cur.execute(
            "DELETE FROM journey_undo WHERE map_id = ? AND revision NOT IN "
            "(SELECT revision FROM journey_undo WHERE map_id = ? ORDER BY revision DESC LIMIT ?)",
            [new.map_id, new.map_id, UNDO_DEPTH],
        )
        return _read_map(cur, new.map_id)


def undo_depth(ws: Workspace, map_id: int) -> int:
    """How many changes of this map can be undone."""
    return int(ws.scalar("SELECT count(*) FROM journey_undo WHERE map_id = ?", [map_id]))


def undo(ws: Workspace, map_id: int, expected_revision: int) -> JourneyMap:
    """Restore the map as it was before its last change; the restore is a new revision (so other sessions
    notice it) and removes that entry from the undo log."""
    with ws.transaction() as cur:
        current = _read_map(cur, map_id)
        if current.revision != expected_revision:
            raise JourneyConflict(current.name, expected_revision, current.revision)
        row = cur.execute(
            "SELECT revision, snapshot FROM journey_undo WHERE map_id = ? ORDER BY revision DESC LIMIT 1",
            [map_id],
        ).fetchone()
        if row is None:
            raise WorkbenchError("journey.error.nothing_to_undo")
        previous = replace(map_from_dict(json.loads(row[1]), keep_ids=True), map_id=map_id,
                           template=current.template)
        _write_diff(cur, current, previous)
        _write_header(cur, previous, current.revision + 1)
        cur.execute("DELETE FROM journey_undo WHERE map_id = ? AND revision = ?", [map_id, row[0]])
        return _read_map(cur, map_id)


def duplicate_map(ws: Workspace, map_id: int, new_name: str) -> int:
    """A copy with a new name (items get new ids, so initiatives stay linked to the original only)."""
    source = load_map(ws, map_id)
    copy = map_from_dict(map_to_dict(source))
    return _insert_map(ws, replace(copy, name=_clean(new_name), template=source.template))


def delete_map(ws: Workspace, map_id: int) -> None:
    with ws.transaction() as cur:
        for table in ("journey_items", "journey_stages", "journey_undo", "journey_maps"):
            cur.execute(f"DELETE FROM {table} WHERE map_id = ?", [map_id])


# -- editor frames ---------------------------------------------------------------------------------
def grid_frame(m: JourneyMap, lang: str) -> pd.DataFrame:
    """The editable grid: one row per visible text lane, a ``lane`` label column, one column per stage id
    holding that cell's items one per line (bulleted when there are several)."""
    lanes = visible_lanes(m)
    data: dict[str, list[str]] = {"lane": [t(f"journey.lane.{lane}", lang) for lane in lanes]}
    for s in m.stages:
        data[s.stage_id] = [_cell_text(s.items(lane)) for lane in lanes]
    return pd.DataFrame(data)


def _cell_text(items: Sequence[Item]) -> str:
    """One item per line; with several items each line starts with "• " so the grid (which shows line
    breaks as spaces) still reads as separate notes. Bullets are stripped again on the way back."""
    if len(items) <= 1:
        return "".join(it.text for it in items)
    return "\n".join(f"• {it.text}" for it in items)


def apply_grid(m: JourneyMap, frame: pd.DataFrame) -> JourneyMap:
    """Fold an edited :func:`grid_frame` back into the map (rows are the visible lanes, in order)."""
    lanes = visible_lanes(m)
    if len(frame) != len(lanes):
        raise WorkbenchError("journey.error.grid_shape")
    for s in m.stages:
        if s.stage_id not in frame.columns:
            continue
        for lane, value in zip(lanes, frame[s.stage_id].tolist()):
            m = set_cell(m, s.stage_id, lane, _clean(value))
    return m


def stage_frame(m: JourneyMap) -> pd.DataFrame:
    """Stage table for the editor: stage_id (hidden), order (1-based), name, evidence, emotion as is/to be."""
    return pd.DataFrame(
        {
            "stage_id": [s.stage_id for s in m.stages],
            "order": list(range(1, len(m.stages) + 1)),
            "name": [s.name for s in m.stages],
            "evidence": [s.evidence for s in m.stages],
            "emotion_as_is": pd.array([s.emotion_as_is for s in m.stages], dtype="Float64"),
            "emotion_to_be": pd.array([s.emotion_to_be for s in m.stages], dtype="Float64"),
        }
    )


def apply_stages(m: JourneyMap, frame: pd.DataFrame) -> JourneyMap:
    """Fold an edited :func:`stage_frame` back: rows without a stage id are new stages, missing ids are
    deleted, the ``order`` column reorders (ties keep the row order, blanks go last). New stages get ids
    above every id the map has used (``stage_seq``), so an initiative pointing at a deleted stage never ends
    up pointing at a new one.
    """
    known = {s.stage_id: s for s in m.stages}
    rows = []
    for pos, row in enumerate(frame.to_dict("records")):
        sid, name = _clean(row.get("stage_id")), _clean(row.get("name"))
        if not sid and not name:
            continue  # an added row left empty
        order = pd.to_numeric(pd.Series([row.get("order")], dtype=object), errors="coerce").iloc[0]
        rows.append((float("inf") if pd.isna(order) else float(order), pos, sid if sid in known else "", row))
    if not rows:
        raise WorkbenchError("journey.error.last_stage")
    if len(rows) > LIMITS["stages"]:
        raise WorkbenchError("journey.error.too_many_stages", max=LIMITS["stages"])
    rows.sort(key=lambda r: (r[0], r[1]))
    next_number = int(_next_stage_id(m.stages, m.stage_seq)[1:])
    stages = []
    for _, _, sid, row in rows:
        if not sid:
            sid, next_number = f"s{next_number}", next_number + 1
        name = _check_len(_clean(row.get("name")), "stage_name", "stage")
        if not name:
            raise WorkbenchError("journey.error.stage_name_empty")
        evidence = _clean(row.get("evidence")) or "assumed"
        if evidence not in EVIDENCE_LEVELS:
            raise WorkbenchError("journey.error.bad_evidence", value=evidence)
        base = known.get(sid, Stage(sid, name))
        stages.append(replace(base, name=name, evidence=evidence,
                              emotion_as_is=_check_emotion(row.get("emotion_as_is")),
                              emotion_to_be=_check_emotion(row.get("emotion_to_be"))))
    return replace(m, stages=tuple(stages), stage_seq=max(m.stage_seq, next_number - 1))


def opportunity_frame(m: JourneyMap, lang: str, initiative_ids: Iterable[str] = ()) -> pd.DataFrame:
    """Opportunities with owner and status: stage_id, item_id (both hidden), stage, text, owner, status,
    initiative (True when already turned into a roadmap initiative)."""
    linked = set(initiative_ids)
    rows = [
        {"stage_id": s.stage_id, "item_id": it.item_id, "stage": s.name, "text": it.text, "owner": it.owner,
         "status": it.status, "initiative": it.item_id in linked}
        for s in m.stages for it in s.items("opportunities")
    ]
    columns = ["stage_id", "item_id", "stage", "text", "owner", "status", "initiative"]
    return pd.DataFrame(rows, columns=columns)


def apply_opportunities(m: JourneyMap, frame: pd.DataFrame) -> JourneyMap:
    """Take owner and status of each opportunity (matched by item id) from an edited opportunity frame."""
    changes = {
        _clean(r["item_id"]): (_check_len(_clean(r.get("owner")), "owner", "owner"), _clean(r.get("status")))
        for r in frame.to_dict("records")
    }
    stages = []
    for s in m.stages:
        items = []
        for it in s.items("opportunities"):
            owner, status = changes.get(it.item_id, (it.owner, it.status))
            status = status or "open"
            if status not in OPPORTUNITY_STATUSES:
                raise WorkbenchError("journey.error.bad_status", value=status)
            items.append(replace(it, owner=owner, status=status))
        lanes = dict(s.lanes)
        if items:
            lanes["opportunities"] = tuple(items)
        stages.append(replace(s, lanes=lanes))
    return replace(m, stages=tuple(stages))


# -- initiatives --------------------------------------------------------------------------------------
_INITIATIVE_KINDS = {"pain_points": "journey_pain", "opportunities": "journey_opportunity"}


def actionable_items(m: JourneyMap) -> list[tuple[str, str, Item]]:
    """(stage_id, lane, item) for every pain point and opportunity, in map order."""
    return [(s.stage_id, lane, it) for s in m.stages for lane in _INITIATIVE_KINDS for it in s.items(lane)]


def initiative_item_ids(ws: Workspace, map_id: int) -> set[str]:
    """Ids of this map's items that already became initiatives."""
    from workbench.initiatives import list_initiatives

    df = list_initiatives(ws)
    found = set()
    for kind, ref in zip(df["source_kind"], df["source_ref"]):
        if kind in _INITIATIVE_KINDS.values() and isinstance(ref, dict) and ref.get("map_id") == map_id:
            found.add(str(ref.get("item")))
    return found


def create_initiative_from(ws: Workspace, m: JourneyMap, stage_id: str, item_id: str) -> int:
    """Turn one pain point or opportunity into a roadmap initiative linked back to the map; once only."""
    from workbench.initiatives import create_initiative

    for sid, lane, it in actionable_items(m):
        if sid == stage_id and it.item_id == item_id:
            if item_id in initiative_item_ids(ws, m.map_id):
                raise WorkbenchError("journey.error.already_initiative", text=_clip(it.text))
            ref = {"map_id": m.map_id, "stage_id": stage_id, "item": item_id, "lane": lane,
                   "map": m.name, "stage": m.stage(stage_id).name}
            owner = it.owner or _clean(" / ".join(x.text for x in m.stage(stage_id).items("owner"))) or None
            return create_initiative(ws, it.text[:200], source_kind=_INITIATIVE_KINDS[lane], source_ref=ref,
                                     owner=owner, description=it.text)
    raise WorkbenchError("journey.error.no_item")


# -- JSON files ---------------------------------------------------------------------------------------
def map_to_dict(m: JourneyMap, ids: bool = False) -> dict[str, Any]:
    """The portable form of a map (the JSON export); ``ids=True`` also keeps item ids (undo log)."""
    def item(it: Item, lane: str) -> dict[str, Any]:
        d: dict[str, Any] = {"text": it.text}
        if lane == "opportunities":
            d.update(owner=it.owner, status=it.status)
        if ids:
            d["id"] = it.item_id
        return d

    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "name": m.name,
        "persona": {k: getattr(m.persona, k) for k in PERSONA_FIELDS},
        "hidden_lanes": list(m.hidden_lanes),
        "segment": None if not m.segmentation else {"segmentation": m.segmentation, "segment": m.segment},
        "stages": [
            {"id": s.stage_id, "name": s.name, "evidence": s.evidence, "emotion_as_is": s.emotion_as_is,
             "emotion_to_be": s.emotion_to_be,
             "lanes": {lane: [item(it, lane) for it in s.items(lane)] for lane in LANES if s.items(lane)}}
            for s in m.stages
        ],
    }


def to_json(m: JourneyMap) -> str:
    return json.dumps(map_to_dict(m), ensure_ascii=False, indent=2)


class _Checker:
    """Validates a decoded JSON document, raising an error that names the path and what is wrong."""

    def get(self, obj: dict, key: str, path: str, kind: type | tuple, required: bool = True, default=None):
        if key not in obj or obj[key] is None:
            if required:
                raise WorkbenchError("journey.error.json_missing", path=f"{path}{key}")
            return default
        value = obj[key]
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            raise WorkbenchError(f"journey.error.json_type.{_type_name(kind)}", path=f"{path}{key}")
        return value

    def text(self, obj: dict, key: str, path: str, limit: str, required: bool = False) -> str:
        value = self.get(obj, key, path, str, required, "")
        if len(value) > LIMITS[limit]:
            raise WorkbenchError("journey.error.json_too_long", path=f"{path}{key}", max=LIMITS[limit],
                                 length=len(value))
        return value.strip()

    def choice(self, obj: dict, key: str, path: str, allowed: Sequence[str], default: str) -> str:
        value = self.get(obj, key, path, str, False, default)
        if value not in allowed:
            raise WorkbenchError("journey.error.json_value", path=f"{path}{key}", value=_clip(value),
                                 allowed=_clip(", ".join(a or '""' for a in allowed), 200))
        return value

    def emotion(self, obj: dict, key: str, path: str) -> float | None:
        value = self.get(obj, key, path, (int, float), False)
        if value is not None and not EMOTION_MIN <= value <= EMOTION_MAX:
            raise WorkbenchError("journey.error.json_value", path=f"{path}{key}", value=_clip(value),
                                 allowed=_clip(f"{EMOTION_MIN:+.0f} … {EMOTION_MAX:+.0f}"))
        return None if value is None else float(value)


def _type_name(kind: type | tuple) -> str:
    """The catalog suffix of the expected JSON type: text, number, list or object."""
    first = kind[0] if isinstance(kind, tuple) else kind
    return {str: "text", int: "number", float: "number", list: "list", dict: "object"}[first]


def map_from_dict(doc: Any, keep_ids: bool = False) -> JourneyMap:
    """A map from its portable form, validated; errors name the path, e.g. ``stages[2].name``."""
    c = _Checker()
    if not isinstance(doc, dict):
        raise WorkbenchError("journey.error.json_type.object", path="(file)")
    if doc.get("schema") not in (None, SCHEMA):
        raise WorkbenchError("journey.error.json_schema", found=_clip(doc.get("schema")))
    version = c.get(doc, "schema_version", "", int)
    if version > SCHEMA_VERSION or version < 1:
        raise WorkbenchError("journey.error.json_version", found=version, supported=SCHEMA_VERSION)
    name = c.text(doc, "name", "", "map_name", required=True)
    if not name:
        raise WorkbenchError("journey.error.json_missing", path="name")
    p = c.get(doc, "persona", "", dict, False, {})
    persona = Persona(
        **{k: c.text(p, k, "persona.", "persona_field") for k in PERSONA_FIELDS if k != "disc"},
        disc=c.choice(p, "disc", "persona.", DISC_TYPES, ""),
    )
    hidden = c.get(doc, "hidden_lanes", "", list, False, [])
    for i, lane in enumerate(hidden):
        if lane not in HIDEABLE_LANES:
            raise WorkbenchError("journey.error.json_value", path=f"hidden_lanes[{i}]", value=_clip(lane),
                                 allowed=", ".join(HIDEABLE_LANES))
    seg = c.get(doc, "segment", "", dict, False, None)
    segmentation = c.text(seg, "segmentation", "segment.", "stage_name") if seg else None
    segment = c.text(seg, "segment", "segment.", "stage_name") if seg else None
    raw_stages = c.get(doc, "stages", "", list)
    if not raw_stages:
        raise WorkbenchError("journey.error.json_missing", path="stages[0]")
    if len(raw_stages) > LIMITS["stages"]:
        raise WorkbenchError("journey.error.json_too_long", path="stages", max=LIMITS["stages"],
                             length=len(raw_stages))
    stages: list[Stage] = []
    for i, rs in enumerate(raw_stages):
        path = f"stages[{i}]."
        if not isinstance(rs, dict):
            raise WorkbenchError("journey.error.json_type.object", path=f"stages[{i}]")
        sname = c.text(rs, "name", path, "stage_name", required=True)
        if not sname:
            raise WorkbenchError("journey.error.json_missing", path=f"{path}name")
        sid = c.get(rs, "id", path, str, False, "")
        if not re.fullmatch(r"s\d{1,4}", sid) or sid in {s.stage_id for s in stages}:
            sid = _next_stage_id(stages)
        lanes_doc = c.get(rs, "lanes", path, dict, False, {})
        lanes: dict[str, tuple[Item, ...]] = {}
        for lane, raw_items in lanes_doc.items():
            if lane not in LANES:
                raise WorkbenchError("journey.error.json_value", path=f"{path}lanes.{_clip(lane)}",
                                     value=_clip(lane),
                                     allowed=", ".join(LANES))
            if not isinstance(raw_items, list):
                raise WorkbenchError("journey.error.json_type.list", path=f"{path}lanes.{lane}")
            if len(raw_items) > LIMITS["items_per_cell"]:
                raise WorkbenchError("journey.error.json_too_long", path=f"{path}lanes.{lane}",
                                     max=LIMITS["items_per_cell"], length=len(raw_items))
            items = []
            for j, ri in enumerate(raw_items):
                ipath = f"{path}lanes.{lane}[{j}]."
                if isinstance(ri, str):
                    ri = {"text": ri}
                if not isinstance(ri, dict):
                    raise WorkbenchError("journey.error.json_type.object", path=ipath[:-1])
                text = c.text(ri, "text", ipath, "item_text", required=True)
                if not text:
                    continue
                items.append(Item(
                    text=text,
                    item_id=c.get(ri, "id", ipath, str, False, "") if keep_ids else _new_item_id(),
                    owner=c.text(ri, "owner", ipath, "owner"),
                    status=c.choice(ri, "status", ipath, OPPORTUNITY_STATUSES, "open"),
                ))
            if items:
                lanes[lane] = tuple(items)
        stages.append(Stage(
            stage_id=sid, name=sname, evidence=c.choice(rs, "evidence", path, EVIDENCE_LEVELS, "assumed"),
            emotion_as_is=c.emotion(rs, "emotion_as_is", path), emotion_to_be=c.emotion(rs, "emotion_to_be", path),
            lanes=lanes,
        ))
    return JourneyMap(map_id=0, name=name, persona=persona, stages=tuple(stages), hidden_lanes=tuple(hidden),
                      segmentation=segmentation or None, segment=segment or None)


def from_json(data: bytes | str) -> JourneyMap:
    """Parse and validate an exported map file; any problem is a ``WorkbenchError`` naming it."""
    if isinstance(data, (bytes, bytearray)):
        if len(data) > LIMITS["file_bytes"]:
            raise WorkbenchError("journey.error.json_file_too_big", max_kb=LIMITS["file_bytes"] // 1000)
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise WorkbenchError("journey.error.json_encoding") from None
    try:
        doc = json.loads(data)
    except json.JSONDecodeError as exc:
        raise WorkbenchError("journey.error.json_syntax", line=exc.lineno, column=exc.colno) from None
    return map_from_dict(doc)


def import_map(ws: Workspace, data: bytes | str, name: str | None = None) -> int:
    """Store a map from an exported file as a new map; returns its id."""
    m = from_json(data)
    if name:
        m = replace(m, name=_clean(name))
    return _insert_map(ws, m)


# -- linked segment -----------------------------------------------------------------------------------
def segment_options(ws: Workspace, lang: str, keep: tuple[str | None, str | None] = (None, None)
                    ) -> list[tuple[str, str, str]]:
    """(segmentation, segment, label) of every segment with members (``segments.segment_options``), plus
    ``keep`` (the map's current link) labelled with 0 customers when it has none now, so that a picker
    always shows the link a map has instead of falling back to "none"."""
    from workbench import segments

    options = list(segments.segment_options(ws, lang))
    segmentation, segment = keep
    if segmentation and segment and (segmentation, segment) not in {(o[0], o[1]) for o in options}:
        known = segmentation in segments.SEGMENTATIONS
        label = t("segments.option_label", lang,
                  segmentation=segments.segmentation_label(segmentation, lang) if known else segmentation,
                  segment=segments.segment_label(segmentation, segment, lang), n=0)
        options.append((segmentation, segment, label))
    return options


def segments_stamp(ws: Workspace) -> str:
    """Changes whenever segmentation settings change; part of the page's cache key for segment figures,
    next to the data version, because membership depends on both."""
    return str(ws.scalar("SELECT max(updated_at) FROM settings WHERE key LIKE 'segments.%'"))


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def segment_figures(ws: Workspace, segmentation: str | None = None, segment: str | None = None) -> dict:
    """Figures shown beside the map: customers, revenue share, repurchase rate, CSAT and NPS.

    For a linked segment they cover its members and come from ``segments.segment_figures`` (so they agree
    with the Segments page: repurchase = two or more purchase *days*); without a link they cover every
    customer with an order, counted the same way, and ``scope`` says which. ``segments`` has no NPS score
    and no CSAT beside NPS, so those two are computed here from the same per-customer summary: CSAT = mean
    answer, NPS = % of promoters (9–10) − % of detractors (0–6) among customers with a score.
    """
    from workbench import segments

    summary, table, _ = segments.segment_table(ws)
    if segmentation and segment:
        try:
            mask = segments.members_of(table, segmentation, segment).to_numpy(dtype=bool)
        except (WorkbenchError, KeyError):  # a segmentation or tag that no longer exists: no members
            mask = pd.Series(False, index=summary.index).to_numpy()
        scope = "segment"
    else:
        mask, scope = pd.Series(True, index=summary.index).to_numpy(), "all"
    members = summary.loc[mask]
    if scope == "segment" and mask.any():
        seg = segments.segment_figures(ws, segmentation, segment)
        share, repurchase = seg["revenue_share"], seg["repurchase_rate"]
    else:  # every buyer, with the same definitions as segments.segment_figures
        total = float(summary["revenue"].sum())
        share = float(members["revenue"].sum()) / total if total > 0 and len(members) else None
        repurchase = float((members["frequency"] > 0).mean()) if len(members) else None
    nps = members["nps"].dropna()
    return {
        "scope": scope,
        "customers": int(mask.sum()),
        "revenue_share": _number(share),
        "repurchase_rate": _number(repurchase),
        "csat": _number(members["csat"].mean()) if len(members) else None,
        "nps": 100.0 * (float((nps >= 9).mean()) - float((nps <= 6).mean())) if len(nps) else None,
    }


def report_frame(m: JourneyMap, lang: str) -> pd.DataFrame:
    """The map as a plain table for the Excel report: a ``lane`` column, then one column per stage (named
    after the stage, numbered when two share a name). Rows: evidence, emotion as is, emotion to be, then
    every visible lane with its items bulleted; opportunities carry "(status · owner)"."""
    names = [s.name for s in m.stages]
    columns = [n if names.count(n) == 1 else f"{i + 1}. {n}" for i, n in enumerate(names)]
    rows = [
        [t("journey.col.evidence", lang)] + [t(f"journey.evidence.{s.evidence}", lang) for s in m.stages],
        [t("journey.col.as_is", lang)] + [s.emotion_as_is for s in m.stages],
        [t("journey.col.to_be", lang)] + [s.emotion_to_be for s in m.stages],
    ]
    for lane in visible_lanes(m):
        cells = []
        for s in m.stages:
            lines = []
            for it in s.items(lane):
                extra = ""
                if lane == "opportunities":
                    extra = f" ({t('journey.status.' + it.status, lang)}{' · ' + it.owner if it.owner else ''})"
                lines.append(f"• {it.text}{extra}")
            cells.append("\n".join(lines))
        rows.append([t(f"journey.lane.{lane}", lang)] + cells)
    return pd.DataFrame(rows, columns=["lane"] + columns)


# -- read-only view ------------------------------------------------------------------------------------
def _emotion_colour(value: float | None) -> str:
    """Red for −2 through white at 0 to green for +2 (cell background of the emotion row)."""
    if value is None:
        return "#ffffff"
    if value < 0:
        k = min(1.0, -value / 2)
        return f"rgb(255,{int(255 - 120 * k)},{int(255 - 120 * k)})"
    k = min(1.0, value / 2)
    return f"rgb({int(255 - 120 * k)},{int(255 - 50 * k)},{int(255 - 120 * k)})"


_LANE_TINT = {"pain_points": "#fdecea", "opportunities": "#e8f5e9"}


def render_html(m: JourneyMap, lang: str, initiative_ids: Iterable[str] = ()) -> str:
    """The map as an HTML table for projecting and for the report: stages across, lanes down.

    Every piece of user text is escaped (cell text is hostile input). Stage headers carry the evidence
    colour and label; opportunities show owner and status; items already turned into initiatives get ★.
    """
    e = html.escape
    linked = set(initiative_ids)
    head = "".join(
        f'<th style="border-top:6px solid {EVIDENCE_COLOURS[s.evidence]};padding:6px 8px;text-align:left;'
        f'background:#f6f7f9;min-width:140px">{e(s.name)}<br><span style="font-weight:400;font-size:0.8em;'
        f'color:{EVIDENCE_COLOURS[s.evidence]}">● {e(t("journey.evidence." + s.evidence, lang))}</span></th>'
        for s in m.stages
    )
    rows = []
    for lane in LANES + ("emotion",):
        if lane in m.hidden_lanes:
            continue
        cells = []
        for s in m.stages:
            if lane == "emotion":
                cells.append(_emotion_cell(s, lang))
                continue
            notes = []
            for it in s.items(lane):
                extra = ""
                if lane == "opportunities":
                    status = e(t("journey.status." + it.status, lang))
                    owner = f" · {e(it.owner)}" if it.owner else ""
                    extra = f'<br><span style="font-size:0.8em;color:#555">{status}{owner}</span>'
                star = " ★" if it.item_id in linked else ""
                notes.append(f'<li style="margin:0 0 4px 0">{e(it.text)}{star}{extra}</li>')
            body = f'<ul style="margin:0;padding-left:16px">{"".join(notes)}</ul>' if notes else ""
            cells.append(f'<td style="vertical-align:top;padding:6px 8px;border:1px solid #e3e5e8;'
                         f'background:{_LANE_TINT.get(lane, "#fff")}">{body}</td>')
        label = e(t(f"journey.lane.{lane}", lang))
        rows.append(f'<tr><th style="text-align:left;padding:6px 8px;background:#f6f7f9;border:1px solid '
                    f'#e3e5e8;white-space:nowrap">{label}</th>{"".join(cells)}</tr>')
    return (
        '<div style="overflow-x:auto"><table style="border-collapse:collapse;width:100%;font-size:0.92em">'
        f'<thead><tr><th></th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )


def _emotion_cell(s: Stage, lang: str) -> str:
    def fmt(v: float | None) -> str:
        if v is None:
            return "–"
        return "0" if v == 0 else f"{v:+.0f}" if float(v).is_integer() else f"{v:+.1f}"

    return (
        f'<td style="padding:6px 8px;border:1px solid #e3e5e8;background:{_emotion_colour(s.emotion_as_is)};'
        f'text-align:center"><b>{fmt(s.emotion_as_is)}</b> <span style="color:#555;font-size:0.85em">'
        f'→ {html.escape(t("journey.curve.to_be", lang))} {fmt(s.emotion_to_be)}</span></td>'
    )


def persona_html(p: Persona, lang: str) -> str:
    """The persona card (escaped), with the DISC type's communication guidance from the source."""
    e = html.escape
    rows = "".join(
        f'<div style="margin:2px 0"><b>{e(t(f"journey.persona.{k}", lang))}:</b> {e(getattr(p, k))}</div>'
        for k in PERSONA_FIELDS if k not in ("name", "disc") and getattr(p, k)
    )
    disc = ""
    if p.disc:
        disc = (f'<div style="margin-top:6px;padding:6px 8px;background:#eef4fb;border-radius:6px">'
                f'<b>DISC · {e(t(f"journey.disc.{p.disc.lower()}", lang))}</b><br>'
                f'{e(t(f"journey.disc.{p.disc.lower()}.guidance", lang))}</div>')
    title = e(p.name) or e(t("journey.persona.unnamed", lang))
    return (f'<div style="border:1px solid #e3e5e8;border-radius:8px;padding:10px 14px;margin-top:8px">'
            f'<div style="font-size:1.1em;font-weight:600">{title}</div>{rows}{disc}</div>')


def figure_rows(fig: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    """(label, formatted value) for the segment figures; missing values show as "–"."""
    def pct(v: float | None) -> str:
        return "–" if v is None else f"{100 * v:.1f}%"

    return [
        (t("journey.figures.customers", lang), "–" if fig["customers"] is None else f"{fig['customers']:,}"),
        (t("journey.figures.revenue_share", lang), pct(fig["revenue_share"])),
        (t("journey.figures.repurchase", lang), pct(fig["repurchase_rate"])),
        (t("journey.figures.csat", lang), "–" if fig["csat"] is None else f"{fig['csat']:.2f} / 5"),
        (t("journey.figures.nps", lang), "–" if fig["nps"] is None else f"{fig['nps']:+.0f}"),
    ]


def figures_line(fig: Mapping[str, Any], segment_label: str | None, lang: str) -> str:
    """One line for the projected map: the linked segment (or "all customers") and its figures."""
    scope = segment_label or t("journey.figures.all_customers", lang)
    parts = [f"{label} {value}" for label, value in figure_rows(fig, lang)]
    return md_escape(scope, 120) + " · " + " · ".join(md_escape(p, 60) for p in parts)


def item_label(m: JourneyMap, stage_id: str, lane: str, item: Item, lang: str, linked: Iterable[str] = ()) -> str:
    """"Stage · lane · text" for pickers; ★ marks items already turned into initiatives."""
    star = "★ " if item.item_id in set(linked) else ""
    text = item.text if len(item.text) <= 90 else item.text[:89] + "…"
    return f"{star}{m.stage(stage_id).name} · {t(f'journey.lane.{lane}', lang)} · {text}"
