"""Value gaps: the Value gap page's views of all respondents on one sheet — the gap table with its gaps and
priorities coloured by native conditional formats; the importance–performance scatter with every attribute
named, the cross-hairs where the page puts them (the stored setting), the iso-priority diagonal and the
quadrant names in the corners; stated vs derived importance with its own scatter; the Kano table and a chart
of its CS+ / CS− coefficients.

Every figure comes from ``value_gap.analyse`` with the stored settings, the call the page makes when it opens
(no segment chosen), and the IPA from ``value_gap.crosshairs`` / ``ipa_table`` as the page draws it; a view
without input gets the page's note instead. Initiatives made from a gap are described on the traceability
sheet by this section (``insights``): the attribute, its segment, and its gap and priority as they are now.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from workbench import value_gap as vg
from workbench.core.errors import WorkbenchError
from workbench.core.formatting import fmt_number, is_finite
from workbench.report.book import PALETTE, Book, Sheet, Table
from workbench.report.section import ReportContext, Section, plain_text
from workbench.report.sections._common import bar_chart, label_positions, start_sheet
from workbench.segments.labels import segment_label
from workbench.segments.registry import REGISTRY
from workbench.value_gap import display
from workbench.value_gap.charts import KANO_COLOURS, QUADRANT_COLOURS, STATUS_COLOURS, short

__all__ = ["SECTION", "GAP_TABLE", "ipa_axis", "view_of"]

#: The gap table's columns: (``Analysis.gaps`` column or "initiative", header key, cell style).
GAP_TABLE: tuple[tuple[str, str, str], ...] = (
    ("label", "value_gap.col.attribute", "text"), ("rank", "value_gap.col.rank", "count"),
    ("origin", "value_gap.col.origin", "text"), ("importance", "value_gap.col.importance", "number2"),
    ("expectation", "value_gap.col.expectation", "number2"), ("performance", "value_gap.col.performance", "number2"),
    ("gap", "value_gap.col.gap", "number2"), ("gap_low", "report.value_gap.col.ci_low", "number2"),
    ("gap_high", "report.value_gap.col.ci_high", "number2"), ("gap_n", "value_gap.col.n", "count"),
    ("priority", "value_gap.col.priority", "number2"), ("status", "value_gap.col.status", "text"),
    ("initiative", "value_gap.col.initiative", "text"),
)
_COLUMNS = [c for c, _, _ in GAP_TABLE]
_GAP_COL, _PRIORITY_COL, _STATUS_COL = _COLUMNS.index("gap"), _COLUMNS.index("priority"), _COLUMNS.index("status")
_WIDTH = len(GAP_TABLE)  # paragraphs span the gap table
# light ends of the page's status colours (shortfall red, surplus blue), so the figures stay readable
_SCALE = {"min_color": "#F1A9A0", "mid_color": "#FFFFFF", "max_color": "#9CC3E6"}
# data bars from zero: a surplus (negative priority) gets none. Excel 2007's kind: the 2010 kind is an
# extension (solid bars, negative bars) that openpyxl and older viewers warn about and drop
_BARS = {"bar_color": "#E8A39A", "min_type": "num", "min_value": 0,
         "max_type": "max"}
_SCATTER_W, _SCATTER_H = 900, 540
_PLOT_MARGIN = (100, 130)  # a scatter's plot area is about this much smaller than the chart (axes, title, legend)
_KANO_W = 760
_GRID = {"visible": True, "line": {"color": "#E7E9ED"}}
_CORNER = "#757575"  # the page's quadrant names: bold grey


def view_of(ctx: ReportContext, segmentation: str | None = None, segment: str | None = None) -> vg.Analysis:
    """The page's analysis of one segment (all respondents by default), once per report: ``segmentation`` is
    None (no split), the survey's own segment column or a segmentation of the Segments page, matched through
    ``customer_id`` as the page does."""
    key = ("value_gap.view", segmentation, segment)
    if key not in ctx.notes:
        mapping = None
        if segmentation in REGISTRY:
            mapping = ctx.snapshot.table[["customer_id", segmentation]].rename(columns={segmentation: "segment"})
        settings = ctx.notes.setdefault("value_gap.settings", vg.load_settings(ctx.ws))
        ctx.notes[key] = vg.analyse(ctx.ws, segment, mapping, settings)
    return ctx.notes[key]


def _available(ctx: ReportContext) -> bool:
    """A survey was imported, or the room typed attributes in the workshop."""
    if not vg.read_survey(ctx.ws).empty:
        return True
    attributes = vg.read_attributes(ctx.ws)
    return bool(len(attributes) and (attributes["origin"] == "typed").any())


def _notes(sheet: Sheet, ctx: ReportContext, view: vg.Analysis, tab: str) -> None:
    """The page's notes of one tab (what could not be shown and why), as plain text."""
    for _kind, text in display.notes(view, tab, ctx.lang):
        sheet.paragraph(plain_text(text), _WIDTH)


