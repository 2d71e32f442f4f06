"""The area's choices, stored as one workspace setting (``value_gap.settings``) so every session, and the
report, sees the same: cross-hairs, derived-importance method and overall measure, Kano band, the layer
model, and the competitors' names."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from workbench.core.errors import WorkbenchError
from workbench.core.store import Workspace
from workbench.value_gap.importance import METHODS
from workbench.value_gap.ipa import CROSSHAIRS
from workbench.value_gap.model import LAYER_MODELS, LIMITS

__all__ = ["SETTING_KEY", "OVERALL_SOURCES", "DEFAULTS", "load_settings", "save_settings", "validate_settings"]

SETTING_KEY = "value_gap.settings"
# auto: the attribute marked (or named) as overall, else the customers' CSAT, else their NPS.
OVERALL_SOURCES: tuple[str, ...] = ("auto", "attribute", "csat", "nps")
DEFAULTS: Mapping[str, Any] = MappingProxyType({
    "crosshair": "mean", "crosshair_value": None, "method": "relative_weights", "overall": "auto",
    "kano_band": 0.05, "layer_model": "three", "survey_competitor": "", "competitors": [],
})


def validate_settings(values: Mapping[str, Any]) -> dict[str, Any]:
    """The settings merged over :data:`DEFAULTS`, or ``value_gap.error.setting`` naming the bad one."""
    out = {**DEFAULTS, **{k: v for k, v in values.items() if k in DEFAULTS}}
    checks = {
        "crosshair": out["crosshair"] in CROSSHAIRS, "method": out["method"] in METHODS,
        "overall": out["overall"] in OVERALL_SOURCES, "layer_model": out["layer_model"] in LAYER_MODELS,
        "kano_band": isinstance(out["kano_band"], (int, float)) and 0 <= out["kano_band"] <= 0.3,
        "crosshair_value": out["crosshair_value"] is None or isinstance(out["crosshair_value"], (int, float)),
    }
    for name, ok in checks.items():
        if not ok:
            raise WorkbenchError("value_gap.error.setting", name=name, value=str(out[name]))
    names = [str(n).strip()[:LIMITS["name"]] for n in out["competitors"] if str(n).strip()]
    out["competitors"] = list(dict.fromkeys(names))[:LIMITS["competitors"]]
    out["survey_competitor"] = str(out["survey_competitor"] or "").strip()[:LIMITS["name"]]
    return out


def load_settings(ws: Workspace) -> dict[str, Any]:
    """The stored settings over the defaults (a stored value that no longer validates falls back to them)."""
    try:
        return validate_settings(ws.get_setting(SETTING_KEY, {}) or {})
    except WorkbenchError:
        return dict(DEFAULTS)


def save_settings(ws: Workspace, **changes: Any) -> dict[str, Any]:
    """Store changed settings (validated) and return them all."""
    values = validate_settings({**load_settings(ws), **changes})
    ws.set_setting(SETTING_KEY, values)
    return values
