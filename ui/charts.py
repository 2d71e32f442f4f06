"""The one way a page draws a chart: in the projector style (``workbench.core.chartstyle``), full width, at
the height it was built with."""

from __future__ import annotations

from typing import Any

import streamlit as st

from workbench.core.chartstyle import readable

__all__ = ["chart"]


def chart(figure: Any, **kwargs: Any) -> Any:
    """Draw an Altair chart (from a ``workbench`` chart builder) readable on a projector; returns what
    ``st.altair_chart`` returns (a selection event when ``on_select`` is given). A chart built with a fixed
    height keeps it (Streamlit's "content" height does not follow a layered chart's own)."""
    kwargs.setdefault("width", "stretch")
    height = getattr(figure, "height", None)
    if isinstance(height, int) and "height" not in kwargs:
        kwargs["height"] = height
    return st.altair_chart(readable(figure), **kwargs)
