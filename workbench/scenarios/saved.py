"""Scenarios saved in the workspace: a name and a definition (:data:`SPEC_DEFAULTS`), created, edited,
renamed, duplicated and deleted — each save naming the revision it was based on, so two participants never
overwrite each other silently (a stale save raises :class:`ScenarioConflict` and writes nothing).

A definition holds what the user chose, never figures computed from the data: the segmentation, the horizon
and discount rate, the levers and costs per segment, the ranges and confidence for the uncertainty, how fast
typed levers take effect, and whether (and how) the roadmap's initiatives act in it. It is checked on every
write; one read back that no longer fits the data (its segmentation changed, a segment is gone) still loads,
and running it says what no longer applies.
"""

from __future__ import annotations

import copy
import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from workbench.core.errors import WorkbenchError
from workbench.scenarios import store
from workbench.scenarios.model import COST_LIMIT, COSTS, LEVER_LIMITS, LEVERS, MAX_MONTHS, NAME_MAX, TIMINGS
from workbench.scenarios.projection import check_discount, check_months

__all__ = ["SPEC_DEFAULTS", "Scenario", "ScenarioConflict", "clean_name", "validate_spec", "list_scenarios",
           "get_scenario", "create_scenario", "update_scenario", "duplicate_scenario", "delete_scenario"]

#: A scenario's definition and its defaults: ``discount_rate`` None is the workspace's own (the CLV settings'
#: rate); ``levers`` ``{segment: {lever or cost: value}}``; ``ranges`` ``{segment: {lever: [low, high]}}``;
#: ``confidence`` sets the range of a typed lever without one (0.8 → ±40%, see ``effects``); ``ramp_months``
#: how many months typed levers take to reach their full effect (0: from month 1); ``roadmap`` whether the
#: plan's initiatives act, ``timing`` when (``TIMINGS``), ``weight_confidence`` their effects × confidence.
SPEC_DEFAULTS: Mapping[str, Any] = MappingProxyType({
    "segmentation": "tier", "months": MAX_MONTHS, "discount_rate": None, "levers": {}, "ranges": {},
    "confidence": 0.8, "ramp_months": 0, "roadmap": False, "timing": "complete", "weight_confidence": False,
})


class ScenarioConflict(WorkbenchError):
    """Another participant saved (or deleted) the scenario after this one loaded it; nothing was written."""

    def __init__(self, name: str, loaded: int, stored: int | None) -> None:
        super().__init__("scenarios.error.conflict" if stored is not None else "scenarios.error.gone",
                         name=name[:60], loaded=loaded, stored=stored or 0)
        self.loaded, self.stored = loaded, stored


@dataclass(frozen=True)
class Scenario:
    """A saved scenario: its id, name, revision and definition (every key of :data:`SPEC_DEFAULTS`)."""

    scenario_id: int
    name: str
    revision: int
    spec: Mapping[str, Any] = field(default_factory=dict)

    def levers(self, segment: str) -> dict[str, float]:
        """The levers and costs typed for a segment (0 where none)."""
        typed = self.spec["levers"].get(segment, {})
        return {name: float(typed.get(name, 0.0)) for name in (*LEVERS, *COSTS)}


# -- checks ---------------------------------------------------------------------------------------------------
def clean_name(name: Any) -> str:
    """A scenario name as stored: one line, trimmed, 1 … 80 characters."""
    text = " ".join(unicodedata.normalize("NFC", str(name or "")).split())
    if not text:
        raise WorkbenchError("scenarios.error.name_empty")
    if len(text) > NAME_MAX:
        raise WorkbenchError("scenarios.error.name_long", max=NAME_MAX)
    return text


