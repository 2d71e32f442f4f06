"""Every SQL statement of the ingest area: the passes of an import, the import log, saved mappings, the
profile figures, quarantine reads and deleting a dataset.

Nothing else in :mod:`workbench.ingest` executes SQL (``tests/test_import_hygiene.py`` checks): the other
modules build expressions (:mod:`.parse_sql` typed values, :mod:`.validation` the checks of a row,
:mod:`.dedupe` the keys) or decide (:mod:`.dates`, :mod:`.quarantine`), and the statements that run them are
here, one small function or method each, values bound as parameters, identifiers quoted. An import runs its
statements through one :class:`ImportRun` on the caller's transaction cursor; its temporary tables are
dropped at the end, and a rollback drops them too.

A DuckDB error while a file is scanned becomes a :class:`WorkbenchError` naming the file (never a
traceback), except the one a consistent copy of the file cures (mixed line endings), which is raised as
:class:`NeedsRepair` for the engine to retry with that copy.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import duckdb
import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.core.store import quote_ident
from workbench.ingest import parse_sql as ps

__all__ = [
    "ImportRun", "NeedsRepair", "CHECKED", "CANDIDATE_HASHES", "REPEATS", "REJECTS", "REJECTS_PASS2",
    "REJECTS_PASS0", "REJECTS_DATES", "active_import", "saved_mapping", "save_mapping", "count_rows",
    "active_imports", "orders_profile", "orders_by_month", "missing_counts", "import_log", "import_row",
    "quarantine_counts", "quarantine_rows", "delete_rows", "head",
]

# Temporary tables of one import (per cursor, dropped at the end; a rollback drops them too).
CHECKED = "_wb_chk"  # pass 1: one row per data row, its number, and the cells of bad or maybe-repeated rows
CANDIDATE_HASHES = "_wb_candh"  # pass 0: key hashes that repeat in the file or are stored already
REPEATS = "_wb_dups"  # the rows whose key truly repeats
_GAPS = "_wb_gaps"  # rows that are no record (rejected by the parser, blank), for line numbers
# Every scan that stores rejected rows needs its own pair of reject tables (errors, scans).
REJECTS = ("_wb_rej_errors", "_wb_rej_scans")
REJECTS_PASS2 = ("_wb_rej2_errors", "_wb_rej2_scans")
REJECTS_PASS0 = ("_wb_rej3_errors", "_wb_rej3_scans")
REJECTS_DATES = ("_wb_rej4_errors", "_wb_rej4_scans")
_TEMP_TABLES = (CHECKED, CANDIDATE_HASHES, REPEATS, _GAPS) + REJECTS + REJECTS_PASS2 + REJECTS_PASS0 + REJECTS_DATES

_ACTIVE_IMPORT_SQL = (
    "SELECT import_id, file_name, imported_at FROM imports "
    "WHERE kind = ? AND content_hash = ? AND status = 'active' ORDER BY import_id DESC LIMIT 1"
)
_QUARANTINE_INSERT = "INSERT INTO quarantine (import_id, row_number, reason, detail, raw) "


class NeedsRepair(Exception):
    """DuckDB could not read a file as it is, for a reason a corrected working copy removes (``kind``:
    ``"newlines"``, or ``"quotes"`` with the byte ``offsets`` of the records that opened a quote for good)."""

    def __init__(self, kind: str, detail: str, offsets: list[int] | None = None) -> None:
        super().__init__(kind, detail)
        self.kind, self.detail, self.offsets = kind, detail, offsets or []


@contextmanager
def _cursor(db) -> Iterator[Any]:
    """A cursor of ``db``: a workspace's fresh read cursor, or the caller's (transaction) cursor itself."""
    if hasattr(db, "transaction"):
        with db.cursor() as cur:
            yield cur
    else:
        yield db


def _frame(db, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
    with _cursor(db) as cur:
        return cur.execute(sql, list(params)).df()


def _one(db, sql: str, params: Sequence[Any] = ()) -> tuple | None:
    with _cursor(db) as cur:
        return cur.execute(sql, list(params)).fetchone()


# -- the import log, mappings, profile -------------------------------------------------------------------

def active_import(db, kind: str, content_hash: str) -> dict | None:
    """``import_id, file_name, imported_at`` of the active import of this kind and content, if any."""
    row = _one(db, _ACTIVE_IMPORT_SQL, [kind, content_hash])
    return None if row is None else dict(zip(("import_id", "file_name", "imported_at"), row))


def saved_mapping(ws, kind: str, signature: str) -> str | None:
    """The JSON of the mapping saved for files of ``kind`` whose headers have this signature."""
    row = _one(ws, "SELECT mapping FROM column_mappings WHERE kind = ? AND header_signature = ?", [kind, signature])
    return None if row is None else row[0]


def save_mapping(cur, kind: str, signature: str, mapping_json: str) -> None:
    """Remember a confirmed mapping, inside the caller's transaction."""
    cur.execute(
        "INSERT OR REPLACE INTO column_mappings (kind, header_signature, mapping, updated_at) "
        "VALUES (?, ?, ?, current_timestamp)",
        [kind, signature, mapping_json],
    )


