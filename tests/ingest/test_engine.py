"""The import engine's guarantees: atomicity, re-import detection, append/replace, mappings, profiles.

Small files are written into ``tmp_path``; expected numbers are counted by hand from those few lines.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import duckdb
import pytest

from workbench import ingest
from workbench.core.errors import WorkbenchError
from workbench.core.store import WorkspaceManager
from workbench.ingest import parse_sql, profile, quarantine
from workbench.ingest.readers import detect_encoding, preview
from workbench.report import files

NOW = {"now": dt.datetime(2026, 11, 26, 12, 0)}
HEADER = "order_id,customer_id,order_ts,amount\n"


def _csv(tmp_path, name, body, header=HEADER, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes((header + body).encode(encoding))
    return path


def _state(ws):
    """Everything an import may touch, to compare before and after a failed one."""
    tables = ["orders", "customers", "survey", "imports", "quarantine", "column_mappings"]
    return {t: ws.row_count(t) for t in tables} | {"version": ws.data_version()}


def test_import_bumps_data_version_once_and_logs(ws, tmp_path):
    before = ws.data_version()
    path = _csv(tmp_path, "a.csv", "O1,C1,2024-01-05,10\nO2,,2024-01-06,5\n")
    result = ingest.import_path(ws, path, "orders", options=NOW)
    assert ws.data_version() == before + 1
    log = profile.import_log(ws).iloc[0]
    assert (log["file_name"], log["rows_read"], log["rows_kept"], log["rows_quarantined"], log["status"]) == \
        ("a.csv", 2, 1, 1, "active")
    assert result.by_reason == {"missing_customer_id": 1}
    assert result.import_id == log["import_id"]


@pytest.mark.parametrize("stage", ["validate", "write"])
def test_failure_mid_import_changes_nothing(ws, tmp_path, stage):
    ingest.import_path(ws, _csv(tmp_path, "first.csv", "O1,C1,2024-01-05,10\n"), "orders", options=NOW)
    before = _state(ws)

    def explode(current, fraction):
        if current == stage:
            raise RuntimeError("disk full")

    second = _csv(tmp_path, "second.csv", "O2,C2,2024-01-06,20\nO3,,2024-01-06,1\n", header="订单号,客户ID,日期,金额\n")
    for mode in ("append", "replace"):
        with pytest.raises(RuntimeError):
            ingest.import_path(ws, second, "orders", mode=mode, options=NOW, progress=explode)
        assert _state(ws) == before
    assert ws.query("SELECT order_id FROM orders")["order_id"].tolist() == ["O1"]


def test_same_file_again_is_asked_skipped_or_replaced(ws, tmp_path):
    first = _csv(tmp_path, "jan.csv", "O1,C1,2024-01-05,10\nO2,C2,2024-01-06,20\n")
    other = _csv(tmp_path, "feb.csv", "O3,C3,2024-02-05,30\n")
    one = ingest.import_path(ws, first, "orders", options=NOW)
    ingest.import_path(ws, other, "orders", options=NOW)

    with pytest.raises(WorkbenchError) as err:
        ingest.import_path(ws, first, "orders", options=NOW)
    assert err.value.key == "ingest.error.duplicate_file"
    assert err.value.params["import_id"] == one.import_id

    skipped = ingest.import_path(ws, first, "orders", options=NOW, on_duplicate_file="skip")
    assert skipped.status == "skipped" and ws.row_count("orders") == 3 and ws.row_count("imports") == 2

    again = ingest.import_path(ws, first, "orders", options=NOW, on_duplicate_file="replace")
    # The earlier import's rows were taken out before the duplicate-id check, so nothing is quarantined.
    assert (again.rows_kept, again.rows_quarantined) == (2, 0)
    assert sorted(ws.query("SELECT order_id FROM orders")["order_id"]) == ["O1", "O2", "O3"]
    statuses = dict(ws.query("SELECT import_id, status FROM imports").values.tolist())
    assert statuses[one.import_id] == "replaced" and statuses[again.import_id] == "active"


def test_same_content_under_another_name_is_recognised(ws, tmp_path):
    body = "O1,C1,2024-01-05,10\n"
    ingest.import_path(ws, _csv(tmp_path, "a.csv", body), "orders", options=NOW)
    with pytest.raises(WorkbenchError) as err:
        ingest.import_path(ws, _csv(tmp_path, "renamed.csv", body), "orders", options=NOW)
    assert err.value.params["earlier"] == "a.csv"


def test_append_quarantines_ids_already_stored_and_replace_starts_over(ws, tmp_path):
    ingest.import_path(ws, _csv(tmp_path, "a.csv", "O1,C1,2024-01-05,10\nO2,C2,2024-01-06,20\n"), "orders",
                       options=NOW)
    second = _csv(tmp_path, "b.csv", "O2,C2,2024-01-06,20\nO3,C3,2024-01-07,30\n")
    result = ingest.import_path(ws, second, "orders", options=NOW)
    assert result.by_reason == {"duplicate_order_id": 1}
    assert ws.scalar("SELECT row_number FROM quarantine WHERE import_id = ?", [result.import_id]) == 2
    assert ws.row_count("orders") == 3
    ingest.import_path(ws, _csv(tmp_path, "c.csv", "O9,C9,2024-03-01,5\n"), "orders", mode="replace", options=NOW)
    assert ws.query("SELECT order_id FROM orders")["order_id"].tolist() == ["O9"]
    assert set(ws.query("SELECT status FROM imports WHERE import_id < 3")["status"]) == {"replaced"}


def test_replace_mode_same_file_is_not_a_duplicate(ws, tmp_path):
    path = _csv(tmp_path, "a.csv", "O1,C1,2024-01-05,10\n")
    for _ in range(2):
        ingest.import_path(ws, path, "orders", mode="replace", options=NOW)
    assert ws.row_count("orders") == 1


def test_first_valid_occurrence_of_an_id_wins(ws, tmp_path):
    # Line 2 has a bad date, so line 3 (same id) is the first valid one and is kept; line 4 repeats it.
    path = _csv(tmp_path, "d.csv", "O1,C1,bad,10\nO1,C1,2024-01-05,10\nO1,C1,2024-01-06,11\n")
    ingest.import_path(ws, path, "orders", options=NOW)
    assert ws.scalar("SELECT amount FROM orders") == Decimal("10.00")
    rows = ws.query("SELECT row_number, reason FROM quarantine ORDER BY 1").values.tolist()
    assert rows == [[2, "ingest.reason.unparseable_date"], [4, "ingest.reason.duplicate_order_id"]]


def test_mapping_is_saved_and_reused_for_the_same_headers(ws, tmp_path):
    header = "x1,x2,x3,x4\n"
    path = _csv(tmp_path, "odd.csv", "C1,2024-01-05,10,O1\n", header=header)
    mapping = {"customer_id": "x1", "order_ts": "x2", "amount": "x3", "order_id": "x4"}
    ingest.import_path(ws, path, "orders", mapping=mapping, options=NOW)
    suggestion = ingest.suggest_mapping("orders", ["x1", "x2", "x3", "x4"], ws=ws)
    assert dict(suggestion) == mapping and set(suggestion.how.values()) == {"saved"}
    # The command line (no mapping given) picks the saved mapping up for next month's file.
    nxt = _csv(tmp_path, "odd2.csv", "C2,2024-02-05,20,O2\n", header=header)
    assert ingest.import_path(ws, nxt, "orders", options=NOW).mapping == mapping


def test_suggestions_from_chinese_and_english_headers():
    cols = ["会员号", "Order No.", "下单时间", "实付金额(元)", "门店城市", "备注"]
    s = ingest.suggest_mapping("orders", cols)
    assert dict(s) == {"order_id": "Order No.", "customer_id": "会员号", "order_ts": "下单时间",
                       "amount": "实付金额(元)", "city": "门店城市"}
    assert ingest.suggest_mapping("orders", ["Customer ID", "Order Date", "Revenue"]) == {
        "customer_id": "Customer ID", "order_ts": "Order Date", "amount": "Revenue"}
    # a header that names the customer in one kind of file names it in every kind
    for kind in ("orders", "customers", "survey"):
        assert ingest.suggest_mapping(kind, ["买家ID", "Buyer ID"]).get("customer_id") == "买家ID", kind


def test_suggestions_from_content_when_headers_say_nothing():
    import pandas as pd

    sample = pd.DataFrame({"客户": ["C1", "C2", "C3"], "a": ["17", "18", "19"],
                           "b": ["2024/1/5 10:00", "2024/1/6", "2024年1月7日"], "c": ["12.50", "¥8.00", "1,200.00"]})
    s = ingest.suggest_mapping("orders", list(sample.columns), sample)
    assert s["order_ts"] == "b" and s["amount"] == "c"
    assert s.how["order_ts"] == "content"


def test_mapping_errors_name_the_problem():
    with pytest.raises(WorkbenchError) as err:
        ingest.validate_mapping("orders", ["a", "b"], {"customer_id": "a", "amount": "b"})
    assert err.value.key == "ingest.error.missing_required" and err.value.params["fields"] == "order_ts"
    with pytest.raises(WorkbenchError) as err:
        ingest.validate_mapping("orders", ["a"], {"customer_id": "zzz"})
    assert err.value.key == "ingest.error.unknown_column"
    assert "zzz" in err.value.text("en") and "zzz" in err.value.text("zh")


@pytest.mark.parametrize("name,key", [("old.xls", "ingest.error.xls_legacy"),
                                      ("notes.docx", "ingest.error.unsupported_format")])
def test_unsupported_files_are_refused_clearly(ws, tmp_path, name, key):
    (tmp_path / name).write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(WorkbenchError) as err:
        ingest.import_path(ws, tmp_path / name, "orders")
    assert err.value.key == key
    assert err.value.text("zh") != err.value.text("en")


def test_bad_arguments(ws, tmp_path):
    path = _csv(tmp_path, "a.csv", "O1,C1,2024-01-05,10\n")
    for kwargs, key in [({"kind": "invoices"}, "ingest.error.unknown_kind"),
                        ({"kind": "orders", "mode": "merge"}, "ingest.error.bad_option"),
                        ({"kind": "orders", "options": {"negative_amounts": "drop"}}, "ingest.error.bad_option")]:
        with pytest.raises(WorkbenchError) as err:
            ingest.import_path(ws, path, **kwargs)
        assert err.value.key == key


def test_title_line_above_the_header_in_csv(ws, tmp_path):
    path = _csv(tmp_path, "t.csv", "订单导出 2024年1月\n\norder_id,customer_id,order_ts,amount\nO1,C1,2024-01-05,1\n"
                "O2,C2,never,2\n", header="")
    src, frame = preview(path)
    assert src.header_line == 3 and list(frame.columns) == ["order_id", "customer_id", "order_ts", "amount"]
    assert frame["order_id"].tolist() == ["O1", "O2"]
    ingest.import_path(ws, path, "orders", options=NOW)
    assert ws.scalar("SELECT row_number FROM quarantine") == 5


def test_large_gbk_file_transcodes_across_chunk_boundaries(ws, tmp_path):
    # 40,000 rows of Chinese text (~1.6 MB in GBK) so multi-byte characters straddle the 1 MB chunks.
    body = "".join(f"O{i},客户{i},2024-01-05 10:00:00,{i % 100}.50,线上商城渠道\n" for i in range(40000))
    path = _csv(tmp_path, "big.csv", body, header="订单号,客户ID,下单时间,实付金额,渠道\n", encoding="gbk")
    result = ingest.import_path(ws, path, "orders", options=NOW)
    assert (result.rows_kept, result.rows_quarantined) == (40000, 0)
    assert ws.scalar("SELECT count(*) FROM orders WHERE channel = '线上商城渠道'") == 40000
    assert ws.scalar("SELECT customer_id FROM orders WHERE order_id = 'O39999'") == "客户39999"
    # sum of (i % 100) + 0.5 over 40,000 rows = 400 * (0 + ... + 99) + 20,000 = 1,980,000 + 20,000
    assert ws.scalar("SELECT sum(amount) FROM orders") == Decimal("2000000.00")


def test_encoding_detection():
    assert detect_encoding("客户ID,金额\n张三,12\n".encode("gbk")) == "gb18030"
    assert detect_encoding("\ufeffa,b\n".encode("utf-8")) == "utf-8-sig"
    assert detect_encoding("a,b\n1,2\n".encode("utf-16-le")) == "utf-16-le"
    assert detect_encoding("客户,金额\n".encode()) == "utf-8"


@pytest.mark.parametrize("text,expected", [
    ("1234.5", 1234.5), ("￥1,234.50", 1234.5), ("1 234,50 €", 1234.5), ("1.234,50", 1234.5),
    ("(12.00)", -12.0), ("-¥12.30", -12.3), ("RMB 12", 12.0), ("12元", 12.0), ("12,5", 12.5),
    ("1,234", 1234.0), ("abc", None), ("12abc", None), ("nan", None), ("=1+2", None),
])
def test_money_forms(text, expected):
    sql = f"SELECT {parse_sql.money_sql('v')} FROM (SELECT ?::VARCHAR AS v)"
    value = duckdb.connect().execute(sql, [text]).fetchone()[0]
    assert value == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize("text,order,expected", [
    ("2024-01-05", None, dt.datetime(2024, 1, 5)), ("2024/1/5 7:05", None, dt.datetime(2024, 1, 5, 7, 5)),
    ("2024.1.5", None, dt.datetime(2024, 1, 5)), ("20240105", None, dt.datetime(2024, 1, 5)),
    ("2024年1月5日", None, dt.datetime(2024, 1, 5)), ("2024年1月5日 8时30分", None, dt.datetime(2024, 1, 5, 8, 30)),
    ("05.01.2024", "dmy", dt.datetime(2024, 1, 5)), ("05.01.2024", "mdy", dt.datetime(2024, 5, 1)),
    ("05.01.2024", None, None), ("45296", None, dt.datetime(2024, 1, 5)),
    ("45296.75", None, dt.datetime(2024, 1, 5, 18)), ("2024-02-30", None, None), ("soon", None, None),
])
def test_date_forms(text, order, expected):
    sql = f"SELECT {parse_sql.timestamp_sql('v', order)} FROM (SELECT ?::VARCHAR AS v)"
    assert duckdb.connect().execute(sql, [text]).fetchone()[0] == expected


def test_profile_numbers_and_delete(ws, tmp_path):
    # Two customers; January: 10 + 20 (refund -5 not an order); February: 30. Revenue 10+20-5+30 = 55.
    path = _csv(tmp_path, "p.csv", "O1,C1,2024-01-05,10\nO2,C2,2024-01-20,20\nR1,C2,2024-01-21,-5\n"
                "O3,C1,2024-02-01,30\n")
    ingest.import_path(ws, path, "orders", options=NOW)
    p = profile.orders_profile(ws)
    assert (p["rows"], p["customers"], p["revenue"], p["refunds"]) == (4, 2, 55.0, -5.0)
    assert p["first"] == dt.datetime(2024, 1, 5) and p["last"] == dt.datetime(2024, 2, 1)
    months = profile.orders_by_month(ws)
    assert months["orders"].tolist() == [2, 1] and months["revenue"].tolist() == [25.0, 30.0]
    missing = profile.missing_by_column(ws, "orders").set_index("column")
    assert missing.loc["channel", "missing"] == 4 and missing.loc["amount", "missing"] == 0
    assert profile.delete_dataset(ws, "orders") == 4
    assert ws.row_count("orders") == 0
    assert profile.import_log(ws)["status"].tolist() == ["deleted"]
    ingest.import_path(ws, path, "orders", options=NOW)  # no longer a duplicate: its rows are gone
    assert ws.row_count("orders") == 4


def test_quarantine_download_is_translated_and_defused(ws, tmp_path):
    path = _csv(tmp_path, "q.csv", "O1,=cmd|' /C calc'!A0,2099-01-01,10\n")
    result = ingest.import_path(ws, path, "orders", options=NOW)
    summary = quarantine.quarantine_summary(ws, result.import_id, "zh")
    assert summary.values.tolist() == [["日期在未来", 1]]
    data = files.csv_bytes(quarantine.quarantine_rows(ws, result.import_id, "en")).decode("utf-8")
    assert data.startswith("\ufeff")
    assert next(csv.reader(io.StringIO(data[1:]))) == ["Row", "Reason", "Detail", "order_id", "customer_id",
                                                        "order_ts", "amount"]
    assert "Date in the future" in data and "'=cmd|" in data
    stored = json.loads(ws.scalar("SELECT raw FROM quarantine"))
    assert stored["customer_id"] == "=cmd|' /C calc'!A0"  # the stored row itself is unchanged


def test_demo_sample_data_imports_quickly(tmp_path):
    from workbench.demo import SAMPLE_DIR, SAMPLE_FILES, load_sample_data

    if not all((SAMPLE_DIR / f).is_file() for f in SAMPLE_FILES.values()):
        pytest.fail("sample_data/ files are missing; run sample_data/generate.py")
    mgr = WorkspaceManager(tmp_path / "demo")
    ws = mgr.create("demo")
    started = dt.datetime.now()
    load_sample_data(ws, SAMPLE_DIR)
    assert (dt.datetime.now() - started).total_seconds() < 20
    assert ws.scalar("SELECT sum(rows_quarantined) FROM imports") == 0
    assert ws.row_count("orders") > 10000 and ws.row_count("customers") > 1000 and ws.row_count("survey") > 100
    mgr.close_all()


def test_append_checks_composite_and_customer_keys_against_stored_rows(ws, tmp_path):
    survey_header = "respondent_id,attribute,importance\n"
    ingest.import_path(ws, _csv(tmp_path, "s1.csv", "R1,价格,6\nR1,口味,7\n", header=survey_header), "survey")
    # R1/价格 is already stored; R2/价格 and R1/服务 are new pairs even though each part was seen before.
    result = ingest.import_path(ws, _csv(tmp_path, "s2.csv", "R1,价格,5\nR2,价格,4\nR1,服务,3\n",
                                         header=survey_header), "survey")
    assert (result.rows_kept, result.by_reason) == (2, {"duplicate_response": 1})
    assert ws.scalar("SELECT detail FROM quarantine WHERE import_id = ?", [result.import_id]) == "R1 / 价格"
    customers = "customer_id,city\n"
    ingest.import_path(ws, _csv(tmp_path, "c1.csv", "K1,上海\n", header=customers), "customers")
    again = ingest.import_path(ws, _csv(tmp_path, "c2.csv", "K2,北京\nK1,杭州\n", header=customers), "customers")
    assert again.by_reason == {"duplicate_customer_id": 1}
    assert ws.query("SELECT customer_id, city FROM customers ORDER BY 1").values.tolist() == [["K1", "上海"],
                                                                                             ["K2", "北京"]]


def test_charts_carry_the_data_and_translated_titles(ws, tmp_path):
    from workbench.ingest import charts

    path = _csv(tmp_path, "c.csv", "O1,C1,2024-01-05,10\nO2,C2,2024-01-20,20\nO3,C1,2024-02-01,30\n")
    ingest.import_path(ws, path, "orders", options=NOW)
    chart = charts.orders_over_time_chart(profile.orders_by_month(ws), "zh").to_dict()
    assert chart["title"] == "每月订单数"
    assert chart["encoding"]["y"]["title"] == "订单数" and chart["encoding"]["x"]["title"] == "月份"
    # orders are whole numbers: no "0.5" or "1.0" ticks on a small file
    assert chart["encoding"]["y"]["axis"]["format"] == ",d" and chart["encoding"]["y"]["axis"]["tickMinStep"] == 1
    frame = charts.orders_over_time_chart(profile.orders_by_month(ws), "en").data
    assert frame.values.tolist() == [["2024-01", 2], ["2024-02", 1]]  # January: O1, O2; February: O3
    missing = charts.missing_chart(profile.missing_by_column(ws, "orders"), "en").data.set_index("Column")
    assert missing.loc["Channel", "Share missing"] == 1.0 and missing.loc["Amount", "Share missing"] == 0.0
    # every field named as the mapping names it, in the user's language, every label drawn
    zh = charts.missing_chart(profile.missing_by_column(ws, "orders"), "zh")
    assert "渠道" in set(zh.data.iloc[:, 0]) and "channel" not in set(zh.data.iloc[:, 0])
    assert zh.to_dict()["encoding"]["y"]["axis"]["labelOverlap"] is False


def test_drop_folder_lists_importable_files_and_refuses_escapes(tmp_path):
    from workbench.ingest import uploads

    folder = uploads.drop_folder(tmp_path)
    for name in ("b.csv", "a.xlsx", "notes.docx", ".hidden.csv"):
        (folder / name).write_text("x")
    (tmp_path / "secret.csv").write_text("x")
    assert [p.name for p in uploads.server_files(tmp_path)] == ["a.xlsx", "b.csv"]
    assert uploads.resolve_server_file(tmp_path, "b.csv") == folder / "b.csv"
    for bad in ("../secret.csv", str(tmp_path / "secret.csv"), "notes.docx", "missing.csv"):
        with pytest.raises(WorkbenchError) as err:
            uploads.resolve_server_file(tmp_path, bad)
        assert err.value.key == "ingest.error.path_not_allowed"


def test_uploads_are_saved_with_their_extension_and_discarded(tmp_path, monkeypatch):
    import io
    import os
    import tempfile

    from workbench.ingest import uploads

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    stale = tmp_path / "workbench-upload-old"
    stale.mkdir()
    os.utime(stale, (0, 0))  # left behind long ago: pruned by the next upload

    path = uploads.save_upload(io.BytesIO(b"a,b\n1,2\n"), "../客户 订单.csv.gz")
    assert path.name.endswith(".csv.gz") and "/" not in path.name and path.read_bytes() == b"a,b\n1,2\n"
    assert not stale.exists() and path.parent.parent == tmp_path
    uploads.discard_upload(path)
    assert not path.exists() and not path.parent.exists()


def test_row_numbers_stay_exact_on_a_file_read_in_parallel(ws, tmp_path):
    # ~40 MB, so DuckDB splits the scan across threads; bad rows planted at known data rows.
    path = tmp_path / "big.csv"
    bad = {3: "", 250_001: "", 599_999: ""}  # data row -> empty customer id
    duckdb.connect().execute(
        f"COPY (SELECT 'O' || i AS order_id, CASE WHEN i IN ({', '.join(map(str, bad))}) THEN NULL ELSE 'C' || i END "
        f"AS customer_id, '2024-01-05 10:00:00' AS order_ts, '12.50' AS amount, repeat('x', 30) AS note "
        f"FROM range(1, 600001) t(i)) TO '{path}' (HEADER)"
    )
    assert path.stat().st_size > 35e6
    result = ingest.import_path(ws, path, "orders", options=NOW)
    assert (result.rows_kept, result.rows_quarantined) == (600_000 - 3, 3)
    # data row k is line k + 1 (the header is line 1)
    assert ws.query("SELECT row_number FROM quarantine ORDER BY 1")["row_number"].tolist() == [4, 250_002, 600_000]
    assert ws.scalar("SELECT count(*) FROM orders WHERE order_id = 'O600000'") == 1


def test_excel_cells_under_a_blank_header_are_kept(ws, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.append(["customer_id", "order_ts", "amount", None])
    sheet.append(["C1", "2024-01-05", 5, "note kept"])
    sheet.append([None, "2024-01-06", 6, "why bad"])
    wb.save(tmp_path / "x.xlsx")
    src, frame = preview(tmp_path / "x.xlsx")
    assert src.columns == ["customer_id", "order_ts", "amount", "column_4"]
    ingest.import_path(ws, tmp_path / "x.xlsx", "orders", options=NOW)
    assert json.loads(ws.scalar("SELECT raw FROM quarantine")) == {
        "customer_id": None, "order_ts": "2024-01-06", "amount": "6", "column_4": "why bad"}
    assert ws.scalar("SELECT row_number FROM quarantine") == 3


def test_a_refund_may_share_its_order_id(ws, tmp_path):
    # O1 and its refund share the id; a second positive O1 line is a repeat, and so is a second refund.
    path = _csv(tmp_path, "r.csv", "O1,C1,2024-01-05,30\nO1,C1,2024-01-07,-30\nO1,C1,2024-01-08,30\n"
                "O1,C1,2024-01-09,-30\n")
    result = ingest.import_path(ws, path, "orders", options=NOW)
    assert (result.rows_kept, result.by_reason) == (2, {"duplicate_order_id": 2})
    assert ws.query("SELECT row_number, detail FROM quarantine ORDER BY 1").values.tolist() == [[4, "O1"], [5, "O1"]]
    # Appending the refund again later is a repeat of the stored refund.
    again = ingest.import_path(ws, _csv(tmp_path, "r2.csv", "O1,C1,2024-01-07,-30\n"), "orders", options=NOW)
    assert again.by_reason == {"duplicate_order_id": 1}


def test_repeated_keys_with_awkward_header_names(ws, tmp_path):
    # Rows whose key repeats are re-read from their stored cells: quotes and spaces in headers must survive.
    header = "Order No.,Customer's ID,\"Amount \"\"net\"\"\",日期 (本地)\n"
    path = _csv(tmp_path, "q.csv", "A1,C1,\"1,000.50\",2024-01-05\nA1,C2,7,2024-01-06\nA2,C3,8,2024-01-07\n",
                header=header)
    mapping = {"order_id": "Order No.", "customer_id": "Customer's ID", "amount": 'Amount "net"',
               "order_ts": "日期 (本地)"}
    result = ingest.import_path(ws, path, "orders", mapping=mapping, options=NOW)
    assert (result.rows_kept, result.by_reason) == (2, {"duplicate_order_id": 1})
    with ws.cursor() as cur:
        rows = cur.execute("SELECT order_id, customer_id, amount, order_ts FROM orders ORDER BY 1").fetchall()
    assert rows == [("A1", "C1", Decimal("1000.50"), dt.datetime(2024, 1, 5)),
                    ("A2", "C3", Decimal("8.00"), dt.datetime(2024, 1, 7))]


# Rows as Excel numbers them (header row 1, blank lines counted, a quoted cell spanning lines is one row):
#   1 header | 2 o1 | 3 blank | 4 o2 | 5 o3, whose note holds a line break and a blank line | 6 o4 (bad date)
#   7 blank | 8 blank | 9 o5 (too many cells) | 10 o6 ("n/a" amount) | 11 o1 again (repeated id)
ROWS_WITH_GAPS = (
    "o1,A,2024-01-01,10,\n"
    "\n"
    "o2,B,2024-01-02,20,\n"
    'o3,C,2024-01-03,30,"two\n\nlines"\n'
    "o4,D,someday,40,\n"
    "\n"
    "\n"
    "o5,E,2024-01-05,50,,extra\n"
    "o6,F,2024-01-06,n/a,\n"
    "o1,G,2024-01-07,70,\n"
)
ROWS_WITH_GAPS_EXPECTED = [(6, "ingest.reason.unparseable_date"), (9, "ingest.reason.malformed_row"),
                           (10, "ingest.reason.non_numeric_amount"), (11, "ingest.reason.duplicate_order_id")]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_row_numbers_count_blank_lines_and_cells_spanning_lines(ws, tmp_path, newline):
    body = ROWS_WITH_GAPS.replace("\n", newline)
    path = _csv(tmp_path, "gaps.csv", body, header=HEADER.strip() + ",note" + newline)
    result = ingest.import_path(ws, path, "orders", options=NOW)
    assert (result.rows_kept, result.rows_quarantined) == (3, 4)
    shown = ws.query("SELECT row_number, reason FROM quarantine ORDER BY 1")
    assert list(shown.itertuples(index=False, name=None)) == ROWS_WITH_GAPS_EXPECTED


def test_blank_rows_are_found_in_plain_gzipped_and_title_lined_files(tmp_path):
    import gzip

    from workbench.ingest.readers import blank_rows, open_source

    header = HEADER.strip() + ",note\n"
    plain = _csv(tmp_path, "gaps.csv", ROWS_WITH_GAPS, header=header)
    zipped = tmp_path / "gaps.csv.gz"
    zipped.write_bytes(gzip.compress(plain.read_bytes()))
    titled = _csv(tmp_path, "titled.csv", ROWS_WITH_GAPS, header="2024 年订单导出\n\n" + header)
    clean = _csv(tmp_path, "clean.csv", 'o1,A,2024-01-01,10,"a\n\nb"\n', header=header)  # blank line inside quotes
    with open_source(plain) as src:
        assert blank_rows(src) == [3, 7, 8]
    with open_source(zipped) as src:
        assert blank_rows(src) == [3, 7, 8]
    with open_source(titled) as src:  # two lines above the header: every row two further down
        assert src.header_line == 3 and blank_rows(src) == [5, 9, 10]
    with open_source(clean) as src:
        assert blank_rows(src) == []


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_blank_line_across_the_search_blocks_is_found(tmp_path, newline):
    from workbench.ingest import readers

    block = readers._SAMPLE_BYTES * 16  # the byte search reads the file in blocks of this size
    header, line = "id,amount" + newline, "x,1" + newline
    first = header + line * ((block - len(header)) // len(line))
    first += "y" * (block - len(first) - len(newline)) + newline  # the first block ends on a line break
    path = tmp_path / "edge.csv"
    path.write_bytes((first + newline + line).encode())  # ... and the second begins with one: a blank line
    assert readers._has_blank_line(path)
    path.write_bytes((first + line).encode())
    assert not readers._has_blank_line(path)


def test_day_first_dates_below_the_sample_are_read_as_at_the_top(ws, tmp_path):
    # 300 ISO rows, then two day-first dates: the first rows show no such form, yet 13/01/2024 can only be
    # 13 January, so 05/02/2024 is 5 February -- as when the same rows stand at the top of the file
    iso = "".join(f"o{i},C{i},2024-01-{1 + i % 28:02d},10\n" for i in range(300))
    path = _csv(tmp_path, "late.csv", iso + "d1,D,13/01/2024,10\nd2,E,05/02/2024,20\n")
    result = ingest.import_path(ws, path, "orders", options=NOW)
    assert (result.rows_kept, result.rows_quarantined) == (302, 0)
    assert result.options["date_order"] == {"order_ts": "dmy"}
    days = ws.query("SELECT order_id, CAST(order_ts AS DATE) AS d FROM orders WHERE order_id IN ('d1', 'd2') "
                    "ORDER BY 1")["d"].astype(str).tolist()
    assert days == ["2024-01-13", "2024-02-05"]
    # only forms that fit both orders further down: the user is asked, as for the top of a file
    path = _csv(tmp_path, "late_ambiguous.csv", iso + "d3,F,05/01/2024,10\n")
    with pytest.raises(WorkbenchError) as err:
        ingest.import_path(ws, path, "orders", options=NOW)
    assert err.value.key == "ingest.error.ambiguous_date_order"


def _quarantine_text(ws, import_id: int, lang: str) -> str:
    """The quarantine download as the page offers it, decoded."""
    return files.csv_bytes(quarantine.quarantine_rows(ws, import_id, lang)).decode("utf-8-sig")


def test_quarantine_download_speaks_the_users_language_and_repeats_no_header(ws, tmp_path):
    path = _csv(tmp_path, "gaps.csv", ROWS_WITH_GAPS, header=HEADER.strip() + ",note\n")
    result = ingest.import_path(ws, path, "orders", options=NOW)
    rows = list(csv.reader(io.StringIO(_quarantine_text(ws, result.import_id, "zh"))))
    assert rows[0][:3] == ["行号", "原因", "详情"]
    malformed = next(r for r in rows[1:] if r[0] == "9")
    # DuckDB's "TOO MANY COLUMNS" in the user's words; the row's text without the blank lines above it
    assert malformed[1:3] == ["列数与表头不符", "单元格比表头多"]
    assert malformed[-1] == "o5,E,2024-01-05,50,,extra"
    # a source column called like a fixed one ("Reason" in English) keeps its values under another name
    clash = _csv(tmp_path, "clash.csv", "o1,A,someday,10,late\n",
                 header="order_id,customer_id,order_ts,amount,Reason\n")
    other = ingest.import_path(ws, clash, "orders", options=NOW)
    head, row = list(csv.reader(io.StringIO(_quarantine_text(ws, other.import_id, "en"))))
    assert head == ["Row", "Reason", "Detail", "order_id", "customer_id", "order_ts", "amount", "Reason (source)"]
    assert row[1] == "Unparseable date" and row[-1] == "late"


def test_a_file_of_an_unreadable_type_is_refused_before_it_is_read(ws, tmp_path, monkeypatch):
    from workbench.ingest import engine

    def no_hashing(*args, **kwargs):
        raise AssertionError("the whole file was hashed before its type was checked")

    monkeypatch.setattr(engine, "file_hash", no_hashing)
    path = tmp_path / "orders.docx"
    path.write_bytes(b"x" * 1000)
    with pytest.raises(WorkbenchError) as err:
        ingest.import_path(ws, path, "orders", options=NOW)
    assert err.value.key == "ingest.error.unsupported_format"


def test_parquet_has_no_header_line_in_the_preview_and_the_import_alike(ws, tmp_path):
    from workbench.ingest.readers import open_source

    path = tmp_path / "o.parquet"
    duckdb.connect().execute(f"COPY (SELECT 'o1' AS order_id, 'C1' AS customer_id, '2024-01-05' AS order_ts, "
                             f"'n/a' AS amount) TO '{path}' (FORMAT parquet)")
    detected, _ = preview(path)
    with open_source(path) as src:
        assert detected.header_line == src.header_line == 0
    result = ingest.import_path(ws, path, "orders", options=NOW)
    assert result.source["header_line"] == 0
    assert ws.scalar("SELECT row_number FROM quarantine") == 1  # the first data row is row 1


def test_the_negative_amount_choice_is_a_checked_workspace_setting(ws):
    assert ingest.default_options(ws)["negative_amounts"] == "refund"
    ingest.set_negative_amounts(ws, "quarantine")
    assert ingest.default_options(ws)["negative_amounts"] == "quarantine"
    with pytest.raises(WorkbenchError) as err:
        ingest.set_negative_amounts(ws, "ignore")
    assert err.value.key == "ingest.error.bad_option"
    assert ingest.default_options(ws)["negative_amounts"] == "quarantine"
