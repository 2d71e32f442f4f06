"""Journey maps: one sheet per map, laid out as the familiar grid — stages across, lanes down, from
``journey.report_frame`` — with the emotion rows coloured as on the projected map (red below zero, green
above), pain points and opportunities tinted, a line chart of the as-is and to-be emotion curves, the
persona and the linked segment's figures (``Snapshot.figures``, as the Journey page shows them)."""

from __future__ import annotations

from workbench import journey
from workbench.core.errors import WorkbenchError
from workbench.journey.charts import CURVE_COLOURS
from workbench.report.book import PALETTE, Book, Sheet
from workbench.report.section import ReportContext, Section
from workbench.segments.labels import segment_label, segmentation_label
from workbench.segments.registry import REGISTRY

__all__ = ["SECTION", "emotion_fill"]

_LANE_TINT = {"pain_points": "#FDECEA", "opportunities": "#E8F5E9"}
_STAGE_WIDTH = 30
_CHART_H = 300


def emotion_fill(value: float | None) -> str:
    """Red for −2 through white at 0 to green for +2: the projected map's emotion colours, as hex."""
    if value is None:
        return "#FFFFFF"
    if value < 0:
        k = min(1.0, -value / 2)
        return "#FF{0:02X}{0:02X}".format(int(255 - 120 * k))
    k = min(1.0, value / 2)
    return f"#{int(255 - 120 * k):02X}{int(255 - 50 * k):02X}{int(255 - 120 * k):02X}"


def _available(ctx: ReportContext) -> bool:
    return len(ctx.maps) > 0


def _figures(sheet: Sheet, ctx: ReportContext, m) -> None:
    """The linked segment (or all customers) and its figures as numbers, as the Journey page shows them."""
    if ctx.period is None or ctx.snapshot.n_customers == 0:
        return
    fig = ctx.snapshot.figures(m.segmentation, m.segment)
    if m.segmentation:
        known = m.segmentation in REGISTRY
        scope = (f"{segmentation_label(m.segmentation, ctx.lang) if known else m.segmentation}: "
                 f"{segment_label(m.segmentation, str(m.segment), ctx.lang)}")
    else:
        scope = ctx.t("journey.figures.all_customers")
    sheet.subtitle(ctx.t("report.journey.figures"))
    sheet.keep_together(sheet.row - 1, sheet.row + 5)
    rows = [(ctx.t("report.journey.segment"), scope, "text"),
            (ctx.t("journey.figures.customers"), fig["customers"], "count"),
            (ctx.t("journey.figures.revenue_share"), fig["revenue_share"], "percent1"),
            (ctx.t("journey.figures.repurchase"), fig["repeat_share"], "percent1"),
            (ctx.t("journey.figures.csat"), fig["csat"], "score5"),  # "3.50 / 5", as the page
            (ctx.t("journey.figures.nps"), fig["nps"], "nps")]
    for label, value, style in rows:
        sheet.text(sheet.row, 0, label, "label")
        sheet.value(sheet.row, 1, value, style, **({} if style == "text" else {"align": "left"}))
        sheet.row += 1


def _persona(sheet: Sheet, ctx: ReportContext, m, n_cols: int) -> None:
    p = m.persona
    fields = [(k, getattr(p, k)) for k in journey.PERSONA_FIELDS if k != "disc" and getattr(p, k)]
    if not fields and not p.disc:
        return
    sheet.subtitle(ctx.t("report.journey.persona"))
    sheet.keep_together(sheet.row - 1, sheet.row + len(fields) + (1 if p.disc else 0) - 1)
    for key, value in fields:
        sheet.text(sheet.row, 0, ctx.t(f"journey.persona.{key}"), "label")
        _merged_text(sheet, sheet.row, 1, max(1, n_cols - 1), value)
        sheet.row += 1
    if p.disc:
        sheet.text(sheet.row, 0, ctx.t("journey.persona.disc"), "label")
        text = f"{ctx.t(f'journey.disc.{p.disc.lower()}')}\n{ctx.t(f'journey.disc.{p.disc.lower()}.guidance')}"
        _merged_text(sheet, sheet.row, 1, max(1, n_cols - 1), text)
        sheet.row += 1


def _merged_text(sheet: Sheet, row: int, first_col: int, n_cols: int, text: str) -> None:
    """A wrapped text cell spanning ``n_cols`` columns (written as a string, whatever it starts with)."""
    fmt = sheet.book.format("wrap")
    if n_cols > 1:
        sheet.ws.merge_range(row, first_col, row, first_col + n_cols - 1, "", fmt)
    sheet.ws.write_string(row, first_col, str(text), fmt)
    sheet.wraps(row, first_col, first_col + n_cols - 1, str(text))


