"""Three-way merge of journey-map edits, so that participants of one workshop can edit one map at once.

A map is compared unit by unit — its name, each persona field, the hidden lanes, the segment link, the stage
order, each stage's name / evidence / emotions, and each stage × lane cell — between the state an edit
started from (``base``), the edit (``mine``) and what is stored now (``theirs``). A unit only one side
changed takes that side's value; a unit both changed to different values is a :class:`Conflict`: the stored
value stays and the edit's value is handed back so its author can re-apply it. Edits to different cells of
the same stage therefore never conflict, and an undo of one participant's change (a merge from "after" back
to "before") keeps everybody else's later changes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from workbench.journey.model import LANES, PERSONA_FIELDS, JourneyMap, Persona, Stage

__all__ = ["Conflict", "merge3", "apply_unit"]

_STAGE_FIELDS = ("name", "evidence", "emotion_as_is", "emotion_to_be")


@dataclass(frozen=True)
class Conflict:
    """A unit both sides changed: ``unit`` names it (``("cell", stage_id, lane)``, ``("stage", stage_id,
    field)``, ``("name",)``, ``("persona", field)``, ``("hidden",)``, ``("link",)``, ``("order",)``, or
    ``("stage_deleted", stage_id)`` for a stage one side deleted and the other edited); ``mine`` is the
    edit's value, ``theirs`` the stored one (kept)."""

    unit: tuple
    mine: Any
    theirs: Any


def _units(m: JourneyMap) -> dict[tuple, Any]:
    units: dict[tuple, Any] = {("name",): m.name, ("hidden",): tuple(m.hidden_lanes),
                               ("link",): (m.segmentation, m.segment)}
    for f in PERSONA_FIELDS:
        units[("persona", f)] = getattr(m.persona, f)
    for s in m.stages:
        for f in _STAGE_FIELDS:
            units[("stage", s.stage_id, f)] = getattr(s, f)
        for lane in LANES:
            units[("cell", s.stage_id, lane)] = s.items(lane)
    return units


def _renumber_new_stages(base: JourneyMap, mine: JourneyMap, theirs: JourneyMap) -> JourneyMap:
    """Stages both sides added under the same new id are different stages: give mine fresh ids."""
    known = {s.stage_id for s in base.stages}
    taken = {s.stage_id for s in theirs.stages} - known
    clash = [s.stage_id for s in mine.stages if s.stage_id in taken]
    if not clash:
        return mine
    used = [int(s.stage_id[1:]) for m in (base, mine, theirs) for s in m.stages if s.stage_id[1:].isdigit()]
    seq = max(used + [base.stage_seq, mine.stage_seq, theirs.stage_seq])
    fresh = {}
    for sid in clash:
        seq += 1
        fresh[sid] = f"s{seq}"
    stages = tuple(replace(s, stage_id=fresh.get(s.stage_id, s.stage_id)) for s in mine.stages)
    return replace(mine, stages=stages, stage_seq=seq)


def _merge_order(base: list[str], mine: list[str], theirs: list[str], deleted: set[str]) -> tuple[list[str], bool]:
    """The merged stage order and whether both sides reordered the stages they share differently."""
    common = [s for s in base if s in mine and s in theirs]
    mine_rel = [s for s in mine if s in common]
    theirs_rel = [s for s in theirs if s in common]
    conflict = mine_rel != common and theirs_rel != common and mine_rel != theirs_rel
    order = list(mine) if (mine_rel != common and not conflict) else list(theirs)
    other = theirs if order == list(mine) else mine
    for i, sid in enumerate(other):  # stages only the other side added, after their predecessor there
        if sid not in order and sid not in base:
            before = next((p for p in reversed(other[:i]) if p in order), None)
            order.insert(order.index(before) + 1 if before else 0, sid)
    return [s for s in order if s not in deleted], conflict


def _revive(ids: list[str], sid: str, base_ids: list[str]) -> list[str]:
    """``ids`` with the base stage ``sid`` put back after its predecessor in the base order."""
    before = [p for p in base_ids[: base_ids.index(sid)] if p in ids]
    out = list(ids)
    out.insert(out.index(before[-1]) + 1 if before else 0, sid)
    return out