def count_rows(ws, table: str) -> int:
    return int(_one(ws, f"SELECT count(*) FROM {quote_ident(table)}")[0])


def active_imports(ws, kind: str) -> int:
    """How many imports of ``kind`` still have their rows in the workspace."""
    return int(_one(ws, "SELECT count(*) FROM imports WHERE kind = ? AND status = 'active'", [kind])[0])


def orders_profile(ws) -> dict:
    """Rows, distinct customers, first and last order time, revenue and refunds of the orders table."""
    return _frame(
        ws,
        "SELECT count(*) AS rows, count(DISTINCT customer_id) AS customers, min(order_ts) AS first, "
        "max(order_ts) AS last, COALESCE(sum(amount), 0) AS revenue, "
        "COALESCE(sum(amount) FILTER (WHERE amount < 0), 0) AS refunds FROM orders",
    ).iloc[0].to_dict()


def orders_by_month(ws) -> pd.DataFrame:
    """``month, orders, revenue`` per calendar month (refund rows are not orders)."""
    return _frame(
        ws,
        "SELECT CAST(date_trunc('month', order_ts) AS DATE) AS month, "
        "count(*) FILTER (WHERE amount >= 0) AS orders, CAST(sum(amount) AS DOUBLE) AS revenue "
        "FROM orders GROUP BY 1 ORDER BY 1",
    )


def missing_counts(ws, table: str, columns: Sequence[str]) -> list[int]:
    """Empty cells per column of ``table``, in the order given."""
    if not columns:
        return []
    exprs = ", ".join(f"count(*) - count({quote_ident(c)})" for c in columns)
    return [int(v) for v in _one(ws, f"SELECT {exprs} FROM {quote_ident(table)}")]


def import_log(ws) -> pd.DataFrame:
    """The import history, newest first."""
    return _frame(
        ws,
        "SELECT import_id, kind, file_name, imported_at, mode, status, rows_read, rows_kept, rows_quarantined "
        "FROM imports ORDER BY import_id DESC",
    )


def import_row(ws, import_id: int) -> dict | None:
    frame = _frame(ws, "SELECT * FROM imports WHERE import_id = ?", [int(import_id)])
    return None if frame.empty else frame.iloc[0].to_dict()


def quarantine_counts(ws, import_id: int) -> pd.DataFrame:
    """``reason, rows`` of one import (reason as its catalog key), largest first."""
    return _frame(ws, "SELECT reason, count(*) AS rows FROM quarantine WHERE import_id = ? GROUP BY 1 "
                      "ORDER BY 2 DESC, 1", [int(import_id)])


def quarantine_rows(ws, import_id: int) -> pd.DataFrame:
    """``row_number, reason, detail, raw`` of one import's quarantined rows, in file order."""
    return _frame(ws, "SELECT row_number, reason, detail, raw FROM quarantine WHERE import_id = ? "
                      "ORDER BY row_number", [int(import_id)])


def delete_rows(ws, kind: str, table: str) -> int:
    """Remove every row of ``table``; its active imports are marked ``deleted``. Returns rows removed."""
    with ws.transaction() as cur:
        n = cur.execute(f"SELECT count(*) FROM {quote_ident(table)}").fetchone()[0]
        cur.execute(f"DELETE FROM {quote_ident(table)}")
        cur.execute("UPDATE imports SET status = 'deleted' WHERE kind = ? AND status = 'active'", [kind])
        ws.bump_data_version(cur)
    return int(n)


