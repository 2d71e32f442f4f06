"""Segments and CLV: one sheet per segmentation of the registry — its profile table (the Segments page's,
from ``segments.display.profile_of``), what the page explains about it, and native charts — then a sheet
for customer lifetime value. The RFM sheet holds the R × F grid as a colour scale, the pyramid sheet the
pyramid and the Lorenz curve, the churn sheet the risk levels and the warning dimensions.

Every figure comes from the segment snapshot and ``clv.values`` through the functions the page calls, so
a segment's size or revenue in the report is the one on screen.
"""

from __future__ import annotations

import numpy as np
from xlsxwriter.utility import xl_range

from workbench import clv
from workbench.core.formatting import currency_symbol, fmt_count, fmt_money, is_finite
from workbench.report.book import PALETTE, Book, Sheet, Table
from workbench.report.section import ReportContext, Section, plain_text
from workbench.report.sections._common import bar_chart, colour_grid, profile_style, start_sheet
from workbench.segments import charts as segment_charts
from workbench.segments import display
from workbench.segments.labels import segmentation_label
from workbench.segments.registry import REGISTRY

__all__ = ["SECTION", "SEGMENT_SHEETS", "profile_columns"]

#: The segmentations with a sheet, in the page's order (member tiers after RFM, as on the RFM tab).
SEGMENT_SHEETS: tuple[str, ...] = tuple(REGISTRY)

#: Profile columns summed in a totals row (the others are averages or shares of a group).
_ADDITIVE = ("customers", "customer_share", "revenue", "revenue_share")
_CHART_W, _CHART_H, _GAP = 520, 300, 540
_LORENZ_STEP = 5  # every 5th of the page's 101 Lorenz points: 0%, 5%, … 100% of customers


def profile_columns(profile) -> list[tuple[str, str]]:
    """The profile columns the page shows (satisfaction columns only where some customer has a score)."""
    return [(c, kind) for c, kind in display.PROFILE_COLUMNS
            if not (c in ("csat", "nps") and profile[c].isna().all())]


def _available(ctx: ReportContext) -> bool:
    return ctx.period is not None and ctx.snapshot.n_customers > 0


def _profile_table(sheet: Sheet, ctx: ReportContext, name: str, profile) -> Table:
    columns = profile_columns(profile)
    headers = [ctx.t(f"segments.col.{c}") for c, _ in columns]
    rows = [[record[c] for c, _ in columns] for record in profile.to_dict("records")]
    table = sheet.table(headers, rows, [profile_style(kind) for _, kind in columns], freeze=True)
    if REGISTRY[name].multi or not rows:
        return table  # tags overlap: a customer may carry several, so no column adds up
    total_row = sheet.row
    sheet.text(total_row, 0, ctx.t("report.segments.total"), "total_label")
    for j, (col, kind) in enumerate(columns[1:], start=1):
        if col in _ADDITIVE:
            values = [float(v) for v in profile[col] if is_finite(v)]
            formula = f"=SUM({xl_range(table.first_row, j, table.last_row, j)})"
            sheet.formula(total_row, j, formula, float(sum(values)), "total_" + profile_style(kind))
        else:
            sheet.text(total_row, j, "", "total_label")
    sheet.row += 1
    return table


def _notes(sheet: Sheet, ctx: ReportContext, name: str, width: int) -> None:
    for _kind, text in display.tab_notes(ctx.snapshot, name, ctx.lang, ctx.currency):
        sheet.paragraph(plain_text(text), width)


def _rfm_grid(sheet: Sheet, book: Book, ctx: ReportContext) -> None:
    """Customers per R × F cell, F from 5 (top) to 1, R from 1 to 5, coloured by count as on the page."""
    table = ctx.snapshot.table
    cells = np.bincount(10 * table["r_score"].to_numpy(dtype=np.int64) + table["f_score"].to_numpy(dtype=np.int64),
                        minlength=56)
    sheet.subtitle(ctx.t("segments.chart.rfm_heatmap"))
    sheet.caption(ctx.t("report.segments.rfm_axes", r=ctx.t("segments.chart.r_score"),
                        f=ctx.t("segments.chart.f_score")))
    top = sheet.row
    sheet.text(top, 0, ctx.t("report.segments.f_by_r"), "header")
    for r in range(1, 6):
        sheet.text(top, r, f"R {r}", "header", align="center")
    for i, f in enumerate(range(5, 0, -1)):
        sheet.text(top + 1 + i, 0, f"F {f}", "label", align="center")
        for r in range(1, 6):
            sheet.number(top + 1 + i, r, int(cells[10 * r + f]), "count", align="center")
    colour_grid(sheet, top + 1, 1, top + 5, 5)
    sheet.keep_together(sheet.block_start(top), top + 5)
    sheet.row = top + 6
    sheet.skip()


