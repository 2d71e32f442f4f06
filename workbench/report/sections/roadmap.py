"""The roadmap: three sheets. *Roadmap* holds the plan's figures (the page's cards), its warnings in words —
dependency problems first, then phases over budget or headcount, then the rest — and every initiative ranked
as on the priority board (score, status, phase, start–end, budget, owner, target segment, KPI and target).
*Budget & people* (the page's tab) puts budget and people per phase against capacity, with a chart. *Gantt*
draws the plan with cell fills by month:
phase bands across the top and behind the bars, a bar per scheduled initiative in its dimension's colour
(ordered by phase and start as on the page), today's month marked in red, dependencies and warnings named.

Everything comes from ``roadmap.build_plan`` (the page's frames) and the Roadmap page's display helpers
(``roadmap.display``, ``roadmap.charts.gantt_frame``), with the report date as "today", so a figure here is
the figure on screen.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from xlsxwriter.utility import xl_range

from workbench import roadmap
from workbench.core.formatting import is_finite
from workbench.report.book import PALETTE, Book, Sheet
from workbench.report.section import ReportContext, Section, plain_text
from workbench.report.sections._common import start_sheet
from workbench.roadmap import display
from workbench.roadmap.charts import AMBER, DIMENSION_COLOURS, WARN_COLOUR, gantt_frame
from workbench.roadmap.phases import month_date, month_label

__all__ = ["SECTION", "INITIATIVE_TABLE", "WARNING_GROUPS", "GANTT_FIRST_MONTH_COL", "plan_of", "warning_group"]

#: The initiative table's columns: (``Plan.frame`` column, or "period"; header key; cell style). The score's
#: header and decimals follow the ranking method, as on the board.
INITIATIVE_TABLE: tuple[tuple[str, str, str], ...] = (
    ("title", "roadmap.field.title", "wrap"), ("initiative_id", "report.roadmap.col.id", "count"),
    ("rank", "roadmap.col.rank", "count"), ("score", "roadmap.col.score_rice", "number0"),
    ("status", "roadmap.field.status", "text"), ("phase_name", "roadmap.col.phase", "text"),
    ("period", "roadmap.col.period", "text"), ("budget", "roadmap.field.budget", "money0"),
    ("owner", "roadmap.field.owner", "wrap"), ("target_label", "roadmap.field.target_segment", "wrap"),
    ("kpi", "roadmap.field.kpi", "wrap"), ("kpi_target", "roadmap.field.kpi_target", "text"),
)
#: How the warnings are grouped in words: dependency problems, capacity, then the plan's other warnings.
WARNING_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("dependency", ("cycle", "starts_before_dependency_ends", "unknown_dependency", "dependency_not_on_plan")),
    ("capacity", ("over_budget", "over_headcount")),
    ("plan", ("not_scheduled", "ends_after_plan", "segment_gone", "no_owner", "no_kpi")),
)
#: The Gantt's first month column (A: the initiative, B: when, C: what it depends on).
GANTT_FIRST_MONTH_COL = 3
_BAND_FILLS = ("#EEF2F7", "#F8F9FB")  # the page's phase bands, alternating
_MONTH_WIDTH = 3.6
_CHART_W, _CHART_H = 560, 300
_CAPACITY_FILL = "#C9CED6"


def plan_of(ctx: ReportContext):
    """The plan as the Roadmap page builds it, with the report's date as today (once per report)."""
    if "roadmap.plan" not in ctx.notes:
        ctx.notes["roadmap.plan"] = roadmap.build_plan(ctx.ws, ctx.lang, today=ctx.today)
    return ctx.notes["roadmap.plan"]


def _available(ctx: ReportContext) -> bool:
    return len(ctx.initiatives) > 0


def warning_group(kind: str) -> str:
    """The group of a warning kind (:data:`WARNING_GROUPS`)."""
    return next((name for name, kinds in WARNING_GROUPS if kind in kinds), "plan")


def _people_style(value: Any) -> str:
    """Headcount as the page writes it: whole numbers without decimals, halves with one."""
    return "number0" if is_finite(value) and float(value).is_integer() else "number1"


