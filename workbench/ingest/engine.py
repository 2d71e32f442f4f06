"""The one import path: file → validated rows in the workspace, bad rows in quarantine, all or nothing.

The page, the command line and the demo builder all call :func:`import_path`. The heavy work is SQL run by
DuckDB over the whole file: every row is read as text, numbered in file order, parsed with the expressions
of :mod:`workbench.ingest.parse_sql` and given at most one quarantine reason; then the good rows, the
quarantined rows and the import-log row are written in one transaction. The file is scanned a few times
rather than held in memory, so memory stays bounded whatever its size (see ``bench/RESULTS.md``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.core.store import quote_ident
from workbench.ingest import parse_sql as ps
from workbench.ingest.fields import TABLES, Field, check_kind, fields_for
from workbench.ingest.mapping import save_mapping, suggest_mapping, validate_mapping
from workbench.ingest.readers import Source, blank_rows, file_format, open_source, preview, scan_sql

__all__ = [
    "DATE_ORDER_CHOICES", "set_negative_amounts",
    "ImportResult", "import_path", "file_hash", "find_duplicate", "MODES", "ON_DUPLICATE", "NEGATIVE_AMOUNTS",
    "REASONS", "default_options", "overall_progress",
]

MODES = ("append", "replace")
ON_DUPLICATE = ("ask", "replace", "skip")
NEGATIVE_AMOUNTS = ("refund", "quarantine")
# Every quarantine reason code; the stored reason is the catalog key "ingest.reason.<code>".
REASONS = (
    "malformed_row", "missing_customer_id", "missing_order_ts", "missing_amount", "missing_respondent_id",
    "missing_attribute", "unparseable_date", "future_date", "non_numeric_amount", "negative_amount",
    "non_numeric_value", "out_of_range", "duplicate_order_id", "duplicate_customer_id", "duplicate_response",
)
_NEGATIVE_SETTING = "ingest.negative_amounts"
_HASH_CHUNK = 8 << 20
_FUTURE_TOLERANCE = dt.timedelta(days=1)  # exports stamped in another time zone may run a few hours ahead
# Temporary tables of one import (per cursor, dropped at the end; a rollback drops them too).
_CHK = "_wb_chk"
_CANDH = "_wb_candh"
_DUPS = "_wb_dups"
_GAPS = "_wb_gaps"
# Every scan that stores rejected rows needs its own pair of reject tables.
_REJ = ("_wb_rej_errors", "_wb_rej_scans")
_REJ_PASS2 = ("_wb_rej2_errors", "_wb_rej2_scans")
_REJ_P0 = ("_wb_rej3_errors", "_wb_rej3_scans")
_REJ_DATE = ("_wb_rej4_errors", "_wb_rej4_scans")
_TEMP_TABLES = (_CHK, _CANDH, _DUPS, _GAPS) + _REJ + _REJ_PASS2 + _REJ_P0 + _REJ_DATE

Progress = Callable[[str, float], None]


@dataclass
class ImportResult:
    """What an import did. ``status`` is ``imported`` or ``skipped`` (same file already imported)."""

    import_id: int | None
    rows_read: int
    rows_kept: int
    rows_quarantined: int
    by_reason: dict[str, int]
    status: str
    kind: str = ""
    file_name: str = ""
    mode: str = "append"
    mapping: dict[str, str] = field(default_factory=dict)
    options: dict = field(default_factory=dict)
    source: dict = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


# Share of the whole import taken by each stage, for one progress bar: (start, span).
_STAGE_SPAN = {"hash": (0.0, 0.1), "read": (0.1, 0.05), "validate": (0.15, 0.45), "write": (0.6, 0.4),
               "done": (1.0, 0.0)}


def overall_progress(stage: str, fraction: float) -> float:
    """Map a stage and the fraction done within it to the fraction of the whole import (0..1)."""
    start, span = _STAGE_SPAN[stage]
    return min(1.0, start + span * max(0.0, min(1.0, fraction)))


#: Choices of the ``date_order`` option: decide from the data, day first, month first.
DATE_ORDER_CHOICES: tuple[str, ...] = ("auto",) + ps.DATE_ORDERS


def set_negative_amounts(ws, choice: str) -> None:
    """Remember how the next imports treat negative amounts (a visible workspace setting)."""
    if choice not in NEGATIVE_AMOUNTS:
        raise WorkbenchError("ingest.error.bad_option", option="negative_amounts", value=choice,
                             allowed=", ".join(NEGATIVE_AMOUNTS))
    ws.set_setting(_NEGATIVE_SETTING, choice)


def default_options(ws) -> dict:
    """Options an import starts from: the workspace's visible settings."""
    return {
        "negative_amounts": ws.get_setting(_NEGATIVE_SETTING, "refund"),
        "date_order": "auto",
    }


