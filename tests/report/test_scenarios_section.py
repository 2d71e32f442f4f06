"""The report's scenarios sheet read back with openpyxl: its totals are ``scenarios.project``'s for the same
baseline and levers, its charts are native (xl/charts/), a hostile scenario name stays text, and the
traceability sheet says which scenarios each initiative is in."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import LAPSED_SHOP_ORDERS
from openpyxl import load_workbook

from workbench import clv, report, roadmap, scenarios
from workbench.i18n import t

DAY = dt.date(2026, 11, 15)
# most customers bought once, several lapsed; the data ends 2026-10-31
ORDERS = LAPSED_SHOP_ORDERS
EVIL = '=HYPERLINK("http://evil.example","x")'


@pytest.fixture
def planned(make_workspace):
    ws = make_workspace("plan", orders=ORDERS)
    clv.save_settings(ws, {**clv.load_settings(ws), "margin": 0.5})
    roadmap.save_plan(ws, "2026-11", [dict(p) for p in roadmap.load_config(ws).phases], 0)
    roadmap.create_initiative(ws, "Care", status="planned", start_month=0, duration_months=3, budget=9_000,
                              effect_retention=5.0)
    roadmap.create_initiative(ws, "Later", status="idea")
    scenarios.create_scenario(ws, "Plan", segmentation=scenarios.ALL, roadmap=True, months=24, discount_rate=0.08)
    scenarios.create_scenario(ws, EVIL, segmentation=scenarios.ALL, months=24, discount_rate=0.08,
                              levers={"all": {"frequency_pct": 0.1, "cost_monthly": 100.0}})
    return ws


def _rows(sheet):
    return [[c.value for c in row] for row in sheet.iter_rows()]


def _table(sheet, header):
    """The rows under the header row whose first cell is ``header``, up to the first blank first cell."""
    rows = _rows(sheet)
    top = next(i for i, r in enumerate(rows) if r[0] == header)
    out = []
    for r in rows[top + 1:]:
        if r[0] is None:
            break
        out.append(r)
    return rows[top], out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_totals_are_the_projections_and_the_charts_are_native(planned, tmp_path, lang, rx):
    path = tmp_path / "r.xlsx"
    result = report.write_report(path, planned, lang, today=DAY)
    assert "scenarios" in result.sections
    sheet = load_workbook(path)[t("scenarios.report.sheet", lang)]
    header, rows = _table(sheet, t("scenarios.report.col.scenario", lang))
    col = {name: header.index(t(f"scenarios.figure.{name}", lang)) for name in
           ("revenue", "gross_profit", "discounted_gross_profit", "incremental", "cost", "roi", "months")}
    assert [r[0] for r in rows] == [t("scenarios.series.baseline", lang), "Plan", EVIL]
    baseline_row, plan_row, typed_row = rows
    # the same baseline and levers through the analysts' API
    base = scenarios.load_baseline(planned, scenarios.ALL).frame
    flat = scenarios.project(base, months=24, discount_rate_annual=0.08)
    typed = scenarios.project(base, {"all": {"frequency_pct": 0.1}}, months=24, discount_rate_annual=0.08)
    planned_levers = scenarios.project(base, {"all": {"retention_pp": [0, 0, 0] + [5] * 21}}, months=24,
                                       discount_rate_annual=0.08)
    for row, frame in ((baseline_row, flat), (plan_row, planned_levers), (typed_row, typed)):
        assert row[col["revenue"]] == pytest.approx(frame["revenue"].sum())
        assert row[col["gross_profit"]] == pytest.approx(frame["gross_profit"].sum())
        assert row[col["discounted_gross_profit"]] == pytest.approx(frame["discounted_gross_profit"].sum())
        assert row[col["months"]] == 24
    # cost: 100 a month, discounted at 8% a year; ROI = (incremental − cost) ÷ cost
    cost = sum(100 * 1.08 ** (-m / 12) for m in range(1, 25))
    incremental = typed["discounted_gross_profit"].sum() - flat["discounted_gross_profit"].sum()
    assert typed_row[col["cost"]] == pytest.approx(cost)
    assert typed_row[col["incremental"]] == pytest.approx(incremental)
    assert typed_row[col["roi"]] == pytest.approx((incremental - cost) / cost)
    assert plan_row[col["cost"]] == pytest.approx(sum(3_000 * 1.08 ** (-m / 12) for m in (1, 2, 3)))
    assert baseline_row[col["cost"]] == "–"  # the baseline costs nothing: a dash, as on the page
    # the month-by-month table ends on the same totals
    _, monthly = _table(sheet, t("scenarios.chart.month", lang))
    assert len(monthly) == 24
    assert monthly[-1][1:4] == pytest.approx([flat["discounted_gross_profit"].sum(),
                                              planned_levers["discounted_gross_profit"].sum(),
                                              typed["discounted_gross_profit"].sum()])
    # native charts: the totals' bars, the monthly lines, one tornado per scenario
    assert rx.chart_types(path)[t("scenarios.report.sheet", lang)] == ["barChart", "lineChart", "barChart",
                                                                        "barChart"]
    # the hostile name is a string cell, never a formula
    assert rx.formulas(path) == [] or all(f.startswith("SUM(") for f in rx.formulas(path))
    cell = next(c for r in sheet.iter_rows() for c in r if c.value == EVIL)
    assert cell.data_type == "s"


def test_the_traceability_sheet_says_which_scenarios_an_initiative_is_in(planned, tmp_path):
    path = tmp_path / "r.xlsx"
    report.write_report(path, planned, "en", ["traceability"], today=DAY)
    sheet = load_workbook(path)[t("report.trace.sheet", "en")]
    rows = _rows(sheet)
    top = next(i for i, r in enumerate(rows) if r[0] == t("report.trace.col.id", "en"))
    column = rows[top].index(t("scenarios.report.trace_col", "en"))
    by_id = {r[0]: r[column] for r in rows[top + 1:] if r[0]}
    assert by_id == {1: "Plan", 2: None}  # the idea is on no plan: in no scenario


def test_the_section_needs_saved_scenarios_and_lists_one_that_cannot_run(planned, make_workspace, tmp_path):
    empty = make_workspace("no_scenarios", orders=ORDERS)
    assert "scenarios" in report.write_report(tmp_path / "a.xlsx", empty, "en", today=DAY).skipped
    from workbench.scenarios import store

    broken = scenarios.list_scenarios(planned)[0]
    with planned.transaction() as cur:
        store.update_scenario(cur, broken.scenario_id, broken.name, {**broken.spec, "segmentation": "gone"}, 2)
    path = tmp_path / "b.xlsx"
    report.write_report(path, planned, "en", ["scenarios"], today=DAY)
    texts = [c for r in _rows(load_workbook(path)[t("scenarios.report.sheet", "en")]) for c in r if isinstance(c, str)]
    assert any(x.startswith("Scenario “Plan” cannot run now") for x in texts)
    assert EVIL in texts  # the other one is still reported