# -- the Roadmap sheet ----------------------------------------------------------------------------------------
def _figures(sheet: Sheet, ctx: ReportContext, plan) -> None:
    """The page's cards as numbers: initiatives on the plan and on the board, planned budget, peak headcount,
    warnings."""
    labels = [label for label, _, _ in display.summary_cards(plan, ctx.lang, ctx.currency)]
    on = plan.on_plan
    peak = float(plan.load["headcount"].max()) if len(plan.load) else 0.0
    values = [(len(on), "count"), (len(plan.frame) - len(on), "count"),
              (float(on["budget"].fillna(0).sum()), "money0"), (peak, _people_style(peak)),
              (len(plan.warnings), "count")]
    sheet.keep_together(sheet.row, sheet.row + len(values) - 1)
    for label, (value, style) in zip(labels, values):
        sheet.text(sheet.row, 0, label, "label")
        sheet.number(sheet.row, 1, value, style, align="left")
        sheet.row += 1


def _warnings(sheet: Sheet, ctx: ReportContext, plan, width: int) -> None:
    """Every warning of the plan in the page's words, dependency problems first, then capacity."""
    texts = [plain_text(x) for x in display.warning_texts(plan, ctx.lang, ctx.currency)]
    sheet.subtitle(ctx.t("roadmap.warnings", n=len(texts)))
    if not texts:
        sheet.paragraph(ctx.t("roadmap.no_warnings"), width)
        return
    group_of = [warning_group(k) for k in plan.warnings["kind"]]
    order = sorted(range(len(texts)), key=lambda i: [g for g, _ in WARNING_GROUPS].index(group_of[i]))
    top = sheet.row
    sheet.text(top, 0, ctx.t("report.roadmap.col.warning_kind"), "header")
    sheet.merged(top, 1, width - 1, ctx.t("report.roadmap.col.warning"), "header")
    for k, i in enumerate(order, start=1):
        colour = {"dependency": WARN_COLOUR, "capacity": AMBER}.get(group_of[i], PALETTE["muted"])
        sheet.text(top + k, 0, ctx.t(f"report.roadmap.warn_group.{group_of[i]}"), "label", font_color=colour)
        sheet.merged(top + k, 1, width - 1, texts[i], "wrap")
    sheet.keep_together(sheet.block_start(top), top + len(order))
    sheet.row = top + 1 + len(order)