def file_hash(path: Path, progress: Progress | None = None) -> str:
    """SHA-256 of the file's bytes, read in chunks, so re-imports of the same export are recognised."""
    path = Path(path)
    size = max(1, path.stat().st_size)
    digest = hashlib.sha256()
    done = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(_HASH_CHUNK):
            digest.update(chunk)
            done += len(chunk)
            if progress:
                progress("hash", min(done / size, 1.0))
    return digest.hexdigest()


_ACTIVE_IMPORT_SQL = (
    "SELECT import_id, file_name, imported_at FROM imports "
    "WHERE kind = ? AND content_hash = ? AND status = 'active' ORDER BY import_id DESC LIMIT 1"
)


def find_duplicate(ws, kind: str, content_hash: str) -> dict | None:
    """The active import of the same kind and file content, if its rows are still in the workspace."""
    found = ws.query(_ACTIVE_IMPORT_SQL, [kind, content_hash])
    return None if found.empty else found.iloc[0].to_dict()


def _duplicate_file_error(file_name: str, prior: dict) -> WorkbenchError:
    return WorkbenchError("ingest.error.duplicate_file", file=file_name, import_id=int(prior["import_id"]),
                          earlier=str(prior["file_name"]), when=str(prior["imported_at"])[:16])


def _check_args(kind: str, mode: str, on_duplicate_file: str, options: dict) -> None:
    check_kind(kind)
    if mode not in MODES:
        raise WorkbenchError("ingest.error.bad_option", option="mode", value=mode, allowed=", ".join(MODES))
    if on_duplicate_file not in ON_DUPLICATE:
        raise WorkbenchError("ingest.error.bad_option", option="on_duplicate_file", value=on_duplicate_file,
                             allowed=", ".join(ON_DUPLICATE))
    if options["negative_amounts"] not in NEGATIVE_AMOUNTS:
        raise WorkbenchError("ingest.error.bad_option", option="negative_amounts",
                             value=options["negative_amounts"], allowed=", ".join(NEGATIVE_AMOUNTS))
    if options["date_order"] not in DATE_ORDER_CHOICES:
        raise WorkbenchError("ingest.error.bad_option", option="date_order", value=options["date_order"],
                             allowed=", ".join(DATE_ORDER_CHOICES))


def import_path(ws, path, kind: str, mode: str = "append", mapping: dict[str, str] | None = None,
                options: dict | None = None, on_duplicate_file: str = "ask",
                progress: Progress | None = None) -> ImportResult:
    """Import one file into the workspace's ``kind`` table; returns what was kept and quarantined.

    ``mapping`` (``{field: column}``) defaults to the saved or suggested one. ``options``: ``sheet``,
    ``encoding``, ``delimiter`` (override detection), ``date_order`` (``auto``/``dmy``/``mdy``),
    ``negative_amounts`` (``refund`` keeps them as returns, ``quarantine`` rejects them), ``file_name`` (the
    name to log when ``path`` is a temporary copy of an upload), ``now`` (a datetime; for tests).
    Re-importing a file whose rows are still present raises ``ingest.error.duplicate_file`` when
    ``on_duplicate_file="ask"``, replaces the earlier import's rows with ``"replace"`` and does nothing with
    ``"skip"``. The whole import is one transaction: on any error nothing changes.
    """
    started = dt.datetime.now()
    opts = {**default_options(ws), **{k: v for k, v in (options or {}).items() if v is not None}}
    _check_args(kind, mode, on_duplicate_file, opts)
    path = Path(path)
    file_name = str(opts.pop("file_name", None) or path.name)
    now = opts.pop("now", None) or dt.datetime.now()
    report = progress or (lambda stage, fraction: None)
    if not path.is_file():
        raise WorkbenchError("ingest.error.not_found", path=str(path))
    file_format(path)  # refuse a type we cannot read before hashing all of it

    content_hash = file_hash(path, report)
    replace_ids: list[int] = []
    prior = find_duplicate(ws, kind, content_hash) if mode == "append" else None
    if prior is not None:
        if on_duplicate_file == "ask":
            raise _duplicate_file_error(file_name, prior)
        if on_duplicate_file == "skip":
            return ImportResult(int(prior["import_id"]), 0, 0, 0, {}, "skipped", kind, file_name, mode)
        replace_ids = [int(prior["import_id"])]

    report("read", 0.0)
    sample = None
    if mapping is None or opts["date_order"] == "auto":
        _, sample = preview(path, opts)
    with open_source(path, opts) as src:
        if mapping is None:
            mapping = dict(suggest_mapping(kind, src.columns, sample, ws))
        mapping = validate_mapping(kind, src.columns, mapping)
        with ws.transaction() as cur:
            result = _import_in_transaction(ws, cur, src, kind, mode, mapping, opts, sample, now, replace_ids,
                                            file_name, content_hash, report)
    result.seconds = round((dt.datetime.now() - started).total_seconds(), 3)
    report("done", 1.0)
    return result


