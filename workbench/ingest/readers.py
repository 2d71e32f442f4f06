"""Reading client files: format, encoding, delimiter and header-row detection, and the SQL that scans them.

Every format ends up as something DuckDB reads with all columns as text: UTF-8 CSV files (plain or gzipped)
are read in place; other encodings are transcoded to a UTF-8 temporary file line by line (DuckDB's
``read_csv`` only reads UTF-8); Excel sheets are streamed row by row with openpyxl's read-only mode into a
temporary CSV; Parquet is read by ``read_parquet``. Lines DuckDB cannot be trusted with (too long, in
another encoding, an unterminated quote) are replaced by marker rows in a working copy
(:mod:`workbench.ingest.textfiles`). Temporary files are private to the user
(:mod:`workbench.ingest.tempfiles`). Nothing here loads a whole file into memory.

Row numbers: a quarantined row carries its row in the file (CSV) or in the sheet (Excel), counted from 1
with the header included and blank lines counted, as Excel shows it. In a CSV this is the line a text editor
shows, except below a quoted cell that spans lines (one row, several lines).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gzip
import io
import itertools
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import charset_normalizer

from workbench.core.errors import WorkbenchError
from workbench.core.store import quote_ident
from workbench.ingest import store, textfiles
from workbench.ingest.tempfiles import private_file, private_folder

__all__ = [
    "Source", "open_source", "preview", "scan_sql", "detect_encoding", "sheet_names", "default_sheet", "FORMATS",
    "file_format", "ENCODING_CHOICES", "blank_rows", "repair",
]

FORMATS = {
    ".csv": "csv", ".tsv": "csv", ".txt": "csv", ".gz": "csv",
    ".xlsx": "excel", ".xlsm": "excel",
    ".parquet": "parquet", ".pq": "parquet",
}
# Encodings offered when detection needs overriding ("" = detect).
ENCODING_CHOICES = ("", "utf-8", "gb18030", "utf-16", "big5", "cp1252")
_SAMPLE_BYTES = 256 * 1024
_DELIMITERS = (",", "\t", ";", "|")
_HEADER_SEARCH = 30


@dataclass
class Source:
    """A file made ready for DuckDB, with what was detected about it.

    ``path`` is what DuckDB reads (the original or a temporary UTF-8/CSV copy); ``skip`` is the number of
    lines above the header in that file; ``header_line`` is the 1-based line (sheet row) of the header in
    the original, so data row ``k`` is line ``header_line + k`` there.
    """

    original: Path
    format: str
    path: Path
    columns: list[str]
    encoding: str | None = None
    delimiter: str | None = None
    header_line: int = 1
    skip: int = 0
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    temp_files: list[Path] = field(default_factory=list)
    markers: textfiles.Markers | None = None  # lines of the file replaced by marker rows in ``path``
    workdir: Path | None = None  # where working copies go
    repairs: list[str] = field(default_factory=list)  # working copies made after DuckDB's first read

    def describe(self) -> dict:
        """What was detected, JSON-ready, for the import log and the page."""
        return {
            "format": self.format, "encoding": self.encoding, "delimiter": self.delimiter,
            "header_line": self.header_line, "sheet": self.sheet,
        }


def file_format(path: Path) -> str:
    """The format from the file name; raises for a type we cannot read (e.g. legacy ``.xls``)."""
    suffixes = [s.lower() for s in Path(path).suffixes]
    last = suffixes[-1] if suffixes else ""
    if last == ".xls":
        raise WorkbenchError("ingest.error.xls_legacy", file=Path(path).name)
    if last not in FORMATS:
        raise WorkbenchError("ingest.error.unsupported_format", file=Path(path).name)
    return FORMATS[last]


_open_binary = textfiles.open_binary


def _read_sample(path: Path) -> bytes:
    try:
        with _open_binary(path) as fh:
            return fh.read(_SAMPLE_BYTES)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:  # not gzip, cut short, or damaged
        raise WorkbenchError("ingest.error.bad_gzip", file=path.name) from exc
    except (OSError, ValueError) as exc:
        raise WorkbenchError("ingest.error.unreadable", file=path.name, detail=str(exc)) from exc


def _utf8_lines_win(sample: bytes) -> bool:
    """Whether most lines of the sample with non-ASCII bytes are UTF-8 (a tie goes to the first such line).

    A file that mixes encodings (UTF-8 rows, then GBK rows pasted from another export) is read in the
    encoding of most of its sample; the rows in the other one are quarantined.
    """
    lines = sample.split(b"\n")
    votes, first = [0, 0], None
    for i, line in enumerate(lines):
        if line.isascii():
            continue
        try:
            codecs.getincrementaldecoder("utf-8")().decode(line, final=i < len(lines) - 1)
            ok = 1
        except UnicodeDecodeError:
            ok = 0
        votes[ok] += 1
        first = ok if first is None else first
    return votes[1] > votes[0] or (votes[1] == votes[0] and first == 1)


def detect_encoding(sample: bytes) -> str:
    """The text encoding of a sample: BOM first, then UTF-8 (strict, or most lines), then charset-normalizer.

    Chinese exports are usually UTF-8, UTF-8 with BOM or GBK; GBK and GB2312 are read as GB18030, their
    superset, so that rarer characters never fail.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(sample) >= 4:
        even_nuls = sample[0::2].count(0) / max(1, len(sample[0::2]))
        odd_nuls = sample[1::2].count(0) / max(1, len(sample[1::2]))
        if odd_nuls > 0.3 and even_nuls < 0.05:
            return "utf-16-le"
        if even_nuls > 0.3 and odd_nuls < 0.05:
            return "utf-16-be"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _utf8_lines_win(sample):
        return "utf-8"
    sample = b"\n".join(line for line in sample.split(b"\n") if not textfiles.foreign_utf8(line))
    if _plausible_gb18030(sample):
        return "gb18030"
    if _single_byte_text(sample):
        return "latin-1" if any(b in sample for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")) else "cp1252"
    best = charset_normalizer.from_bytes(sample).best()
    name = (best.encoding if best else "gb18030").lower().replace("_", "-")
    if name in {"gbk", "gb2312", "gb18030", "cp936", "hz"}:
        return "gb18030"
    return name


def _plausible_gb18030(sample: bytes) -> bool:
    """True when the bytes decode as GB18030 into mostly common Chinese characters.

    Statistical detectors often call a short GBK sample Big5; mainland exports are GBK far more often, and
    Big5 or Latin text rarely decodes into common hanzi, so this check comes first.
    """
    try:
        text = codecs.getincrementaldecoder("gb18030")().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    wide = [ch for ch in text if ord(ch) > 127]
    if not wide:
        return False
    return sum(map(_in_gb2312, wide)) / len(wide) > 0.9


@lru_cache(maxsize=8192)
def _in_gb2312(ch: str) -> bool:
    """Whether a character is in GB2312 (the 6,763 hanzi and the punctuation of everyday Chinese): Latin
    text read as GBK decodes into extension characters outside it (Peña → Pe馻)."""
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


_HIGH_RUN = re.compile(rb"[\x80-\xff]+")


def _single_byte_text(sample: bytes) -> bool:
    """True when the bytes above 127 stand alone (é, ñ, ß between ASCII letters), as in Latin-1 or
    Windows-1252 text; in GBK or Big5 they come in pairs and runs of pairs."""
    runs = [len(m) for m in _HIGH_RUN.findall(sample)]
    return bool(runs) and sum(n == 1 for n in runs) / len(runs) >= 0.9


def _decode_sample(sample: bytes, encoding: str) -> str:
    """The sample as text. Lines that do not decode come with replacement characters (the import
    quarantines them) unless they are most of the sample's non-ASCII lines: then the encoding is wrong."""
    try:
        return codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
    except LookupError as exc:
        raise WorkbenchError("ingest.error.decode", encoding=encoding, detail=str(exc)) from exc
    except UnicodeDecodeError as exc:
        if encoding.replace("_", "-").lower().startswith(("utf-16", "utf-32")):
            raise WorkbenchError("ingest.error.decode", encoding=encoding, detail=str(exc)) from exc
        error = exc
    lines = sample.split(b"\n")
    wide = [i for i, line in enumerate(lines) if not line.isascii()]
    bad = 0
    for i in wide:
        try:
            codecs.getincrementaldecoder(encoding)().decode(lines[i], final=i < len(lines) - 1)
        except UnicodeDecodeError:
            bad += 1
    if bad * 2 > len(wide):
        raise WorkbenchError("ingest.error.decode", encoding=encoding, detail=str(error)) from error
    return sample.decode(encoding, errors="replace")


def _lines(text: str) -> list[str]:
    """Lines as CSV sees them (split on \\n, \\r\\n or \\r only, unlike ``str.splitlines``)."""
    return io.StringIO(text, newline="").readlines()


def _allow_long_cells() -> None:
    """Let the csv module read cells as long as DuckDB does (its default limit is 128 KB). The limit is the
    interpreter's; it is only ever raised, never restored, so threads reading at once cannot undo it."""
    if csv.field_size_limit() < textfiles.MAX_LINE_BYTES:
        csv.field_size_limit(textfiles.MAX_LINE_BYTES)


def _sample_records(lines: list[str], delimiter: str) -> list[tuple[int, int, list[str]]]:
    """The CSV records of a sample's lines as ``(first line index, index after the last line, cells)``.

    Strict parsing, so that a quote that is never closed does not swallow the rest of the sample: a record
    the csv module cannot read is taken as its first line split at the delimiters, and reading goes on with
    the next line (the import quarantines such a row; here it only must not hide the rows below it).
    """
    _allow_long_cells()
    out: list[tuple[int, int, list[str]]] = []
    i = 0
    while i < len(lines):
        reader = csv.reader(lines[i:], delimiter=delimiter, strict=True)
        start = 0
        try:
            for record in reader:
                out.append((i + start, i + reader.line_num, record))
                start = reader.line_num
            break
        except csv.Error:
            bad = lines[i + start].rstrip("\r\n")
            out.append((i + start, i + start + 1, bad.split(delimiter) if bad else []))
            i += start + 1
    return out


def _records(text: str, delimiter: str) -> list[list[str]]:
    """Complete CSV records of a sample (the last, possibly cut, line is dropped)."""
    lines = _lines(text)
    if len(lines) > 1:
        lines = lines[:-1]
    return [row for _, _, row in _sample_records(lines, delimiter) if row]


def _detect_delimiter(text: str, suffix: str) -> str:
    """The candidate whose field count is most consistent (and above one) over the sample's records."""
    best, best_score = ("\t" if suffix == ".tsv" else ","), -1.0
    for delim in _DELIMITERS:
        counts = [len(r) for r in _records(text, delim)[:500]]
        if not counts:
            continue
        mode, freq = Counter(counts).most_common(1)[0]
        if mode < 2:
            continue
        score = freq / len(counts) * (1 + min(mode, 50) / 100)
        if score > best_score:
            best, best_score = delim, score
    return best


def _header_index(rows: list[list[object]]) -> int:
    """Index of the header among the first rows: the first with the usual width and mostly filled cells.

    A title line (``订单明细 2024年1月``) or a blank line above the table is skipped this way.
    """
    def filled(row):
        return [c for c in row if c is not None and str(c).strip() != ""]

    widths = [len(filled(r)) for r in rows[:_HEADER_SEARCH * 10] if filled(r)]
    if not widths:
        return 0
    usual = Counter(widths).most_common(1)[0][0]
    for i, row in enumerate(rows[:_HEADER_SEARCH]):
        cells = filled(row)
        if len(cells) >= max(1, usual) and all(isinstance(c, str) for c in cells):
            return i
    for i, row in enumerate(rows[:_HEADER_SEARCH]):
        if len(filled(row)) >= usual:
            return i
    return 0


def _unique_names(raw: list[object]) -> list[str]:
    """Header cells made usable as column names: trimmed, blanks named ``column_N``, repeats suffixed."""
    names, seen = [], Counter()
    for i, cell in enumerate(raw, start=1):
        name = str(cell).strip() if cell is not None and str(cell).strip() else f"column_{i}"
        seen[name] += 1
        names.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return names


def sheet_names(path: Path) -> list[str]:
    """The sheets of a workbook, in order."""
    wb = _load_workbook(path)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def default_sheet(path: Path) -> str:
    """The sheet an import uses when none is chosen: the first that looks like a table."""
    wb = _load_workbook(path)
    try:
        return _first_table_sheet(wb)
    finally:
        wb.close()


def _load_workbook(path: Path):
    import openpyxl  # imported late: only Excel files need it

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types (in English) for a damaged or mislabelled file
        raise WorkbenchError("ingest.error.not_excel", file=Path(path).name) from exc


def _cell_text(value: object) -> str:
    """An Excel cell as text: dates in ISO form, whole floats without ``.0``, everything else as shown."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def _excel_to_csv(path: Path, sheet: str | None, out_dir: Path, limit: int | None = None) -> Source:
    """Stream one sheet into a temporary UTF-8 CSV, from its header row on; blank rows are kept as empty
    records so that data row ``k`` stays sheet row ``header_line + k``."""
    wb = _load_workbook(path)
    try:
        names = list(wb.sheetnames)
        if sheet is None:
            sheet = _first_table_sheet(wb)
        if sheet not in names:
            raise WorkbenchError("ingest.error.no_sheet", sheet=sheet, sheets=", ".join(names))
        rows = wb[sheet].iter_rows(values_only=True)
        head = []
        for row in rows:
            head.append(list(row))
            if len(head) >= _HEADER_SEARCH:
                break
        if not any(any(c is not None and str(c).strip() for c in r) for r in head):
            raise WorkbenchError("ingest.error.empty_file", file=path.name)
        h = _header_index(head)
        # As wide as the widest of the first rows, so data under a blank header cell is kept (column_N).
        width = max(len(_trim_trailing(r)) for r in head[h:])
        columns = _unique_names((list(head[h]) + [None] * width)[:width])
        out = out_dir / "sheet.csv"
        written = 0
        with private_file(out, text=True) as fh:
            writer = csv.writer(fh)
            writer.writerow(columns)
            for row in _chain(head[h + 1:], rows):
                cells = [_cell_text(c) for c in list(row)[:width]]
                cells += [""] * (width - len(cells))
                writer.writerow(cells)
                written += 1
                if limit is not None and written >= limit:
                    break
    finally:
        wb.close()
    return Source(original=path, format="excel", path=out, columns=columns, header_line=h + 1,
                  sheet=sheet, sheets=names, delimiter=",", encoding="utf-8", temp_files=[out])


def _first_table_sheet(wb) -> str:
    """The first sheet that looks like a table (a row with two or more filled cells), else the first sheet.

    Exports often put a notes or cover sheet first.
    """
    for name in wb.sheetnames:
        for i, row in enumerate(wb[name].iter_rows(values_only=True)):
            if sum(c is not None and str(c).strip() != "" for c in row) >= 2:
                return name
            if i >= _HEADER_SEARCH:
                break
    return wb.sheetnames[0]


def _trim_trailing(row: list[object]) -> list[object]:
    end = len(row)
    while end > 0 and (row[end - 1] is None or str(row[end - 1]).strip() == ""):
        end -= 1
    return row[:end]


def _chain(first, rest):
    yield from first
    yield from rest


def _csv_source(path: Path, options: dict, out_dir: Path | None, long_lines=None) -> Source:
    """Detect a text file's encoding, delimiter and header; with ``out_dir``, also prepare it for DuckDB:
    transcode it, or replace its ``long_lines`` (offsets, as found while hashing) by marker rows."""
    sample = _read_sample(path)
    if not sample.strip():
        raise WorkbenchError("ingest.error.empty_file", file=path.name)
    if textfiles.has_signature(sample):
        raise WorkbenchError("ingest.error.not_text", file=path.name)
    encoding = options.get("encoding") or detect_encoding(sample)
    if not encoding.replace("_", "-").lower().startswith(("utf-16", "utf-32")) and textfiles.looks_binary(sample):
        raise WorkbenchError("ingest.error.not_text", file=path.name)
    if len(sample) >= _SAMPLE_BYTES and b"\n" not in sample:
        raise WorkbenchError("ingest.error.header_too_long", file=path.name, size=f"{_SAMPLE_BYTES // 1024} KB")
    text = _decode_sample(sample, encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    suffix = path.suffixes[-2].lower() if path.name.lower().endswith(".gz") and len(path.suffixes) > 1 \
        else path.suffix.lower()
    delimiter = options.get("delimiter") or _detect_delimiter(text, suffix)
    lines = _lines(text)
    lines = lines[:-1] if len(sample) >= _SAMPLE_BYTES and len(lines) > 1 else lines  # drop a cut last line
    records = _sample_records(lines[:_HEADER_SEARCH * 10], delimiter)
    h = _header_index([r or [None] for _, _, r in records])
    # The header line is the number of lines up to and including the header record (a cell may span lines).
    _, header_line, header = records[h]
    columns = _unique_names(header)
    src = Source(original=path, format="csv", path=path, columns=columns, encoding=encoding,
                 delimiter=delimiter, header_line=header_line, skip=header_line - 1, workdir=out_dir)
    if out_dir is None:
        return src
    src.markers = textfiles.Markers(len(columns), delimiter)
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        _working_copy(src, lambda out: textfiles.transcode(path, encoding, out, src.markers))
    else:
        if long_lines is None and path.name.lower().endswith(".gz"):
            long_lines = textfiles.screen(path)  # the hash was of the compressed bytes
        if long_lines:
            cuts = [(offset, "line_too_long", str(length), "utf-8") for offset, length in long_lines]
            _working_copy(src, lambda out: textfiles.rewrite(path, out, cuts, src.markers))
    return src


_COPIES = itertools.count(1)


def _working_copy(src: Source, write) -> None:
    """Point ``src`` at a new private copy made by ``write(out_path)``; the previous copy is removed."""
    out = src.workdir / f"working-{next(_COPIES)}.csv"  # a new name each time: the old copy is still read
    write(out)
    for old in src.temp_files:
        old.unlink(missing_ok=True)
    src.path, src.temp_files = out, [out]


def repair(src: Source, kind: str, offsets: list[int] | None = None) -> None:
    """A working copy that cures what DuckDB met reading ``src``: ``"newlines"`` (lines ending both in LF
    and CR LF) or ``"quotes"`` (records at ``offsets`` that opened a quote and never closed it, taken as
    their first line, quarantined as ``unterminated_quote``). Raises when the same cure did not help."""
    if src.format != "csv" or src.workdir is None or (kind == "newlines" and kind in src.repairs):
        raise WorkbenchError(f"ingest.error.unrepaired_{kind}", file=src.original.name)
    path = src.path
    if kind == "newlines":
        _working_copy(src, lambda out: textfiles.normalise_newlines(path, out))
    else:
        cuts = [(offset, "unterminated_quote", None, "utf-8") for offset in offsets or []]
        _working_copy(src, lambda out: textfiles.rewrite(path, out, cuts, src.markers))
    src.repairs.append(kind)


@contextmanager
def open_source(path: Path, options: dict | None = None, long_lines: list[tuple[int, int]] | None = None
                ) -> Iterator[Source]:
    """Detect and prepare a file for :func:`scan_sql`; temporary files are removed on exit.

    ``long_lines``: lines over :data:`~workbench.ingest.textfiles.MAX_LINE_BYTES` found while the file was
    hashed (:class:`~workbench.ingest.textfiles.LineScreen`); a gzipped file is screened here.
    """
    path = Path(path)
    options = dict(options or {})
    if not path.is_file():
        raise WorkbenchError("ingest.error.not_found", path=str(path))
    fmt = file_format(path)
    with private_folder("import") as out_dir:
        if fmt == "excel":
            src = _excel_to_csv(path, options.get("sheet"), out_dir)
        elif fmt == "parquet":
            src = _parquet_source(path)
        else:
            src = _csv_source(path, options, out_dir, long_lines)
        if not src.columns:
            raise WorkbenchError("ingest.error.empty_file", file=path.name)
        yield src


def blank_rows(src: Source) -> list[int]:
    """Rows of the blank lines below the header of a CSV, numbered as quarantined rows are.

    DuckDB skips blank lines without numbering them, so a row below one would be reported a row too early;
    the import counts them back in. A byte search clears files without blank lines at once (most files);
    only a file with one is read record by record (the csv module, so that a blank line inside a quoted
    cell is not taken for a blank row). Records count as rows, as in Excel and in DuckDB's reject lines.
    """
    if src.format != "csv" or not _has_blank_line(src.path):
        return []
    rows: list[int] = []
    _allow_long_cells()
    try:
        with _open_binary(src.path) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
            reader = csv.reader(text, delimiter=src.delimiter or ",", quotechar='"', doublequote=True)
            for number, record in enumerate(reader, start=1):
                if not record and number > src.skip + 1:
                    rows.append(number - src.skip - 1 + src.header_line)
    except csv.Error:
        pass  # a record the csv module cannot read: the blank lines above it are counted, those below not
    return rows


_BLANK_LINE = re.compile(rb"\n\r?\n")


def _has_blank_line(path: Path) -> bool:
    """Whether the file holds an empty line (LF or CR LF endings): one regex pass over the bytes, no
    parsing (0.4 s for 570 MB, a third of ``in`` with two short needles)."""
    previous = b""
    with _open_binary(path) as fh:
        while chunk := fh.read(_SAMPLE_BYTES * 16):
            if _BLANK_LINE.search(chunk) or _BLANK_LINE.search(previous[-2:] + chunk[:2]):
                return True
            previous = chunk
    return False


def _parquet_source(path: Path) -> Source:
    """A Parquet file has no header line: row k of its data is reported as row k."""
    return Source(original=path, format="parquet", path=path, columns=_parquet_columns(path), header_line=0)


def _parquet_columns(path: Path) -> list[str]:
    import pyarrow.parquet as pq  # imported late: only Parquet files need it

    try:
        return list(pq.read_schema(path).names)
    except Exception as exc:
        raise WorkbenchError("ingest.error.unreadable", file=path.name, detail=str(exc)) from exc


def _sql_str(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def scan_sql(src: Source, rejects: tuple[str, str] | None = None) -> str:
    """A ``SELECT`` of every data row as text columns named as the header, in file order.

    ``rejects`` names DuckDB's reject tables (errors, scans): rows with the wrong number of cells go there
    with their line number instead of failing the whole file.
    """
    if src.format == "parquet":
        cols = ", ".join(f"CAST({quote_ident(c)} AS VARCHAR) AS {quote_ident(c)}" for c in src.columns)
        return f"SELECT {cols} FROM read_parquet({_sql_str(str(src.path))})"
    opts = [
        f"delim={_sql_str(src.delimiter or ',')}", "quote='\"'", "escape='\"'", "header=true",
        f"skip={src.skip}", "auto_detect=false",
        "columns={" + ", ".join(f"{_sql_str(c)}: 'VARCHAR'" for c in src.columns) + "}",
    ]
    if rejects:
        opts += ["store_rejects=true", f"rejects_table={_sql_str(rejects[0])}",
                 f"rejects_scan={_sql_str(rejects[1])}"]
    return f"SELECT * FROM read_csv({_sql_str(str(src.path))}, {', '.join(opts)})"


def preview(path: Path, options: dict | None = None, rows: int = 200):
    """The detected :class:`Source` description and the first ``rows`` data rows as a text DataFrame.

    Only a sample is read, so this is instant even for a multi-gigabyte file.
    """
    import pandas as pd

    path = Path(path)
    options = dict(options or {})
    fmt = file_format(path)
    if not path.is_file():
        raise WorkbenchError("ingest.error.not_found", path=str(path))
    with private_folder("preview") as tmp:
        if fmt == "excel":
            src = _excel_to_csv(path, options.get("sheet"), tmp, limit=rows)
            frame = pd.read_csv(src.path, dtype=str, keep_default_na=False, encoding="utf-8")
        elif fmt == "parquet":
            src = _parquet_source(path)
            frame = store.head(scan_sql(src), rows, path.name)
        else:
            src = _csv_source(path, options, None)
            sample = _read_sample(path)
            lines = _lines(_decode_sample(sample, src.encoding).lstrip("\ufeff"))
            lines = lines[:-1] if len(sample) >= _SAMPLE_BYTES and len(lines) > 1 else lines
            data = []
            for _, end, row in _sample_records(lines, src.delimiter):
                if end <= src.header_line or not row:
                    continue
                data.append((row + [""] * len(src.columns))[: len(src.columns)])
                if len(data) >= rows:
                    break
            frame = pd.DataFrame(data, columns=src.columns, dtype=object)
        frame = frame.astype(object).where(frame.notna(), "")
        src = replace(src, temp_files=[], workdir=None)
    return src, frame