def _initiatives(sheet: Sheet, ctx: ReportContext, plan) -> None:
    """Every initiative, ranked as on the priority board (rank, then id)."""
    method = plan.config.method
    columns = [(c, f"roadmap.col.score_{method}" if c == "score" else key,
                ("number0" if method == "rice" else "number2") if c == "score" else style)
               for c, key, style in INITIATIVE_TABLE]
    frame = plan.frame.sort_values(["rank", "initiative_id"], na_position="last", kind="stable")
    statuses = display.labels("status", ctx.lang)
    rows = []
    for r in frame.to_dict("records"):
        cells = {**r, "status": statuses.get(r["status"], r["status"]),
                 "period": f"{r['start_label']} → {r['end_label']}" if r["start_label"] else None}
        rows.append([None if _blank(cells[c]) else cells[c] for c, _, _ in columns])
    sheet.subtitle(ctx.t("report.roadmap.initiatives"))
    sheet.caption(ctx.t("report.roadmap.initiatives_note", method=display.labels("method", ctx.lang)[method]))
    table = sheet.table([ctx.t(key) for _, key, _ in columns], rows, [s for _, _, s in columns], label_first=False)
    sheet.freeze(table.first_row, 1)
    for r in range(table.first_row, table.first_row + len(rows)):  # the title, bold as on the other sheets
        sheet.text(r, 0, rows[r - table.first_row][0], "wrap", fit=False, bold=True)
    for col, width in ((0, 40), (8, 16), (9, 22), (10, 18)):
        sheet.set_width(col, col, width)


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _capacity(book: Book, ctx: ReportContext, plan) -> None:
    """The *Budget & people* sheet: budget and peak headcount per phase against the capacity set for it (the
    page's capacity table, as numbers), a total, and a chart of budget against capacity, over budget in red."""
    sheet = start_sheet(book, ctx.t("roadmap.tab.capacity"), ctx.t("report.roadmap.capacity"),
                        ctx.t("report.roadmap.capacity_note"))
    heading = sheet.row
    by_phase = plan.by_phase.set_index("period")
    rows, over = [], []
    for p in plan.phases.itertuples(index=False):
        r = by_phase.loc[p.phase] if p.phase in by_phase.index else None
        budget = float(r["budget"]) if r is not None else 0.0
        peak = float(r["headcount_peak"]) if r is not None else 0.0
        over.append((bool(r is not None and r["budget_over"]), bool(r is not None and r["headcount_over"])))
        rows.append([p.name, f"{p.start_month}–{p.end_month}", budget, p.budget_capacity, peak,
                     p.headcount_capacity, None])
    headers = [ctx.t("roadmap.col.phase"), ctx.t("roadmap.col.months"), ctx.t("roadmap.field.budget"),
               ctx.t("roadmap.col.budget_capacity_short"), ctx.t("roadmap.col.peak"),
               ctx.t("roadmap.col.headcount_capacity"), ctx.t("roadmap.col.state")]
    charts_row = sheet.row
    sheet.row = charts_row + int(np.ceil((_CHART_H + 12) / book.row_pixels)) + 1
    table = sheet.table(headers, rows, ["text", "text", "money0", "money0", "number1", "number1", "text"])
    for i, (row, (budget_over, people_over)) in enumerate(zip(rows, over)):
        r = table.first_row + i
        for col in (3, 5):
            if not is_finite(row[col]):
                sheet.text(r, col, ctx.t("roadmap.no_limit"), "text", align="right", font_color=PALETTE["muted"])
        for col in (4, 5):
            if is_finite(row[col]):
                sheet.number(r, col, row[col], _people_style(row[col]))
        if budget_over:
            sheet.number(r, 2, row[2], "money0", bold=True, font_color=WARN_COLOUR)
        if people_over:
            sheet.number(r, 4, row[4], _people_style(row[4]), bold=True, font_color=WARN_COLOUR)
        state = "roadmap.state.over" if budget_over or people_over else "roadmap.state.ok"
        sheet.text(r, 6, ctx.t(state), "text", font_color=WARN_COLOUR if state.endswith("over") else PALETTE["good"])
    total = sheet.row
    sheet.text(total, 0, ctx.t("report.segments.total"), "total_label")
    sheet.text(total, 1, "", "total_label")
    sheet.formula(total, 2, f"=SUM({xl_range(table.first_row, 2, table.last_row, 2)})",
                  float(sum(r[2] for r in rows)), "total_money0")
    for col in range(3, 7):
        sheet.text(total, col, "", "total_label")
    sheet.row += 1
    end_row = sheet.row
    money = book.number_format("money0")
    chart = book.chart("column", ctx.t("report.roadmap.budget_chart"), legend="bottom")
    chart.add_series({"name": table.header(2), "categories": table.column(0), "values": table.column(2),
                      "fill": {"color": PALETTE["accent"]}, "border": {"none": True}, "gap": 80,
                      "points": [{"fill": {"color": WARN_COLOUR if o[0] else PALETTE["accent"]}} for o in over],
                      "data_labels": book.data_labels(money, "outside_end")})
    chart.add_series({"name": table.header(3), "categories": table.column(0), "values": table.column(3),
                      "fill": {"color": _CAPACITY_FILL}, "border": {"none": True}})
    chart.set_y_axis({"num_format": money, "num_font": {"name": book.font, "size": 9}, "min": 0,
                      "major_gridlines": {"visible": True, "line": {"color": "#E7E9ED"}}, "line": {"none": True}})
    sheet.chart(chart, row=charts_row, width=_CHART_W, height=_CHART_H, keep_from=heading)
    sheet.row = end_row
    sheet.freeze(table.first_row)
    sheet.set_width(0, 0, 14)