def _import_in_transaction(ws, cur, src: Source, kind, mode, mapping, opts, sample, now, replace_ids,
                           file_name, content_hash, report) -> ImportResult:
    """Validate, find duplicates, write good rows, quarantine and log, all with the caller's cursor.

    The file is scanned rather than held in memory. Pass 0 reads only the key columns and notes which key
    hashes repeat (or are already stored); pass 1 parses and checks every row, keeping only its number,
    the failing reason with the original cells for bad rows, and the exact key with the original cells for
    the few rows whose key hash repeats; pass 2 parses again and inserts the good rows (those whose key
    hash repeats are inserted from their kept cells, minus the real repeats).
    """
    table = TABLES[kind]
    # Row numbers come from row_number() OVER () on the scan, which follows file order only while DuckDB
    # preserves insertion order (its default); make sure nobody turned that off.
    cur.execute("SET preserve_insertion_order = true")
    if mode == "append":  # checked again under the write lock: another session may have just imported it
        raced = cur.execute(_ACTIVE_IMPORT_SQL, [kind, content_hash]).fetchone()
        if raced is not None and int(raced[0]) not in replace_ids:
            raise _duplicate_file_error(file_name, dict(zip(("import_id", "file_name", "imported_at"), raced)))
    fields = [f for f in fields_for(kind) if f.name in mapping]
    keys, dup_reason = _key_parts(kind, mapping), _UNIQUE[kind][1]
    orders = {f.name: _date_order(cur, src, f, mapping[f.name], opts, sample) for f in fields
              if f.type in ("timestamp", "date")}
    checks = _checks(fields, opts, now)
    # Rows of the file being replaced leave first, so duplicates are checked against what stays; the
    # transaction puts them back if anything below fails.
    if mode == "replace":
        cur.execute(f"DELETE FROM {quote_ident(table)}")
        cur.execute("UPDATE imports SET status = 'replaced' WHERE kind = ? AND status = 'active'", [kind])
    elif replace_ids:
        marks = ", ".join("?" * len(replace_ids))
        cur.execute(f"DELETE FROM {quote_ident(table)} WHERE import_id IN ({marks})", replace_ids)
        cur.execute(f"UPDATE imports SET status = 'replaced' WHERE import_id IN ({marks})", replace_ids)
    report("validate", 0.0)
    _repeated_key_hashes(cur, src, table, keys)
    report("validate", 0.3)
    _first_pass(cur, src, fields, mapping, orders, checks, keys)
    if later := _orders_from_unparsed_dates(cur, fields, mapping, orders, opts):
        orders = {**orders, **later}
        for name in (_CHK, *_REJ):
            cur.execute(f"DROP TABLE IF EXISTS {name}")
        _first_pass(cur, src, fields, mapping, orders, checks, keys)
    rejects = _rejects(cur, src)
    rows_read = cur.execute(f"SELECT count(*) FROM {_CHK}").fetchone()[0]
    if rows_read + len(rejects) == 0:
        raise WorkbenchError("ingest.error.no_rows", file=file_name)
    _find_duplicates(cur, table, keys)
    report("write", 0.0)

    import_id = cur.execute("SELECT nextval('import_id_seq')").fetchone()[0]
    cols = [f.name for f in fields]
    # Pass 2: parse and check again, and insert the good rows. Rows whose key hash repeats are left out
    # and inserted from the original cells pass 1 kept for them, minus the repeats: that way the big insert
    # needs no row numbers (whose window would make DuckDB insert on one thread) and no reject tables
    # unless pass 1 met malformed rows.
    candidate = _candidate_sql(keys)
    checked = _checked_sql(src, fields, mapping, orders, checks, _REJ_PASS2 if rejects else None, numbered=False)
    target = f"INSERT INTO {quote_ident(table)} ({', '.join(map(quote_ident, cols))}, import_id) "
    values = ", ".join(_final_sql(f) for f in fields)
    cur.execute(
        f"{target} SELECT {values}, ? FROM ({checked}) WHERE _wb_reason IS NULL AND NOT ({candidate})",
        [import_id],
    )
    if keys:
        cells = json.dumps({c: "VARCHAR" for c in src.columns}, ensure_ascii=False).replace("'", "''")
        kept = (f"SELECT _wb_rn, unnest(from_json(_wb_dup[3], '{cells}')) FROM {_CHK} "
                f"WHERE _wb_dup IS NOT NULL AND _wb_rn NOT IN (SELECT _wb_rn FROM {_DUPS})")
        cur.execute(f"{target} SELECT {values}, ? FROM ({_parsed_rows_sql(src, fields, mapping, orders, base=kept)})",
                    [import_id])
    report("write", 0.8)
    _write_quarantine(cur, src, import_id, rejects, dup_reason)
    counts = dict(cur.execute(
        f"SELECT _wb_bad[1], count(*) FROM {_CHK} WHERE _wb_bad IS NOT NULL GROUP BY 1"
    ).fetchall())
    n_dups = cur.execute(f"SELECT count(*) FROM {_DUPS}").fetchone()[0]
    if n_dups:
        counts[dup_reason] = n_dups
    if rejects:
        counts["malformed_row"] = len(rejects)
    counts = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    quarantined = sum(counts.values())
    rows_total = rows_read + len(rejects)
    kept = rows_total - quarantined
    stored_opts = {k: v for k, v in opts.items() if k in ("negative_amounts", "sheet", "encoding", "delimiter")}
    stored_opts["date_order"] = {k: v for k, v in orders.items() if v} or opts["date_order"]
    cur.execute(
        "INSERT INTO imports (import_id, kind, file_name, content_hash, mode, rows_read, rows_kept, "
        "rows_quarantined, status, mapping, options, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)",
        [import_id, kind, file_name, content_hash, mode, rows_total, kept, quarantined,
         json.dumps(mapping, ensure_ascii=False), json.dumps(stored_opts, ensure_ascii=False),
         json.dumps(src.describe(), ensure_ascii=False)],
    )
    save_mapping(cur, kind, src.columns, mapping)
    ws.bump_data_version(cur)
    for name in _TEMP_TABLES:
        cur.execute(f"DROP TABLE IF EXISTS {name}")
    return ImportResult(int(import_id), rows_total, kept, quarantined, counts, "imported", kind, file_name,
                        mode, mapping, stored_opts, src.describe())


