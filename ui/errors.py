"""The one way a page shows a :class:`~workbench.core.errors.WorkbenchError`: translated, its parameters
escaped (they often carry file or cell text), never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from workbench.core.errors import WorkbenchError

__all__ = ["show_error", "attempt"]


def show_error(err: WorkbenchError, lang: str, where: Any = None) -> None:
    """Show a user-facing error with its parameters escaped, in ``where`` (a container) or the page."""
    (where or st).error(err.display_text(lang))


def attempt(lang: str, action: Callable[..., Any], *args: Any, where: Any = None, **kwargs: Any) -> Any:
    """``action(*args, **kwargs)``, or None after showing the ``WorkbenchError`` it raised."""
    try:
        return action(*args, **kwargs)
    except WorkbenchError as err:
        show_error(err, lang, where)
        return None
