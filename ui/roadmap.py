"""The Roadmap page's state: the plan as this session last drew it, and saving with conflicts said in words.

The workspace is the source of truth. The session keeps the plan it drew (``base``); editors and forms are
built from it, and every save names the revisions it was based on, so a save made meanwhile by another
participant is a conflict (with a reload), never overwritten. While nothing is typed here, the session
follows what others saved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import streamlit as st

import ui
from workbench import roadmap
from workbench.core.errors import WorkbenchError

__all__ = ["session_plan", "Saver"]


def session_plan(ctx, save_keys: Iterable[str]) -> Any:
    """The plan to draw: the session's own while its board or a form holds unsaved input, else the stored
    one (``roadmap.build_plan``), which then becomes the session's."""
    lang, key = ctx.lang, ctx.key
    stored = roadmap.build_plan(ctx.ws, lang)
    base = st.session_state.get(key("roadmap_base", lang)) or stored
    edits = st.session_state.get(key("board", base.version)) or {}
    pending = any(edits.get(p) for p in ("edited_rows", "added_rows", "deleted_rows")) or any(
        st.session_state.get(k) for k in save_keys)
    base = stored if base.version != stored.version and not pending else base  # others saved, nothing typed
    st.session_state[key("roadmap_base", lang)] = base
    return base


class Saver:
    """Save and show the new plan; a refusal is said in ``notice`` (a conflict offers the latest version)."""

    def __init__(self, ctx, notice) -> None:
        self.ctx, self.notice = ctx, notice

    def __call__(self, action: Callable[..., Any], *args: Any, rerun: bool = True, **kwargs: Any) -> bool:
        """``action(*args, **kwargs)``; then a new run (``rerun=False``: the caller draws the new plan in
        this run, as ``fresh`` builds it). True when there is a new plan to show."""
        ctx = self.ctx
        try:
            action(*args, **kwargs)
        except WorkbenchError as err:
            ui.show_error(err, ctx.lang, self.notice)
            if not (isinstance(err, roadmap.InitiativeConflict)
                    and self.notice.button(ctx.t("roadmap.reload"), key=ctx.key("reload"))):
                return False  # the edit stays where it was typed; a conflict's reload falls through to the latest
        st.session_state.pop(ctx.key("roadmap_base", ctx.lang), None)
        if rerun:
            st.rerun()
        return True

    def fresh(self) -> Any:
        """The plan as stored now, kept as the session's (after a save drawn in the same run)."""
        ctx = self.ctx
        plan = roadmap.build_plan(ctx.ws, ctx.lang)
        st.session_state[ctx.key("roadmap_base", ctx.lang)] = plan
        return plan