def _rejects_for(src: Source, names: tuple[str, str]) -> tuple[str, str] | None:
    return None if src.format == "parquet" else names


def _numbered_scan(src: Source, rejects: tuple[str, str] | None, numbered: bool = True) -> str:
    """Every row of the file as text with ``_wb_rn`` = its position among the rows DuckDB could split.

    ``row_number() OVER ()`` runs as a streaming window over the scan, which keeps file order. Rows with
    every cell empty are dropped afterwards (spreadsheet exports end with them), keeping their numbers.
    Without ``numbered`` the rows come without a number.
    """
    not_blank = "COALESCE(" + ", ".join(quote_ident(c) for c in src.columns) + ") IS NOT NULL"
    scan = scan_sql(src, _rejects_for(src, rejects))
    if numbered:
        scan = f"SELECT row_number() OVER () AS _wb_rn, * FROM ({scan})"
    return f"SELECT * FROM ({scan}) WHERE {not_blank}"


def _raw_json(src: Source) -> str:
    """The original cells of a row as a JSON object keyed by the file's headers."""
    pairs = ", ".join(f"{quote_ident(c)} := {quote_ident(c)}" for c in src.columns)
    return f"CAST(to_json(struct_pack({pairs})) AS VARCHAR)"


def _t(name: str) -> str:
    return quote_ident("_wb_t_" + name)


