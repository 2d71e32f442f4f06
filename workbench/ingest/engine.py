"""The one import path: file → validated rows in the workspace, bad rows in quarantine, all or nothing.

The page, the command line and the demo builder all call :func:`import_path`. The heavy work is SQL run by
DuckDB over the whole file: every row is read as text, numbered in file order, parsed with the expressions
of :mod:`workbench.ingest.parse_sql`, given at most one quarantine reason by :mod:`.validation`, checked for
repeated keys by :mod:`.dedupe`; then the good rows, the quarantined rows and the import-log row are written
in one transaction, every statement through :class:`workbench.ingest.store.ImportRun`. The file is scanned a
few times rather than held in memory, so memory stays bounded whatever its size (see ``bench/RESULTS.md``).

DuckDB reads a working copy when the file needs one (:mod:`.readers`): transcoded to UTF-8, or with the
lines it cannot be trusted with replaced by marker rows. Two problems show only once DuckDB reads the file —
line endings that change within it, and a quote opened and never closed, which swallows the rest of the
file into one rejected row — so the transaction is rolled back, a corrected working copy made, and the
import run again (once per such quote; the hash pass already found the over-long lines).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.ingest import dates, dedupe, quarantine, readers, store, textfiles, validation
from workbench.ingest.dates import DATE_ORDER_CHOICES
from workbench.ingest.fields import TABLES, check_kind, fields_for
from workbench.ingest.mapping import save_mapping, suggest_mapping, validate_mapping
from workbench.ingest.quarantine import REASONS
from workbench.ingest.readers import Source, blank_rows, file_format, open_source, preview

__all__ = [
    "DATE_ORDER_CHOICES", "set_negative_amounts",
    "ImportResult", "import_path", "file_hash", "find_duplicate", "MODES", "ON_DUPLICATE", "NEGATIVE_AMOUNTS",
    "REASONS", "default_options", "overall_progress",
]

MODES = ("append", "replace")
ON_DUPLICATE = ("ask", "replace", "skip")
NEGATIVE_AMOUNTS = ("refund", "quarantine")
_NEGATIVE_SETTING = "ingest.negative_amounts"
_HASH_CHUNK = textfiles.CHUNK_BYTES
_MAX_REPAIRS = 20  # working copies one import may make (one per unterminated quote met)

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
    normalised: dict[str, int] = field(default_factory=dict)  # identifiers normalisation changed, per field
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


def file_hash(path: Path, progress: Progress | None = None, observe: Callable[[bytes], None] | None = None) -> str:
    """SHA-256 of the file's bytes, read in chunks, so re-imports of the same export are recognised.

    ``observe`` sees every chunk too (the long-line screen rides on this one read of the file).
    """
    path = Path(path)
    size = max(1, path.stat().st_size)
    digest = hashlib.sha256()
    done = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(_HASH_CHUNK):
            digest.update(chunk)
            if observe:
                observe(chunk)
            done += len(chunk)
            if progress:
                progress("hash", min(done / size, 1.0))
    return digest.hexdigest()


def find_duplicate(ws, kind: str, content_hash: str) -> dict | None:
    """The active import of the same kind and file content, if its rows are still in the workspace."""
    return store.active_import(ws, kind, content_hash)


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
    fmt = file_format(path)  # refuse a type we cannot read before hashing all of it
    # plain text files are screened for over-long lines while they are hashed; gzipped ones when opened
    screen = textfiles.LineScreen() if fmt == "csv" and not path.name.lower().endswith(".gz") else None
    content_hash = file_hash(path, report, screen.feed if screen else None)
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
    with open_source(path, opts, screen.finish() if screen else None) as src:
        if mapping is None:
            mapping = dict(suggest_mapping(kind, src.columns, sample, ws))
        mapping = validate_mapping(kind, src.columns, mapping)
        plan = _Plan(kind, mode, mapping, opts, sample, now, replace_ids, file_name, content_hash)
        for attempt in range(_MAX_REPAIRS + 1):
            try:
                with ws.transaction() as cur:
                    result = _import_in_transaction(ws, store.ImportRun(cur, file_name), src, plan, report)
                break
            except store.NeedsRepair as need:  # rolled back; a working copy cures it, then again
                if attempt == _MAX_REPAIRS:
                    raise WorkbenchError(f"ingest.error.unrepaired_{need.kind}", file=file_name,
                                         n=_MAX_REPAIRS) from need
                readers.repair(src, need.kind, need.offsets)
    result.seconds = round((dt.datetime.now() - started).total_seconds(), 3)
    report("done", 1.0)
    return result


@dataclass(frozen=True)
class _Plan:
    """What one import was asked to do, decided before its transaction starts."""

    kind: str
    mode: str
    mapping: dict
    opts: dict
    sample: object
    now: dt.datetime
    replace_ids: list[int]
    file_name: str
    content_hash: str


def _import_in_transaction(ws, run: store.ImportRun, src: Source, plan: _Plan, report: Progress) -> ImportResult:
    """Validate, find duplicates, write good rows, quarantine and log, all in the caller's transaction.

    The file is scanned rather than held in memory. Pass 0 reads only the key columns and notes which key
    hashes repeat (or are already stored); pass 1 parses and checks every row, keeping only its number,
    the failing reason with the original cells for bad rows, and the exact key with the original cells for
    the few rows whose key hash repeats; pass 2 parses again and inserts the good rows (those whose key
    hash repeats are inserted from their kept cells, minus the real repeats).
    """
    kind, mapping, opts = plan.kind, plan.mapping, plan.opts
    table = TABLES[kind]
    run.keep_file_order()
    if plan.mode == "append":  # checked again under the write lock: another session may have just imported it
        raced = run.active_import(kind, plan.content_hash)
        if raced is not None and int(raced["import_id"]) not in plan.replace_ids:
            raise _duplicate_file_error(plan.file_name, raced)
    fields = [f for f in fields_for(kind) if f.name in mapping]
    keys, repeat_reason = dedupe.key_parts(kind, mapping), dedupe.UNIQUE[kind][1]
    orders = {f.name: dates.order_for(run, src, f, mapping[f.name], opts, plan.sample) for f in fields
              if f.type in dates.DATE_FIELD_TYPES}
    floor = dates.date_floor()
    checks = validation.checks(fields, opts, plan.now, floor)
    # Rows of the file being replaced leave first, so duplicates are checked against what stays.
    run.remove_rows(kind, table, None if plan.mode == "replace" else plan.replace_ids)
    report("validate", 0.0)
    scan0 = validation.file_scan(src, store.REJECTS_PASS0) if keys else ""
    run.repeated_key_hashes(scan0, dedupe.scan_present(keys), dedupe.scan_hash(keys), table,
                            dedupe.stored_id_hash(keys) if keys else "")
    report("validate", 0.3)
    raw = validation.raw_json(src)

    def first_pass(orders_now: dict) -> None:
        checked = validation.checked_sql(src, fields, mapping, orders_now, checks, store.REJECTS)
        run.first_pass(checked, raw, dedupe.repeat_info_sql(keys, raw), validation.normalised_sql(fields, mapping))

    first_pass(orders)
    if later := dates.orders_from_unparsed(run, fields, mapping, orders, opts):
        orders = {**orders, **later}
        run.drop((store.CHECKED, *store.REJECTS))
        first_pass(orders)
    found = run.rejects(store.REJECTS)
    if offsets := quarantine.unterminated_quotes(found):
        raise store.NeedsRepair("quotes", "unterminated quote", offsets)
    rejects = quarantine.rejects(found, src)
    rows_read = run.rows_checked()
    if rows_read + len(rejects) == 0:
        raise WorkbenchError("ingest.error.no_rows", file=plan.file_name)
    run.find_repeats(table, dedupe.key_json([k.stored for k in keys]) if keys else "",
                     dedupe.stored_id_hash(keys) if keys else "")
    report("write", 0.0)

    import_id = run.next_import_id()
    cols = [f.name for f in fields]
    values = ", ".join(validation.stored_sql(f) for f in fields)
    # Pass 2: parse and check again, and insert the good rows. Rows whose key hash repeats are left out
    # and inserted from the original cells pass 1 kept for them, minus the repeats: that way the big insert
    # needs no row numbers (whose window would make DuckDB insert on one thread) and no reject tables
    # unless pass 1 met malformed rows.
    good = validation.good_rows_sql(src, fields, mapping, orders, checks, store.REJECTS_PASS2 if rejects else None,
                                    also=f"NOT ({dedupe.candidate_sql(keys)})")
    run.insert_rows(table, cols, values, good, import_id)
    if keys:
        kept = validation.parsed_rows_sql(src, fields, mapping, orders,
                                          base=run.kept_repeat_candidates(src.columns))
        run.insert_rows(table, cols, values, kept, import_id)
    report("write", 0.8)
    # rows that are no good record: malformed ones (DuckDB's lines) and blank lines (looked for only when
    # some row needs its number)
    skipped = [r.line for r in rejects] + (blank_rows(src) if run.any_numbered() else [])
    run.write_quarantine(import_id, src.header_line, quarantine.gaps(skipped, src.header_line), repeat_reason,
                         quarantine.reject_records(rejects))
    counts = run.reason_counts()
    n_repeats = counts.pop("")
    if n_repeats:
        counts[repeat_reason] = n_repeats
    for r in rejects:
        counts[r.reason] = counts.get(r.reason, 0) + 1
    counts = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    quarantined = sum(counts.values())
    rows_total = rows_read + len(rejects)
    kept_rows = rows_total - quarantined
    stored_opts = {k: v for k, v in opts.items() if k in ("negative_amounts", "sheet", "encoding", "delimiter")}
    stored_opts["date_order"] = {k: v for k, v in orders.items() if v} or opts["date_order"]
    stored_opts["date_floor"] = floor.isoformat()
    ids = validation.normalised_fields(fields)
    normalised = {f.name: n for f, n in zip(ids, run.normalised_counts(len(ids))) if n}
    source = {**src.describe(), "other_encoding_rows": counts.get("wrong_encoding", 0), "normalised": normalised}
    run.log_import(import_id, kind, plan.file_name, plan.content_hash, plan.mode, (rows_total, kept_rows, quarantined),
                   mapping, stored_opts, source)
    save_mapping(run.cur, kind, src.columns, mapping)
    ws.bump_data_version(run.cur)
    run.drop_temp_tables()
    return ImportResult(import_id, rows_total, kept_rows, quarantined, counts, "imported", kind, plan.file_name,
                        plan.mode, mapping, stored_opts, source, normalised)
