"""Quarantine: the reasons a row is kept out, its line in the file, and the rows as the user downloads them.

Every quarantined row is one row of the source file, stored with its row number as Excel shows it (header
row counted, blank lines counted), the reason's catalog key, a detail and the original cells as JSON. Rows
the CSV parser could not split (DuckDB's rejects) carry no pass-1 number; :func:`gaps` turns their lines and
the blank lines into the offsets that put every other row back on its true line.
"""

from __future__ import annotations

import json
from typing import NamedTuple

import pandas as pd

from workbench.i18n import t
from workbench.ingest import store, textfiles
from workbench.ingest.readers import Source

__all__ = ["REASONS", "MALFORMED", "Reject", "rejects", "unterminated_quotes", "gaps", "reject_records",
           "quarantine_summary", "quarantine_rows"]

# Every quarantine reason code; the stored reason is the catalog key "ingest.reason.<code>".
REASONS = (
    "malformed_row", "wrong_encoding", "line_too_long", "unterminated_quote", "missing_customer_id",
    "missing_order_ts", "missing_amount", "missing_respondent_id", "missing_attribute", "unparseable_date",
    "date_before_floor", "future_date", "non_numeric_amount", "amount_out_of_range", "negative_amount",
    "non_numeric_value", "out_of_range", "duplicate_order_id", "duplicate_customer_id", "duplicate_response",
)
_ENCODING_ERRORS = ("INVALID ENCODING", "INVALID UNICODE")
# DuckDB's reject types, as its rejects table names them, and how a user reads them
MALFORMED = {"TOO MANY COLUMNS": "too_many_columns", "MISSING COLUMNS": "missing_columns",
             "UNQUOTED VALUE": "unquoted_value", "LINE SIZE OVER MAXIMUM": "line_too_long",
             "INVALID ENCODING": "invalid_encoding", "INVALID UNICODE": "invalid_encoding", "CAST": "cast"}
# When DuckDB reports several errors on one line, the one that explains the others is shown.
_FIRST = ("INVALID ENCODING", "INVALID UNICODE", "UNQUOTED VALUE", "LINE SIZE OVER MAXIMUM", "TOO MANY COLUMNS",
          "MISSING COLUMNS", "CAST")
_FIXED = ("row_number", "reason", "detail")


def _main_error(kinds: list[str]) -> str:
    return min(kinds, key=lambda k: _FIRST.index(k) if k in _FIRST else len(_FIRST))


class Reject(NamedTuple):
    """A row of the file that is no record: its row number, reason code, detail and original content (JSON)."""

    line: int
    reason: str
    detail: str | None
    raw: str


def _row_text(text: str) -> str:
    # DuckDB's text of the row carries the blank lines above it: they are not part of the row
    return text.lstrip("\r\n")


def _line_start(position: int, text: str) -> int:
    """The byte offset of a rejected row's first line: DuckDB's (1-based) position is where its text starts,
    line breaks above the row included."""
    return max(0, position - 1) + len(text) - len(_row_text(text))


def unterminated_quotes(found: list[tuple[int, int, list[str], str]]) -> list[int]:
    """Byte offsets of rejected records that run over several lines: a quote opened and never closed (a
    record DuckDB could split is never rejected for spanning lines), which swallowed the lines below it."""
    return [_line_start(position, text) for _, position, _, text in found if "\n" in _row_text(text).rstrip("\r\n")]


def rejects(found: list[tuple[int, int, list[str], str]], src: Source) -> list[Reject]:
    """DuckDB's rejected rows (``store.ImportRun.rejects``), one per row of the file, with their reason.

    A marker row (:class:`~workbench.ingest.textfiles.Markers`) gets back the reason and content of the line
    it stands for; a row that is not valid UTF-8 in a file read as UTF-8 is kept as its bytes (read from
    the file at DuckDB's position); any other row is malformed, detailed by DuckDB's error type.
    """
    if src.format == "parquet":
        return []
    # DuckDB counts lines of the file it read; an Excel sheet's temporary CSV starts at the header row.
    offset = src.header_line - 1 - src.skip
    out = []
    for line, position, kinds, text in found:
        marked = src.markers.lookup(_row_text(text)) if src.markers else None
        error = _main_error(kinds)
        if marked:
            out.append(Reject(line + offset, *marked))
        elif error in _ENCODING_ERRORS:
            data = textfiles.line_at(src.path, _line_start(position, text))
            guess = textfiles.guess_encoding(data)
            out.append(Reject(line + offset, "wrong_encoding", guess,
                              json.dumps(textfiles.raw_bytes(data, guess), ensure_ascii=False)))
        else:
            out.append(Reject(line + offset, "malformed_row", error,
                              json.dumps({"line": _row_text(text)}, ensure_ascii=False)))
    return out


def gaps(skipped: list[int], header_line: int) -> list[int]:
    """For rows that are no record (rejected, blank), the number of records before each.

    Good records are numbered 1.. in file order, skipping those rows; the j-th skipped row r_j (sorted) has
    g_j = r_j - header - j records before it, so a record numbered k follows every skipped row with g_j < k.
    """
    return [line - header_line - j for j, line in enumerate(sorted(skipped), start=1)]


def reject_records(found: list[Reject]) -> list[list]:
    """Quarantine rows ``[row_number, reason key, detail, raw]`` for the rows that are no record."""
    return [[r.line, f"ingest.reason.{r.reason}", r.detail, r.raw] for r in found]


def quarantine_summary(ws, import_id: int, lang: str) -> pd.DataFrame:
    """``reason, rows`` for one import, the reason in the user's language, largest first."""
    frame = store.quarantine_counts(ws, import_id)
    frame["reason"] = [t(key, lang) for key in frame["reason"]]
    return frame.rename(columns={"reason": t("data.col.reason", lang), "rows": t("data.col.rows", lang)})


def quarantine_rows(ws, import_id: int, lang: str) -> pd.DataFrame:
    """Quarantined rows of one import, as the download shows them: row, reason and detail under headers in
    the user's language, then the original cells as read (a source column named like one of those three
    gets a suffix, so no header repeats)."""
    frame = store.quarantine_rows(ws, import_id)
    headers = {c: t(f"data.col.{c}", lang) for c in _FIXED}
    suffix = t("data.col.source_suffix", lang)
    raw = pd.DataFrame([json.loads(r) if r else {} for r in frame["raw"]], index=frame.index)
    raw = raw.rename(columns=lambda c: c + suffix if c in headers.values() else c)
    out = frame.drop(columns=["raw"])
    malformed = out["reason"] == "ingest.reason.malformed_row"
    out.loc[malformed, "detail"] = [t(f"ingest.malformed.{MALFORMED[d]}", lang) if d in MALFORMED else d
                                    for d in out.loc[malformed, "detail"]]
    out["reason"] = [t(key, lang) for key in out["reason"]]
    return pd.concat([out.rename(columns=headers), raw.astype(object)], axis=1)