def _number(value: Any, segment: str, name: str, lo: float, hi: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if isinstance(value, bool) or not math.isfinite(number) or not lo <= number <= hi:
        raise WorkbenchError("scenarios.error.lever_value", segment=str(segment)[:60], lever=name,
                             value=str(value)[:40])
    return number


def _limits(name: str) -> tuple[float, float]:
    return LEVER_LIMITS[name] if name in LEVER_LIMITS else (0.0, COST_LIMIT)


def _levers(value: Any) -> dict[str, dict[str, float]]:
    if not isinstance(value, Mapping):
        raise WorkbenchError("scenarios.error.levers_type")
    out: dict[str, dict[str, float]] = {}
    for segment, levers in value.items():
        if not isinstance(levers, Mapping):
            raise WorkbenchError("scenarios.error.levers_type")
        kept = {}
        for name, number in levers.items():
            if name not in LEVERS and name not in COSTS:
                raise WorkbenchError("scenarios.error.lever_name", name=str(name)[:40],
                                     known=", ".join((*LEVERS, *COSTS)))
            checked = _number(number, segment, name, *_limits(name))
            if checked != 0:
                kept[name] = checked
        if kept:
            out[str(segment)] = kept
    return out


def _ranges(value: Any) -> dict[str, dict[str, list[float]]]:
    if not isinstance(value, Mapping):
        raise WorkbenchError("scenarios.error.levers_type")
    out: dict[str, dict[str, list[float]]] = {}
    for segment, levers in value.items():
        if not isinstance(levers, Mapping):
            raise WorkbenchError("scenarios.error.levers_type")
        kept = {}
        for name, pair in levers.items():
            if name not in LEVERS:
                raise WorkbenchError("scenarios.error.lever_name", name=str(name)[:40], known=", ".join(LEVERS))
            if not isinstance(pair, (list, tuple)) or len(pair) != 2:
                raise WorkbenchError("scenarios.error.range", segment=str(segment)[:60], lever=name)
            low, high = (_number(v, segment, name, *LEVER_LIMITS[name]) for v in pair)
            if low > high:
                raise WorkbenchError("scenarios.error.range", segment=str(segment)[:60], lever=name)
            kept[name] = [low, high]
        if kept:
            out[str(segment)] = kept
    return out


def validate_spec(spec: Mapping[str, Any]) -> dict[str, Any]:
    """A definition as stored: :data:`SPEC_DEFAULTS` updated with ``spec``, every value checked (a translated
    ``WorkbenchError`` for the first one at fault; an unknown key is refused)."""
    unknown = set(spec) - set(SPEC_DEFAULTS)
    if unknown:
        raise WorkbenchError("scenarios.error.spec_field", field=", ".join(sorted(map(str, unknown)))[:80])
    out = copy.deepcopy(dict(SPEC_DEFAULTS))
    out.update(copy.deepcopy(dict(spec)))
    segmentation = out["segmentation"]
    if not isinstance(segmentation, str) or not segmentation.strip() or len(segmentation) > 60:
        raise WorkbenchError("scenarios.error.segmentation", segmentation=str(segmentation)[:60])
    out["months"] = check_months(out["months"])
    out["discount_rate"] = None if out["discount_rate"] is None else check_discount(out["discount_rate"])
    out["levers"] = _levers(out["levers"])
    out["ranges"] = _ranges(out["ranges"])
    confidence = out["confidence"]
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
        raise WorkbenchError("scenarios.error.confidence", value=str(confidence)[:20])
    out["confidence"] = float(confidence)
    ramp = out["ramp_months"]
    if isinstance(ramp, bool) or not isinstance(ramp, (int, float)) or ramp != int(ramp) or not 0 <= ramp <= MAX_MONTHS:
        raise WorkbenchError("scenarios.error.ramp", value=str(ramp)[:20], max=MAX_MONTHS)
    out["ramp_months"] = int(ramp)
    if out["timing"] not in TIMINGS:
        raise WorkbenchError("scenarios.error.timing", value=str(out["timing"])[:20])
    for flag in ("roadmap", "weight_confidence"):
        if not isinstance(out[flag], bool):
            raise WorkbenchError("scenarios.error.flag", field=flag)
    return out


def _loaded(row: Mapping[str, Any]) -> Scenario:
    """A stored row as a scenario: its definition over the defaults (keys a newer release added get theirs)."""
    spec = copy.deepcopy(dict(SPEC_DEFAULTS))
    spec.update({k: v for k, v in (row["spec"] or {}).items() if k in SPEC_DEFAULTS})
    return Scenario(scenario_id=int(row["scenario_id"]), name=str(row["name"]), revision=int(row["revision"]),
                    spec=spec)


def _check_unique(cur, name: str, scenario_id: int | None = None) -> None:
    taken = {n.casefold() for i, n in store.scenario_names(cur).items() if i != scenario_id}
    if name.casefold() in taken:
        raise WorkbenchError("scenarios.error.name_taken", name=name)


# -- reads and writes -----------------------------------------------------------------------------------------
def list_scenarios(ws) -> list[Scenario]:
    """The saved scenarios, oldest first."""
    return [_loaded(r) for r in store.read_scenarios(ws)]


def get_scenario(ws, scenario_id: int) -> Scenario:
    """One saved scenario; ``scenarios.error.not_found`` when there is none (deleted meanwhile)."""
    with ws.cursor() as cur:
        row = store.read_scenario(cur, int(scenario_id))
    if row is None:
        raise WorkbenchError("scenarios.error.not_found", id=int(scenario_id))
    return _loaded(row)


def create_scenario(ws, name: Any, **spec: Any) -> int:
    """Save a new scenario (``spec``: keys of :data:`SPEC_DEFAULTS`) and return its id. The name must be new
    (ignoring case) and the segmentation one a scenario can use."""
    from workbench.scenarios.baseline import check_segmentation

    clean = clean_name(name)
    definition = validate_spec(spec)
    check_segmentation(definition["segmentation"])
    with ws.transaction() as cur:
        _check_unique(cur, clean)
        return store.insert_scenario(cur, clean, definition)


def update_scenario(ws, scenario_id: int, changes: Mapping[str, Any], expected_revision: int) -> Scenario:
    """Apply ``changes`` (``name`` and/or keys of :data:`SPEC_DEFAULTS`, each replacing the stored value) if
    nobody saved the scenario since ``expected_revision``; returns it as saved. A changed segmentation must be
    one a scenario can use."""
    from workbench.scenarios.baseline import check_segmentation

    changes = dict(changes)
    name = clean_name(changes.pop("name")) if "name" in changes else None
    if "segmentation" in changes:
        check_segmentation(changes["segmentation"])
    with ws.transaction() as cur:
        row = store.read_scenario(cur, int(scenario_id))
        if row is None:
            raise ScenarioConflict(str(name or scenario_id), int(expected_revision), None)
        if row["revision"] != int(expected_revision):
            raise ScenarioConflict(row["name"], int(expected_revision), row["revision"])
        current = _loaded(row)
        definition = validate_spec({**current.spec, **changes})
        new_name = name or current.name
        if name is not None:
            _check_unique(cur, new_name, int(scenario_id))
        store.update_scenario(cur, int(scenario_id), new_name, definition, current.revision + 1)
    return Scenario(int(scenario_id), new_name, current.revision + 1, definition)


def duplicate_scenario(ws, scenario_id: int, name: Any = None) -> int:
    """A copy of a scenario under ``name`` (default: its name with " (2)", " (3)" … until it is new); its id."""
    source = get_scenario(ws, scenario_id)
    with ws.transaction() as cur:
        if name is None or not str(name).strip():
            taken = {n.casefold() for n in store.scenario_names(cur).values()}
            k = 2
            while (candidate := f"{source.name[: NAME_MAX - 6]} ({k})").casefold() in taken:
                k += 1
            clean = candidate
        else:
            clean = clean_name(name)
            _check_unique(cur, clean)
        return store.insert_scenario(cur, clean, validate_spec(dict(source.spec)))


def delete_scenario(ws, scenario_id: int, expected_revision: int) -> None:
    """Delete a scenario unless someone saved it since ``expected_revision`` (deleting one already gone is
    refused too: the page then shows the list as it is)."""
    with ws.transaction() as cur:
        row = store.read_scenario(cur, int(scenario_id))
        if row is None:
            raise ScenarioConflict(str(scenario_id), int(expected_revision), None)
        if row["revision"] != int(expected_revision):
            raise ScenarioConflict(row["name"], int(expected_revision), row["revision"])
        store.delete_scenario(cur, int(scenario_id))
