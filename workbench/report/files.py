"""The one writer of CSV and xlsx files: downloads, command-line exports and the report all go through it.

Every file is safe to open in a spreadsheet:

* CSV is UTF-8 with a byte-order mark (so Excel shows Chinese). A CSV cell has no type, so Excel decides
  what it is when it opens the file: every text cell *and every header cell* that would run as a formula
  (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) gets an apostrophe in front.
* xlsx cells carry their type. Text is written as a string cell, unchanged — an id ``-2+3`` comes back as
  ``-2+3``, never ``'-2+3`` — and a string cell is never a formula, whatever it starts with. Workbooks are
  opened with formula, URL and number conversion off (:data:`SAFE_WORKBOOK_OPTIONS`) and cells are written
  with explicit ``write_string`` / ``write_number`` calls, so no text is ever parsed.
* An xlsx sheet holds at most :data:`EXCEL_MAX_ROWS` rows; a longer table is split across sheets (each
  with the header), nothing is left out (:func:`xlsx_sheets_needed` says how many sheets it takes).
"""

from __future__ import annotations

import io
import math
import os
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import MappingProxyType
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.core.textsafe import neutralise_cell, neutralise_formulas

__all__ = [
    "TABLE_SUFFIXES", "EXCEL_MAX_ROWS", "SAFE_WORKBOOK_OPTIONS", "csv_bytes", "write_csv", "write_table",
    "write_xlsx", "xlsx_bytes", "xlsx_sheets_needed", "display_width", "neutralise_header", "XLSX_MIME",
]

#: The media type of an xlsx download.
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: File types :func:`write_table` writes.
TABLE_SUFFIXES: tuple[str, ...] = (".csv", ".xlsx")

#: Rows of one Excel worksheet (header included): the limit of Excel 2007 and later, WPS and LibreOffice.
EXCEL_MAX_ROWS = 1_048_576

