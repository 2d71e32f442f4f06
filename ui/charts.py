"""The one way a page draws a chart: in the projector style (``workbench.core.chartstyle``), full width."""

from __future__ import annotations

from typing import Any

import streamlit as st

from workbench.core.chartstyle import readable

__all__ = ["chart"]


def chart(figure: Any, **kwargs: Any) -> None:
    """Draw an Altair chart (from a ``workbench`` chart builder) readable on a projector."""
    kwargs.setdefault("width", "stretch")
    st.altair_chart(readable(figure), **kwargs)
