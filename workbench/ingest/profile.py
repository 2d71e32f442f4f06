"""What is in the workspace: per-dataset profile, the import log and deleting a dataset.

Everything here is a small aggregate computed in DuckDB (the statements are in :mod:`workbench.ingest.store`)
and returned as a DataFrame or dict with fixed columns, so the Data page stays a thin drawing layer.
Quarantined rows are :mod:`workbench.ingest.quarantine`'s.
"""

from __future__ import annotations

import pandas as pd

from workbench.i18n import t
from workbench.ingest import store
from workbench.ingest.fields import KINDS, TABLES, check_kind, fields_for

__all__ = [
    "dataset_overview", "orders_profile", "orders_by_month", "missing_by_column", "import_log",
    "import_log_view", "import_row", "delete_dataset",
]


def dataset_overview(ws) -> pd.DataFrame:
    """One row per kind: ``kind, rows, imports`` (active imports whose rows are present)."""
    rows = [{"kind": kind, "rows": store.count_rows(ws, TABLES[kind]), "imports": store.active_imports(ws, kind)}
            for kind in KINDS]
    return pd.DataFrame(rows, columns=["kind", "rows", "imports"])


def orders_profile(ws) -> dict:
    """Headline numbers of the orders table: rows, customers, date range, revenue and refunds.

    Revenue is the sum of all amounts (refunds, stored negative, reduce it); ``refunds`` is the sum of the
    negative amounts, shown separately.
    """
    row = store.orders_profile(ws)
    return {
        "rows": int(row["rows"]), "customers": int(row["customers"]),
        "first": None if pd.isna(row["first"]) else pd.Timestamp(row["first"]),
        "last": None if pd.isna(row["last"]) else pd.Timestamp(row["last"]),
        "revenue": float(row["revenue"]), "refunds": float(row["refunds"]),
    }


def orders_by_month(ws) -> pd.DataFrame:
    """``month, orders, revenue`` per calendar month of ``order_ts`` (refund rows are not counted as orders)."""
    return store.orders_by_month(ws)


def missing_by_column(ws, kind: str) -> pd.DataFrame:
    """``column, missing, share`` for each canonical column of ``kind`` (empty cells of optional fields)."""
    check_kind(kind)
    names = [f.name for f in fields_for(kind)]
    total = store.count_rows(ws, TABLES[kind])
    frame = pd.DataFrame({"column": names, "missing": store.missing_counts(ws, TABLES[kind], names)})
    frame["share"] = frame["missing"] / total if total else 0.0
    return frame


def import_log(ws) -> pd.DataFrame:
    """The import history, newest first."""
    return store.import_log(ws)


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
    return store.import_row(ws, import_id)


def delete_dataset(ws, kind: str) -> int:
    """Remove every row of one kind; the import log keeps its history (marked ``deleted``). Returns rows removed."""
    check_kind(kind)
    return store.delete_rows(ws, kind, TABLES[kind])
