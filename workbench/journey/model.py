"""The journey-map model: a map (客户旅程地图) with a persona (客户画像), ordered stages (columns) and, per
stage, lanes (rows): touchpoints 接触点, customer actions 行为, thoughts/quotes, pain points 痛点, opportunities
改进机会, backstage processes 后台支持流程, KPIs 关键指标 and owner 责任人 — the elements the source material
lists for a complete map — plus the emotion score per stage (情绪, drawn as the emotion curve) as it is today
and as the roadmap means it to be. Several items may sit in one cell.

Emotion uses one scale everywhere: −2 (very negative) … 0 (neutral) … +2 (very positive). A five-point
bipolar scale is the usual whiteboard practice (sad face … happy face); the source material does not fix
one. Evidence strength per stage (assumed / some evidence / backed by data) is common practice in journey
mapping (UXPressia, Smaply) and lets the client see which parts are research and which are guesses.

Maps are immutable values; every operation here returns a new map, and :func:`validate` checks one before
it is stored.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

import pandas as pd

from workbench.core.errors import WorkbenchError

__all__ = [
    "LANES", "HIDEABLE_LANES", "EVIDENCE_LEVELS", "EVIDENCE_COLOURS", "OPPORTUNITY_STATUSES", "DISC_TYPES",
    "PERSONA_FIELDS", "EMOTION_MIN", "EMOTION_MAX", "UNDO_DEPTH", "LIMITS",
    "Item", "Stage", "Persona", "JourneyMap", "JourneyConflict",
    "new_map", "add_stage", "rename_stage", "move_stage", "delete_stage", "set_cell", "set_emotion",
    "set_evidence", "set_hidden_lanes", "visible_lanes", "validate",
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
    # Highest stage number the map has used (stored with the map), so that a new stage never takes the id of
    # a deleted one something (its undo log, an initiative) may still point at. Not part of the content.
    stage_seq: int = field(default=0, compare=False)

    def stage(self, stage_id: str) -> Stage:
        for s in self.stages:
            if s.stage_id == stage_id:
                return s
        raise WorkbenchError("journey.error.no_stage", stage=stage_id)

    def content(self) -> JourneyMap:
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


def validate(m: JourneyMap) -> None:
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