def _p(name: str) -> str:
    return quote_ident("_wb_p_" + name)


def _parsed_rows_sql(src: Source, fields: list[Field], mapping, orders, rejects=None, numbered: bool = True,
                     base: str | None = None) -> str:
    """A ``SELECT`` of every row with its cells, trimmed texts ``_wb_t_*`` and parsed values ``_wb_p_*``.

    The rows come from the file, or from ``base`` (a ``SELECT`` giving the same cell columns).
    """
    trimmed = ", ".join(f"{ps.text_sql(quote_ident(mapping[f.name]))} AS {_t(f.name)}" for f in fields)
    parsed = "".join(f", {_parsed_sql(f, orders)} AS {_p(f.name)}" for f in fields if f.type not in ("id", "text"))
    rows = base or _numbered_scan(src, rejects, numbered)
    return f"SELECT *{parsed} FROM (SELECT *, {trimmed} FROM ({rows}))"


def _checked_sql(src: Source, fields: list[Field], mapping, orders, checks, rejects, numbered: bool = True) -> str:
    """:func:`_parsed_rows_sql` plus the first failing check as ``_wb_reason`` / ``_wb_detail`` (NULL when
    the row is good)."""
    reason = "CASE " + " ".join(f"WHEN {c} THEN '{r}'" for c, r, _ in checks) + " END" if checks else "NULL"
    detail = "CASE " + " ".join(f"WHEN {c} THEN {d}" for c, _, d in checks) + " END" if checks else "NULL"
    return (f"SELECT *, {reason} AS _wb_reason, {detail} AS _wb_detail "
            f"FROM ({_parsed_rows_sql(src, fields, mapping, orders, rejects, numbered)})")


def _key_json(parts: list[str]) -> str:
    """An exact, injective text form of a key (JSON of its parts), for comparing keys across tables."""
    return "CAST(to_json(struct_pack(" + ", ".join(f"k{i} := {p}" for i, p in enumerate(parts)) + ")) AS VARCHAR)"


def _stored_id_hash(keys: list[_KeyPart]) -> str:
    return "hash(" + ", ".join(k.stored for k in keys if k.shown) + ")"


def _repeated_key_hashes(cur, src: Source, table: str, keys: list[_KeyPart]) -> None:
    """Pass 0: into ``_wb_candh`` the key hashes that occur twice in the file or are already stored.

    Only the key columns are read (DuckDB skips materialising the others), so this costs a fraction of a
    full read; the set is a superset of the true repeats (invalid rows and hash collisions included) and is
    narrowed exactly in :func:`_find_duplicates`.
    """
    cur.execute(f"CREATE TEMP TABLE {_CANDH} (h UBIGINT)")
    if not keys:
        return
    ids = [k for k in keys if k.shown]  # the id columns only: cheaper, and still a superset
    present = " AND ".join(f"{k.scan} IS NOT NULL" for k in ids)
    key_hash = "hash(" + ", ".join(k.scan for k in ids) + ")"
    stored_hash = _stored_id_hash(keys)
    cur.execute(
        f"INSERT INTO {_CANDH} SELECT h FROM ("
        f"  SELECT {key_hash} AS h, count(*) AS n FROM ({scan_sql(src, _rejects_for(src, _REJ_P0))}) "
        f"  WHERE {present} GROUP BY 1) "
        f"WHERE n > 1 OR h IN (SELECT {stored_hash} FROM {quote_ident(table)})"
    )


def _candidate_sql(keys: list[_KeyPart]) -> str:
    """True for a row whose key is present and whose id hash is among the repeated ones (pass 0)."""
    if not keys:
        return "false"
    present = " AND ".join(f"{k.row} IS NOT NULL" for k in keys)
    return f"({present} AND hash({', '.join(k.row for k in keys if k.shown)}) IN (SELECT h FROM {_CANDH}))"