def _pyramid(sheet: Sheet, book: Book, ctx: ReportContext, table: Table) -> None:
    """The pyramid (share of customers next to share of revenue) and the Lorenz curve with its data."""
    info = ctx.snapshot.infos["pyramid"]
    charts_row = sheet.row
    data_row = charts_row + int(np.ceil((_CHART_H + 12) / book.row_pixels)) + 2
    lorenz = info["lorenz"].iloc[::_LORENZ_STEP]
    sheet.row = data_row
    sheet.subtitle(ctx.t("report.segments.lorenz_data"))
    data = sheet.table([ctx.t("segments.chart.cum_customers"), ctx.t("segments.chart.cum_value"),
                        ctx.t("segments.chart.equality")],
                       [[a, b, a] for a, b in zip(lorenz["customer_share"], lorenz["value_share"])],
                       ["percent0", "percent1", "percent0"], label_first=False)
    end_row = sheet.row
    pyramid = bar_chart(book, table, [2, 4], ctx.t("segments.chart.pyramid"), num_format="0%", legend=True,
                        colours=["#9ECAE1", "#08519C"], axis_format="0%")
    pyramid.set_x_axis({"min": 0, "max": 1, "major_unit": 0.2, "num_format": "0%",
                        "num_font": {"name": book.font, "size": 9},
                        "major_gridlines": {"visible": True, "line": {"color": "#E7E9ED"}}})
    gini = info["gini"]
    title = ctx.t("segments.chart.lorenz", gini=f"{gini:.2f}" if is_finite(gini) else "–")
    curve = book.chart("scatter", title, subtype="straight", x_title=ctx.t("segments.chart.cum_customers"),
                       y_title=ctx.t("segments.chart.cum_value"))
    curve.add_series({"name": ctx.t("segments.chart.lorenz_curve"), "categories": data.column(0),
                      "values": data.column(1), "line": {"color": "#08519C", "width": 2.25}})
    curve.add_series({"name": ctx.t("segments.chart.equality"), "categories": data.column(0),
                      "values": data.column(2), "line": {"color": "#9E9E9E", "dash_type": "dash", "width": 1.25}})
    for axis in (curve.set_x_axis, curve.set_y_axis):
        axis({"min": 0, "max": 1, "major_unit": 0.2, "num_format": "0%", "num_font": {"name": book.font, "size": 9},
              "name": ctx.t("segments.chart.cum_customers" if axis == curve.set_x_axis else "segments.chart.cum_value"),
              "name_font": {"name": book.font, "size": 9, "bold": False},
              "major_gridlines": {"visible": True, "line": {"color": "#E7E9ED"}}})
    sheet.chart(pyramid, row=charts_row, width=_CHART_W, height=_CHART_H)
    sheet.chart(curve, row=charts_row, x_offset=_GAP, width=_CHART_W, height=_CHART_H)
    sheet.row = end_row


def _churn(sheet: Sheet, book: Book, ctx: ReportContext, table: Table, profile) -> None:
    """Risk levels in their colours, and the customers each warning dimension flags (those with data)."""
    info = ctx.snapshot.infos["churn"]
    risk = bar_chart(book, table, [1], ctx.t("segments.chart.churn_risk"),
                     point_colours=[segment_charts.RISK_COLOURS.get(s, "#9E9E9E") for s in profile["segment"]])
    charts_row = sheet.row
    data_row = charts_row + int(np.ceil((_CHART_H + 12) / book.row_pixels)) + 2
    sheet.row = data_row
    sheet.subtitle(ctx.t("segments.chart.churn_dims"))
    dims = sheet.table([ctx.t("segments.chart.dimension"), ctx.t("segments.chart.customers")],
                       [[ctx.t(f"segments.churn_dim.{d}"), int(info["flag_counts"].get(d, 0))]
                        for d in info["available"]], ["text", "count"])
    end_row = sheet.row
    sheet.chart(risk, row=charts_row, width=_CHART_W, height=_CHART_H)
    if info["available"]:
        flags = bar_chart(book, dims, [1], ctx.t("segments.chart.churn_dims"), colours=[PALETTE["bad"]])
        sheet.chart(flags, row=charts_row, x_offset=_GAP, width=_CHART_W, height=_CHART_H)
    sheet.row = end_row