def _axis(book: Book, title: str, lo: float, hi: float, unit: float | None, num_format: str) -> dict[str, Any]:
    font = {"name": book.font, "size": 9}
    axis = {"min": lo, "max": hi, "num_format": num_format, "num_font": font, "name": title,
            "name_font": {**font, "bold": False}, "major_gridlines": _GRID, "line": {"color": PALETTE["line"]}}
    if unit:
        axis["major_unit"] = unit
    return axis


def _range(table: Table, col: int, first: int, last: int) -> list:
    """A chart range of rows ``first..last`` (0-based within the table) of one of its columns."""
    return [table.sheet, table.first_row + first, table.first_col + col, table.first_row + last,
            table.first_col + col]


def _groups(keys: Sequence[Any]) -> list[tuple[Any, int, int]]:
    """Runs of equal keys in a sorted list: (key, first, last) — one chart series each."""
    runs: list[tuple[Any, int, int]] = []
    for i, k in enumerate(keys):
        if runs and runs[-1][0] == k:
            runs[-1] = (k, runs[-1][1], i)
        else:
            runs.append((k, i, i))
    return runs


def _scatter(book: Book, table: Table, xy: tuple[int, int], points: pd.DataFrame, groups, names: Mapping,
             colours: Mapping, axes: tuple[tuple[float, float], tuple[float, float]], title: str,
             order: Sequence[int] | None = None, lines: tuple[Sequence[float], Sequence[float]] = ((), ())):
    """A scatter of a table's rows, one series per group (its colour and legend name), each point labelled
    with its ``name`` where the label covers nothing else (:func:`label_positions`)."""
    x_range, y_range = axes
    plot = (_SCATTER_W - _PLOT_MARGIN[0], _SCATTER_H - _PLOT_MARGIN[1])
    positions = label_positions(list(points["x"]), list(points["y"]), list(points["name"]), x_range, y_range, plot,
                                order=order, lines=lines)
    chart = book.chart("scatter", title)
    for key, first, last in groups:
        colour = colours[key]
        chart.add_series({
            "name": names[key], "categories": _range(table, xy[0], first, last),
            "values": _range(table, xy[1], first, last),
            "marker": {"type": "circle", "size": 8, "fill": {"color": colour}, "border": {"color": "#FFFFFF"}},
            "data_labels": book.point_labels(list(points["name"][first:last + 1]), positions[first:last + 1],
                                             size=9, colour="#333333"),
        })
    return chart


def ipa_axis(ipa: pd.DataFrame, perf_line: float, imp_line: float, scale: Sequence[float]) -> tuple[float, float]:
    """The IPA chart's axis range, as the page zooms it (``value_gap.charts.ipa_chart``): half a point around
    the attributes and the cross-hairs, on half points, within the rating scale; the same for both axes."""
    values = [*ipa["importance"], *ipa["performance"], perf_line, imp_line]
    finite = [float(v) for v in values if is_finite(v)]
    lo = max(float(scale[0]), np.floor(min(finite) * 2) / 2 - 0.5) if finite else float(scale[0])
    hi = min(float(scale[1]), np.ceil(max(finite) * 2) / 2 + 0.5) if finite else float(scale[1])
    return float(lo), float(hi)


