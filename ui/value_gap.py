"""The Value gap page's editor state: the attribute rows the room's two editors were built from, and their
pending edits stored before any view is drawn, so every view of the same run already shows them.

The workspace is the source of truth: the editors are built from the rows as this session loaded them
(``base``, kept while an edit is unsaved); edits are stored with the revision each row was loaded at, so a row
saved meanwhile by another participant is a conflict (``problem``), never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from workbench import value_gap as vg
from workbench.core.errors import WorkbenchError

__all__ = ["Editors", "editors"]


@dataclass
class Editors:
    """The rows the editors show (``base``), their widget keys (survey, typed) and a refused save."""

    base: Any
    keys: list[str]
    problem: WorkbenchError | None
    state_key: str

    def forget(self) -> None:
        """Drop this session's rows and edits: the next run shows what is stored (a conflict's reload)."""
        for k in (self.state_key, *self.keys):
            st.session_state.pop(k, None)


def editors(ctx, ws, competitors, scale) -> Editors:
    """Store the editors' pending edits (if any) and return what the editors are to show now."""
    stored, state_key, problem = vg.read_attributes(ws), ctx.key("vg", "base"), None
    base = st.session_state.get(state_key)

    def keys_for(rows):  # new rows: new editors
        return [ctx.key("vg", kind, vg.edit_version(rows)) for kind in ("ed_s", "ed_t")]

    keys = keys_for(stored if base is None else base)
    deltas = [st.session_state.get(k) for k in keys]
    if base is None or not any(map(vg.has_edits, deltas)):  # nothing unsaved: what is stored (others' edits too)
        base, keys = stored, keys_for(stored)
    try:
        if any(map(vg.has_edits, deltas)) and vg.save_pending(ws, base, deltas, competitors, scale):
            for k in keys:
                st.session_state.pop(k, None)
            base = vg.read_attributes(ws)
            keys = keys_for(base)
    except WorkbenchError as err:
        problem = err
    st.session_state[state_key] = base
    return Editors(base, keys, problem, state_key)
