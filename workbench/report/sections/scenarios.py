"""What-if scenarios: every saved scenario against the baseline — one row per scenario with its totals, its
cost, ROI and payback month (``scenarios.compare``, the Scenarios page's comparison), a native bar chart of
the discounted gross profit and a native line chart of its month-by-month total — then each scenario's
sensitivity tornado as a table and a bar chart. Adds the traceability column "scenarios it is in": the saved
scenarios in which an initiative acts (the roadmap is in them and the initiative has an effect or a budget
within the horizon).

Every figure is a run of ``scenarios.run``, the function the page calls, so a number here is the number on
screen; a scenario that cannot run now (its segmentation is gone) is listed with the reason instead.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from workbench import scenarios
from workbench.core.errors import WorkbenchError
from workbench.report.book import PALETTE, Book
from workbench.report.section import ReportContext, Section, TraceColumn
from workbench.report.sections._common import bar_chart, start_sheet
from workbench.scenarios.baseline import segment_name, segmentation_name

__all__ = ["SECTION", "TOTAL_FIGURES", "results"]

#: The columns of the totals table after the scenario's name: (``scenarios.compare`` column, style).
TOTAL_FIGURES: tuple[tuple[str, str], ...] = (
    ("months", "count"), ("discount_rate", "percent1"), ("revenue", "money0"), ("gross_profit", "money0"),
    ("discounted_gross_profit", "money0"), ("incremental", "money0"), ("cost", "money0"), ("net", "money0"),
    ("roi", "percent1"), ("payback_month", "count"), ("active_end", "count"), ("clv_per_customer", "money2"),
)
_TORNADO_ROWS = 10
_CHART_W, _CHART_H = 620, 320


def results(ctx: ReportContext) -> list[tuple[Any, Any]]:
    """``(scenario, result or the WorkbenchError it raised)`` of every saved scenario, run once per report."""
    if "scenarios.results" not in ctx.notes:
        runs = []
        plan = None
        saved = scenarios.list_scenarios(ctx.ws)
        if any(s.spec["roadmap"] for s in saved):
            from workbench import roadmap

            plan = roadmap.build_plan(ctx.ws, ctx.lang)
        for s in saved:
            try:
                runs.append((s, scenarios.run(ctx.ws, s, ctx.lang, plan=plan)))
            except WorkbenchError as err:
                runs.append((s, err))
        ctx.notes["scenarios.results"] = runs
    return ctx.notes["scenarios.results"]


def _available(ctx: ReportContext) -> bool:
    return ctx.period is not None and bool(scenarios.list_scenarios(ctx.ws))


def _totals(book: Book, sheet, ctx: ReportContext, ran: list) -> None:
    frame = scenarios.compare(ran)
    first = frame.iloc[0]
    headers = [ctx.t("scenarios.report.col.scenario"), *(ctx.t(f"scenarios.figure.{c}") for c, _ in TOTAL_FIGURES)]
    styles = ["text", *(s for _, s in TOTAL_FIGURES)]
    baseline = [ctx.t("scenarios.series.baseline"),
                *(first[f"baseline_{c}"] if f"baseline_{c}" in frame.columns else first[c]
                  if c in ("months", "discount_rate") else None for c, _ in TOTAL_FIGURES)]
    rows = [baseline] + [[r["name"], *(None if pd.isna(r[c]) else r[c] for c, _ in TOTAL_FIGURES)]
                         for _, r in frame.iterrows()]
    sheet.subtitle(ctx.t("scenarios.report.totals"))
    table = sheet.table(headers, rows, styles, freeze=True)
    if frame[["segmentation", "months", "discount_rate"]].drop_duplicates().shape[0] > 1:
        sheet.caption(ctx.t("scenarios.compare.different_baselines"))
    sheet.skip()
    profit = [c for c, _ in TOTAL_FIGURES].index("discounted_gross_profit") + 1
    chart = bar_chart(book, table, [profit], ctx.t("scenarios.figure.discounted_gross_profit"), horizontal=False,
                      num_format=book.number_format("money0"),
                      point_colours=["#8a8f98"] + [PALETTE["accent"]] * len(ran))
    chart.set_y_axis({"num_format": book.number_format("money0"), "num_font": {"name": book.font, "size": 9},
                      "major_gridlines": {"visible": True, "line": {"color": "#E7E9ED"}}})
    start = sheet.row
    sheet.chart(chart, width=_CHART_W, height=_CHART_H)
    _monthly(book, sheet, ctx, ran, start)


def _monthly(book: Book, sheet, ctx: ReportContext, ran: list, chart_row: int) -> None:
    """The month-by-month cumulative discounted gross profit (baseline, then each scenario) beside the bar
    chart, and its line chart under them."""
    months = max(r.months for r in ran)
    columns = [scenarios.monthly_totals(ran[0], "baseline")["cumulative_discounted_gross_profit"]]
    columns += [scenarios.monthly_totals(r)["cumulative_discounted_gross_profit"] for r in ran]
    sheet.after_charts(_CHART_H)
    sheet.subtitle(ctx.t("scenarios.report.monthly"))
    headers = [ctx.t("scenarios.chart.month"), ctx.t("scenarios.series.baseline"), *(r.name for r in ran)]
    rows = [[m, *(float(c.iloc[m - 1]) if m <= len(c) else None for c in columns)] for m in range(1, months + 1)]
    top = sheet.row
    table = sheet.table(headers, rows, ["count", *["money0"] * len(columns)], label_first=False)
    line = book.chart("line", ctx.t("scenarios.chart.compare"), x_title=ctx.t("scenarios.chart.month_axis"))
    palette = ["#8a8f98", "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"]
    for j in range(1, len(headers)):
        line.add_series({"name": table.header(j), "categories": table.column(0), "values": table.column(j),
                         "line": {"color": palette[(j - 1) % len(palette)], "width": 2.25,
                                  "dash_type": "dash" if j == 1 else "solid"}})
    line.set_y_axis({"num_format": book.number_format("money0"),
                     "num_font": {"name": book.font, "size": 9},
                     "major_gridlines": {"visible": True, "line": {"color": "#E7E9ED"}}})
    sheet.chart(line, col=len(headers) + 1, row=top, width=_CHART_W, height=_CHART_H, keep_from=top - 1)
    sheet.skip()


def _tornado(book: Book, sheet, ctx: ReportContext, result) -> None:
    """One scenario's largest swings: the change of its discounted gross profit when one lever of one segment
    moves a step down and up, as a table and a bar chart."""
    frame = scenarios.tornado(result).head(_TORNADO_ROWS)
    seg = result.baseline.segmentation
    sheet.subtitle(ctx.t("scenarios.report.tornado", name=result.name, months=result.months))
    sheet.caption(ctx.t("scenarios.tornado_help", months=result.months))
    headers = [ctx.t("scenarios.report.col.lever"), ctx.t("scenarios.chart.step_down"),
               ctx.t("scenarios.chart.step_up"), ctx.t("scenarios.report.col.swing")]
    rows = []
    for r in frame.itertuples(index=False):
        step = (f"±{r.step:g} {ctx.t('scenarios.unit.points')}" if r.lever == "retention_pp"
                else f"±{100 * r.step:g}%")
        rows.append([f"{segment_name(seg, r.segment, ctx.lang)} · {ctx.t(f'scenarios.lever.{r.lever}')} {step}",
                     r.low - r.base, r.high - r.base, r.swing])
    table = sheet.table(headers, rows, ["text", "money0", "money0", "money0"])
    # the two steps of a lever on one row (overlapping bars, one each side of 0), its name left of the plot
    chart = book.chart("bar", ctx.t("scenarios.chart.tornado", months=result.months), legend="bottom")
    for j, colour in ((1, "#D55E00"), (2, "#0072B2")):
        chart.add_series({"name": table.header(j), "categories": table.column(0), "values": table.column(j),
                          "fill": {"color": colour}, "border": {"none": True}, "gap": 40, "overlap": 100})
    chart.set_y_axis({"reverse": True, "crossing": "max", "label_position": "low",
                      "num_font": {"name": book.font, "size": 9},
                      "line": {"color": PALETTE["line"]}, "major_gridlines": {"visible": False}})
    chart.set_x_axis({"num_format": book.number_format("money0"), "num_font": {"name": book.font, "size": 9},
                      "major_gridlines": {"visible": True, "line": {"color": "#E7E9ED"}}, "line": {"none": True}})
    sheet.skip()
    sheet.chart(chart, width=_CHART_W, height=max(260, 40 + 26 * len(rows)))
    sheet.after_charts(max(260, 40 + 26 * len(rows)))


def _write(book: Book, ctx: ReportContext) -> None:
    runs = results(ctx)
    ran = [r for _, r in runs if not isinstance(r, WorkbenchError)]
    sheet = start_sheet(book, ctx.t("scenarios.report.sheet"), ctx.t("scenarios.report.title"),
                        ctx.t("scenarios.report.caption", n=len(runs)))
    for scenario, r in runs:
        if isinstance(r, WorkbenchError):
            sheet.paragraph(ctx.t("scenarios.report.cannot_run", name=scenario.name, reason=r.text(ctx.lang)), 10)
    if not ran:
        return
    for r in ran:
        sheet.paragraph(ctx.t("scenarios.report.settings", name=r.name, segmentation=segmentation_name(
            r.baseline.segmentation, ctx.lang), months=r.months, rate=f"{100 * r.rate:.1f}%",
            roadmap=ctx.t("scenarios.report.roadmap_yes" if r.spec["roadmap"] else "scenarios.report.roadmap_no")), 10)
    sheet.skip()
    _totals(book, sheet, ctx, ran)
    for r in ran:
        _tornado(book, sheet, ctx, r)
    sheet.set_width(0, 0, 46)


def _scenarios_of(ctx: ReportContext, initiatives: pd.DataFrame) -> list[str | None]:
    """Per initiative: the saved scenarios it acts in, by name (None, a blank cell, for none)."""
    acting: dict[int, list[str]] = {}
    for scenario, r in results(ctx):
        if isinstance(r, WorkbenchError) or not r.spec["roadmap"]:
            continue
        for i in r.effects.acting:
            acting.setdefault(int(i), []).append(scenario.name)
    sep = "、" if ctx.lang == "zh" else ", "
    return [sep.join(acting[int(i)]) if int(i) in acting else None
            for i in np.asarray(initiatives["initiative_id"], dtype=int)]


SECTION = Section(name="scenarios", title_key="report.section.scenarios", order=60, write=_write,
                  available=_available, weight=0.8,
                  trace_columns=(TraceColumn("scenarios", "scenarios.report.trace_col", _scenarios_of),))
