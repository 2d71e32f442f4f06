"""Initiatives in the workspace: the only module of the roadmap area that runs SQL."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pandas as pd

from workbench.core.store import Workspace, quote_ident

__all__ = ["insert_initiative", "read_initiatives"]


def insert_initiative(ws: Workspace, columns: Sequence[str], values: Sequence[Any]) -> int:
    """Insert one initiative (``columns`` are checked by the caller against the table's fields); its id."""
    placeholders = ", ".join(["nextval('initiative_id_seq')"] + ["?"] * len(columns))
    names = ", ".join(["initiative_id", *(quote_ident(c) for c in columns)])
    with ws.transaction() as cur:
        new_id = cur.execute(
            f"INSERT INTO initiatives ({names}) VALUES ({placeholders}) RETURNING initiative_id", list(values)
        ).fetchone()[0]
    return int(new_id)


def read_initiatives(ws: Workspace) -> pd.DataFrame:
    """All initiatives, oldest first, with ``source_ref`` decoded to a dict."""
    df = ws.query("SELECT * FROM initiatives ORDER BY initiative_id")
    df["source_ref"] = df["source_ref"].map(lambda s: json.loads(s) if isinstance(s, str) else None)
    return df