def _first_pass(cur, src: Source, fields, mapping, orders, checks, keys) -> None:
    """Pass 1, per row: its number; [reason, detail, original cells] for a bad row; [exact key, key shown,
    original cells] for a good row whose key hash repeats."""
    dup_info = "NULL"
    if keys:
        shown = " || ' / ' || ".join(k.row for k in keys if k.shown)
        maybe = f"_wb_reason IS NULL AND {_candidate_sql(keys)}"
        dup_info = f"CASE WHEN {maybe} THEN [{_key_json([k.row for k in keys])}, {shown}, {_raw_json(src)}] END"
    sql = (
        f"CREATE TEMP TABLE {_CHK} AS SELECT _wb_rn, "
        f"  CASE WHEN _wb_reason IS NOT NULL THEN [_wb_reason, _wb_detail, {_raw_json(src)}] END AS _wb_bad, "
        f"  {dup_info} AS _wb_dup "
        f"FROM ({_checked_sql(src, fields, mapping, orders, checks, _REJ)})"
    )
    try:
        cur.execute(sql)
    except Exception as exc:  # duckdb.Error: a file DuckDB cannot parse at all
        raise WorkbenchError("ingest.error.unreadable", file=src.original.name,
                             detail=str(exc).splitlines()[0]) from exc


def _rejects(cur, src: Source) -> list[tuple[int, str, str]]:
    """Rows DuckDB could not split into the header's columns: (line, message, original text)."""
    if src.format == "parquet":
        return []
    exists = cur.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND temporary", [_REJ[0]]
    ).fetchone()[0]
    if not exists:
        return []
    rows = cur.execute(f"SELECT DISTINCT line, error_type, csv_line FROM {_REJ[0]} ORDER BY line").fetchall()
    # DuckDB counts lines of the file it read; an Excel sheet's temporary CSV starts at the header row.
    offset = src.header_line - 1 - src.skip
    # DuckDB's text of the row carries the blank lines above it: they are not part of the row
    return [(int(line) + offset, str(kind), str(text).lstrip("\r\n")) for line, kind, text in rows]


def _date_order(cur, src: Source, fld: Field, column: str, opts: dict, sample) -> str | None:
    """Day-first or month-first for forms like 05/01/2024: the option, else decided from the data.

    Raises ``ingest.error.ambiguous_date_order`` when every such date fits both orders, so the user chooses.
    Only when the sample shows such a form is the whole column scanned, so ISO files pay nothing.
    """
    if opts["date_order"] in ps.DATE_ORDERS:
        return opts["date_order"]
    if sample is not None and column in sample:
        shape = sample[column].astype(str).str.match(r"^\s*\d{1,2}[./-]\d{1,2}[./-]\d{4}")
        if not shape.any():
            return None
    v = f"trim({quote_ident(column)})"
    scan = f"({scan_sql(src, _rejects_for(src, _REJ_DATE))})"
    where = f"substr({v}, 2, 1) IN ('/', '.', '-') OR substr({v}, 3, 1) IN ('/', '.', '-')"
    try:
        day_first, month_first, either, example = cur.execute(
            f"SELECT {ps.date_order_evidence_sql(v)}, "
            f"min({v}) FILTER (WHERE regexp_matches({v}, '^\\d{{1,2}}[./-]\\d{{1,2}}[./-]\\d{{4}}')) "
            f"FROM {scan} WHERE {where}"
        ).fetchone()
    except Exception as exc:
        raise WorkbenchError("ingest.error.unreadable", file=src.original.name,
                             detail=str(exc).splitlines()[0]) from exc
    finally:
        for name in _REJ_DATE:
            cur.execute(f"DROP TABLE IF EXISTS {name}")
    return _decided_order(fld, column, day_first, month_first, either, example)


def _decided_order(fld: Field, column: str, day_first: int, month_first: int, either: int, example) -> str | None:
    """The order the evidence counts point to; raises when forms like 05/01/2024 fit both."""
    if day_first or month_first:
        return "dmy" if day_first >= month_first else "mdy"
    if either:
        raise WorkbenchError("ingest.error.ambiguous_date_order", field=fld.name, column=column, example=example)
    return None


