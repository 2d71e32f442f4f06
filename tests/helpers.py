"""Helpers shared by tests: hand-made rows into a workspace, and reading what an AppTest page shows."""

from __future__ import annotations

import re

import pandas as pd

from workbench.core.store import Workspace

__all__ = ["insert_rows", "visible_texts", "raw_keys_shown", "page_key"]

_RAW_KEY = re.compile(r"\b[a-z][a-z0-9_]*(\.[a-z0-9_]+){1,}\b")


def insert_rows(ws: Workspace, table: str, df: pd.DataFrame, import_id: int = 0) -> None:
    """Put hand-made rows straight into a canonical table (bypassing import), bumping the data version.

    Columns missing from ``df`` are left NULL; ``import_id`` defaults to 0.
    """
    frame = df.copy()
    if "import_id" not in frame.columns:
        frame["import_id"] = import_id
    cols = ", ".join(f'"{c}"' for c in frame.columns)
    with ws.transaction() as cur:
        cur.register("_rows", frame)
        cur.execute(f'INSERT INTO "{table}" ({cols}) SELECT {cols} FROM _rows')
        cur.unregister("_rows")
        ws.bump_data_version(cur)


def table_shown(element) -> pd.DataFrame:
    """What an ``st.table`` element shows: the Styler's formatted cells when it was given one, else its data."""
    from streamlit import dataframe_util

    display = element.proto.arrow_data.styler.display_values
    return dataframe_util.convert_arrow_bytes_to_pandas_df(display) if display else element.value


def visible_texts(at) -> list[str]:
    """Every text an AppTest run shows: element values and widget labels, main area and sidebar."""
    out: list[str] = []

    def walk(node) -> None:
        children = getattr(node, "children", None)
        for attr in ("label", "value", "body", "help", "placeholder"):
            try:
                value = getattr(node, attr, None)
            except Exception:  # some elements compute values lazily and may not have one
                value = None
            if isinstance(value, str) and value:
                out.append(value)
        for option in getattr(node, "options", None) or []:
            if isinstance(option, str):
                out.append(option)
        if children:
            for child in children.values():
                walk(child)

    walk(at._tree)
    return out


def raw_keys_shown(at) -> list[str]:
    """Texts that look like untranslated catalog keys (``area.thing.name``) and are catalog keys."""
    from workbench.i18n import catalog

    found = []
    for text in visible_texts(at):
        for match in _RAW_KEY.finditer(text):
            key = match.group(0)
            if key in catalog() or (key.count(".") >= 2 and key.split(".")[0] in _areas()):
                found.append(key)
    return found


def _areas() -> set[str]:
    from workbench.i18n import catalog

    return {key.split(".")[0] for key in catalog()}


def page_key(name: str, ws: str = "t") -> str:
    """A page's session-state / widget key ``name`` in workspace ``ws``, as ``PageContext.key`` scopes it (to
    the workspace's identity, read from the workspaces folder the test's app uses)."""
    from workbench.core.settings import workbench_home
    from workbench.core.store import WorkspaceManager

    mgr = WorkspaceManager(workbench_home())
    try:
        return f"{name}@{mgr.open(ws).identity()}"
    finally:
        mgr.close_all()


def page_links(at) -> list[tuple[str, str]]:
    """``(label, query string)`` of every ``st.page_link`` the page shows (AppTest has no typed accessor)."""
    return [(e.proto.label, e.proto.query_string) for e in at.get("page_link")]


def with_workspace(home, action, name: str = "t"):
    """``action(ws)`` through a separate manager on the same folder (another participant, or a check)."""
    from workbench.core.store import WorkspaceManager

    mgr = WorkspaceManager(home)
    try:
        return action(mgr.open(name))
    finally:
        mgr.close_all()


#: A small shop where most customers bought once and several lapsed; the data ends 2026-10-31 (the
#: Scenarios page's and its report section's tests work their figures out on it).
LAPSED_SHOP_ORDERS = pd.DataFrame({
    "customer_id": ["A", "A", "B", "C", "D", "F", "G", "H", "H", "I", "I", "J", "J"],
    "order_ts": pd.to_datetime(["2024-12-01", "2026-03-01", "2025-02-10", "2025-06-01", "2024-01-15", "2026-05-05",
                                "2026-10-31", "2025-09-01", "2026-01-10", "2025-12-01", "2026-02-01", "2025-10-20",
                                "2026-04-01"]),
    "amount": [30.0, 20, 15, 25, 40, 30, 40, 20, 25, 10, 15, 50, 30],
})
