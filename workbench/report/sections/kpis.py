"""Summary KPIs: the KPI cards of the Segments page for all customers over its default period (the last
365 days of data), the same figures from the same function (``segments.display.kpi_figures``), then the
cohort retention grid of that period with a colour scale."""

from __future__ import annotations

import pandas as pd

from workbench.customers import kpis
from workbench.report.section import ReportContext, Section
from workbench.report.sections._common import colour_grid, kpi_style, start_sheet
from workbench.segments import display

__all__ = ["SECTION", "period_figures"]


def period_figures(ctx: ReportContext) -> tuple[dict, pd.DataFrame, tuple]:
    """``(figures, cohorts, (start, end))`` as the Segments page shows them when nothing is filtered."""
    opts = kpis.filter_options(ctx.ws)
    start, end = display.default_period(opts["min_date"], opts["max_date"])
    figures, cohorts = display.kpi_figures(ctx.ws, None, start, end, (), ())
    return figures, cohorts, (start, end)


def _available(ctx: ReportContext) -> bool:
    return ctx.period is not None


def _write(book, ctx: ReportContext) -> None:
    figures, cohorts, (start, end) = period_figures(ctx)
    sheet = start_sheet(book, ctx.t("report.kpis.sheet"), ctx.t("report.kpis.title"),
                        ctx.t("report.kpis.period", start=start.isoformat(), end=end.isoformat()))
    rows, styles = [], []
    for key in kpis.DISPLAY_KPIS:
        value = figures.get(key)
        rows.append((ctx.t(f"segments.kpi.{key}"), value))
        styles.append(kpi_style(kpis.KPIS[key].kind, value))
    header_row = sheet.row
    sheet.text(header_row, 0, ctx.t("report.kpis.col_kpi"), "header")
    sheet.text(header_row, 1, ctx.t("report.kpis.col_value"), "header", align="right")
    for i, ((label, value), style) in enumerate(zip(rows, styles)):
        sheet.text(header_row + 1 + i, 0, label, "label")
        sheet.number(header_row + 1 + i, 1, value, style)
    sheet.freeze(header_row + 1)
    sheet.keep_together(header_row, header_row + len(rows))
    sheet.row = header_row + 1 + len(rows)
    sheet.skip()
    sheet.paragraph(ctx.t("segments.kpi.definitions"), 8)
    sheet.set_width(0, 0, 24)
    sheet.set_width(1, 1, 16)
    if cohorts.empty:
        return
    sheet.skip()
    sheet.subtitle(ctx.t("report.kpis.cohorts"))
    sheet.caption(ctx.t("report.kpis.cohorts_note"))
    grid = cohorts.pivot_table(index="cohort", columns="month_index", values="retention", aggfunc="first")
    sizes = cohorts.groupby("cohort")["cohort_size"].first()
    months = [int(m) for m in grid.columns]
    headers = [ctx.t("report.kpis.col_cohort"), ctx.t("report.kpis.col_cohort_size")] + [
        ctx.t("report.kpis.col_month", n=m) for m in months]
    body = [[pd.Timestamp(c).strftime("%Y-%m"), int(sizes.loc[c]), *grid.loc[c].tolist()] for c in grid.index]
    table_at = sheet.row
    for j, name in enumerate(headers):
        sheet.text(table_at, j, name, "header", **({} if j == 0 else {"align": "right"}))
    for i, values in enumerate(body):
        r = table_at + 1 + i
        sheet.text(r, 0, values[0], "label")
        sheet.number(r, 1, values[1], "count")
        for j, share in enumerate(values[2:]):
            if pd.notna(share):
                sheet.number(r, 2 + j, share, "percent0")
            else:
                sheet.text(r, 2 + j, None)
    colour_grid(sheet, table_at + 1, 2, table_at + len(body), 1 + len(months), max_value=1.0)
    sheet.keep_together(sheet.block_start(table_at), table_at + len(body))
    sheet.row = table_at + 1 + len(body)
    sheet.set_width(2, 1 + len(months), 8)


SECTION = Section(name="kpis", title_key="report.section.kpis", order=10, write=_write, available=_available,
                  weight=1.0)