def _orders_from_unparsed_dates(cur, fields, mapping, orders: dict, opts: dict) -> dict:
    """Orders for date fields the sample gave no evidence for, from the dates pass 1 could not parse.

    :func:`_date_order` scans a column only when the file's first rows show a form like 05/01/2024; when
    such dates first appear further down, pass 1 quarantines them all as unparseable. Those quarantined
    values are then the whole evidence: the orders they decide are returned (pass 1 must run again with
    them), an empty dict when there is nothing to decide. Files whose first rows show the form pay nothing.
    """
    if opts["date_order"] in ps.DATE_ORDERS:
        return {}
    decided = {}
    for fld in fields:
        if fld.type not in ("timestamp", "date") or orders.get(fld.name):
            continue
        prefix = f"{fld.name}: "
        values = (f"SELECT trim(substr(_wb_bad[2], {len(prefix) + 1})) AS v FROM {_CHK} "
                  f"WHERE _wb_bad[1] = 'unparseable_date' AND starts_with(_wb_bad[2], ?)")
        day_first, month_first, either, example = cur.execute(
            f"SELECT {ps.date_order_evidence_sql('v')}, "
            f"min(v) FILTER (WHERE regexp_matches(v, '^\\d{{1,2}}[./-]\\d{{1,2}}[./-]\\d{{4}}')) FROM ({values})",
            [prefix],
        ).fetchone()
        order = _decided_order(fld, mapping[fld.name], day_first, month_first, either, example)
        if order:
            decided[fld.name] = order
    return decided


def _parsed_sql(fld: Field, orders: dict) -> str:
    v = _t(fld.name)
    if fld.type in ("timestamp", "date"):
        return ps.timestamp_sql(v, orders.get(fld.name))
    return ps.money_sql(v, percent=fld.type == "percent")


def _checks(fields: list[Field], opts: dict, now: dt.datetime) -> list[tuple[str, str, str]]:
    """(condition, reason code, detail SQL) in the order they are tried; the first that holds wins."""
    checks: list[tuple[str, str, str]] = []
    limit = now + _FUTURE_TOLERANCE
    for f in fields:
        raw, p = _t(f.name), _p(f.name)
        label = f"'{f.name}: ' || {raw}"
        if f.required:
            code = "missing_order_ts" if f.type == "timestamp" else f"missing_{f.name}"
            checks.append((f"{raw} IS NULL", code, f"'{f.name}'"))
        if f.type in ("timestamp", "date"):
            checks.append((f"{raw} IS NOT NULL AND {p} IS NULL", "unparseable_date", label))
            checks.append((f"{p} > TIMESTAMP '{limit:%Y-%m-%d %H:%M:%S}'", "future_date", label))
        elif f.type == "money":
            checks.append((f"{raw} IS NOT NULL AND ({p} IS NULL OR abs({p}) >= 1e15)", "non_numeric_amount", label))
            if f.name == "amount" and opts["negative_amounts"] == "quarantine":
                checks.append((f"{p} < 0", "negative_amount", label))
        elif f.type in ("number", "percent", "int"):
            checks.append((f"{raw} IS NOT NULL AND {p} IS NULL", "non_numeric_value", label))
            bounds = [f"{p} < {f.low}"] if f.low is not None else []
            bounds += [f"{p} > {f.high}"] if f.high is not None else []
            bounds += [f"{p} <> round({p})"] if f.type == "int" else []
            if bounds:
                checks.append((" OR ".join(bounds), "out_of_range", label))
    return checks


_UNIQUE = {"orders": (("order_id",), "duplicate_order_id"), "customers": (("customer_id",), "duplicate_customer_id"),
           "survey": (("respondent_id", "attribute"), "duplicate_response")}


@dataclass(frozen=True)
class _KeyPart:
    """One part of a table's key as SQL: over checked rows (``row``), over the stored table (``stored``) and
    over the bare file scan (``scan``); all three give equal values, so their hashes agree."""

    row: str
    stored: str
    scan: str
    shown: bool = True  # part of the detail shown to the user


def _key_parts(kind: str, mapping: dict) -> list[_KeyPart]:
    """The key that must not repeat, or [] when its fields are not mapped.

    An order and its refund may share an order id (many exports write the refund as a negative line under
    the original id), so the sign of the amount is part of the orders key.
    """
    names, _ = _UNIQUE[kind]
    if not all(n in mapping for n in names):
        return []
    parts = [_KeyPart(_t(n), f"CAST({quote_ident(n)} AS VARCHAR)", ps.text_sql(quote_ident(mapping[n])))
             for n in names]
    if kind == "orders":
        amount = ps.money_sql(ps.text_sql(quote_ident(mapping["amount"])))
        # Signs compared after rounding to cents, as the amount is stored.
        parts.append(_KeyPart(f"(round({_p('amount')}, 2) < 0)", '("amount" < 0)', f"(round({amount}, 2) < 0)",
                              shown=False))
    return parts


