"""scripts/refresh.example.sh end to end, as cron would run it: two monthly refreshes of generated exports into
a temporary WORKBENCH_HOME, the second appending to the first, and the segment list reflecting both.

The expected per-customer figures are computed here in plain Python from the generated rows (orders counted
once per order id, refunds in revenue but not in orders, frequency = purchase days - 1, recency = weeks from
the first to the last purchase day: the conventions of workbench/customers/summary.py), not by the workbench.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from workbench.core.currency import workspace_currency
from workbench.core.store import WorkspaceManager
from workbench.i18n import t

APP_DIR = Path(__file__).resolve().parents[2]
SCRIPT = APP_DIR / "scripts" / "refresh.example.sh"
CITIES = ("上海", "北京", "广州", "深圳", "杭州")


def _month_orders(rng: random.Random, year: int, month: int, customers: list[str], first_id: int) -> list[dict]:
    """Orders of one month: most customers once, some twice or three times, never twice on one day."""
    rows = []
    for customer in customers:
        count = rng.choices((1, 2, 3), weights=(70, 20, 10))[0]
        for day in sorted(rng.sample(range(1, 29), count)):
            amount = round(rng.uniform(5, 1500), 2)
            rows.append({"order_id": f"SO{first_id + len(rows):05d}", "customer_id": customer,
                         "ts": dt.datetime(year, month, day, rng.randrange(8, 22), rng.randrange(60)),
                         "amount": amount})
    return rows


def _generate():
    """Two months of a small shop: 40 customers in January; in February 15 of them come back, 10 are new,
    the export repeats January's last two orders (an overlapping export window) and holds one refund."""
    rng = random.Random(16)
    january_customers = [f"C{i:03d}" for i in range(1, 41)]
    january = _month_orders(rng, 2024, 1, january_customers, 1)
    returning = sorted(rng.sample(january_customers, 15))
    new = [f"C{i:03d}" for i in range(41, 51)]
    february = _month_orders(rng, 2024, 2, returning + new, 1000)
    overlap = sorted(january, key=lambda r: r["ts"])[-2:]
    refund = {"order_id": "RF0001", "customer_id": returning[0], "ts": dt.datetime(2024, 2, 28, 12, 0),
              "amount": -20.0}
    return january, overlap + february + [refund], january_customers, january_customers + new


def _write_orders(path: Path, rows: list[dict], encoding: str) -> None:
    # the client's export: Chinese headers, amounts with thousands separators
    lines = ["订单号,会员号,下单时间,实付金额"]
    for r in rows:
        lines.append(f'{r["order_id"]},{r["customer_id"]},{r["ts"]:%Y/%m/%d %H:%M},"{r["amount"]:,.2f}"')
    path.write_text("\n".join(lines) + "\n", encoding=encoding)


def _write_customers(path: Path, ids: list[str], month: int) -> None:
    # the city of each customer moves on by one every month, so a replaced list is visible
    lines = ["会员号,注册日期,城市"]
    for n, customer in enumerate(ids):
        lines.append(f"{customer},2023-{1 + n % 12:02d}-15,{CITIES[(n + month) % len(CITIES)]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")


def _expected(rows: list[dict]) -> pd.DataFrame:
    seen, orders, revenue, days = set(), defaultdict(int), defaultdict(float), defaultdict(set)
    for r in rows:
        if r["order_id"] in seen:  # a repeated order id is the same order exported twice
            continue
        seen.add(r["order_id"])
        revenue[r["customer_id"]] += r["amount"]
        if r["amount"] > 0:
            orders[r["customer_id"]] += 1
            days[r["customer_id"]].add(r["ts"].date())
    ids = sorted(revenue)
    return pd.DataFrame({
        "customer_id": ids,
        "orders": [orders[c] for c in ids],
        "revenue": [round(revenue[c], 2) for c in ids],
        "frequency": [len(days[c]) - 1 for c in ids],
        "recency": [(max(days[c]) - min(days[c])).days / 7 for c in ids],
    })


def _json_documents(stdout: str) -> list[dict]:
    """The JSON summaries in the script's output (each command prints its own)."""
    docs, current = [], None
    for line in stdout.splitlines():
        if line == "{":
            current = [line]
        elif current is not None:
            current.append(line)
            if line == "}":
                docs.append(json.loads("\n".join(current)))
                current = None
    return docs


