"""Writes the crafted import corpus next to this script. Run once; the files are kept in the repository.

Each file exercises one family of real-world problems; ``tests/ingest/test_corpus.py`` lists, for every
file, the rows expected to be kept and the rows expected in quarantine with their line number and reason.
Line numbers count the header line, as a text editor or Excel shows them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _write(name: str, text: str, encoding: str = "utf-8") -> None:
    (HERE / name).write_bytes(text.encode(encoding))


def main() -> None:
    # GBK with Chinese headers: Chinese dates, currency, and one row for every orders reason.
    _write("orders_gbk_zh.csv", "\r\n".join([
        "订单号,客户ID,下单时间,实付金额,渠道",
        'A001,C1,2024/1/5,"￥1,234.50",门店',          # 2 kept
        "A002,C2,2024年1月6日 13时45分,88,小程序",     # 3 kept
        "A003,,2024-01-07,10,门店",                     # 4 missing customer id
        "A004,C3,昨天,10,门店",                         # 5 unparseable date
        "A005,C3,2099-01-01,10,门店",                   # 6 future date
        "A006,C4,2024-01-08,十元,门店",                 # 7 non-numeric amount
        "A001,C5,2024-01-09,20,门店",                   # 8 duplicate order id
        "A007,C1,2024-01-10,-50.00,门店",               # 9 kept as a refund (or quarantined by setting)
        "A008,C6,2024-01-11,,外卖",                     # 10 missing amount
        "A009,C7,,5,外卖",                              # 11 missing date
    ]) + "\r\n", "gbk")
    # UTF-8 with BOM, semicolons, European amounts, day-first dates decided by 13.01.2024.
    _write("orders_bom_semicolon.csv", "\n".join([
        "Order ID;Customer ID;Order Date;Revenue",
        "X1;K1;05.01.2024;1 234,50 €",                 # 2 kept: 2024-01-05, 1234.50
        "X2;K2;13.01.2024 10:30;12,5",                  # 3 kept: 2024-01-13 10:30, 12.50
        "X3;K3;01.02.2024;(12.00)",                     # 4 kept: 2024-02-01, -12.00
        "X4;K4;30.02.2024;5",                           # 5 unparseable (30 February)
    ]) + "\n", "utf-8-sig")
    # UTF-16 (BOM), tab separated, month-first dates decided by 01/13/2024, an Excel serial, no order id.
    _write("orders_utf16.txt", "\r\n".join([
        "customer_id\torder_date\tamount",
        "U1\t01/13/2024\t$1,000.00",                    # 2 kept: 2024-01-13, 1000
        "U2\t02/01/2024 09:15\t$5",                     # 3 kept: 2024-02-01 09:15
        "U3\t45296\t7",                                 # 4 kept: serial 45296 = 2024-01-05
        "客户甲\t2024-03-01\t8.8",                      # 5 kept
    ]) + "\r\n", "utf-16")
    # Only undecidable day/month dates: the user must choose.
    _write("orders_ambiguous.csv", "customer_id,order_date,amount\nB1,05/01/2024,1\nB2,06/02/2024,2\n")
    # Formula-like text is data: kept exactly.
    _write("orders_formulas.csv", "\n".join([
        "order_id,customer_id,order_ts,amount,channel,city,category",
        "F1,C1,2024-01-05,10,=1+2,+86 138,@SUM(A1:A2)",
        'F2,-C2,2024-01-05,-10,"=HYPERLINK(""http://evil"",""x"")",-,@',
    ]) + "\n")
    # Rows with too many or too few cells, around ordinary bad rows: line numbers must stay right.
    _write("orders_malformed.csv", "\n".join([
        "order_id,customer_id,order_ts,amount",
        "M1,C1,2024-01-05,10",                          # 2 kept
        "M2,C2,2024-01-05,10,extra",                    # 3 malformed (too many cells)
        "M3,,2024-01-05,10",                            # 4 missing customer id
        "M5,C5",                                        # 5 malformed (too few cells)
        "M6,C6,bad,10",                                 # 6 unparseable date
        "M7,C7,2024-01-06,7",                           # 7 kept
    ]) + "\n")
    _write("orders_header_only.csv", "order_id,customer_id,order_ts,amount\n")
    _write("customers_zh.csv", "\n".join([
        "会员编号,注册日期,城市,性别,NPS,满意度,功能使用率,转介绍",
        "V1,2024-01-05,上海,女,9,4.5,45%,2",           # 2 kept (usage 0.45)
        "V2,2024/02/01,北京,男,11,4,0.3,0",             # 3 NPS out of range
        "V1,2024-01-06,上海,女,8,4,0.5,1",              # 4 duplicate customer id
        "V3,2099-01-01,杭州,男,7,4,0.2,0",              # 5 future signup date
        "V4,,深圳,女,,很好,,",                           # 6 non-numeric CSAT
        "V5,,成都,男,,,,",                               # 7 kept (optional fields empty)
        ",2024-01-01,上海,男,5,3,0.1,0",                # 8 missing customer id
    ]) + "\n")
    _write("survey.csv", "\n".join([
        "respondent_id,segment,attribute,layer,importance,expectation,performance,competitor,kano_functional,"
        "kano_dysfunctional",
        "R1,学生,价格,基础价值,6,5,4,5,2,4",             # 2 kept
        "R1,学生,口味,基础价值,7,6,6,5,,",               # 3 kept
        "R1,学生,价格,基础价值,5,5,5,5,1,4",             # 4 duplicate answer
        "R2,家庭,,基础价值,5,5,5,5,,",                   # 5 missing attribute
        "R2,家庭,服务,附加价值,5,5,5,5,6,3",             # 6 Kano answer out of 1..5
        "R2,家庭,环境,附加价值,5,5,5,5,2.5,3",           # 7 Kano answer not whole
        "R3,家庭,环境,附加价值,x,5,5,5,1,2",             # 8 non-numeric importance
    ]) + "\n")
    _excel()
    _parquet()


def _excel() -> None:
    """A workbook with a notes sheet first, and the orders below a title line and a blank row."""
    import openpyxl

    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "说明"
    notes["A1"] = "导出说明：订单数据在第二个工作表"
    ws = wb.create_sheet("订单")
    ws["A1"] = "2024年1月订单明细"                      # row 1 title; row 2 blank
    ws.append([])
    ws.append(["会员号", "订单编号", "订单日期", "金额", "城市"])   # row 3 header
    ws.append(["M1", "E1", dt.datetime(2024, 1, 5, 9, 30), 100.5, "上海"])  # 4 kept
    ws.append(["M2", "E2", 45297, 200, None])             # 5 kept: serial 45297 = 2024-01-06
    ws.cell(row=5, column=5).value = '=HYPERLINK("http://x","y")'
    ws.cell(row=5, column=5).data_type = "s"             # text that looks like a formula
    ws.append([])                                         # 6 blank row: skipped
    ws.append(["M3", "E3", "2024-01-07", "abc", "北京"])  # 7 non-numeric amount
    ws.append(["M4", "E4", dt.date(2024, 1, 8), 12, "@SUM(A1)"])  # 8 kept
    ws.cell(row=8, column=5).data_type = "s"
    wb.save(HERE / "orders_title.xlsx")


def _parquet() -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({
        "order_id": ["P1", "P2", "P3"],
        "customer_id": ["C1", "C2", None],
        "order_ts": pa.array([dt.datetime(2024, 1, 5, 8), dt.datetime(2024, 1, 6), dt.datetime(2024, 1, 7)]),
        "amount": [10.5, float("nan"), 3.0],
        "discount": [None, 1.0, 0.5],
    })
    pq.write_table(table, HERE / "orders.parquet")


if __name__ == "__main__":
    main()