def head(select_sql: str, rows: int, file_name: str) -> pd.DataFrame:
    """The first ``rows`` rows of a ``SELECT`` over a file, read by a private in-memory DuckDB (previews)."""
    con = duckdb.connect()
    try:
        return con.execute(f"{select_sql} LIMIT {int(rows)}").df()
    except duckdb.Error as exc:
        raise WorkbenchError("ingest.error.unreadable", file=file_name, detail=_first_line(exc)) from exc
    finally:
        con.close()


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


# -- one import ------------------------------------------------------------------------------------------

class ImportRun:
    """The statements of one import, on the caller's transaction cursor (see :mod:`workbench.ingest.engine`).

    ``file_name`` names the file in the errors a scan may raise.
    """

    def __init__(self, cur, file_name: str) -> None:
        self.cur = cur
        self.file_name = file_name

    def _scan(self, sql: str, params: Sequence[Any] = ()):
        """Run a statement that reads the file: DuckDB's errors become a user's message."""
        try:
            return self.cur.execute(sql, list(params))
        except duckdb.Error as exc:
            message = _first_line(exc)
            if "state machine reached an invalid state" in str(exc):
                raise NeedsRepair("newlines", message) from exc
            raise WorkbenchError("ingest.error.unreadable", file=self.file_name, detail=message) from exc

    def keep_file_order(self) -> None:
        # Row numbers come from row_number() OVER () on the scan, which follows file order only while DuckDB
        # preserves insertion order (its default); make sure nobody turned that off.
        self.cur.execute("SET preserve_insertion_order = true")

    def active_import(self, kind: str, content_hash: str) -> dict | None:
        return active_import(self.cur, kind, content_hash)

    def remove_rows(self, kind: str, table: str, import_ids: Sequence[int] | None) -> None:
        """Take out the rows of the imports being replaced (``None``: every row of ``kind``), marking them
        ``replaced``; the transaction puts them back if anything later fails."""
        if import_ids is None:
            self.cur.execute(f"DELETE FROM {quote_ident(table)}")
            self.cur.execute("UPDATE imports SET status = 'replaced' WHERE kind = ? AND status = 'active'", [kind])
        elif import_ids:
            marks = ", ".join("?" * len(import_ids))
            self.cur.execute(f"DELETE FROM {quote_ident(table)} WHERE import_id IN ({marks})", list(import_ids))
            self.cur.execute(f"UPDATE imports SET status = 'replaced' WHERE import_id IN ({marks})", list(import_ids))

    def date_order_counts(self, scan: str, column: str) -> tuple[int, int, int, str | None]:
        """Day-first evidence, month-first evidence, undecidable forms and the first such form, over the
        values of ``column`` in ``scan`` that look like 05/01/2024."""
        v = f"trim({quote_ident(column)})"
        where = f"substr({v}, 2, 1) IN ('/', '.', '-') OR substr({v}, 3, 1) IN ('/', '.', '-')"
        try:
            return self._scan(
                f"SELECT {ps.date_order_evidence_sql(v)}, "
                f"min({v}) FILTER (WHERE regexp_matches({v}, '^\\d{{1,2}}[./-]\\d{{1,2}}[./-]\\d{{4}}')) "
                f"FROM ({scan}) WHERE {where}"
            ).fetchone()
        finally:
            self.drop(REJECTS_DATES)

    def unparsed_date_counts(self, prefix: str) -> tuple[int, int, int, str | None]:
        """The same counts over the dates pass 1 could not parse, whose detail starts with ``prefix``."""
        values = (f"SELECT trim(substr(_wb_bad[2], {len(prefix) + 1})) AS v FROM {CHECKED} "
                  f"WHERE _wb_bad[1] = 'unparseable_date' AND starts_with(_wb_bad[2], ?)")
        return self.cur.execute(
            f"SELECT {ps.date_order_evidence_sql('v')}, "
            f"min(v) FILTER (WHERE regexp_matches(v, '^\\d{{1,2}}[./-]\\d{{1,2}}[./-]\\d{{4}}')) FROM ({values})",
            [prefix],
        ).fetchone()

    def repeated_key_hashes(self, scan: str, present: str, key_hash: str, table: str, stored_hash: str) -> None:
        """Pass 0: into :data:`CANDIDATE_HASHES` the key hashes occurring twice in ``scan`` or already stored
        (``present``: the key is there; ``key_hash`` over the scan, ``stored_hash`` over ``table``)."""
        self.cur.execute(f"CREATE TEMP TABLE {CANDIDATE_HASHES} (h UBIGINT)")
        if not key_hash:
            return
        self._scan(
            f"INSERT INTO {CANDIDATE_HASHES} SELECT h FROM ("
            f"  SELECT {key_hash} AS h, count(*) AS n FROM ({scan}) WHERE {present} GROUP BY 1) "
            f"WHERE n > 1 OR h IN (SELECT {stored_hash} FROM {quote_ident(table)})"
        )

    def first_pass(self, checked: str, raw: str, repeat_info: str, normalised: str) -> None:
        """Pass 1 into :data:`CHECKED`, per row: its number; [reason, detail, original cells ``raw``] for a bad
        row; ``repeat_info`` ([exact key, key shown, cells]) for a good row whose key hash repeats; the bits
        ``normalised`` of the identifiers normalisation changed."""
        self._scan(
            f"CREATE TEMP TABLE {CHECKED} AS SELECT _wb_rn, "
            f"  CASE WHEN _wb_reason IS NOT NULL THEN [_wb_reason, _wb_detail, {raw}] END AS _wb_bad, "
            f"  {repeat_info} AS _wb_dup, {normalised} AS _wb_norm "
            f"FROM ({checked})"
        )

    def normalised_counts(self, n: int) -> list[int]:
        """Per identifier field (bit ``i`` of pass 1's ``_wb_norm``), how many rows normalisation changed."""
        if not n:
            return []
        sums = ", ".join(f"count(*) FILTER (WHERE (_wb_norm >> {i}) & 1 = 1)" for i in range(n))
        return [int(v) for v in self.cur.execute(
            f"SELECT {sums} FROM {CHECKED} WHERE _wb_norm IS NOT NULL").fetchone()]

    def drop(self, names: Sequence[str]) -> None:
        for name in names:
            self.cur.execute(f"DROP TABLE IF EXISTS {name}")

    def rejects(self, names: tuple[str, str]) -> list[tuple[int, int, str, str]]:
        """Rows the scan with reject tables ``names`` could not split into the header's columns, one per
        line: (line, line byte position, DuckDB's error type, the row's text), in line order."""
        exists = self.cur.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND temporary", [names[0]]
        ).fetchone()[0]
        if not exists:
            return []
        rows = self.cur.execute(
            f"SELECT line, min(line_byte_position), list(DISTINCT error_type ORDER BY error_type), "
            f"min(csv_line) FROM {names[0]} GROUP BY line ORDER BY line"
        ).fetchall()
        return [(int(line), int(pos or 0), list(kinds), str(text or "")) for line, pos, kinds, text in rows]

    def rows_checked(self) -> int:
        return int(self.cur.execute(f"SELECT count(*) FROM {CHECKED}").fetchone()[0])

    def find_repeats(self, table: str, stored_key: str, stored_hash: str) -> None:
        """Into :data:`REPEATS` the good rows repeating a key: later repeats within the file, and keys already
        stored in ``table`` (``stored_key`` the exact key over the table, ``stored_hash`` its id hash)."""
        self.cur.execute(f"CREATE TEMP TABLE {REPEATS} (_wb_rn BIGINT, _wb_detail VARCHAR, _wb_raw VARCHAR)")
        if not stored_key or not self.cur.execute(
                f"SELECT count(*) FROM {CHECKED} WHERE _wb_dup IS NOT NULL").fetchone()[0]:
            return
        self.cur.execute(
            f"""
            INSERT INTO {REPEATS}
            SELECT _wb_rn, _wb_dup[2], _wb_dup[3] FROM (
                SELECT _wb_rn, _wb_dup, row_number() OVER (PARTITION BY _wb_dup[1] ORDER BY _wb_rn) AS _wb_k
                FROM {CHECKED} WHERE _wb_dup IS NOT NULL
            ) WHERE _wb_k > 1 OR _wb_dup[1] IN (
                SELECT {stored_key} FROM {quote_ident(table)}
                WHERE {stored_hash} IN (SELECT h FROM {CANDIDATE_HASHES}))
            """
        )

    def next_import_id(self) -> int:
        return int(self.cur.execute("SELECT nextval('import_id_seq')").fetchone()[0])

    def insert_rows(self, table: str, columns: Sequence[str], values: str, rows: str, import_id: int) -> None:
        """``INSERT`` into ``table`` the ``values`` (one SQL expression per column) of the ``rows`` SELECT."""
        target = f"INSERT INTO {quote_ident(table)} ({', '.join(map(quote_ident, columns))}, import_id) "
        self._scan(f"{target} SELECT {values}, ? FROM ({rows})", [import_id])

    @staticmethod
    def kept_repeat_candidates(columns: Sequence[str]) -> str:
        """A ``SELECT`` of the original cells pass 1 kept for rows whose key hash repeats, minus the true
        repeats: these good rows are inserted from here, not from the file."""
        cells = json.dumps({c: "VARCHAR" for c in columns}, ensure_ascii=False).replace("'", "''")
        return (f"SELECT _wb_rn, unnest(from_json(_wb_dup[3], '{cells}')) FROM {CHECKED} "
                f"WHERE _wb_dup IS NOT NULL AND _wb_rn NOT IN (SELECT _wb_rn FROM {REPEATS})")

    def any_numbered(self) -> bool:
        """Whether any quarantined row needs its line number from pass 1's row numbers."""
        return bool(self.cur.execute(f"SELECT EXISTS (SELECT 1 FROM {CHECKED} WHERE _wb_bad IS NOT NULL) "
                                     f"OR EXISTS (SELECT 1 FROM {REPEATS})").fetchone()[0])

    def write_quarantine(self, import_id: int, header_line: int, gaps: Sequence[int], repeat_reason: str,
                         records: Sequence[Sequence[Any]]) -> None:
        """Quarantine the bad rows of pass 1 and the repeats with their line in the file, then ``records``
        (rows that are no record: ``[row_number, reason key, detail, raw]``).

        Pass 1 numbers the good records 1.. in file order; ``gaps`` holds, for each row that is no record,
        the count of records before it (see :func:`workbench.ingest.quarantine.gaps`), so a record numbered
        k follows every such row with a gap below k.
        """
        self.cur.execute(f"CREATE TEMP TABLE {_GAPS} (g BIGINT)")
        if gaps:
            self.cur.executemany(f"INSERT INTO {_GAPS} VALUES (?)", [[g] for g in gaps])
        line = f"? + _wb_rn + (SELECT count(*) FROM {_GAPS} WHERE g < _wb_rn)"
        self.cur.execute(
            f"{_QUARANTINE_INSERT} SELECT ?, {line}, 'ingest.reason.' || _wb_bad[1], _wb_bad[2], _wb_bad[3] "
            f"FROM {CHECKED} WHERE _wb_bad IS NOT NULL",
            [import_id, header_line],
        )
        self.cur.execute(
            f"{_QUARANTINE_INSERT} SELECT ?, {line}, 'ingest.reason.{repeat_reason}', _wb_detail, _wb_raw "
            f"FROM {REPEATS}",
            [import_id, header_line],
        )
        if records:
            self.cur.executemany(f"{_QUARANTINE_INSERT} VALUES (?, ?, ?, ?, ?)",
                                 [[import_id, *r] for r in records])

    def reason_counts(self) -> dict[str, int]:
        """Quarantined rows of pass 1 by reason code, and the true repeats under ``""``."""
        counts = dict(self.cur.execute(
            f"SELECT _wb_bad[1], count(*) FROM {CHECKED} WHERE _wb_bad IS NOT NULL GROUP BY 1").fetchall())
        counts[""] = int(self.cur.execute(f"SELECT count(*) FROM {REPEATS}").fetchone()[0])
        return counts

    def log_import(self, import_id: int, kind: str, file_name: str, content_hash: str, mode: str,
                   rows: tuple[int, int, int], mapping: dict, options: dict, source: dict) -> None:
        """The import-log row: rows read, kept and quarantined, the mapping, options and what was detected."""
        self.cur.execute(
            "INSERT INTO imports (import_id, kind, file_name, content_hash, mode, rows_read, rows_kept, "
            "rows_quarantined, status, mapping, options, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)",
            [import_id, kind, file_name, content_hash, mode, *rows, json.dumps(mapping, ensure_ascii=False),
             json.dumps(options, ensure_ascii=False), json.dumps(source, ensure_ascii=False)],
        )

    def drop_temp_tables(self) -> None:
        self.drop(_TEMP_TABLES)
