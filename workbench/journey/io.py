"""Journey maps as portable JSON files (export, import, and the undo log's snapshots), validated with
errors that name the path of the bad value."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from workbench.core.errors import WorkbenchError
from workbench.journey.model import (
    DISC_TYPES,
    EMOTION_MAX,
    EMOTION_MIN,
    EVIDENCE_LEVELS,
    HIDEABLE_LANES,
    LANES,
    LIMITS,
    OPPORTUNITY_STATUSES,
    PERSONA_FIELDS,
    Item,
    JourneyMap,
    Persona,
    Stage,
    _clip,
    _new_item_id,
    _next_stage_id,
)

__all__ = ["SCHEMA", "SCHEMA_VERSION", "map_to_dict", "map_from_dict", "to_json", "from_json"]

SCHEMA = "customer-value-workbench/journey-map"
SCHEMA_VERSION = 1


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
                # one note is one line: the grid shows a cell's notes one per line, so a line break inside a
                # note (from a hand-written file) would split it in two on the first look and save a revision
                text = " ".join(c.text(ri, "text", ipath, "item_text", required=True).split())
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