# -- the views ----------------------------------------------------------------------------------------------
def _gaps(sheet: Sheet, ctx: ReportContext, view: vg.Analysis) -> None:
    """The sorted gap table, with a colour scale on the gaps (red shortfall, blue surplus, white at zero) and
    data bars on the positive priorities, as native conditional formats."""
    sheet.subtitle(ctx.t("value_gap.tab.gaps"))
    _notes(sheet, ctx, view, "gaps")
    if view.gaps.empty:
        return
    sheet.paragraph(ctx.t("value_gap.explain.gaps"), _WIDTH)
    linked = display.linked_attributes(ctx.initiatives, None, None)
    rows = []
    for r in view.gaps.to_dict("records"):
        cells = {**r, "origin": ctx.t(f"value_gap.origin.{r['origin']}"),
                 "gap_n": int(r["gap_n"]) or None,  # a workshop row has no respondents: "–", as the page
                 "status": display.choice_label("status", r["status"], ctx.lang),
                 "initiative": "✓" if r["attribute"] in linked else None}
        rows.append([cells[c] for c, _, _ in GAP_TABLE])
    table = sheet.table([ctx.t(key) for _, key, _ in GAP_TABLE], rows, [s for _, _, s in GAP_TABLE])
    sheet.freeze(table.first_row, 1)
    for i, r in enumerate(view.gaps.to_dict("records")):
        sheet.text(table.first_row + i, _STATUS_COL, rows[i][_STATUS_COL], "text", bold=True,
                   font_color=STATUS_COLOURS.get(r["status"], PALETTE["muted"]))
    limit = max((abs(float(g)) for g in view.gaps["gap"] if is_finite(g)), default=0.0) or 1.0
    sheet.ws.conditional_format(table.first_row, _GAP_COL, table.last_row, _GAP_COL, {
        "type": "3_color_scale", "min_type": "num", "min_value": -limit, "mid_type": "num", "mid_value": 0,
        "max_type": "num", "max_value": limit, **_SCALE})
    sheet.ws.conditional_format(table.first_row, _PRIORITY_COL, table.last_row, _PRIORITY_COL,
                                {"type": "data_bar", **_BARS})