#: XlsxWriter options of every workbook the workbench writes: no text is ever turned into a formula, a link
#: or a number by the writer itself.
SAFE_WORKBOOK_OPTIONS = MappingProxyType(
    {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
)

_CSV_CHUNK_ROWS = 131_072
_EXCEL_EPOCH = np.datetime64("1899-12-30T00:00:00", "ns")
_NS_PER_DAY = 86_400 * 10**9


def display_width(text: Any) -> int:
    """How many columns a text takes in a spreadsheet: East Asian wide and full-width characters count two
    (a CJK character is about twice as wide as a digit); the widest line of a multi-line text."""
    lines = str(text).split("\n")
    return max(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in lines)


def _write_csv_parallel(table, fh) -> None:
    """Write an Arrow table as CSV (header first) with the formatting spread over the machine's cores.

    pyarrow's CSV writer formats on one core; a million customers with a dozen float columns take about
    2 s that way. Row slices are formatted in a thread pool (the writer releases the GIL) and written in
    order, so the file is byte for byte what one ``write_csv`` call gives.
    """
    import pyarrow.csv as pacsv

    def _format(offset: int, header: bool) -> bytes:
        buffer = io.BytesIO()
        pacsv.write_csv(table.slice(offset, _CSV_CHUNK_ROWS), buffer,
                        write_options=pacsv.WriteOptions(include_header=header))
        return buffer.getvalue()

    offsets = list(range(0, table.num_rows, _CSV_CHUNK_ROWS)) or [0]
    workers = max(1, min(len(offsets), os.cpu_count() or 1))
    if workers == 1:
        for i, offset in enumerate(offsets):
            fh.write(_format(offset, i == 0))
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for chunk in pool.map(_format, offsets, [i == 0 for i in range(len(offsets))]):
            fh.write(chunk)


def neutralise_header(columns) -> list[str]:
    """Header cells of a CSV made safe like its text cells (a header ``=HYPERLINK(…)`` gets an apostrophe);
    a header that would then equal another gets ``_2``, ``_3``, … so no column is lost."""
    out: list[str] = []
    for name in (str(c) for c in columns):
        safe = str(neutralise_cell(name))
        candidate, k = safe, 2
        while candidate in out:
            candidate, k = f"{safe}_{k}", k + 1
        out.append(candidate)
    return out


def write_csv(df: pd.DataFrame, fh: BinaryIO) -> None:
    """UTF-8 with BOM, formulas neutralised in cells and header, dates as dates (not midnight timestamps),
    formatted on all cores."""
    import pyarrow as pa

    safe = neutralise_formulas(df)
    safe.columns = neutralise_header(safe.columns)
    table = pa.Table.from_pandas(safe, preserve_index=False)
    for i, field in enumerate(table.schema):
        if pa.types.is_timestamp(field.type):
            table = table.set_column(i, field.name, table.column(i).cast(pa.date32()))
    fh.write("\ufeff".encode())
    _write_csv_parallel(table, fh)


def csv_bytes(df: pd.DataFrame) -> bytes:
    """The CSV :func:`write_csv` writes, as bytes (for a download of the same file the command writes)."""
    buf = io.BytesIO()
    write_csv(df, buf)
    return buf.getvalue()


# -- xlsx ------------------------------------------------------------------------------------------------
def xlsx_sheets_needed(n_rows: int, max_rows: int = EXCEL_MAX_ROWS) -> int:
    """Worksheets a table of ``n_rows`` data rows takes in xlsx (each sheet repeats the header)."""
    return max(1, math.ceil(int(n_rows) / (int(max_rows) - 1)))


def _column_cells(series: pd.Series) -> tuple[str, list]:
    """A column as ``(kind, values)`` for the writer: kind ``number`` (floats, NaN = blank), ``bool``,
    ``date`` (Excel serial days, NaN = blank) or ``text`` (str or None = blank; objects holding numbers or
    booleans keep them, anything else is written as its text)."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        categories = [str(c) for c in dtype.categories]
        codes = series.cat.codes.to_numpy()
        return "text", [categories[c] if c >= 0 else None for c in codes]
    if pd.api.types.is_bool_dtype(dtype):
        return "bool", [None if pd.isna(v) else bool(v) for v in series.to_numpy(dtype=object)]
    if pd.api.types.is_datetime64_any_dtype(dtype):
        stamps = series.dt.tz_localize(None) if getattr(dtype, "tz", None) else series
        ns = stamps.to_numpy(dtype="datetime64[ns]")
        days = (ns - _EXCEL_EPOCH).astype("int64") / _NS_PER_DAY
        days[np.isnat(ns)] = np.nan
        return "date", days.tolist()
    if pd.api.types.is_numeric_dtype(dtype):
        return "number", series.to_numpy(dtype=float, na_value=np.nan).tolist()
    return "text", series.to_numpy(dtype=object).tolist()


def _write_any(sheet, row: int, col: int, value: Any, date_format) -> None:
    """One cell of an object column: strings as strings, numbers as numbers, dates as dates, blanks blank."""
    if value is None or value is pd.NA or value is pd.NaT:
        return
    if isinstance(value, str):
        sheet.write_string(row, col, value)
    elif isinstance(value, bool | np.bool_):
        sheet.write_boolean(row, col, bool(value))
    elif isinstance(value, int | float | np.integer | np.floating):
        if math.isfinite(float(value)):
            sheet.write_number(row, col, float(value))
    elif isinstance(value, pd.Timestamp) or hasattr(value, "isoformat"):
        try:
            sheet.write_datetime(row, col, pd.Timestamp(value).to_pydatetime().replace(tzinfo=None), date_format)
        except (ValueError, TypeError, OverflowError):
            sheet.write_string(row, col, str(value))
    else:
        sheet.write_string(row, col, str(value))


def write_xlsx(df: pd.DataFrame, target: str | os.PathLike | BinaryIO, sheet_name: str = "customers",
               max_rows: int = EXCEL_MAX_ROWS) -> list[str]:
    """Write a table as an xlsx workbook: header row frozen, text as string cells unchanged, numbers as
    numbers, dates as dates; more rows than a sheet holds go on to ``<sheet_name> (2)``, ``(3)``, … each
    with the header. Returns the sheet names. Rows are streamed (XlsxWriter's constant-memory mode)."""
    import xlsxwriter

    columns = [str(c) for c in df.columns]
    cells = [_column_cells(df[c]) for c in df.columns]
    per_sheet = int(max_rows) - 1
    book = xlsxwriter.Workbook(target, {**SAFE_WORKBOOK_OPTIONS, "constant_memory": True})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    header_format = book.add_format({"bold": True, "bottom": 1})
    widths = [min(40, max(10, display_width(c) + 2)) for c in columns]
    names = []
    n = len(df)
    for index in range(xlsx_sheets_needed(n, max_rows)):
        name = sheet_name if index == 0 else f"{sheet_name} ({index + 1})"
        names.append(name)
        sheet = book.add_worksheet(name)
        sheet.freeze_panes(1, 1 if len(columns) > 1 else 0)
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width, date_format if cells[col][0] == "date" else None)
        for col, title in enumerate(columns):
            sheet.write_string(0, col, title, header_format)
        start, stop = index * per_sheet, min(n, (index + 1) * per_sheet)
        for i in range(start, stop):
            row = i - start + 1
            for col, (kind, values) in enumerate(cells):
                value = values[i]
                if value is None:
                    continue
                if kind == "number" or kind == "date":
                    if value == value and math.isfinite(value):  # NaN and infinities stay blank
                        sheet.write_number(row, col, value, date_format if kind == "date" else None)
                elif kind == "bool":
                    sheet.write_boolean(row, col, value)
                else:
                    _write_any(sheet, row, col, value, date_format)
    try:
        book.close()
    except OSError as exc:
        raise WorkbenchError("report.error.unwritable", path=str(target), detail=str(exc)) from exc
    return names


def xlsx_bytes(df: pd.DataFrame, sheet_name: str = "customers", max_rows: int = EXCEL_MAX_ROWS) -> bytes:
    """The workbook :func:`write_xlsx` writes, as bytes (for a download)."""
    buf = io.BytesIO()
    write_xlsx(df, buf, sheet_name, max_rows)
    return buf.getvalue()


def write_table(df: pd.DataFrame, path) -> None:
    """Write a table as CSV (UTF-8 with BOM) or xlsx, chosen by the file's extension."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise WorkbenchError("segments.error.bad_extension", path=str(target))
    if suffix == ".csv":
        with open(target, "wb") as fh:
            write_csv(df, fh)
    else:
        write_xlsx(df, target)
