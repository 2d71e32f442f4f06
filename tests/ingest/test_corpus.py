"""The crafted import corpus: for every file, exactly which rows are kept and which are quarantined, and why.

The files are written by ``tests/ingest/corpus/make_corpus.py``; each expectation below was worked out by
reading the file by hand (the comments in ``make_corpus.py`` give the reasoning row by row). Row numbers are
lines in the file (or rows of the sheet), with the header line counted.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from workbench import ingest
from workbench.core.errors import WorkbenchError
from workbench.core.store import WorkspaceManager

CORPUS = Path(__file__).parent / "corpus"
NOW = dt.datetime(2026, 11, 26, 12, 0)


@pytest.fixture
def ws(tmp_path):
    mgr = WorkspaceManager(tmp_path)
    yield mgr.create("corpus")
    mgr.close_all()


def _run(ws, name, kind="orders", **options):
    return ingest.import_path(ws, CORPUS / name, kind=kind, options={"now": NOW, **options})


def _quarantine(ws):
    frame = ws.query("SELECT row_number, reason FROM quarantine ORDER BY row_number")
    return [(int(r), k.removeprefix("ingest.reason.")) for r, k in zip(frame["row_number"], frame["reason"])]


def _rows(ws, sql):
    with ws.cursor() as cur:
        return cur.execute(sql).fetchall()


def _orders(ws):
    return _rows(ws, "SELECT order_id, customer_id, order_ts, amount FROM orders ORDER BY order_ts, customer_id")


def test_gbk_chinese_headers_every_reason(ws):
    result = _run(ws, "orders_gbk_zh.csv")
    assert result.source["encoding"] == "gb18030"
    assert result.mapping == {"order_id": "订单号", "customer_id": "客户ID", "order_ts": "下单时间",
                              "amount": "实付金额", "channel": "渠道"}
    assert (result.rows_read, result.rows_kept, result.rows_quarantined) == (10, 3, 7)
    assert _orders(ws) == [
        ("A001", "C1", dt.datetime(2024, 1, 5), Decimal("1234.50")),      # ￥1,234.50
        ("A002", "C2", dt.datetime(2024, 1, 6, 13, 45), Decimal("88.00")),  # 2024年1月6日 13时45分
        ("A007", "C1", dt.datetime(2024, 1, 10), Decimal("-50.00")),        # refund kept by default
    ]
    assert _quarantine(ws) == [
        (4, "missing_customer_id"), (5, "unparseable_date"), (6, "future_date"), (7, "non_numeric_amount"),
        (8, "duplicate_order_id"), (10, "missing_amount"), (11, "missing_order_ts"),
    ]
    assert ws.scalar("SELECT channel FROM orders WHERE order_id = 'A002'") == "小程序"
    raw = {r: json.loads(j) for r, j in _rows(ws, "SELECT row_number, raw FROM quarantine")}
    assert raw[8] == {"订单号": "A001", "客户ID": "C5", "下单时间": "2024-01-09", "实付金额": "20", "渠道": "门店"}
    assert raw[7]["实付金额"] == "十元" and raw[4]["客户ID"] is None
    details = dict(_rows(ws, "SELECT row_number, detail FROM quarantine"))
    assert (details[5], details[8]) == ("order_ts: 昨天", "A001")


def test_negative_amounts_quarantined_when_chosen(ws):
    result = _run(ws, "orders_gbk_zh.csv", negative_amounts="quarantine")
    assert result.rows_kept == 2
    assert result.by_reason["negative_amount"] == 1
    assert (9, "negative_amount") in _quarantine(ws)
    assert json.loads(ws.scalar("SELECT options FROM imports"))["negative_amounts"] == "quarantine"


def test_bom_semicolon_european_amounts_day_first(ws):
    result = _run(ws, "orders_bom_semicolon.csv")
    assert result.source["delimiter"] == ";"
    assert result.options["date_order"] == {"order_ts": "dmy"}  # decided by 13.01.2024
    assert _orders(ws) == [
        ("X1", "K1", dt.datetime(2024, 1, 5), Decimal("1234.50")),          # 05.01.2024, 1 234,50 €
        ("X2", "K2", dt.datetime(2024, 1, 13, 10, 30), Decimal("12.50")),   # 12,5
        ("X3", "K3", dt.datetime(2024, 2, 1), Decimal("-12.00")),           # (12.00)
    ]
    assert _quarantine(ws) == [(5, "unparseable_date")]                    # 30 February


def test_utf16_tabs_month_first_and_excel_serial(ws):
    result = _run(ws, "orders_utf16.txt")
    assert result.source["encoding"].startswith("utf-16")
    assert result.source["delimiter"] == "\t"
    assert result.options["date_order"] == {"order_ts": "mdy"}  # decided by 01/13/2024
    assert _orders(ws) == [
        (None, "U3", dt.datetime(2024, 1, 5), Decimal("7.00")),             # serial 45296
        (None, "U1", dt.datetime(2024, 1, 13), Decimal("1000.00")),          # $1,000.00
        (None, "U2", dt.datetime(2024, 2, 1, 9, 15), Decimal("5.00")),
        (None, "客户甲", dt.datetime(2024, 3, 1), Decimal("8.80")),
    ]
    assert _quarantine(ws) == []


def test_ambiguous_day_month_asks_then_follows_the_choice(ws):
    with pytest.raises(WorkbenchError) as err:
        _run(ws, "orders_ambiguous.csv")
    assert err.value.key == "ingest.error.ambiguous_date_order"
    assert err.value.params["example"] == "05/01/2024"
    assert ws.row_count("orders") == 0 and ws.row_count("imports") == 0
    _run(ws, "orders_ambiguous.csv", date_order="dmy")
    assert [r[2] for r in _orders(ws)] == [dt.datetime(2024, 1, 5), dt.datetime(2024, 2, 6)]
    ingest.import_path(ws, CORPUS / "orders_ambiguous.csv", kind="orders", mode="replace",
                       options={"date_order": "mdy", "now": NOW})
    assert [r[2] for r in _orders(ws)] == [dt.datetime(2024, 5, 1), dt.datetime(2024, 6, 2)]


def test_formula_like_text_is_stored_verbatim(ws):
    _run(ws, "orders_formulas.csv")
    rows = ws.query("SELECT order_id, customer_id, amount, channel, city, category FROM orders ORDER BY 1")
    assert rows.iloc[0].tolist() == ["F1", "C1", Decimal("10.00"), "=1+2", "+86 138", "@SUM(A1:A2)"]
    assert rows.iloc[1].tolist() == ["F2", "-C2", Decimal("-10.00"), '=HYPERLINK("http://evil","x")', "-", "@"]


def test_malformed_rows_keep_true_line_numbers(ws):
    result = _run(ws, "orders_malformed.csv")
    assert (result.rows_read, result.rows_kept, result.rows_quarantined) == (6, 2, 4)
    assert _quarantine(ws) == [(3, "malformed_row"), (4, "missing_customer_id"), (5, "malformed_row"),
                               (6, "unparseable_date")]
    assert json.loads(ws.scalar("SELECT raw FROM quarantine WHERE row_number = 3")) == {
        "line": "M2,C2,2024-01-05,10,extra"}
    assert [r[0] for r in _orders(ws)] == ["M1", "M7"]


def test_header_only_file_is_an_error_and_changes_nothing(ws):
    with pytest.raises(WorkbenchError) as err:
        _run(ws, "orders_header_only.csv")
    assert err.value.key == "ingest.error.no_rows"
    assert ws.row_count("imports") == 0


def test_customers_chinese_headers_scores_and_duplicates(ws):
    result = _run(ws, "customers_zh.csv", kind="customers")
    assert result.mapping["customer_id"] == "会员编号" and result.mapping["csat"] == "满意度"
    assert (result.rows_read, result.rows_kept, result.rows_quarantined) == (7, 2, 5)
    kept = _rows(ws, "SELECT customer_id, signup_date, city, nps, csat, feature_usage, referrals FROM customers "
                     "ORDER BY 1")
    assert kept == [("V1", dt.date(2024, 1, 5), "上海", 9.0, 4.5, pytest.approx(0.45), 2.0),  # 45%
                    ("V5", None, "成都", None, None, None, None)]
    assert _quarantine(ws) == [(3, "out_of_range"), (4, "duplicate_customer_id"), (5, "future_date"),
                               (6, "non_numeric_value"), (8, "missing_customer_id")]


def test_survey_duplicates_and_kano_answers(ws):
    result = _run(ws, "survey.csv", kind="survey")
    assert (result.rows_kept, result.rows_quarantined) == (2, 5)
    kept = _rows(ws, "SELECT respondent_id, attribute, importance, kano_functional, kano_dysfunctional "
                     "FROM survey ORDER BY importance")
    assert kept == [("R1", "价格", 6.0, 2, 4), ("R1", "口味", 7.0, None, None)]
    assert _quarantine(ws) == [(4, "duplicate_response"), (5, "missing_attribute"), (6, "out_of_range"),
                               (7, "out_of_range"), (8, "non_numeric_value")]


def test_excel_title_line_blank_rows_serial_dates_and_sheet_choice(ws):
    result = _run(ws, "orders_title.xlsx")  # the notes sheet comes first; the table sheet is found
    assert result.source["sheet"] == "订单" and result.source["header_line"] == 3
    assert (result.rows_read, result.rows_kept, result.rows_quarantined) == (4, 3, 1)
    assert _orders(ws) == [
        ("E1", "M1", dt.datetime(2024, 1, 5, 9, 30), Decimal("100.50")),
        ("E2", "M2", dt.datetime(2024, 1, 6), Decimal("200.00")),          # serial 45297
        ("E4", "M4", dt.datetime(2024, 1, 8), Decimal("12.00")),
    ]
    assert _quarantine(ws) == [(7, "non_numeric_amount")]                   # sheet row 7 ("abc")
    assert ws.scalar("SELECT city FROM orders WHERE order_id = 'E2'") == '=HYPERLINK("http://x","y")'


def test_parquet(ws):
    result = _run(ws, "orders.parquet")
    assert result.source["format"] == "parquet"
    assert _orders(ws) == [("P1", "C1", dt.datetime(2024, 1, 5, 8), Decimal("10.50"))]
    assert _quarantine(ws) == [(2, "non_numeric_amount"), (3, "missing_customer_id")]  # NaN; null id


def test_every_reason_code_has_both_translations():
    from workbench.i18n import catalog

    for code in ingest.REASONS:
        zh, en = catalog()[f"ingest.reason.{code}"]
        assert zh and en and zh != en
