"""The one cache helper of the pages: a result of ``workbench`` keyed by what it was computed from.

``st.cache_data`` is shared by every session, so a key must name the workspace and the versions of what the
result depends on; :func:`cached` builds that key from the workspace's :meth:`cache_key` (file, identity,
data version, and the settings versions asked for) or a snapshot's ``key``, and the function's full name.
Results are pickled by Streamlit, so no session can change what another gets back. Large shared data (the
summary, the segment snapshot, the model fits) is cached by the workspace itself (``Workspace.memo``);
this helper is for the small results a page derives from it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

__all__ = ["cached"]


@st.cache_data(show_spinner=False, max_entries=256)
def _call(_fn: Callable[..., Any], name: str, key: tuple, _source: Any, args: tuple, kwargs: tuple) -> Any:
    return _fn(_source, *args, **dict(kwargs))


def cached(fn: Callable[..., Any], source: Any, *args: Any, versions: tuple[str, ...] = (), **kwargs: Any) -> Any:
    """``fn(source, *args, **kwargs)``, computed once per key.

    ``source`` is a workspace (the key is its ``cache_key(*versions)``: name the settings prefixes the result
    depends on) or a segment snapshot (its ``key``). ``args`` and ``kwargs`` must be small and hashable: a
    key holding per-customer data would be hashed again on every rerun.
    """
    name = f"{fn.__module__}.{fn.__qualname__}"
    if "<lambda>" in name or "<locals>" in name:
        raise ValueError(f"cached() needs a module-level function, not {name}")
    key = source.key if hasattr(source, "key") and not callable(source.key) else source.cache_key(*versions)
    return _call(fn, name, key, source, args, tuple(sorted(kwargs.items())))