def _grid(sheet: Sheet, ctx: ReportContext, m) -> tuple[int, int, int]:
    """The map as the grid; returns (header row, as-is row, to-be row)."""
    frame = journey.report_frame(m, ctx.lang)
    top = sheet.row
    sheet.text(top, 0, ctx.t("report.journey.corner"), "header")
    for j, stage in enumerate(m.stages, start=1):
        sheet.text(top, j, stage.name, "header", fit=False)
    lanes = ["evidence", "as_is", "to_be", *journey.visible_lanes(m)]
    for i, (lane, values) in enumerate(zip(lanes, frame.itertuples(index=False, name=None))):
        r = top + 1 + i
        sheet.text(r, 0, values[0], "label")
        for j, (stage, cell) in enumerate(zip(m.stages, values[1:]), start=1):
            if lane == "evidence":
                sheet.text(r, j, cell, "text", fit=False, bold=True,
                           font_color=journey.EVIDENCE_COLOURS[stage.evidence])
            elif lane in ("as_is", "to_be"):
                score = getattr(stage, f"emotion_{lane}")
                style = "signed0" if score is None or float(score).is_integer() else "signed1"
                if score is None:
                    sheet.text(r, j, None, "text", bg_color=emotion_fill(None))
                else:
                    sheet.number(r, j, score, style, align="center", bold=True, bg_color=emotion_fill(score))
            else:
                tint = _LANE_TINT.get(lane)
                sheet.text(r, j, cell or None, "wrap", fit=False, **({"bg_color": tint} if tint else {}))
    sheet.row = top + 1 + len(lanes)
    sheet.freeze(top + 1, 1, repeat=True)
    sheet.set_width(1, len(m.stages), _STAGE_WIDTH)
    return top, top + 2, top + 3


def _curve(sheet: Sheet, book: Book, ctx: ReportContext, m, rows: tuple[int, int, int]) -> None:
    header, as_is, to_be = rows
    last = len(m.stages)
    chart = book.chart("line", ctx.t("report.journey.chart"), y_title=ctx.t("journey.chart.emotion_axis"))
    for curve, row in (("as_is", as_is), ("to_be", to_be)):
        chart.add_series({
            "name": ctx.t(f"journey.curve.{curve}"),
            "categories": [sheet.name, header, 1, header, last], "values": [sheet.name, row, 1, row, last],
            "line": {"color": CURVE_COLOURS[curve], "width": 2.5, "dash_type": "dash" if curve == "to_be" else "solid"},
            "marker": {"type": "circle", "size": 7, "fill": {"color": CURVE_COLOURS[curve]},
                       "border": {"color": CURVE_COLOURS[curve]}},
            "smooth": False,
        })
    chart.set_y_axis({"min": journey.EMOTION_MIN, "max": journey.EMOTION_MAX, "major_unit": 1,
                      "num_format": "+0;-0;0", "num_font": {"name": book.font, "size": 9},
                      "name": ctx.t("journey.chart.emotion_axis"),
                      "name_font": {"name": book.font, "size": 9, "bold": False},
                      "major_gridlines": {"visible": True, "line": {"color": "#E7E9ED"}}})
    chart.set_x_axis({"label_position": "low", "num_font": {"name": book.font, "size": 9},
                      "line": {"color": PALETTE["line"]}})
    chart.show_blanks_as("gap")
    sheet.skip()
    width = min(1100, 120 + 215 * max(2, last))
    sheet.chart(chart, width=width, height=_CHART_H)
    sheet.after_charts(_CHART_H)


def _write_map(book: Book, ctx: ReportContext, map_id: int) -> None:
    m = journey.load_map(ctx.ws, map_id)
    sheet = book.add_sheet(m.name)
    sheet.title(m.name)
    sheet.caption(ctx.t("report.journey.caption", stages=len(m.stages)))
    sheet.skip()
    rows = _grid(sheet, ctx, m)
    _curve(sheet, book, ctx, m, rows)
    n_cols = len(m.stages) + 1
    _persona(sheet, ctx, m, n_cols)
    sheet.skip()
    _figures(sheet, ctx, m)


def _write(book: Book, ctx: ReportContext) -> None:
    for map_id in ctx.maps["map_id"]:
        _write_map(book, ctx, int(map_id))


def _journey_insight(ctx: ReportContext, ref) -> str:
    """A pain point or opportunity an initiative came from: "map · stage · lane: text", names as they are
    now (a renamed map or stage is shown by its new name; a deleted one by the name it had)."""
    map_name, stage_name, text = ref.get("map", ""), ref.get("stage", ""), ""
    try:
        m = journey.load_map(ctx.ws, int(ref.get("map_id")))
        map_name = m.name
        stage = m.stage(str(ref.get("stage_id")))
        stage_name = stage.name
        text = next((it.text for it in stage.items(str(ref.get("lane", ""))) if it.item_id == ref.get("item")), "")
    except (LookupError, TypeError, ValueError, WorkbenchError):
        pass
    lane = ctx.t(f"journey.lane.{ref.get('lane')}") if ref.get("lane") in journey.LANES else ""
    parts = [p for p in (str(map_name), str(stage_name), lane) if p]
    return " · ".join(parts) + (f": {text}" if text else "")


SECTION = Section(name="journeys", title_key="report.section.journeys", order=30, write=_write,
                  available=_available, weight=1.0,
                  insights={"journey_pain": _journey_insight, "journey_opportunity": _journey_insight})