def _find_duplicates(cur, table: str, keys: list[_KeyPart]) -> None:
    """Collect into ``_wb_dups`` the good rows repeating the table's key: later repeats within the file, and
    keys already stored.

    Only rows otherwise valid count, so an invalid first occurrence does not shadow a valid second one.
    Keys are compared exactly (as JSON of their parts) among the few candidate rows of pass 1.
    """
    cur.execute(f"CREATE TEMP TABLE {_DUPS} (_wb_rn BIGINT, _wb_detail VARCHAR, _wb_raw VARCHAR)")
    if not keys or not cur.execute(f"SELECT count(*) FROM {_CHK} WHERE _wb_dup IS NOT NULL").fetchone()[0]:
        return
    stored_hash = _stored_id_hash(keys)
    cur.execute(
        f"""
        INSERT INTO {_DUPS}
        SELECT _wb_rn, _wb_dup[2], _wb_dup[3] FROM (
            SELECT _wb_rn, _wb_dup, row_number() OVER (PARTITION BY _wb_dup[1] ORDER BY _wb_rn) AS _wb_k
            FROM {_CHK} WHERE _wb_dup IS NOT NULL
        ) WHERE _wb_k > 1 OR _wb_dup[1] IN (
            SELECT {_key_json([k.stored for k in keys])} FROM {quote_ident(table)}
            WHERE {stored_hash} IN (SELECT h FROM {_CANDH}))
        """
    )


def _write_quarantine(cur, src: Source, import_id: int, rejects, dup_reason: str) -> None:
    """Quarantine rows with their line in the file, reason key, detail and original cells.

    Good records are numbered 1.. in file order, skipping rows DuckDB rejected and blank lines; the skipped
    rows that came before each one are added back: the j-th skipped row r_j has g_j = r_j - header - j good
    records before it, so a row numbered k follows every skipped row with g_j < k.
    """
    cur.execute(f"CREATE TEMP TABLE {_GAPS} (g BIGINT)")
    numbered = cur.execute(f"SELECT EXISTS (SELECT 1 FROM {_CHK} WHERE _wb_bad IS NOT NULL) "
                           f"OR EXISTS (SELECT 1 FROM {_DUPS})").fetchone()[0]
    # rows that are no good record: malformed ones (DuckDB's lines) and blank lines (looked for only when
    # some row needs its number)
    skipped = sorted([line for line, _, _ in rejects] + (blank_rows(src) if numbered else []))
    if skipped:
        cur.executemany(f"INSERT INTO {_GAPS} VALUES (?)",
                        [[line - src.header_line - j] for j, line in enumerate(skipped, start=1)])
    line = f"? + _wb_rn + (SELECT count(*) FROM {_GAPS} WHERE g < _wb_rn)"
    cur.execute(
        f"INSERT INTO quarantine (import_id, row_number, reason, detail, raw) "
        f"SELECT ?, {line}, 'ingest.reason.' || _wb_bad[1], _wb_bad[2], _wb_bad[3] FROM {_CHK} "
        f"WHERE _wb_bad IS NOT NULL",
        [import_id, src.header_line],
    )
    cur.execute(
        f"INSERT INTO quarantine (import_id, row_number, reason, detail, raw) "
        f"SELECT ?, {line}, 'ingest.reason.{dup_reason}', _wb_detail, _wb_raw FROM {_DUPS}",
        [import_id, src.header_line],
    )
    if rejects:
        cur.executemany(
            "INSERT INTO quarantine (import_id, row_number, reason, detail, raw) VALUES (?, ?, ?, ?, ?)",
            [[import_id, ln, "ingest.reason.malformed_row", message, json.dumps({"line": text}, ensure_ascii=False)]
             for ln, message, text in rejects],
        )


def _final_sql(fld: Field) -> str:
    """The stored value of a field, typed as the canonical table wants it."""
    if fld.type in ("id", "text"):
        return _t(fld.name)
    p = _p(fld.name)
    if fld.type == "date":
        return f"CAST({p} AS DATE)"
    if fld.type == "money":
        return f"CAST(round({p}, 2) AS DECIMAL(18, 2))"
    if fld.type == "int":
        return f"CAST({p} AS INTEGER)"
    return p
