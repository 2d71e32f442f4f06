"""Editable parameters as data: how each one is edited (its kind, range and step, or its choices), and the
merge of stored overrides onto defaults. Segmentations, the CLV settings and later areas declare their
parameters this way, so one form builder on the page serves all of them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from workbench.core.errors import WorkbenchError

__all__ = ["Param", "merge", "check_choices"]


@dataclass(frozen=True)
class Param:
    """How a parameter is edited: ``kind`` is int, float, share (0-1) or choice (one of ``choices``).
    ``percent`` marks a float that is a fraction although not a share (a growth rate), edited in percent."""

    name: str
    kind: str
    lo: float | None = None
    hi: float | None = None
    step: float | None = None
    choices: tuple[str, ...] = ()
    percent: bool = False


def merge(defaults: Mapping[str, Any], overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``defaults`` updated with the known keys of ``overrides`` (unknown keys and None are ignored)."""
    out = dict(defaults)
    for key, value in (overrides or {}).items():
        if key in out and value is not None:
            out[key] = value
    return out


def check_choices(specs: tuple[Param, ...], values: Mapping[str, Any]) -> None:
    """Raise ``WorkbenchError`` when a choice parameter holds a value it does not offer."""
    for spec in specs:
        if spec.kind == "choice" and values.get(spec.name) not in spec.choices:
            raise WorkbenchError("segments.error.bad_choice", name=spec.name, value=str(values.get(spec.name)))
