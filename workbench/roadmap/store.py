"""Initiatives, their dependencies, the plan's settings and the undo log in the workspace: the only module of
the roadmap area that runs SQL.

Writes take the cursor of a transaction the caller holds (``with ws.transaction() as cur``), so a change
and everything it implies (its dependencies, the other initiatives it touches, the undo entry, the plan's
version) commit together or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from workbench.core.store import Workspace, quote_ident

__all__ = ["COLUMNS", "read_initiatives", "read_row", "read_rows", "insert_row", "update_row",
           "delete_row", "find_by_source_key", "read_dependencies", "set_dependencies", "dependants",
           "existing_ids", "read_settings", "read_setting", "write_setting", "plan_version", "bump_version",
           "push_undo", "last_undo", "retarget_undo", "drop_undo", "undo_count"]

#: Stored columns of an initiative, in table order after the id (``depends_on`` lives in its own table).
COLUMNS: tuple[str, ...] = (
    "title", "description", "strategy", "source_kind", "source_ref", "target_segment", "owner", "budget",
    "headcount", "start_month", "duration_months", "kpi", "kpi_target", "effect_retention", "effect_frequency",
    "effect_aov", "effort", "confidence", "status", "created_at", "updated_at", "revision", "reach", "impact",
    "scores", "kpi_baseline", "segmentation", "segment", "source_key",
)
_JSON = ("source_ref", "scores")


def _decode(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else None


def _encode(name: str, value: Any) -> Any:
    return None if value is None else json.dumps(value, ensure_ascii=False) if name in _JSON else value


# -- initiatives ----------------------------------------------------------------------------------------------
def insert_row(cur, fields: Mapping[str, Any], initiative_id: int | None = None) -> int:
    """Insert an initiative (``fields`` are stored columns; JSON ones given as Python values); its id. An id
    is given when undo brings back a deleted initiative."""
    names = [c for c in fields if c in COLUMNS]
    placeholders = ["nextval('initiative_id_seq')" if initiative_id is None else "?"] + ["?"] * len(names)
    head = [] if initiative_id is None else [initiative_id]
    sql = (f"INSERT INTO initiatives (initiative_id, {', '.join(quote_ident(c) for c in names)}) "
           f"VALUES ({', '.join(placeholders)}) RETURNING initiative_id")
    return int(cur.execute(sql, head + [_encode(c, fields[c]) for c in names]).fetchone()[0])


def update_row(cur, initiative_id: int, fields: Mapping[str, Any], revision: int) -> None:
    """Write changed columns and the new revision of one initiative."""
    names = [c for c in fields if c in COLUMNS and c not in ("created_at", "updated_at", "revision")]
    sets = ", ".join([f"{quote_ident(c)} = ?" for c in names] + ["revision = ?", "updated_at = current_timestamp"])
    cur.execute(f"UPDATE initiatives SET {sets} WHERE initiative_id = ?",
                [_encode(c, fields[c]) for c in names] + [revision, initiative_id])


def delete_row(cur, initiative_id: int) -> None:
    """Delete an initiative and every dependency from or on it."""
    cur.execute("DELETE FROM initiative_dependencies WHERE initiative_id = ? OR depends_on = ?",
                [initiative_id, initiative_id])
    cur.execute("DELETE FROM initiatives WHERE initiative_id = ?", [initiative_id])


def _rows(cur, where: str = "", params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    result = cur.execute(f"SELECT initiative_id, * EXCLUDE (initiative_id) FROM initiatives {where} "
                         "ORDER BY initiative_id", list(params))
    names = [d[0] for d in result.description]
    rows = [dict(zip(names, r)) for r in result.fetchall()]
    deps = read_dependencies(cur, [r["initiative_id"] for r in rows]) if rows else {}
    for r in rows:
        for c in _JSON:
            r[c] = _decode(r[c])
        r["budget"] = None if r["budget"] is None else float(r["budget"])
        r["depends_on"] = deps.get(r["initiative_id"], [])
    return rows


def read_row(cur, initiative_id: int) -> dict[str, Any] | None:
    """One initiative as a dict (``source_ref`` and ``scores`` decoded, ``depends_on`` a sorted id list)."""
    rows = _rows(cur, "WHERE initiative_id = ?", [initiative_id])
    return rows[0] if rows else None


def read_rows(cur) -> list[dict[str, Any]]:
    """Every initiative as :func:`read_row` gives it, oldest first."""
    return _rows(cur)


def read_initiatives(ws: Workspace) -> pd.DataFrame:
    """All initiatives, oldest first: the table's columns with ``source_ref`` and ``scores`` decoded and
    ``depends_on`` (a list of ids) added."""
    with ws.cursor() as cur:
        rows = read_rows(cur)
    columns = ["initiative_id", *COLUMNS, "depends_on"]
    df = pd.DataFrame(rows, columns=columns)
    for c in ("budget", "headcount", "effect_retention", "effect_frequency", "effect_aov", "effort", "confidence",
              "reach", "impact"):
        df[c] = df[c].astype(float)
    for c in ("start_month", "duration_months", "revision"):
        df[c] = df[c].astype("Int64")
    df["initiative_id"] = df["initiative_id"].astype("int64")
    return df


def find_by_source_key(cur, key: str) -> tuple[int, str] | None:
    """(id, title) of the oldest initiative from this source, or None."""
    row = cur.execute("SELECT initiative_id, title FROM initiatives WHERE source_key = ? ORDER BY initiative_id "
                      "LIMIT 1", [key]).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def existing_ids(cur, ids: Sequence[int]) -> set[int]:
    """Which of ``ids`` are stored initiatives."""
    if not ids:
        return set()
    rows = cur.execute("SELECT initiative_id FROM initiatives WHERE initiative_id IN (SELECT UNNEST(?))",
                       [list(ids)]).fetchall()
    return {int(r[0]) for r in rows}


# -- dependencies ---------------------------------------------------------------------------------------------
def read_dependencies(cur, ids: Sequence[int]) -> dict[int, list[int]]:
    """{initiative id: sorted ids it depends on} for ``ids``."""
    out: dict[int, list[int]] = {}
    for a, b in cur.execute("SELECT initiative_id, depends_on FROM initiative_dependencies "
                            "WHERE initiative_id IN (SELECT UNNEST(?)) ORDER BY initiative_id, depends_on",
                            [list(ids)]).fetchall():
        out.setdefault(int(a), []).append(int(b))
    return out


def set_dependencies(cur, initiative_id: int, depends_on: Sequence[int]) -> None:
    """Replace what an initiative depends on."""
    cur.execute("DELETE FROM initiative_dependencies WHERE initiative_id = ?", [initiative_id])
    if depends_on:
        cur.executemany("INSERT INTO initiative_dependencies VALUES (?, ?)",
                        [[initiative_id, int(d)] for d in depends_on])


def dependants(cur, initiative_id: int) -> list[int]:
    """Ids of the initiatives that depend on this one."""
    rows = cur.execute("SELECT initiative_id FROM initiative_dependencies WHERE depends_on = ? "
                       "ORDER BY initiative_id", [initiative_id]).fetchall()
    return [int(r[0]) for r in rows]


# -- settings and version -------------------------------------------------------------------------------------
def read_settings(ws: Workspace) -> dict[str, tuple[Any, int]]:
    """{key: (value, revision)} of every stored roadmap setting."""
    with ws.cursor() as cur:
        rows = cur.execute("SELECT key, value, revision FROM roadmap_settings").fetchall()
    return {k: (json.loads(v), int(r)) for k, v, r in rows}


def read_setting(cur, key: str) -> tuple[Any, int] | None:
    row = cur.execute("SELECT value, revision FROM roadmap_settings WHERE key = ?", [key]).fetchone()
    return None if row is None else (json.loads(row[0]), int(row[1]))


def write_setting(cur, key: str, value: Any, revision: int) -> None:
    """Store a setting at ``revision`` (``value`` None deletes it: back to the default)."""
    if value is None:
        cur.execute("DELETE FROM roadmap_settings WHERE key = ?", [key])
        return
    cur.execute("INSERT OR REPLACE INTO roadmap_settings (key, value, revision, updated_at) "
                "VALUES (?, ?, ?, current_timestamp)", [key, json.dumps(value, ensure_ascii=False), revision])


def plan_version(ws: Workspace) -> int:
    """A counter that moves with every write to the plan (initiatives, dependencies, settings, undo)."""
    value = ws.scalar("SELECT value FROM roadmap_settings WHERE key = '_version'")
    return 0 if value is None else int(json.loads(value))


def bump_version(cur) -> None:
    current = read_setting(cur, "_version")
    write_setting(cur, "_version", (current[0] if current else 0) + 1, 1)


# -- undo -----------------------------------------------------------------------------------------------------
def push_undo(cur, actor: str, kind: str, ref: str, revision: int | None, before: Any, depth: int) -> None:
    """Log the state before a change (None: the thing did not exist), keeping the last ``depth`` per actor."""
    cur.execute("INSERT INTO roadmap_undo (seq, actor, kind, ref, revision, before) "
                "VALUES (nextval('roadmap_undo_seq'), ?, ?, ?, ?, ?)",
                [actor, kind, ref, revision, None if before is None else json.dumps(before, ensure_ascii=False,
                                                                                     default=str)])
    cur.execute("DELETE FROM roadmap_undo WHERE actor = ? AND seq NOT IN "
                "(SELECT seq FROM roadmap_undo WHERE actor = ? ORDER BY seq DESC LIMIT ?)", [actor, actor, depth])


def last_undo(cur, actor: str) -> dict[str, Any] | None:
    row = cur.execute("SELECT seq, kind, ref, revision, before FROM roadmap_undo WHERE actor = ? "
                      "ORDER BY seq DESC LIMIT 1", [actor]).fetchone()
    if row is None:
        return None
    return {"seq": int(row[0]), "kind": row[1], "ref": row[2], "revision": row[3], "before": _decode(row[4])}


def retarget_undo(cur, actor: str, kind: str, ref: str, old_revision: int, new_revision: int) -> None:
    """After an undo restored the state of ``old_revision`` as ``new_revision``, the actor's older entries for
    the same thing that expect ``old_revision`` expect the new one: undo goes on step by step."""
    cur.execute("UPDATE roadmap_undo SET revision = ? WHERE actor = ? AND kind = ? AND ref = ? AND revision = ?",
                [new_revision, actor, kind, ref, old_revision])


def drop_undo(cur, seq: int) -> None:
    cur.execute("DELETE FROM roadmap_undo WHERE seq = ?", [seq])


def undo_count(ws: Workspace, actor: str) -> int:
    return int(ws.scalar("SELECT count(*) FROM roadmap_undo WHERE actor = ?", [actor]))
