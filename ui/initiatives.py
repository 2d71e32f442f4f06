"""One initiative per insight, on every page that offers "turn into initiative" (Segments, Journey, Value
gap): when the insight already has one — made here, on another page, or by another participant — the page
offers to open it on the Roadmap page instead of making a second."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from workbench import roadmap

__all__ = ["ROADMAP_PAGE", "QUERY_KEY", "existing_initiative_link", "requested_initiative"]

ROADMAP_PAGE = "views/roadmap.py"
QUERY_KEY = "initiative"  # ?initiative=12 opens that initiative's detail on the Roadmap page


def existing_initiative_link(ws: Any, source_kind: str, source_ref: Mapping[str, Any], t: Callable[..., str],
                             where: Any = st) -> int | None:
    """A link to the initiative already made from this insight, shown in ``where``; its id, or None (and
    nothing shown) when there is none yet."""
    existing = roadmap.initiative_from(ws, source_kind, source_ref)
    if existing is not None:
        where.page_link(ROADMAP_PAGE, label=t("roadmap.open_existing", id=existing), icon=":material/open_in_new:",
                        help=t("roadmap.open_existing_help", id=existing), query_params={QUERY_KEY: str(existing)},
                        width="stretch")
    return existing


def requested_initiative() -> int | None:
    """The initiative a link asked the Roadmap page to open (``?initiative=``), read once: the parameter is
    removed so that closing the detail keeps it closed. Anything that is not a whole number is ignored."""
    asked = st.query_params.get(QUERY_KEY)
    if asked is None:
        return None
    st.query_params.pop(QUERY_KEY, None)
    return int(asked) if asked.strip().isdigit() else None
