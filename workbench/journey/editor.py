"""What the journey editor edits: the stage × lane grid, the stage list and the opportunities as frames
for ``st.data_editor``, each edit folded back into a map; and the pain points and opportunities a user can
turn into roadmap initiatives."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.i18n import t
from workbench.journey.model import (
    EVIDENCE_LEVELS,
    LIMITS,
    OPPORTUNITY_STATUSES,
    Item,
    JourneyMap,
    Stage,
    _check_emotion,
    _check_len,
    _clean,
    _clip,
    _next_stage_id,
    set_cell,
    visible_lanes,
)

__all__ = ["grid_frame", "apply_grid", "stage_frame", "apply_stages", "opportunity_frame",
           "apply_opportunities", "actionable_items", "linked_item_ids", "initiative_fields", "item_label",
           "conflict_text"]


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
            # plain floats: an empty emotion is NaN, which the editor shows as an empty cell (not "None")
            "emotion_as_is": pd.array([s.emotion_as_is for s in m.stages], dtype="float64"),
            "emotion_to_be": pd.array([s.emotion_to_be for s in m.stages], dtype="float64"),
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


def linked_item_ids(initiatives: pd.DataFrame, map_id: int) -> set[str]:
    """Ids of this map's items that already became initiatives, from the roadmap's initiatives (columns
    ``source_kind`` and ``source_ref``, a dict)."""
    found = set()
    for kind, ref in zip(initiatives["source_kind"], initiatives["source_ref"]):
        if kind in _INITIATIVE_KINDS.values() and isinstance(ref, dict) and ref.get("map_id") == map_id:
            found.add(str(ref.get("item")))
    return found


def initiative_fields(m: JourneyMap, stage_id: str, item_id: str, linked: Iterable[str] = ()) -> dict[str, Any]:
    """Arguments of ``roadmap.create_initiative`` for "turn into initiative" on a pain point or an
    opportunity, linked back to the map; an item already in ``linked`` (see :func:`linked_item_ids`) is
    refused, so one insight never becomes two initiatives."""
    for sid, lane, it in actionable_items(m):
        if sid == stage_id and it.item_id == item_id:
            if item_id in set(linked):
                raise WorkbenchError("journey.error.already_initiative", text=_clip(it.text))
            ref = {"map_id": m.map_id, "stage_id": stage_id, "item": item_id, "lane": lane,
                   "map": m.name, "stage": m.stage(stage_id).name}
            owner = it.owner or _clean(" / ".join(x.text for x in m.stage(stage_id).items("owner"))) or None
            return {"title": it.text[:200], "source_kind": _INITIATIVE_KINDS[lane], "source_ref": ref,
                    "owner": owner, "description": it.text}
    raise WorkbenchError("journey.error.no_item")


def item_label(m: JourneyMap, stage_id: str, lane: str, item: Item, lang: str, linked: Iterable[str] = ()) -> str:
    """"Stage · lane · text" for pickers; ★ marks items already turned into initiatives."""
    star = "★ " if item.item_id in set(linked) else ""
    text = item.text if len(item.text) <= 90 else item.text[:89] + "…"
    return f"{star}{m.stage(stage_id).name} · {t(f'journey.lane.{lane}', lang)} · {text}"


def conflict_text(m: JourneyMap, conflict: Any, lang: str) -> tuple[str, str, str]:
    """``(where, mine, theirs)`` of a merge conflict in the user's words: "Stage · Lane" (or the field), the
    text this participant typed and the text now stored."""

    def show(value: Any) -> str:
        if isinstance(value, tuple) and value and isinstance(value[0], Item):
            return " / ".join(it.text for it in value)
        return "" if value is None else str(value)

    unit = conflict.unit
    names = {s.stage_id: s.name for s in m.stages}
    if unit[0] == "cell":
        where = f"{names.get(unit[1], unit[1])} · {t(f'journey.lane.{unit[2]}', lang)}"
    elif unit[0] == "stage":
        where = f"{names.get(unit[1], unit[1])} · {t(f'journey.conflict.field.{unit[2]}', lang)}"
    elif unit[0] == "name":
        where = t("journey.name", lang)
    elif unit[0] == "persona":
        where = t(f"journey.persona.{unit[1]}", lang)
    elif unit[0] == "stage_deleted":
        where = t("journey.conflict.stage_deleted", lang, stage=names.get(unit[1], unit[1]))
    else:
        where = t(f"journey.conflict.field.{unit[0]}", lang)
    return where, show(conflict.mine), show(conflict.theirs)
