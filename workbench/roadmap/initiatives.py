"""Roadmap initiatives: the one place where insights (a segment, a journey pain point, a value gap) become
action. Every "turn into initiative" button in the app calls :func:`create_initiative`; the roadmap
planner lists and edits them.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.core.store import Workspace
from workbench.roadmap.store import insert_initiative, read_initiatives

__all__ = ["SOURCE_KINDS", "EDITABLE_FIELDS", "create_initiative", "list_initiatives", "initiatives_from"]

SOURCE_KINDS = ("segment", "journey_pain", "journey_opportunity", "value_gap")
EDITABLE_FIELDS = (
    "description", "strategy", "target_segment", "owner", "budget", "headcount", "start_month",
    "duration_months", "kpi", "kpi_target", "effect_retention", "effect_frequency", "effect_aov", "effort",
    "confidence", "status",
)


def create_initiative(
    ws: Workspace,
    title: str,
    *,
    source_kind: str | None = None,
    source_ref: dict[str, Any] | None = None,
    **fields: Any,
) -> int:
    """Store a new initiative linked to what motivated it and return its id.

    ``source_ref`` is a small JSON-able dict that identifies the source, e.g.
    ``{"segmentation": "rfm", "segment": "at_risk"}`` or ``{"map_id": 3, "stage_id": "s2", "item": 0}``.
    """
    title = (title or "").strip()
    if not title:
        raise WorkbenchError("initiatives.error.title_empty")
    if source_kind is not None and source_kind not in SOURCE_KINDS:
        raise WorkbenchError("initiatives.error.bad_source", kind=source_kind)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"unknown initiative fields: {sorted(unknown)}")
    columns = ["title", "source_kind", "source_ref", *fields]
    values = [title, source_kind, None if source_ref is None else json.dumps(source_ref, ensure_ascii=False)]
    return insert_initiative(ws, columns, values + list(fields.values()))


def list_initiatives(ws: Workspace) -> pd.DataFrame:
    """All initiatives, oldest first, with ``source_ref`` decoded to a dict."""
    return read_initiatives(ws)


def initiatives_from(ws: Workspace, source_kind: str) -> pd.DataFrame:
    """Initiatives created from one kind of source, so a view can show which insights are already acted on."""
    df = list_initiatives(ws)
    return df[df["source_kind"] == source_kind].reset_index(drop=True)
