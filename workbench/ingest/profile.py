"""What is in the workspace: per-dataset profile, the import log, quarantined rows, deleting a dataset.

Everything here is a small aggregate computed in DuckDB and returned as a DataFrame with fixed columns, so
the Data page stays a thin drawing layer.
"""

from __future__ import annotations

import json

import pandas as pd

from workbench.core.store import quote_ident
from workbench.i18n import t
from workbench.ingest.fields import KINDS, TABLES, check_kind, fields_for

__all__ = [
    "dataset_overview", "orders_profile", "orders_by_month", "missing_by_column", "import_log",
    "import_log_view", "import_row",
    "quarantine_summary", "quarantine_rows", "delete_dataset",
]



def dataset_overview(ws) -> pd.DataFrame:
    """One row per kind: ``kind, rows, imports`` (active imports whose rows are present)."""
    rows = []
    for kind in KINDS:
        n = ws.row_count(TABLES[kind])
        imports = ws.scalar("SELECT count(*) FROM imports WHERE kind = ? AND status = 'active'", [kind])
        rows.append({"kind": kind, "rows": int(n), "imports": int(imports)})
    return pd.DataFrame(rows, columns=["kind", "rows", "imports"])


def orders_profile(ws) -> dict:
    """Headline numbers of the orders table: rows, customers, date range, revenue and refunds.

    Revenue is the sum of all amounts (refunds, stored negative, reduce it); ``refunds`` is the sum of the
    negative amounts, shown separately.
    """
    row = ws.query(
        "SELECT count(*) AS rows, count(DISTINCT customer_id) AS customers, min(order_ts) AS first, "
        "max(order_ts) AS last, COALESCE(sum(amount), 0) AS revenue, "
        "COALESCE(sum(amount) FILTER (WHERE amount < 0), 0) AS refunds FROM orders"
    ).iloc[0]
    return {
        "rows": int(row["rows"]), "customers": int(row["customers"]),
        "first": None if pd.isna(row["first"]) else pd.Timestamp(row["first"]),
        "last": None if pd.isna(row["last"]) else pd.Timestamp(row["last"]),
        "revenue": float(row["revenue"]), "refunds": float(row["refunds"]),
    }


def orders_by_month(ws) -> pd.DataFrame:
    """``month, orders, revenue`` per calendar month of ``order_ts`` (refund rows are not counted as orders)."""
    return ws.query(
        "SELECT CAST(date_trunc('month', order_ts) AS DATE) AS month, "
        "count(*) FILTER (WHERE amount >= 0) AS orders, CAST(sum(amount) AS DOUBLE) AS revenue "
        "FROM orders GROUP BY 1 ORDER BY 1"
    )


def missing_by_column(ws, kind: str) -> pd.DataFrame:
    """``column, missing, share`` for each canonical column of ``kind`` (empty cells of optional fields)."""
    check_kind(kind)
    names = [f.name for f in fields_for(kind)]
    exprs = ", ".join(f"count(*) - count({quote_ident(n)})" for n in names)
    table = quote_ident(TABLES[kind])
    total = ws.row_count(TABLES[kind])
    values = ws.query(f"SELECT {exprs} FROM {table}").iloc[0].tolist() if names else []
    frame = pd.DataFrame({"column": names, "missing": [int(v) for v in values]})
    frame["share"] = frame["missing"] / total if total else 0.0
    return frame


def import_log(ws) -> pd.DataFrame:
    """The import history, newest first."""
    return ws.query(
        "SELECT import_id, kind, file_name, imported_at, mode, status, rows_read, rows_kept, rows_quarantined "
        "FROM imports ORDER BY import_id DESC"
    )


def import_log_view(ws, lang: str) -> pd.DataFrame:
    """The import log ready to show: kinds, modes and statuses translated, headers in the user's language."""
    frame = import_log(ws)
    frame["kind"] = [t(f"ingest.kind.{k}", lang) for k in frame["kind"]]
    frame["mode"] = [t(f"data.mode.{m}", lang) for m in frame["mode"]]
    frame["status"] = [t(f"data.status.{s}", lang) for s in frame["status"]]
    frame["imported_at"] = frame["imported_at"].dt.strftime("%Y-%m-%d %H:%M")
    return frame.rename(columns={c: t(f"data.log.col.{c}", lang) for c in frame.columns})


def import_row(ws, import_id: int) -> dict | None:
    """One import-log row as a dict (None if unknown)."""
    frame = ws.query("SELECT * FROM imports WHERE import_id = ?", [int(import_id)])
    return None if frame.empty else frame.iloc[0].to_dict()


def quarantine_summary(ws, import_id: int, lang: str) -> pd.DataFrame:
    """``reason, rows`` for one import, the reason in the user's language, largest first."""
    frame = ws.query(
        "SELECT reason, count(*) AS rows FROM quarantine WHERE import_id = ? GROUP BY 1 ORDER BY 2 DESC, 1",
        [int(import_id)],
    )
    frame["reason"] = [t(key, lang) for key in frame["reason"]]
    return frame.rename(columns={"reason": t("data.col.reason", lang), "rows": t("data.col.rows", lang)})


# DuckDB's reject types, as its rejects table names them, and how a user reads them
_MALFORMED = {"TOO MANY COLUMNS": "too_many_columns", "MISSING COLUMNS": "missing_columns",
              "UNQUOTED VALUE": "unquoted_value", "LINE SIZE OVER MAXIMUM": "line_too_long",
              "INVALID ENCODING": "invalid_encoding", "INVALID UNICODE": "invalid_encoding", "CAST": "cast"}
_FIXED = ("row_number", "reason", "detail")


def quarantine_rows(ws, import_id: int, lang: str) -> pd.DataFrame:
    """Quarantined rows of one import, as the download shows them: row, reason and detail under headers in
    the user's language, then the original cells as read (a source column named like one of those three
    gets a suffix, so no header repeats)."""
    frame = ws.query("SELECT row_number, reason, detail, raw FROM quarantine WHERE import_id = ? ORDER BY row_number",
                     [int(import_id)])
    headers = {c: t(f"data.col.{c}", lang) for c in _FIXED}
    suffix = t("data.col.source_suffix", lang)
    raw = pd.DataFrame([json.loads(r) if r else {} for r in frame["raw"]], index=frame.index)
    raw = raw.rename(columns=lambda c: c + suffix if c in headers.values() else c)
    out = frame.drop(columns=["raw"])
    malformed = out["reason"] == "ingest.reason.malformed_row"
    out.loc[malformed, "detail"] = [t(f"ingest.malformed.{_MALFORMED[d]}", lang) if d in _MALFORMED else d
                                    for d in out.loc[malformed, "detail"]]
    out["reason"] = [t(key, lang) for key in out["reason"]]
    return pd.concat([out.rename(columns=headers), raw.astype(object)], axis=1)


def delete_dataset(ws, kind: str) -> int:
    """Remove every row of one kind; the import log keeps its history (marked ``deleted``). Returns rows removed."""
    check_kind(kind)
    table = quote_ident(TABLES[kind])
    with ws.transaction() as cur:
        n = cur.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        cur.execute(f"DELETE FROM {table}")
        cur.execute("UPDATE imports SET status = 'deleted' WHERE kind = ? AND status = 'active'", [kind])
        ws.bump_data_version(cur)
    return int(n)
