"""The value-gap area's tables: the only module of the area that runs SQL.

Reads the imported survey (once per data version, shared through ``Workspace.memo``), the attribute rows of
``value_gap_attributes`` and the customers' CSAT/NPS for respondents linked by ``customer_id``. Every save is
one transaction over the rows that changed; each row names the revision it was based on, and a row whose
stored revision has moved on raises :class:`~workbench.value_gap.model.ValueGapConflict` and writes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from workbench.core.store import Workspace
from workbench.value_gap.model import ATTRIBUTE_COLUMNS, EDITABLE_COLUMNS, ValueGapConflict

__all__ = ["SURVEY_COLUMNS", "read_survey", "read_attributes", "save_rows", "delete_rows", "customer_scores"]

SURVEY_COLUMNS: tuple[str, ...] = (
    "respondent_id", "customer_id", "segment", "attribute", "layer", "importance", "expectation",
    "performance", "competitor", "kano_functional", "kano_dysfunctional",
)


def read_survey(ws: Workspace) -> pd.DataFrame:
    """The imported survey rows (:data:`SURVEY_COLUMNS`), read once per data version; callers must not
    change the frame they get (it is shared by every session)."""
    key = ("value_gap.survey", *ws.cache_key())
    return ws.memo(key, lambda: _plain(ws.query(
        f"SELECT {', '.join(SURVEY_COLUMNS)} FROM survey ORDER BY respondent_id, attribute")))


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """Text columns as Python objects: the analysis filters and groups them per segment on every edit, and
    that is several times faster than on Arrow-backed strings."""
    for col in ("respondent_id", "customer_id", "segment", "attribute", "layer"):
        df[col] = df[col].astype(object).where(df[col].notna(), None)
    return df


def read_attributes(ws: Workspace) -> pd.DataFrame:
    """The stored attribute rows (:data:`ATTRIBUTE_COLUMNS`), typed rows by position; ``competitors``
    decoded to a dict."""
    df = ws.query(f"SELECT {', '.join(ATTRIBUTE_COLUMNS)} FROM value_gap_attributes ORDER BY origin, position, "
                  "attribute")
    df["competitors"] = df["competitors"].map(lambda s: json.loads(s) if isinstance(s, str) else {})
    return df


def _values(row: Mapping[str, Any]) -> list[Any]:
    out = []
    for col in EDITABLE_COLUMNS:
        value = row.get(col)
        if col == "competitors":
            value = json.dumps(value or {}, ensure_ascii=False)
        elif col == "is_overall":
            value = bool(value)
        out.append(value)
    return out


def save_rows(ws: Workspace, rows: Sequence[Mapping[str, Any]], deletions: Iterable[tuple[str, int]] = ()) -> None:
    """Delete typed rows ``(attribute, revision)`` and insert or update attribute rows, in one transaction.

    Each row holds ``attribute``, ``origin``, ``revision`` (the revision it was based on; 0 for a row not
    stored yet), optionally ``position``, and the :data:`EDITABLE_COLUMNS`. A row stored meanwhile by someone
    else (another revision, or already there when this one is new) raises ``ValueGapConflict``.
    """
    sets = ", ".join(f"{c} = ?" for c in EDITABLE_COLUMNS)
    with ws.transaction() as cur:
        _delete(cur, deletions)
        for row in rows:
            name, expected = row["attribute"], int(row.get("revision") or 0)
            if expected == 0:
                if cur.execute("SELECT 1 FROM value_gap_attributes WHERE attribute = ?", [name]).fetchone():
                    raise ValueGapConflict(name)
                cur.execute(
                    f"INSERT INTO value_gap_attributes (attribute, origin, position, {', '.join(EDITABLE_COLUMNS)}) "
                    f"VALUES (?, ?, ?, {', '.join('?' * len(EDITABLE_COLUMNS))})",
                    [name, row["origin"], int(row.get("position") or 0), *_values(row)])
                continue
            done = cur.execute(
                f"UPDATE value_gap_attributes SET {sets}, revision = revision + 1, updated_at = current_timestamp "
                "WHERE attribute = ? AND revision = ? RETURNING revision",
                [*_values(row), name, expected]).fetchone()
            if done is None:
                raise ValueGapConflict(name)


def delete_rows(ws: Workspace, rows: Iterable[tuple[str, int]]) -> None:
    """Delete typed rows ``(attribute, revision)`` in one transaction; a row edited meanwhile is a conflict."""
    with ws.transaction() as cur:
        _delete(cur, rows)


def _delete(cur, rows: Iterable[tuple[str, int]]) -> None:
    for name, expected in rows:
        done = cur.execute(
            "DELETE FROM value_gap_attributes WHERE attribute = ? AND revision = ? AND origin = 'typed' "
            "RETURNING attribute", [name, int(expected)]).fetchone()
        if done is None:
            raise ValueGapConflict(name)


def customer_scores(ws: Workspace) -> pd.DataFrame:
    """``customer_id, csat, nps`` of the customers the survey links to (the latest import's values)."""
    return ws.query(
        "SELECT c.customer_id, any_value(c.csat) AS csat, any_value(c.nps) AS nps FROM customers c "
        "WHERE c.customer_id IN (SELECT customer_id FROM survey WHERE customer_id IS NOT NULL) "
        "GROUP BY c.customer_id")
