"""Saved scenarios and baseline overrides in the workspace: the only module of the scenarios area that runs SQL.

Writes take the cursor of a transaction the caller holds (``with ws.transaction() as cur``), so a revision
check and the write it guards commit together or not at all.
"""

from __future__ import annotations

import json
from typing import Any

from workbench.core.store import Workspace

__all__ = ["read_scenarios", "read_scenario", "insert_scenario", "update_scenario", "delete_scenario",
           "scenario_names", "read_baseline", "baseline_revision", "write_baseline"]

_COLUMNS = "scenario_id, name, spec, revision, created_at, updated_at"


def _row(r: tuple) -> dict[str, Any]:
    return {"scenario_id": int(r[0]), "name": str(r[1]), "spec": json.loads(r[2]), "revision": int(r[3]),
            "created_at": r[4], "updated_at": r[5]}


def read_scenarios(ws: Workspace) -> list[dict[str, Any]]:
    """Every saved scenario (spec decoded), oldest first."""
    with ws.cursor() as cur:
        rows = cur.execute(f"SELECT {_COLUMNS} FROM scenarios ORDER BY scenario_id").fetchall()
    return [_row(r) for r in rows]


def read_scenario(cur, scenario_id: int) -> dict[str, Any] | None:
    r = cur.execute(f"SELECT {_COLUMNS} FROM scenarios WHERE scenario_id = ?", [int(scenario_id)]).fetchone()
    return None if r is None else _row(r)


def scenario_names(cur) -> dict[int, str]:
    """{id: name} of every saved scenario (the writer checks a new name against them)."""
    return {int(i): str(n) for i, n in cur.execute("SELECT scenario_id, name FROM scenarios").fetchall()}


def insert_scenario(cur, name: str, spec: dict[str, Any]) -> int:
    row = cur.execute("INSERT INTO scenarios (scenario_id, name, spec, revision) "
                      "VALUES (nextval('scenario_id_seq'), ?, ?, 1) RETURNING scenario_id",
                      [name, json.dumps(spec, ensure_ascii=False)]).fetchone()
    return int(row[0])


def update_scenario(cur, scenario_id: int, name: str, spec: dict[str, Any], revision: int) -> None:
    cur.execute("UPDATE scenarios SET name = ?, spec = ?, revision = ?, updated_at = current_timestamp "
                "WHERE scenario_id = ?", [name, json.dumps(spec, ensure_ascii=False), int(revision), int(scenario_id)])


def delete_scenario(cur, scenario_id: int) -> None:
    cur.execute("DELETE FROM scenarios WHERE scenario_id = ?", [int(scenario_id)])


def read_baseline(ws: Workspace, segmentation: str) -> tuple[Any, int] | None:
    """(overrides, revision) stored for a segmentation, or None."""
    with ws.cursor() as cur:
        r = cur.execute("SELECT overrides, revision FROM scenario_baselines WHERE segmentation = ?",
                        [segmentation]).fetchone()
    return None if r is None else (json.loads(r[0]), int(r[1]))


def baseline_revision(cur, segmentation: str) -> int:
    r = cur.execute("SELECT revision FROM scenario_baselines WHERE segmentation = ?", [segmentation]).fetchone()
    return 0 if r is None else int(r[0])


def write_baseline(cur, segmentation: str, overrides: Any, revision: int) -> None:
    cur.execute("INSERT OR REPLACE INTO scenario_baselines (segmentation, overrides, revision, updated_at) "
                "VALUES (?, ?, ?, current_timestamp)",
                [segmentation, json.dumps(overrides, ensure_ascii=False), int(revision)])
