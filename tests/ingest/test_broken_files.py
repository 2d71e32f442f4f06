"""Files that used to corrupt silently or crash (issue #15): each is generated here, small where a small file
behaves as the large one did, and imported through the one import path.

Expected rows are counted by hand from the lines written; row numbers are lines in the file with the header
as line 1. The command-line and page versions of these cases are in tests/commands/test_import_cmd.py and
tests/pages/test_data.py.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import io
import json
import unicodedata
import zipfile
from decimal import Decimal

import pytest

from workbench import ingest
from workbench.core.errors import WorkbenchError
from workbench.ingest import quarantine, textfiles

NOW = {"now": dt.datetime(2026, 11, 26, 12, 0)}
HEADER = "order_id,customer_id,order_ts,amount\n"


def _write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _quarantined(ws, import_id: int) -> list[tuple[int, str]]:
    rows = ws.query("SELECT row_number, reason FROM quarantine WHERE import_id = ? ORDER BY 1", [import_id])
    return [(int(n), r.removeprefix("ingest.reason.")) for n, r in rows.itertuples(index=False, name=None)]


def _raw(ws, import_id: int, row: int) -> dict:
    return json.loads(ws.scalar("SELECT raw FROM quarantine WHERE import_id = ? AND row_number = ?", [import_id, row]))


def _customers(ws) -> list[str]:
    return ws.query("SELECT customer_id FROM orders ORDER BY order_id")["customer_id"].tolist()


# -- mixed encodings ---------------------------------------------------------------------------------------

def test_utf8_rows_then_gbk_rows_quarantine_the_gbk_rows_with_their_bytes(ws, tmp_path):
    # lines 2-3 UTF-8, lines 4-5 GBK: the file is read as UTF-8 (the first of a tie), the GBK rows are
    # quarantined, their bytes recoverable; nothing is stored as mojibake
    gbk_rows = ["O3,李四,2024-01-07,30\n".encode("gbk"), "O4,王五,2024-01-08,40\n".encode("gbk")]
    data = (HEADER + "O1,张三,2024-01-05,10\nO2,赵六,2024-01-06,20\n").encode() + b"".join(gbk_rows)
    result = ingest.import_path(ws, _write(tmp_path, "mixed.csv", data), "orders", options=NOW)
    assert (result.rows_read, result.rows_kept, result.rows_quarantined) == (4, 2, 2)
    assert result.source["encoding"] == "utf-8" and result.source["other_encoding_rows"] == 2
    assert _customers(ws) == ["张三", "赵六"]
    assert _quarantined(ws, result.import_id) == [(4, "wrong_encoding"), (5, "wrong_encoding")]
    raw = _raw(ws, result.import_id, 4)
    assert base64.b64decode(raw["bytes_base64"]) == gbk_rows[0].rstrip(b"\n")
    assert raw["line"] == "O3,李四,2024-01-07,30"  # read as GB18030 for the download


def test_gbk_rows_then_utf8_rows_quarantine_the_utf8_rows(ws, tmp_path):
    # the reverse: read as GB18030, the UTF-8 row (line 4) is quarantined instead of becoming 寮犱笁-like text
    gbk = (HEADER + "O1,张三,2024-01-05,10\nO2,王五,2024-01-06,20\n").encode("gbk")
    data = gbk + "O3,李四,2024-01-07,30\n".encode()
    result = ingest.import_path(ws, _write(tmp_path, "mixed.csv", data), "orders", options=NOW)
    assert result.source["encoding"] == "gb18030" and result.source["other_encoding_rows"] == 1
    assert (result.rows_kept, _quarantined(ws, result.import_id)) == (2, [(4, "wrong_encoding")])
    assert _customers(ws) == ["张三", "王五"]
    raw = _raw(ws, result.import_id, 4)
    assert base64.b64decode(raw["bytes_base64"]).decode("utf-8") == "O3,李四,2024-01-07,30"


def test_gbk_rows_far_below_the_sample_are_found(ws, tmp_path):
    # 9,000 UTF-8 rows (about 280 KB, more than the detection sample) and then two GBK rows: they were
    # stored as whatever bytes they were, beyond the preview; now lines 9002 and 9003 are quarantined
    head = "".join(f"O{i:05d},客户{i},2024-01-05,10\n" for i in range(9000))
    data = (HEADER + head).encode() + "P1,李四,2024-01-07,30\nP2,王五,2024-01-08,40\n".encode("gbk")
    assert len(data) > 256 * 1024
    result = ingest.import_path(ws, _write(tmp_path, "late.csv", data), "orders", options=NOW)
    assert (result.rows_kept, result.source["other_encoding_rows"]) == (9000, 2)
    assert _quarantined(ws, result.import_id) == [(9002, "wrong_encoding"), (9003, "wrong_encoding")]


# -- files that crashed ------------------------------------------------------------------------------------

def test_crlf_file_with_one_lf_only_line(ws, tmp_path):
    data = (HEADER.replace("\n", "\r\n") + "O1,C1,2024-01-05,10\r\nO2,C2,2024-01-06,20\nO3,,2024-01-07,30\r\n"
            "O4,C4,2024-01-08,40\r\n").encode()
    result = ingest.import_path(ws, _write(tmp_path, "crlf.csv", data), "orders", options=NOW)
    assert (result.rows_read, result.rows_kept) == (4, 3)
    assert _quarantined(ws, result.import_id) == [(4, "missing_customer_id")]
    assert _customers(ws) == ["C1", "C2", "C4"]


def test_a_200_kb_cell_near_the_top(ws, tmp_path):
    big = "x" * 200_000
    data = (HEADER.strip() + ",note\n" + f"O1,C1,2024-01-05,10,{big}\nO2,C2,2024-01-06,20,short\n").encode()
    path = _write(tmp_path, "cell.csv", data)
    src, frame = ingest.preview(path)
    assert src.columns[-1] == "note" and frame["note"].tolist() == [big, "short"]
    result = ingest.import_path(ws, path, "orders", options=NOW)
    assert (result.rows_read, result.rows_kept) == (2, 2)


def test_an_unterminated_quote_near_the_top_of_a_large_file(ws, tmp_path):
    # line 3 opens a quote that never closes; DuckDB took it and the 20,000 lines below as one bad row
    rows = "".join(f"O{i:05d},C{i},2024-01-05,10\n" for i in range(20_000))
    data = (HEADER + 'A1,C0,2024-01-05,5\nA2,"C1,2024-01-05,10\n' + rows).encode()
    path = _write(tmp_path, "quote.csv", data)
    _, frame = ingest.preview(path)
    assert frame["order_id"].tolist()[:3] == ["A1", "A2", "O00000"]  # the preview does not swallow them either
    result = ingest.import_path(ws, path, "orders", options=NOW)
    assert (result.rows_read, result.rows_kept, result.rows_quarantined) == (20_002, 20_001, 1)
    assert _quarantined(ws, result.import_id) == [(3, "unterminated_quote")]
    assert _raw(ws, result.import_id, 3) == {"line": 'A2,"C1,2024-01-05,10'}
    assert ws.scalar("SELECT count(*) FROM orders WHERE order_id = 'O19999'") == 1


def test_two_unterminated_quotes(ws, tmp_path):
    rows = "".join(f"O{i},C{i},2024-01-05,10\n" for i in range(50))
    data = (HEADER + 'Q1,"C1,2024-01-05,10\n' + rows + 'Q2,C2,"2024-01-05,10\n' + rows.replace("O", "P")).encode()
    result = ingest.import_path(ws, _write(tmp_path, "quotes.csv", data), "orders", options=NOW)
    assert (result.rows_kept, _quarantined(ws, result.import_id)) == (100, [(2, "unterminated_quote"),
                                                                            (53, "unterminated_quote")])


def test_a_gzip_of_zeros_is_not_a_text_file(ws, tmp_path):
    # 20 MB of zeros stand in for 2 GB: the refusal comes from the first bytes, before anything is parsed
    path = _write(tmp_path, "bomb.csv.gz", gzip.compress(b"\0" * 20_000_000))
    with pytest.raises(WorkbenchError) as err:
        ingest.import_path(ws, path, "orders", options=NOW)
    assert err.value.key == "ingest.error.not_text"
    with pytest.raises(WorkbenchError):
        ingest.preview(path)
    assert ws.row_count("imports") == 0


@pytest.mark.parametrize("megabytes", [3, 40])
def test_one_very_long_line_is_quarantined_and_the_next_row_kept(ws, tmp_path, megabytes):
    # 3 MB: DuckDB rejected it itself; 40 MB (as the 50 MB of the report): DuckDB dropped it without a word.
    # Either way: line 3 is quarantined as too long, and the good row after it (line 4) is kept.
    long = "y" * (megabytes * 1_000_000)
    data = (HEADER + f"O1,C1,2024-01-05,10\nO2,C2,{long},20\nO3,C3,2024-01-07,30\n").encode()
    result = ingest.import_path(ws, _write(tmp_path, "long.csv", data), "orders", options=NOW)
    assert (result.rows_read, result.rows_kept) == (3, 2)
    assert _quarantined(ws, result.import_id) == [(3, "line_too_long")]
    assert _customers(ws) == ["C1", "C3"]
    detail = ws.scalar("SELECT detail FROM quarantine WHERE import_id = ?", [result.import_id])
    assert int(detail) == len(f"O2,C2,{long},20")  # its length in bytes
    assert _raw(ws, result.import_id, 3)["line"].startswith("O2,C2,yyy")


def test_a_long_line_in_a_gbk_file(ws, tmp_path):
    # the GBK file is transcoded line by line: the long line (line 3) becomes a quarantined row there
    data = ("订单号,客户ID,下单时间,实付金额\r\nO1,张三,2024-01-05,10\r\nO2,李四," + "长" * 1_500_000 +
            ",20\r\nO3,王五,2024-01-07,30\r\n").encode("gbk")
    result = ingest.import_path(ws, _write(tmp_path, "long_gbk.csv", data), "orders", options=NOW)
    assert result.source["encoding"] == "gb18030"
    assert _quarantined(ws, result.import_id) == [(3, "line_too_long")] and _customers(ws) == ["张三", "王五"]
    assert _raw(ws, result.import_id, 3)["line"].startswith("O2,李四,长长")


def test_a_long_line_in_a_gzipped_file(ws, tmp_path):
    data = (HEADER + "O1,C1,2024-01-05,10\nO2,C2," + "y" * 3_000_000 + ",20\nO3,C3,2024-01-07,30\n").encode()
    result = ingest.import_path(ws, _write(tmp_path, "long.csv.gz", gzip.compress(data)), "orders", options=NOW)
    assert _quarantined(ws, result.import_id) == [(3, "line_too_long")] and result.rows_kept == 2


# -- reasons that say what is wrong ------------------------------------------------------------------------

def test_dates_before_the_floor_are_quarantined_with_their_own_reason(ws, tmp_path, monkeypatch):
    data = (HEADER + "O1,C1,0001-01-01,10\nO2,C2,1900-01-01,10\nO3,C3,1989-12-31,10\nO4,C4,1990-01-01,10\n"
                     "O5,C5,2024-01-05,10\n").encode()
    path = _write(tmp_path, "old.csv", data)
    result = ingest.import_path(ws, path, "orders", options=NOW)
    assert _quarantined(ws, result.import_id) == [(2, "date_before_floor"), (3, "date_before_floor"),
                                                  (4, "date_before_floor")]
    assert result.options["date_floor"] == "1990-01-01"  # the default of the setting
    monkeypatch.setenv("WORKBENCH_DATE_FLOOR", "2000-01-01")
    again = ingest.import_path(ws, path, "orders", mode="replace", options=NOW)
    assert again.by_reason == {"date_before_floor": 4}
    monkeypatch.setenv("WORKBENCH_DATE_FLOOR", "soon")
    with pytest.raises(WorkbenchError) as err:
        ingest.import_path(ws, path, "orders", mode="replace", options=NOW)
    assert err.value.key == "ingest.error.bad_setting" and "WORKBENCH_DATE_FLOOR" in err.value.text("en")


def test_huge_amounts_are_out_of_range_not_non_numeric(ws, tmp_path):
    data = (HEADER + "O1,C1,2024-01-05,1e308\nO2,C2,2024-01-05,12345678901234567890\nO3,C3,2024-01-05,n/a\n"
                     "O4,C4,2024-01-05,1e999\nO5,C5,2024-01-05,1000000000000000\nO6,C6,2024-01-05,123456789012.34\n").encode()
    result = ingest.import_path(ws, _write(tmp_path, "amounts.csv", data), "orders", options=NOW)
    assert _quarantined(ws, result.import_id) == [(2, "amount_out_of_range"), (3, "amount_out_of_range"),
                                                  (4, "non_numeric_amount"), (5, "amount_out_of_range"),
                                                  (6, "amount_out_of_range")]
    assert ws.scalar("SELECT amount FROM orders") == Decimal("123456789012.34")


def test_an_infinite_score_is_out_of_range(ws, tmp_path):
    data = b"customer_id,csat\nK1,1e999\nK2,4.5\n"
    result = ingest.import_path(ws, _write(tmp_path, "c.csv", data), "customers", options=NOW)
    assert _quarantined(ws, result.import_id) == [(2, "out_of_range")]


@pytest.mark.parametrize("name,make", [
    ("archive.csv", lambda: _zip_bytes()),
    ("binary.csv", lambda: bytes(range(256)) * 64),
    ("workbook.csv", lambda: b"PK\x03\x04" + b"\x14\x00" * 200),
    ("image.txt", lambda: b"\x89PNG\r\n\x1a\n" + bytes(500)),
])
def test_a_binary_file_named_like_text_is_not_a_text_file(ws, tmp_path, name, make):
    with pytest.raises(WorkbenchError) as err:
        ingest.import_path(ws, _write(tmp_path, name, make()), "orders", options=NOW)
    assert err.value.key == "ingest.error.not_text"
    assert "not a text file" in err.value.text("en") and "encoding" not in err.value.text("en")


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("orders.csv", HEADER + "O1,C1,2024-01-05,10\n")
    return buf.getvalue()


# -- one quarantine row per source row ---------------------------------------------------------------------

def test_a_line_with_two_parser_errors_is_one_row(ws, tmp_path):
    # line 3 has a quoted cell followed by text (one error) and too many cells (another): 3 rows, not 4
    data = (HEADER + 'O1,C1,2024-01-05,10\nO2,"C2"x,2024-01-05,10,extra,more\nO3,C3,2024-01-05,10\n').encode()
    result = ingest.import_path(ws, _write(tmp_path, "two.csv", data), "orders", options=NOW)
    assert (result.rows_read, result.rows_kept, result.rows_quarantined) == (3, 2, 1)
    assert _quarantined(ws, result.import_id) == [(3, "malformed_row")]
    rows = quarantine.quarantine_rows(ws, result.import_id, "en")
    assert rows["Detail"].tolist() == ["A quote is misplaced (text after a quoted value)"]


# -- identifiers -------------------------------------------------------------------------------------------

def test_identifiers_are_normalised_and_counted(ws, tmp_path):
    # five spellings of one customer id that look identical on screen, and one of another
    variants = ["C1", "\tC1", "C\u200b1", "Ｃ１", "C1\u3000"]
    nfd, nfc = unicodedata.normalize("NFD", "Zoë"), "Zoë"
    lines = [f"O{i},{v},2024-01-05,10" for i, v in enumerate(variants)] + [f"P1,{nfd},2024-01-05,1",
                                                                              f"P2,{nfc},2024-01-05,1"]
    result = ingest.import_path(ws, _write(tmp_path, "ids.csv", (HEADER + "\n".join(lines) + "\n").encode()),
                                "orders", options=NOW)
    assert result.rows_kept == 7
    assert ws.query("SELECT customer_id, count(*) AS n FROM orders GROUP BY 1 ORDER BY 1").values.tolist() == [
        ["C1", 5], [nfc, 2]]
    # tab, zero-width space, full-width letters, NFD; the trailing ideographic space was trimmed already
    assert result.normalised == {"customer_id": 4}
    assert json.loads(ws.scalar("SELECT source FROM imports"))["normalised"] == {"customer_id": 4}


def test_an_order_id_repeated_in_full_width_is_a_duplicate(ws, tmp_path):
    data = (HEADER + "O1,C1,2024-01-05,10\nＯ１,C2,2024-01-06,20\nO\u200b1,C3,2024-01-07,30\n").encode()
    result = ingest.import_path(ws, _write(tmp_path, "dup.csv", data), "orders", options=NOW)
    assert result.by_reason == {"duplicate_order_id": 2}
    assert _quarantined(ws, result.import_id) == [(3, "duplicate_order_id"), (4, "duplicate_order_id")]
    assert result.normalised == {"order_id": 2}


# -- the line screen ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("chunk", [1, 7, 64, 10_000])
def test_the_line_screen_finds_long_lines_across_chunks(chunk):
    # lines of 3, 12, 10, 0, 11 and 4 bytes with a limit of 10: the 12- and 11-byte lines are too long
    data = b"abc\n" + b"x" * 12 + b"\n" + b"y" * 10 + b"\n\n" + b"z" * 11 + b"\nlast"
    screen = textfiles.LineScreen(limit=10)
    for i in range(0, len(data), chunk):
        screen.feed(data[i:i + chunk])
    assert screen.finish() == [(4, 12), (29, 11)]
    tail = textfiles.LineScreen(limit=3)
    tail.feed(b"ab\nabcdef")
    assert tail.finish() == [(3, 6)]  # a last line without a line break


# -- the command line: exit status 2 with a message, or a summary; never a traceback ----------------------

def _broken_files(folder) -> dict[str, tuple[bytes, int]]:
    """Each broken file of this module, small, and the command's expected exit status."""
    rows = "".join(f"O{i:05d},C{i},2024-01-05,10\n" for i in range(3000))
    return {
        "mixed.csv": ((HEADER + "O1,张三,2024-01-05,10\n").encode() + "O2,李四,2024-01-06,20\n".encode("gbk"), 0),
        "crlf.csv": ((HEADER.replace("\n", "\r\n") + "O1,C1,2024-01-05,10\r\nO2,C2,2024-01-06,20\n").encode(), 0),
        "cell.csv": ((HEADER + f"O1,{'x' * 200_000},2024-01-05,10\n").encode(), 0),
        "quote.csv": ((HEADER + 'O1,"C1,2024-01-05,10\n' + rows).encode(), 0),
        "long.csv": ((HEADER + "O1,C1," + "y" * 3_000_000 + ",10\nO2,C2,2024-01-05,10\n").encode(), 0),
        "bomb.csv.gz": (gzip.compress(b"\0" * 5_000_000), 2),
        "archive.csv": (_zip_bytes(), 2),
    }