def _segmentation_sheet(book: Book, ctx: ReportContext, name: str, caption: str) -> None:
    profile = display.profile_of(ctx.ws, name, ctx.lang)
    label = segmentation_label(name, ctx.lang)
    sheet = start_sheet(book, label, label, caption)
    table = _profile_table(sheet, ctx, name, profile)
    width = len(profile_columns(profile))
    sheet.skip()
    _notes(sheet, ctx, name, width)
    sheet.skip()
    if profile.empty:
        return
    if name == "rfm":
        _rfm_grid(sheet, book, ctx)
    if name == "pyramid":
        _pyramid(sheet, book, ctx, table)
        return
    if name == "churn":
        _churn(sheet, book, ctx, table, profile)
        return
    sizes = bar_chart(book, table, [1], ctx.t("report.segments.sizes"))
    sheet.chart(sizes, width=_CHART_W, height=max(_CHART_H, 60 + 28 * len(profile)))
    sheet.after_charts(max(_CHART_H, 60 + 28 * len(profile)))


def _clv_sheet(book: Book, ctx: ReportContext, caption: str) -> None:
    """The textbook CLV with its assumptions, then the model's headline figures and the distribution."""
    sheet = start_sheet(book, ctx.t("segments.tab.clv"), ctx.t("segments.tab.clv"), caption)
    bg, gg, warnings = clv.models(ctx.ws)
    settings = clv.load_settings(ctx.ws)
    value = ctx.values
    usable = clv.model_usable(bg) and clv.model_usable(gg)
    sheet.freeze(sheet.row)
    if usable:
        labels = [label for label, _ in display.clv_metrics(value, settings["horizon_months"], ctx.lang, ctx.currency)]
        figures = [value["clv"].mean(), value["clv"].sum(min_count=1), value["p_alive"].mean()]
        sheet.table([ctx.t("report.kpis.col_kpi"), ctx.t("report.kpis.col_value")],
                    [[a, b] for a, b in zip(labels, figures)], ["text", "money0"])
        sheet.number(sheet.row - 1, 1, figures[2], "percent0")  # the probability still active, as a share
        sheet.skip()
    sheet.paragraph(plain_text(display.simple_clv_text(ctx.snapshot.summary, settings, ctx.lang, ctx.currency)), 6)
    for key, params in warnings:
        sheet.paragraph(ctx.t(key, **params), 6)
    if not usable:
        return
    sheet.caption(display.clv_params_text(bg, gg, ctx.lang))
    sheet.skip()
    bands = display.clv_bands(value["clv"])
    heading = sheet.row
    sheet.subtitle(ctx.t("segments.chart.clv_hist"))
    rows = [[f"{fmt_money(lo, ctx.lang, currency=ctx.currency)} – {fmt_money(hi, ctx.lang, currency=ctx.currency)}",
             lo, hi, int(n)] for lo, hi, n in zip(bands["lower"], bands["upper"], bands["customers"])]
    charts_row = sheet.row
    sheet.row = charts_row + int(np.ceil((_CHART_H + 12) / book.row_pixels)) + 2
    data = sheet.table([ctx.t("report.segments.band"), ctx.t("segments.chart.from"), ctx.t("segments.chart.to"),
                        ctx.t("segments.chart.customers")], rows, ["text", "money0", "money0", "count"])
    end_row = sheet.row
    chart = book.chart("column", ctx.t("segments.chart.clv_hist"), legend=None,
                       x_title=ctx.t("segments.chart.clv", symbol=currency_symbol(ctx.currency).strip()),
                       y_title=ctx.t("segments.chart.customers"))
    chart.add_series({"name": data.header(3), "categories": data.column(1), "values": data.column(3),
                      "fill": {"color": PALETTE["accent"]}, "border": {"none": True}, "gap": 15})
    chart.set_y_axis({"num_format": "#,##0", "num_font": {"name": book.font, "size": 9},
                      "name": ctx.t("segments.chart.customers"),
                      "name_font": {"name": book.font, "size": 9, "bold": False},
                      "major_gridlines": {"visible": True, "line": {"color": "#E7E9ED"}}})
    chart.set_x_axis({"num_font": {"name": book.font, "size": 8, "rotation": -45},
                      "num_format": book.number_format("money0"),
                      "name": ctx.t("segments.chart.clv", symbol=currency_symbol(ctx.currency).strip()),
                      "name_font": {"name": book.font, "size": 9, "bold": False}})
    sheet.chart(chart, row=charts_row, width=2 * _CHART_W, height=_CHART_H, keep_from=heading)
    sheet.row = end_row
    sheet.set_width(0, 0, 28)


def _write(book: Book, ctx: ReportContext) -> None:
    snap = ctx.snapshot
    caption = ctx.t("segments.as_of", n=fmt_count(snap.n_customers),
                    date=snap.summary["last_purchase"].max().date().isoformat())
    for name in SEGMENT_SHEETS:
        _segmentation_sheet(book, ctx, name, caption)
    _clv_sheet(book, ctx, caption)


SECTION = Section(name="segments", title_key="report.section.segments", order=20, write=_write,
                  available=_available, weight=4.0)