def _roadmap_sheet(book: Book, ctx: ReportContext, plan) -> None:
    width = len(INITIATIVE_TABLE)
    caption = ctx.t("report.roadmap.caption", start=month_label(plan.config.start, 0), months=plan.config.horizon,
                    phases=len(plan.phases))
    sheet = start_sheet(book, ctx.t("report.roadmap.sheet"), ctx.t("report.roadmap.title"), caption)
    _figures(sheet, ctx, plan)
    sheet.skip()
    _warnings(sheet, ctx, plan, width)
    sheet.skip()
    _initiatives(sheet, ctx, plan)


# -- the Gantt ------------------------------------------------------------------------------------------------
def _month_phase(plan, months: int) -> list[int | None]:
    """The phase of each plan month (None beyond the last phase)."""
    ends = plan.phases["end_month"].to_numpy()
    return [int(np.searchsorted(ends, m, side="right")) if m < ends[-1] else None for m in range(months)]


def _gantt_header(sheet: Sheet, ctx: ReportContext, plan, months: int, today: int | None) -> int:
    """The phase bands, the years and the months above the bars; returns the first body row."""
    top, first = sheet.row, GANTT_FIRST_MONTH_COL
    sheet.merged(top, 0, first - 1, ctx.t("roadmap.col.phase"), "header")
    for p in plan.phases.itertuples(index=False):
        a, b = int(p.start_month), min(int(p.end_month), months) - 1
        if a > b:
            continue
        sheet.merged(top, first + a, first + b, p.name, "plain", bold=True, font_color=PALETTE["ink"],
                     bg_color=_BAND_FILLS[int(p.phase) % 2], align="center", valign="vcenter", left=1,
                     left_color=PALETTE["ink"], bottom=1, bottom_color=PALETTE["line"])
    sheet.merged(top + 1, 0, first - 1, ctx.t("report.roadmap.col.year"), "header")
    years: dict[int, list[int]] = {}
    for m in range(months):
        years.setdefault(month_date(plan.config.start, m).year, []).append(m)
    for year, ms in years.items():
        sheet.merged(top + 1, first + ms[0], first + ms[-1], str(year) if len(ms) > 1 else f"{year % 100:02d}",
                     "header", align="center", left=1, left_color=PALETTE["header_text"])
    labels = [ctx.t("roadmap.field.title"), ctx.t("roadmap.col.period"), ctx.t("report.roadmap.col.depends_on")]
    for col, label in enumerate(labels):
        sheet.text(top + 2, col, label, "header")
    for m in range(months):
        month = month_date(plan.config.start, m).month
        style = {"bg_color": WARN_COLOUR, "font_color": "#FFFFFF", "bold": True} if m == today else {
            "bg_color": PALETTE["label"], "font_color": PALETTE["muted"]}
        sheet.text(top + 2, first + m, str(month), "plain", fit=False, font_size=8, align="center",
                   border=1, border_color=PALETTE["line"], **style)
    return top + 3