def test_the_command_line_never_shows_a_traceback(manager, home, tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    manager.create("cli")
    manager.close_all()
    app = Path(__file__).resolve().parents[2]
    for name, (data, status) in _broken_files(tmp_path).items():
        path = _write(tmp_path, name, data)
        proc = subprocess.run([sys.executable, "-m", "workbench", "import", str(path), "--workspace", "cli",
                               "--kind", "orders"], cwd=app, env=dict(os.environ, WORKBENCH_HOME=str(home)),
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == status, (name, proc.stderr)
        assert "Traceback" not in proc.stderr, name
        if status:
            assert proc.stderr.startswith("error: ") and "not a text file" in proc.stderr, name
        else:
            assert json.loads(proc.stdout)["rows_read"] >= 1, name


# -- found in review (2026-12-02) ----------------------------------------------------------------------------

def test_many_unterminated_quotes_each_get_their_own_working_copy(ws, tmp_path):
    # four lines open a quote and never close it (lines 2, 4, 6, 8), a good row after each: every repair
    # writes a new working copy (the third used to collide with the second: "File exists")
    data = (HEADER + "".join(f'Q{i},"C{i},2024-01-05,10\nO{i},C{i},2024-01-05,10\n' for i in range(4))).encode()
    result = ingest.import_path(ws, _write(tmp_path, "q4.csv", data), "orders", options=NOW)
    assert (result.rows_read, result.rows_kept, result.rows_quarantined) == (8, 4, 4)
    assert _quarantined(ws, result.import_id) == [(n, "unterminated_quote") for n in (2, 4, 6, 8)]
    assert sorted(ws.query("SELECT order_id FROM orders")["order_id"]) == ["O0", "O1", "O2", "O3"]


def test_two_unterminated_quotes_in_a_gbk_file(ws, tmp_path):
    # the transcoded copy is the first working copy, each quote repair another
    data = (HEADER + 'Q1,"张三,2024-01-05,10\nO1,李四,2024-01-05,10\nQ2,"王五,2024-01-05,10\n'
            "O2,赵六,2024-01-05,10\n").encode("gbk")
    result = ingest.import_path(ws, _write(tmp_path, "q_gbk.csv", data), "orders", options=NOW)
    assert (result.rows_kept, _quarantined(ws, result.import_id)) == (2, [(2, "unterminated_quote"),
                                                                          (4, "unterminated_quote")])
    assert _customers(ws) == ["李四", "赵六"]


def test_a_latin_1_file_is_read_as_latin_text_not_as_chinese(ws, tmp_path):
    # Peña, Straße, São in Latin-1: single high bytes between ASCII letters (F1, DF, E3); read as GB18030
    # they became 馻, 遝, 鉶 (GBK extension characters no Chinese export uses) with "3 imported", and the
    # statistical detector calls the sample Big5
    rows = "O1,Peña,2024-01-05,10\nO2,Straße,2024-01-07,5\nO3,São,2024-01-07,5\n"
    result = ingest.import_path(ws, _write(tmp_path, "latin.csv", (HEADER + rows).encode("latin-1")), "orders",
                                options=NOW)
    assert result.source["encoding"] in ("cp1252", "latin-1")
    assert _customers(ws) == ["Peña", "Straße", "São"]


def test_gbk_with_a_rare_name_is_still_gbk(ws, tmp_path):
    # 喆 and 堃 are outside GB2312 (GBK only), as rare names are; the rest of the text is common hanzi
    rows = "".join(f"O{i},{name},2024-01-05,10\n" for i, name in enumerate(
        ["张喆", "李堃", "王小明", "赵丽华", "陈建国", "刘芳", "杨洋", "黄晓东", "周杰", "吴敏"]))
    result = ingest.import_path(ws, _write(tmp_path, "gbk.csv", (HEADER + rows).encode("gbk")), "orders",
                                options=NOW)
    assert result.source["encoding"] == "gb18030" and _customers(ws)[:2] == ["张喆", "李堃"]


def test_a_lone_carriage_return_inside_a_cell_keeps_the_file_and_the_row(ws, tmp_path):
    # an LF file with one stray CR after an id (pasted from a spreadsheet): it is neither line end, so it
    # reads as a space the id's trim removes; the file used to be refused ("Cannot read: newlines")
    data = (HEADER + "O1,C1\r,2024-01-05,10\nO2,C2,2024-01-05,10\n").encode()
    result = ingest.import_path(ws, _write(tmp_path, "cr.csv", data), "orders", options=NOW)
    assert (result.rows_read, result.rows_kept) == (2, 2)
    assert _customers(ws) == ["C1", "C2"]


def test_a_file_with_old_mac_line_ends_and_one_lf(ws, tmp_path):
    # lines end in CR (classic Mac) but one in LF: the CRs are the line ends and stay line ends
    data = (HEADER.replace("\n", "\r") + "O1,C1,2024-01-05,10\rO2,C2,2024-01-05,10\nO3,C3,2024-01-06,10\r").encode()
    result = ingest.import_path(ws, _write(tmp_path, "mac.csv", data), "orders", options=NOW)
    assert (result.rows_read, result.rows_kept) == (3, 3)
    assert _customers(ws) == ["C1", "C2", "C3"]


def test_a_control_character_ending_an_id_is_removed(ws, tmp_path):
    # "C1<TAB>" and "C1<CR>" (a quoted cell) are the customer C1; they stayed separate customers
    data = (HEADER + 'O1,C1,2024-01-05,10\nO2,C1\t,2024-01-05,10\nO3,"C1\r",2024-01-05,10\n').encode()
    result = ingest.import_path(ws, _write(tmp_path, "tab.csv", data), "orders", options=NOW)
    assert _customers(ws) == ["C1", "C1", "C1"] and result.normalised == {"customer_id": 2}


def test_a_text_file_named_xlsx_is_said_to_be_no_excel_workbook(ws, tmp_path):
    path = _write(tmp_path, "fake.xlsx", (HEADER + "O1,C1,2024-01-05,10\n").encode())
    with pytest.raises(WorkbenchError) as err:
        ingest.import_path(ws, path, "orders", options=NOW)
    assert err.value.key == "ingest.error.not_excel"
    assert "File is not a zip file" not in err.value.text("zh") + err.value.text("en")


def test_a_broken_gzip_is_said_in_words(ws, tmp_path):
    whole = gzip.compress((HEADER + "O1,C1,2024-01-05,10\n" * 1000).encode())
    for name, data in (("cut.csv.gz", whole[: len(whole) // 2]), ("fake.csv.gz", b"not gzip at all\n")):
        with pytest.raises(WorkbenchError) as err:
            ingest.import_path(ws, _write(tmp_path, name, data), "orders", options=NOW)
        assert err.value.key == "ingest.error.bad_gzip", name
