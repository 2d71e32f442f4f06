"""The parameters of the segmentations as a workspace stores them: one settings key per framework
(``segments.<name>``) plus the RFM naming rules (``segments.rfm_patterns``).

Stored values are validated when read: a framework whose stored parameters do not fit together (written by
an older version, or by hand) runs on its defaults and the problem is reported for that framework alone,
never for the others.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from workbench.core.errors import WorkbenchError
from workbench.core.params import merge
from workbench.segments.registry import DEFAULT_PARAMS, PARAM_SPECS, get
from workbench.segments.rules.rfm import RFM_SEGMENTS

__all__ = ["SETTINGS_PREFIX", "merge_params", "validate_params", "load_params", "save_params",
           "load_rfm_patterns", "save_rfm_patterns"]

#: Settings keys of this area start with it; the snapshot is keyed on this prefix's settings version.
SETTINGS_PREFIX = "segments"


def _key(name: str) -> str:
    return f"{SETTINGS_PREFIX}.{name}"


def merge_params(segmentation: str, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Defaults of a segmentation updated with known keys from ``overrides`` (unknown keys are ignored)."""
    return merge(DEFAULT_PARAMS[get(segmentation).settings], overrides)


def validate_params(segmentation: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """The merged parameters of a segmentation, or a ``WorkbenchError`` saying what is inconsistent."""
    record = get(segmentation)
    if record.computed_by is not None:
        record = get(record.computed_by)
    return record.resolve(params)


def load_params(ws) -> tuple[dict[str, dict[str, Any]], dict[str, WorkbenchError]]:
    """Every framework's parameters (defaults overridden by what the workspace stored, the RFM patterns
    included) and, per framework whose stored values are inconsistent, the error (it then runs on its
    defaults)."""
    params, problems = {}, {}
    for name in DEFAULT_PARAMS:
        stored = ws.get_setting(_key(name), {}) or {}
        try:
            params[name] = validate_params(name, stored)
        except WorkbenchError as err:
            params[name], problems[name] = merge_params(name), err
    params["rfm"]["patterns"] = [list(r) for r in load_rfm_patterns(ws)]
    return params, problems


def save_params(ws, segmentation: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """Validate and store one segmentation's editable parameters; return the merged result.

    Nothing is stored when the parameters are inconsistent (the error says why)."""
    merged = validate_params(segmentation, params)
    owner = get(segmentation).settings  # tiers are cut from the RFM scores: their cut-offs are RFM's settings
    editable = {spec.name for spec in PARAM_SPECS[owner]}
    ws.set_setting(_key(owner), {k: v for k, v in merged.items() if k in editable})
    return merged


def load_rfm_patterns(ws) -> list[tuple[str, str]]:
    """The RFM segment patterns in use: the workspace's own list, else ``RFM_SEGMENTS``."""
    stored = ws.get_setting(_key("rfm_patterns"))
    if not stored:
        return list(RFM_SEGMENTS)
    return [(str(name), str(pattern)) for name, pattern in stored]


def save_rfm_patterns(ws, patterns: list[tuple[str, str]] | None) -> list[tuple[str, str]]:
    """Store RFM segment patterns (None restores the defaults) and return the patterns now in use; every
    pattern must be a valid regex."""
    if patterns is None:
        ws.set_setting(_key("rfm_patterns"), None)
        return list(RFM_SEGMENTS)
    clean = []
    for name, pattern in patterns:
        name, pattern = str(name).strip(), str(pattern).strip()
        if not name or not pattern:
            continue
        try:
            re.compile(pattern)
        except re.error as exc:
            raise WorkbenchError("segments.error.bad_pattern", pattern=pattern, detail=str(exc)) from exc
        clean.append([name, pattern])
    if not clean:
        raise WorkbenchError("segments.error.no_patterns")
    ws.set_setting(_key("rfm_patterns"), clean)
    return [(name, pattern) for name, pattern in clean]