def merge3(base: JourneyMap, mine: JourneyMap, theirs: JourneyMap) -> tuple[JourneyMap, tuple[Conflict, ...]]:
    """The map ``theirs`` with the changes ``mine`` made on ``base``, and the units both changed.

    Stage additions and deletions merge like any change; a stage one side deleted while the other edited it
    is kept with the edit (a ``("stage_deleted", stage_id)`` conflict says so). The result has ``theirs``'s
    revision: save it against that.
    """
    mine = _renumber_new_stages(base, mine, theirs)
    ub, um, ut = _units(base), _units(mine), _units(theirs)
    base_ids = [s.stage_id for s in base.stages]
    mine_ids, theirs_ids = [s.stage_id for s in mine.stages], [s.stage_id for s in theirs.stages]
    conflicts: list[Conflict] = []
    deleted = set()
    for sid in base_ids:
        stage_keys = [k for k in ub if k[1:2] == (sid,)]
        for gone_ids, gone_units, kept_units, side in ((mine_ids, um, ut, "mine"), (theirs_ids, ut, um, "theirs")):
            if sid in gone_ids:
                continue
            if any(ub[k] != kept_units.get(k, _ABSENT) for k in stage_keys):  # deleted here, edited there
                for k in stage_keys:
                    gone_units[k] = ub[k]  # as if this side had left the stage alone: the edit wins
                if side == "mine":
                    mine_ids = _revive(mine_ids, sid, base_ids)
                else:
                    theirs_ids = _revive(theirs_ids, sid, base_ids)
                conflicts.append(Conflict(("stage_deleted", sid), None, ub[("stage", sid, "name")]))
            else:
                deleted.add(sid)
    merged: dict[tuple, Any] = {}
    for key in dict.fromkeys([*ut, *um, *ub]):
        b, m, t = ub.get(key, _ABSENT), um.get(key, _ABSENT), ut.get(key, _ABSENT)
        if m == b:
            value = t
        elif t == b or m == t:
            value = m
        else:
            value = t
            conflicts.append(Conflict(key, None if m is _ABSENT else m, None if t is _ABSENT else t))
        merged[key] = value
    order, order_conflict = _merge_order(base_ids, mine_ids, theirs_ids, deleted)
    if order_conflict:
        conflicts.append(Conflict(("order",), tuple(mine_ids), tuple(theirs_ids)))
    stages = []
    for sid in order:
        if merged.get(("stage", sid, "name"), _ABSENT) is _ABSENT:
            continue
        lanes = {lane: tuple(merged[("cell", sid, lane)]) for lane in LANES
                 if merged.get(("cell", sid, lane), _ABSENT) not in (_ABSENT, ())}
        stages.append(Stage(sid, *(merged[("stage", sid, f)] for f in _STAGE_FIELDS), lanes=lanes))
    segmentation, segment = merged[("link",)]
    result = replace(
        theirs, name=merged[("name",)], hidden_lanes=tuple(merged[("hidden",)]),
        persona=Persona(**{f: merged[("persona", f)] for f in PERSONA_FIELDS}), segmentation=segmentation,
        segment=segment, stages=tuple(stages), stage_seq=max(mine.stage_seq, theirs.stage_seq),
    )
    return result, tuple(conflicts)


class _Absent:
    """A unit one side does not have (a stage it deleted or never had)."""

    def __repr__(self) -> str:
        return "<absent>"


_ABSENT = _Absent()


def apply_unit(m: JourneyMap, unit: tuple, value: Any) -> JourneyMap:
    """``m`` with one unit (as a :class:`Conflict` names it) set to ``value``: how a participant re-applies
    their own text after a conflict. ``("order",)`` and ``("stage_deleted", …)`` units are structural and
    come back unchanged (the participant redoes a reorder or a delete by hand)."""
    kind = unit[0]
    if kind == "cell":
        _, sid, lane = unit
        stages = tuple(replace(s, lanes={**s.lanes, lane: tuple(value or ())}) if s.stage_id == sid else s
                       for s in m.stages)
        return replace(m, stages=stages)
    if kind == "stage":
        _, sid, field = unit
        return replace(m, stages=tuple(replace(s, **{field: value}) if s.stage_id == sid else s for s in m.stages))
    if kind == "persona":
        return replace(m, persona=replace(m.persona, **{unit[1]: value}))
    if kind == "name":
        return replace(m, name=value)
    if kind == "hidden":
        return replace(m, hidden_lanes=tuple(value))
    if kind == "link":
        return replace(m, segmentation=value[0], segment=value[1])
    return m