def _ipa(sheet: Sheet, book: Book, ctx: ReportContext, view: vg.Analysis) -> None:
    """The importance–performance scatter as the page draws it: cross-hairs at the stored setting, points in
    their quadrant's colour and named, the iso-priority diagonal, the quadrant names in the corners; then its
    data and where the lines sit."""
    cfg = view.settings
    how = cfg["crosshair"]
    value = cfg["crosshair_value"]
    if how == "value" and value is None:
        value = sum(view.scale) / 2  # the page's number box starts at the scale midpoint (and stores it)
    perf0, imp0 = vg.crosshairs(view.gaps, how, view.scale, value)
    ipa = vg.ipa_table(view.gaps, perf0, imp0)
    heading = sheet.row
    sheet.subtitle(ctx.t("value_gap.tab.ipa"))
    if ipa.empty or not (is_finite(perf0) and is_finite(imp0)):
        sheet.paragraph(ctx.t("report.value_gap.no_ipa"), _WIDTH)
        return
    sheet.caption(ctx.t("report.value_gap.crosshair_at", how=ctx.t(f"value_gap.crosshair.{how}"),
                        line=ctx.t("value_gap.crosshair_line", perf=f"{perf0:.2f}", imp=f"{imp0:.2f}")))
    sheet.paragraph(ctx.t("value_gap.explain.ipa"), _WIDTH)
    lo, hi = ipa_axis(ipa, perf0, imp0, view.scale)
    rank = {q: i for i, q in enumerate(vg.QUADRANTS)}
    ipa = ipa.assign(_q=ipa["quadrant"].map(rank), _imp=-ipa["importance"]).sort_values(
        ["_q", "_imp", "attribute"], kind="stable").reset_index(drop=True)
    quadrant_names = {q: ctx.t(f"value_gap.quadrant.{q}") for q in vg.QUADRANTS}
    charts_row = sheet.row
    sheet.row = charts_row + int(np.ceil((_SCATTER_H + 12) / book.row_pixels)) + 1
    data = sheet.table([ctx.t("value_gap.col.attribute"), ctx.t("value_gap.col.quadrant"),
                        ctx.t("value_gap.col.performance"), ctx.t("value_gap.col.importance")],
                       [[r["label"], quadrant_names[r["quadrant"]], r["performance"], r["importance"]]
                        for r in ipa.to_dict("records")], ["text", "text", "number2", "number2"])
    for i, q in enumerate(ipa["quadrant"]):
        sheet.text(data.first_row + i, 1, quadrant_names[q], "text", font_color=QUADRANT_COLOURS[q], bold=True)
    sheet.skip()
    # the lines and the corner names are series too: their points are written here, so the chart reads cells
    d = imp0 - perf0
    x1, x2 = max(lo, lo - d), min(hi, hi - d)
    pad = (hi - lo) * 0.02
    corners = [("concentrate", lo + pad, hi - pad), ("keep_up", hi - pad, hi - pad),
               ("low_priority", lo + pad, lo + pad), ("overkill", hi - pad, lo + pad)]
    names = [ctx.t(f"report.value_gap.line.{k}") for k in ("crosshair_perf", "crosshair_imp", "diagonal")]
    sheet.caption(ctx.t("report.value_gap.ipa_data"))
    lines = sheet.table([ctx.t("report.value_gap.col.line"), ctx.t("value_gap.col.performance"),
                         ctx.t("value_gap.col.importance")],
                        [[names[0], perf0, lo], [names[0], perf0, hi], [names[1], lo, imp0], [names[1], hi, imp0],
                         [names[2], x1, x1 + d], [names[2], x2, x2 + d],
                         *[[quadrant_names[q], x, y] for q, x, y in corners]],
                        ["text", "number2", "number2"])
    end_row = sheet.row
    points = pd.DataFrame({"x": ipa["performance"], "y": ipa["importance"], "name": ipa["label"].map(short)})
    order = sorted(range(len(ipa)), key=lambda i: (-ipa["importance"][i], -ipa["performance"][i]))  # the page's
    groups = _groups(list(ipa["quadrant"]))
    chart = _scatter(book, data, (2, 3), points, groups, quadrant_names, QUADRANT_COLOURS, ((lo, hi), (lo, hi)),
                     ctx.t("report.value_gap.ipa_chart"), order=order, lines=([perf0], [imp0]))
    for (first, last), colour, dash in (((0, 1), "#424242", "dash"), ((2, 3), "#424242", "dash"),
                                        ((4, 5), "#9E9E9E", "round_dot")):
        chart.add_series({"name": names[first // 2], "categories": _range(lines, 1, first, last),
                          "values": _range(lines, 2, first, last), "marker": {"type": "none"},
                          "line": {"color": colour, "width": 1.25, "dash_type": dash}})
    chart.add_series({"name": ctx.t("value_gap.col.quadrant"), "categories": _range(lines, 1, 6, 9),
                      "values": _range(lines, 2, 6, 9), "marker": {"type": "none"},
                      "data_labels": book.point_labels([quadrant_names[q] for q, _, _ in corners],
                                                       ["right", "left", "right", "left"], size=10, colour=_CORNER,
                                                       bold=True)})
    n = len(groups)
    chart.set_legend({"position": "bottom", "font": {"name": book.font, "size": 9},
                      "delete_series": list(range(n, n + 4))})
    unit = 0.5 if hi - lo <= 4 else 1.0
    chart.set_x_axis(_axis(book, ctx.t("value_gap.axis.performance"), lo, hi, unit, "0.0"))
    chart.set_y_axis(_axis(book, ctx.t("value_gap.axis.importance"), lo, hi, unit, "0.0"))
    sheet.chart(chart, row=charts_row, width=_SCATTER_W, height=_SCATTER_H, keep_from=heading)
    sheet.row = end_row


def _derived(sheet: Sheet, book: Book, ctx: ReportContext, view: vg.Analysis) -> None:
    """Stated importance (what respondents say) against derived importance (what drives the overall measure),
    with the page's line on the method and sample, the disagreements, and the page's scatter of the two."""
    heading = sheet.row
    sheet.subtitle(ctx.t("value_gap.tab.derived"))
    _notes(sheet, ctx, view, "derived")
    line = display.derived_line(view, ctx.lang)
    if line:
        sheet.caption(line)
    compare = view.compare.dropna(subset=["stated", "derived"]).reset_index(drop=True)
    if compare.empty:
        return
    sheet.paragraph(ctx.t("value_gap.explain.derived"), _WIDTH)
    odd = list(compare.loc[compare["disagree"], "label"])
    if odd:
        sheet.paragraph(ctx.t("value_gap.disagreements", names=ctx.t("report.list_sep").join(odd)), _WIDTH)
    compare = compare.sort_values(["disagree", "derived_rank"], kind="stable").reset_index(drop=True)
    agree = {False: ctx.t("value_gap.compare.agree"), True: ctx.t("value_gap.compare.disagree")}
    charts_row = sheet.row
    sheet.row = charts_row + int(np.ceil((_SCATTER_H + 12) / book.row_pixels)) + 1
    table = sheet.table([ctx.t(f"value_gap.col.{c}") for c in ("attribute", "stated", "stated_rank", "derived",
                                                                "derived_rank", "disagree")],
                        [[r["label"], r["stated"], r["stated_rank"], r["derived"], r["derived_rank"],
                          agree[True] if r["disagree"] else None] for r in compare.to_dict("records")],
                        ["text", "number2", "count", "number3", "count", "text"])
    end_row = sheet.row
    xs, ys = compare["stated"].astype(float), compare["derived"].astype(float)
    x_range = (float(np.floor(xs.min() * 2) / 2 - 0.5), float(np.ceil(xs.max() * 2) / 2 + 0.5))
    top = float(ys.max()) * 1.15 or 1.0
    points = pd.DataFrame({"x": xs, "y": ys, "name": compare["label"].map(short)})
    order = sorted(range(len(compare)), key=lambda i: -ys[i])  # the page's: most derived importance first
    chart = _scatter(book, table, (1, 3), points, _groups(list(compare["disagree"])), agree,
                     {False: "#1f6fb2", True: "#c0392b"}, (x_range, (0.0, top)), ctx.t("value_gap.tab.derived"),
                     order=order)
    chart.set_legend({"position": "bottom", "font": {"name": book.font, "size": 9}})
    chart.set_x_axis(_axis(book, ctx.t("value_gap.axis.stated"), *x_range, 0.5, "0.0"))
    chart.set_y_axis(_axis(book, ctx.t("value_gap.axis.derived"), 0.0, top, None, "0.00"))
    sheet.chart(chart, row=charts_row, width=_SCATTER_W, height=_SCATTER_H, keep_from=heading)
    sheet.row = end_row


def _kano(sheet: Sheet, book: Book, ctx: ReportContext, view: vg.Analysis) -> None:
    """The Kano table (counts, category and how it was decided, strengths, CS+ / CS−, Fong's test) and a
    chart of each attribute's better CS+ and worse CS− (attributes classified by hand have no answers)."""
    heading = sheet.row
    _notes(sheet, ctx, view, "kano")
    if view.kano.empty:
        return
    sheet.paragraph(ctx.t("value_gap.explain.kano"), 10)
    kano = view.kano.assign(_hand=view.kano["better"].isna()).sort_values("_hand", kind="stable")
    kano = kano.reset_index(drop=True)
    answered = int((~kano["_hand"]).sum())
    height = max(300, 90 + 34 * answered)
    charts_row = sheet.row
    if answered:
        sheet.row = charts_row + int(np.ceil((height + 12) / book.row_pixels)) + 1
    headers = [ctx.t("value_gap.col.attribute"), *vg.CATEGORIES, "n", ctx.t("value_gap.col.category"),
               ctx.t("value_gap.col.rule"), ctx.t("value_gap.col.manual"), ctx.t("value_gap.col.total_strength"),
               ctx.t("value_gap.col.category_strength"), "CS+", "CS−", ctx.t("value_gap.col.fong")]
    rows = []
    for r in kano.to_dict("records"):
        hand = r["category_rule"] == "hand"
        fong = None if hand else ctx.t("value_gap.fong.yes" if r["fong_significant"] else "value_gap.fong.no")
        rows.append([r.get("label") or r["attribute"], *[None if hand else r[c] for c in vg.CATEGORIES],
                     None if hand else r["n"], display.choice_label("kano", r["category"], ctx.lang),
                     ctx.t(f"value_gap.rule.{r['category_rule']}"),
                     display.choice_label("kano", r.get("manual"), ctx.lang) or None, r["total_strength"],
                     r["category_strength"], r["better"], r["worse"], fong])
    styles = ["text", *["count"] * len(vg.CATEGORIES), "count", "text", "text", "text", "percent0", "percent0",
              "number2", "number2", "text"]
    table = sheet.table(headers, rows, styles)
    category_col = 1 + len(vg.CATEGORIES) + 1
    for i, r in enumerate(kano.to_dict("records")):
        sheet.text(table.first_row + i, category_col, rows[i][category_col], "text", bold=True,
                   font_color=KANO_COLOURS.get(str(r["category"]), PALETTE["muted"]))
    end_row = sheet.row
    if not answered:
        return
    cs_plus = len(headers) - 3
    answered_rows = Table(table.sheet, table.header_row, table.first_row, table.first_row + answered - 1,
                          table.first_col, table.n_cols)
    chart = bar_chart(book, answered_rows, [cs_plus, cs_plus + 1], ctx.t("report.value_gap.kano_chart"),
                      num_format="0.00", colours=[KANO_COLOURS["A"], KANO_COLOURS["M"]], legend=True)
    chart.set_x_axis({"min": -1, "max": 1, "major_unit": 0.25, "num_format": "0.00",
                      "num_font": {"name": book.font, "size": 9}, "major_gridlines": _GRID, "line": {"none": True}})
    # the attributes' names at the left edge, not on the zero line the bars grow from
    chart.set_y_axis({"reverse": True, "crossing": "max", "label_position": "low",
                      "num_font": {"name": book.font, "size": 9}, "line": {"color": PALETTE["line"]},
                      "major_gridlines": {"visible": False}})
    sheet.chart(chart, row=charts_row, width=_KANO_W, height=height, keep_from=heading)
    sheet.row = end_row


def _write(book: Book, ctx: ReportContext) -> None:
    view = view_of(ctx)
    low, high = view.scale
    caption = ctx.t("report.value_gap.caption", respondents=ctx.t("value_gap.respondents", n=view.respondents,
                                                                  low=f"{low:g}", high=f"{high:g}"),
                    segment=ctx.t("value_gap.segment.all"))
    sheet = start_sheet(book, ctx.t("report.value_gap.sheet"), ctx.t("report.value_gap.title"), caption)
    _gaps(sheet, ctx, view)
    sheet.skip()
    _ipa(sheet, book, ctx, view)
    sheet.skip()
    _derived(sheet, book, ctx, view)
    kano = start_sheet(book, ctx.t("report.value_gap.kano_sheet"), ctx.t("report.value_gap.kano_title"), caption)
    _kano(kano, book, ctx, view)


# -- traceability -----------------------------------------------------------------------------------------
def _segment_text(ctx: ReportContext, segmentation: Any, segment: Any) -> str:
    if segment is None or segment == "":
        return ctx.t("value_gap.segment.all")
    if segmentation in REGISTRY:
        return segment_label(segmentation, str(segment), ctx.lang)
    return str(segment)


def _describe(ctx: ReportContext, ref: Mapping[str, Any]) -> str:
    """An initiative made from a gap: "attribute · segment: gap −1.73, priority 10.99", the gap as it is now
    (in the segment it was made for); "no longer in the survey" when the attribute is gone."""
    attribute, segment, segmentation = ref.get("attribute"), ref.get("segment"), ref.get("segmentation")
    where = _segment_text(ctx, segmentation, segment)
    try:
        view = view_of(ctx, segmentation if segmentation in REGISTRY or segmentation == vg.SURVEY_SEGMENT else None,
                       segment)
    except (WorkbenchError, KeyError, LookupError, ValueError):
        view = None
    found = None if view is None else view.gaps[view.gaps["attribute"] == attribute]
    if found is None or found.empty:
        return ctx.t("report.value_gap.insight_gone", attribute=str(attribute or "?"), segment=where)
    row = found.iloc[0]
    return ctx.t("report.value_gap.insight", attribute=str(row["label"]), segment=where,
                 gap=fmt_number(row["gap"], 2), priority=fmt_number(row["priority"], 2))


SECTION = Section(name="value_gap", title_key="report.section.value_gap", order=40, write=_write,
                  available=_available, weight=1.0, insights={"value_gap": _describe})