def _gantt(book: Book, ctx: ReportContext, plan) -> None:
    """The plan by month in cell fills (see the module docstring)."""
    bars = gantt_frame(plan, ctx.lang, ctx.currency)
    today = int(np.floor(plan.today)) if plan.today is not None else None
    caption = ctx.t("report.roadmap.gantt_caption", today=month_label(plan.config.start, today)
                    if today is not None else "–")
    sheet = start_sheet(book, ctx.t("report.roadmap.gantt_sheet"), ctx.t("report.roadmap.gantt_title"), caption)
    if bars.empty:
        sheet.paragraph(ctx.t("report.roadmap.gantt_empty"), 8)
        return
    first = GANTT_FIRST_MONTH_COL
    months = max(int(plan.config.horizon), int(bars["end_month"].max()))
    phase_at = _month_phase(plan, months)
    starts = {int(s) for s in plan.phases["start_month"]}
    body = _gantt_header(sheet, ctx, plan, months, today)
    frame = plan.frame.set_index("initiative_id")
    early = {tuple(ids) for kind, ids in zip(plan.warnings["kind"], plan.warnings["ids"])
             if kind == "starts_before_dependency_ends"}
    for i, bar in enumerate(bars.to_dict("records")):
        r = body + i
        iid = int(bar["initiative_id"])
        warned = bool(bar["warning"])
        sheet.text(r, 0, bar["row"], "text", bold=warned, font_color=WARN_COLOUR if warned else PALETTE["ink"])
        sheet.text(r, 1, bar["period"], "text", font_color=PALETTE["muted"])
        deps = [int(d) for d in frame.at[iid, "depends_on"]]
        late = any((iid, d) in early for d in deps)
        sheet.text(r, 2, ", ".join(f"#{d}" for d in deps) or None, "text",
                   **({"font_color": WARN_COLOUR, "bold": True} if late else {}))
        start, end = int(bar["start_month"]), int(bar["end_month"])
        colour = DIMENSION_COLOURS.get(bar["dimension"], DIMENSION_COLOURS[""])
        for m in range(months):
            on_bar = start <= m < end or (start == end == m)  # a 0-month initiative: its start month
            band = phase_at[m]
            fill = colour if on_bar else (_BAND_FILLS[band % 2] if band is not None else "#FFFFFF")
            cell: dict[str, Any] = {"bg_color": fill, "top": 1, "top_color": "#FFFFFF", "bottom": 1,
                                    "bottom_color": "#FFFFFF"}
            if m in starts:
                cell.update(left=1, left_color="#9AA3AF")
            if m == today:
                cell.update(left=8, left_color=WARN_COLOUR, right=8, right_color=WARN_COLOUR)
            sheet.text(r, first + m, None, "plain", fit=False, **cell)
        sheet.wraps(r, 0, 0, "", min_height=18)
    end = body + len(bars)
    sheet.row = end
    sheet.freeze(body, first, repeat=True)
    sheet.set_width(first, first + months - 1, _MONTH_WIDTH)
    sheet.set_width(2, 2, 11)
    sheet.skip()
    _legend(sheet, ctx, bars, today, plan)


def _legend(sheet: Sheet, ctx: ReportContext, bars: pd.DataFrame, today: int | None, plan) -> None:
    """What the colours mean: the dimensions on the chart, today's month, a name in red."""
    sheet.subtitle(ctx.t("report.roadmap.legend"))
    top = sheet.row
    seen = list(dict.fromkeys(bars["dimension"]))
    labels = dict(zip(bars["dimension"], bars["dimension_label"]))
    rows = [(labels[d], DIMENSION_COLOURS.get(d, DIMENSION_COLOURS[""])) for d in seen]
    if today is not None:
        rows.append((ctx.t("report.roadmap.today", month=month_label(plan.config.start, today)), WARN_COLOUR))
    for k, (label, colour) in enumerate(rows):
        sheet.text(top + k, 0, label, "text", bold=True, font_color="#FFFFFF", bg_color=colour)
    sheet.row = top + len(rows)
    sheet.keep_together(sheet.block_start(top), sheet.row - 1)
    sheet.paragraph(ctx.t("report.roadmap.legend_note"), GANTT_FIRST_MONTH_COL)


def _library_insight(ctx: ReportContext, ref) -> str:
    """An initiative added from the library: the library's group and the suggestion's title in the report's
    language (the stored title may have been edited since)."""
    from workbench.roadmap.library import LIBRARY

    item = LIBRARY.get(str(ref.get("item", "")))
    if item is None:
        return str(ref.get("item", "")) or ctx.t("report.trace.source.library")
    return ctx.t("report.roadmap.library_insight", group=ctx.t(f"roadmap.lib_group.{item.group}"),
                 title=ctx.t(f"roadmap.lib.{item.key}.title"))


def _write(book: Book, ctx: ReportContext) -> None:
    plan = plan_of(ctx)
    _roadmap_sheet(book, ctx, plan)
    _capacity(book, ctx, plan)
    _gantt(book, ctx, plan)


SECTION = Section(name="roadmap", title_key="report.section.roadmap", order=50, write=_write,
                  available=_available, weight=1.0, insights={"library": _library_insight})