@pytest.fixture
def refresh(tmp_path):
    home, exports, out = tmp_path / "workspaces", tmp_path / "exports", tmp_path / "out"
    exports.mkdir()

    def run(month: str) -> subprocess.CompletedProcess:
        env = dict(os.environ, WORKBENCH_HOME=str(home), WS="Acme 零售", CURRENCY="EUR", MONTH=month,
                   IN=str(exports), OUT=str(out),
                   PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
        env.pop("PYTHONPATH", None)
        # run from elsewhere, as cron does: the script finds the app folder itself
        return subprocess.run(["bash", str(SCRIPT)], cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=300)

    return run, home, exports, out


def _segments(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, encoding="utf-8-sig", dtype={"customer_id": str})
    return df.sort_values("customer_id").reset_index(drop=True)


def _check_figures(exported: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert list(exported["customer_id"]) == list(expected["customer_id"])
    assert list(exported["orders"]) == list(expected["orders"])
    assert list(exported["frequency"]) == list(expected["frequency"])
    assert exported["revenue"].round(2).tolist() == pytest.approx(expected["revenue"].tolist(), abs=0.005)
    assert exported["recency"].tolist() == pytest.approx(expected["recency"].tolist(), abs=1e-9)


def test_two_monthly_refreshes_append_and_the_segment_list_reflects_both(refresh):
    run, home, exports, out = refresh
    january, february, january_ids, february_ids = _generate()
    _write_orders(exports / "orders-2024-01.csv", january, "gb18030")  # one month from the old till ...
    _write_customers(exports / "customers-2024-01.csv", january_ids, 1)
    _write_orders(exports / "orders-2024-02.csv", february, "utf-8-sig")  # ... the next from the new one
    _write_customers(exports / "customers-2024-02.csv", february_ids, 2)

    first = run("2024-01")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(f"Workspace “Acme 零售” created (amounts in EUR): {home / 'Acme 零售.duckdb'}")
    orders_import, customers_import = _json_documents(first.stdout)
    assert (orders_import["rows_read"], orders_import["rows_kept"], orders_import["rows_quarantined"]) == \
        (len(january), len(january), 0)
    assert customers_import["rows_kept"] == 40
    january_export = _segments(out / "segments-2024-01.csv")
    _check_figures(january_export, _expected(january))
    assert len(january_export) == 40

    second = run("2024-02")
    assert second.returncode == 0, second.stderr
    assert "already exists (amounts in EUR); nothing changed" in second.stdout
    orders_import, customers_import = _json_documents(second.stdout)
    assert (orders_import["mode"], orders_import["status"]) == ("append", "imported")
    assert (orders_import["rows_read"], orders_import["rows_kept"]) == (len(february), len(february) - 2)
    assert orders_import["quarantined_by_reason"] == {"duplicate_order_id": 2}  # the overlapping export window
    assert (customers_import["mode"], customers_import["rows_kept"]) == ("replace", 50)
    february_export = _segments(out / "segments-2024-02.csv")
    _check_figures(february_export, _expected(january + february))
    assert len(february_export) == 50
    returning = {r["customer_id"] for r in february if r["ts"].month == 2 and r["amount"] > 0} & set(january_ids)
    jan, feb = (frame.set_index("customer_id")["orders"] for frame in (january_export, february_export))
    assert len(returning) == 15 and (feb[sorted(returning)] > jan[sorted(returning)]).all()
    stayed_away = sorted(set(january_ids) - returning)
    assert (feb[stayed_away] == jan[stayed_away]).all()  # the overlapping rows did not count twice

    manager = WorkspaceManager(home)
    try:
        ws = manager.open("Acme 零售")
        assert workspace_currency(ws) == "EUR"
        customers = ws.query("SELECT customer_id, city FROM customers ORDER BY customer_id")
        assert len(customers) == 50 and customers["city"].iloc[0] == CITIES[2]  # February's list replaced January's
        assert ws.scalar("SELECT count(*) FROM imports") == 4
    finally:
        manager.close_all()

    cover = openpyxl.load_workbook(out / "report-2024-02.xlsx", read_only=True).worksheets[0]
    labelled = {row[0]: row[1] for row in cover.iter_rows(values_only=True) if row and len(row) > 1}
    assert labelled[t("report.cover.customers", "zh")] == 50  # the report (in zh, as the script asks) is February's

    again = run("2024-02")  # the same month again, e.g. cron retried: nothing doubles
    assert again.returncode == 0, again.stderr
    assert _json_documents(again.stdout)[0]["status"] == "skipped"
    pd.testing.assert_frame_equal(_segments(out / "segments-2024-02.csv"), february_export)
    assert sorted(p.name for p in out.iterdir()) == ["report-2024-01.xlsx", "report-2024-02.xlsx",
                                                     "segments-2024-01.csv", "segments-2024-02.csv"]


def test_a_month_whose_export_is_missing_stops_the_script(refresh):
    run, home, exports, out = refresh
    january, _, january_ids, _ = _generate()
    _write_orders(exports / "orders-2024-03.csv", january, "utf-8")
    result = run("2024-03")  # the customer list has not arrived
    assert result.returncode == 2
    assert "File not found" in result.stderr and "customers-2024-03.csv" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (out / "segments-2024-03.csv").exists()


def test_the_readme_shows_the_script_s_commands():
    readme = (APP_DIR / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Monthly refresh from the command line", 1)[1].split("\n## ", 1)[0]
    shown = [line for line in section.split("```bash", 1)[1].split("```", 1)[0].splitlines()
             if line.startswith("python -m workbench")]
    script = [line.strip() for line in SCRIPT.read_text(encoding="utf-8").splitlines()
              if line.strip().startswith("python -m workbench")]
    assert shown == script and len(script) == 5
    assert "bash scripts/refresh.example.sh" in section
