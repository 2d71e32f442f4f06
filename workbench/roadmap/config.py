"""The plan's settings, stored in the workspace with a revision each: ``plan`` (its start month and phases with
their capacity), ``priority`` (RICE or the weighted criteria, and the criteria) and ``goal`` (the headline goal
and its milestones). A save names the revision it was based on; a save made meanwhile by another participant
is a conflict, never overwritten. Every save can be undone by the participant who made it.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from workbench.core.errors import WorkbenchError
from workbench.core.store import Workspace
from workbench.roadmap import store
from workbench.roadmap.goal import DEFAULT_GOAL, validate_goal
from workbench.roadmap.model import LIMITS, InitiativeConflict
from workbench.roadmap.phases import DEFAULT_PHASES, horizon, month_label, parse_month, today_month, validate_phases
from workbench.roadmap.priority import DEFAULT_CRITERIA, METHODS, validate_criteria

__all__ = ["SETTING_KEYS", "Config", "default_setting", "load_config", "phases_in", "save_plan", "save_priority",
           "save_goal", "write_setting_checked", "ensure_start"]

SETTING_KEYS: tuple[str, ...] = ("plan", "priority", "goal")


def _plain(value: Any) -> Any:
    """Mappings and tuples of the defaults as plain JSON-able dicts and lists."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def default_setting(key: str, start: _dt.date | None = None) -> dict[str, Any]:
    """A setting as it is before anyone saved it (the plan starts ``start``, by default this month)."""
    if key == "plan":
        return {"start": month_label(start or today_month(), 0), "phases": _plain(DEFAULT_PHASES)}
    if key == "priority":
        return {"method": "rice", "criteria": _plain(DEFAULT_CRITERIA)}
    if key == "goal":
        return _plain(DEFAULT_GOAL)
    raise KeyError(key)


@dataclass(frozen=True)
class Config:
    """The plan's settings as loaded: values, each setting's ``revisions`` (0: never saved) and the plan's
    ``version`` (moves with every write to the plan)."""

    start: _dt.date
    phases: tuple[Mapping[str, Any], ...]
    method: str
    criteria: tuple[Mapping[str, Any], ...]
    goal: Mapping[str, Any]
    revisions: Mapping[str, int]
    version: int

    @property
    def horizon(self) -> int:
        return horizon(self.phases)


def load_config(ws: Workspace) -> Config:
    """The stored settings over their defaults."""
    stored = store.read_settings(ws)
    values = {k: stored[k][0] if k in stored else default_setting(k) for k in SETTING_KEYS}
    plan, priority = values["plan"], values["priority"]
    return Config(
        start=parse_month(plan["start"]), phases=tuple(plan["phases"]), method=priority["method"],
        criteria=tuple(priority["criteria"]), goal=values["goal"],
        revisions={k: stored[k][1] if k in stored else 0 for k in SETTING_KEYS},
        version=int(stored["_version"][0]) if "_version" in stored else 0,
    )


def phases_in(cur) -> list[Mapping[str, Any]]:
    """The stored phases, read inside a write transaction (the checks of a save need them)."""
    found = store.read_setting(cur, "plan")
    return list((found[0] if found else default_setting("plan"))["phases"])


def ensure_start(cur) -> None:
    """Store this month as the plan's start the first time anything is planned, so a plan never drifts."""
    if store.read_setting(cur, "plan") is None:
        store.write_setting(cur, "plan", default_setting("plan"), 1)


def write_setting_checked(cur, key: str, value: Any, expected_revision: int, actor: str) -> int:
    """Write a setting if its stored revision is ``expected_revision`` (0: never saved); log the old value
    for ``actor``'s undo; the new revision. Raises :class:`InitiativeConflict` otherwise."""
    found = store.read_setting(cur, key)
    current = found[1] if found else 0
    if current != expected_revision:
        raise InitiativeConflict(key, expected_revision, current)
    before = found[0] if found else None
    if before == value:
        return current
    store.write_setting(cur, key, value, current + 1)
    store.push_undo(cur, actor, "setting", key, current + 1, before, LIMITS["undo"])
    store.bump_version(cur)
    return current + 1


def save_plan(ws: Workspace, start: Any, phase_rows: Sequence[Mapping[str, Any]], expected_revision: int, *,
              actor: str = "api") -> int:
    """Store the plan's start month and phases (with capacity) after checking them; refused when an initiative
    would start beyond the new last phase (the message names it). Returns the new revision."""
    value = {"start": month_label(parse_month(start), 0), "phases": validate_phases(phase_rows)}
    end = horizon(value["phases"])
    with ws.transaction() as cur:
        for row in store.read_rows(cur):
            if row["start_month"] is not None and row["start_month"] >= end:
                raise WorkbenchError("roadmap.error.phases_cut", id=row["initiative_id"], title=row["title"][:60],
                                     start=row["start_month"], end=end)
        return write_setting_checked(cur, "plan", value, expected_revision, actor)


def save_priority(ws: Workspace, method: str, criteria_rows: Sequence[Mapping[str, Any]], lang: str,
                  expected_revision: int, *, actor: str = "api") -> int:
    """Store the ranking method and the weighted criteria (names, benefit or cost, weights)."""
    if method not in METHODS:
        raise WorkbenchError("roadmap.error.bad_method", value=str(method))
    value = {"method": method, "criteria": validate_criteria(criteria_rows, lang)}
    with ws.transaction() as cur:
        return write_setting_checked(cur, "priority", value, expected_revision, actor)


def save_goal(ws: Workspace, kpi: str, mode: str, change: Any, milestones: Sequence[Mapping[str, Any]], lang: str,
              expected_revision: int, *, actor: str = "api") -> int:
    """Store the headline goal and its milestones (see :func:`workbench.roadmap.goal.validate_goal`)."""
    with ws.transaction() as cur:
        value = validate_goal(kpi, mode, change, milestones, lang, horizon(phases_in(cur)))
        return write_setting_checked(cur, "goal", value, expected_revision, actor)
