"""Helpers the report's sections share: how a figure of the workbench reads in a cell, and the common
blocks (a sheet's heading, a bar chart of a table's column, a colour-scale grid)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from workbench.core.formatting import is_finite
from workbench.report.book import PALETTE, Book, Sheet, Table
from workbench.report.files import display_width

__all__ = ["KIND_STYLES", "kpi_style", "profile_style", "start_sheet", "bar_chart", "colour_grid",
           "COLOUR_SCALE", "label_positions", "LABEL_POSITIONS"]

#: The cell style of each kind of figure (``customers.kpis.KPI.kind`` and ``segments.display`` kinds):
#: the same decimals as the page's formatting functions.
KIND_STYLES = {"count": "count", "percent": "percent1", "money": "money0", "money2": "money2",
               "number": "number2", "number1": "number1", "number2": "number2", "nps": "nps", "text": "text"}

#: The colour scale of counts and shares in grids (RFM, cohorts): white to the report's light blue, so the
#: figures stay readable on the darkest cell.
COLOUR_SCALE = {"min_color": "#FFFFFF", "max_color": "#6BAED6"}


def kpi_style(kind: str, value: Any) -> str:
    """A KPI's cell style as ``kpis.format_kpi`` writes it: money with cents below 100, else whole."""
    if kind == "money":
        return "money2" if is_finite(value) and abs(float(value)) < 100 else "money0"
    return KIND_STYLES[kind]


def profile_style(kind: str) -> str:
    """The cell style of a ``segments.display.PROFILE_COLUMNS`` kind."""
    return KIND_STYLES[kind]


def start_sheet(book: Book, name: str, title: str, caption: str | None = None) -> Sheet:
    """A sheet with its title, a caption line under it and a blank row: tables start on row 3 (or 2)."""
    sheet = book.add_sheet(name)
    sheet.title(title)
    if caption:
        sheet.caption(caption)
    sheet.skip()
    return sheet


def bar_chart(book: Book, table: Table, value_cols: Sequence[int], title: str, *, num_format: str = "#,##0",
              colours: Sequence[str] | None = None, point_colours: Sequence[str] | None = None,
              axis_format: str | None = None, horizontal: bool = True, legend: bool = False):
    """A bar chart of a table's columns against its first column (the categories, first at the top)."""
    chart = book.chart("bar" if horizontal else "column", title, legend="bottom" if legend else None)
    palette = list(colours or [PALETTE["accent"], PALETTE["ink"], "#9ECAE1", "#F2A93B"])
    for i, col in enumerate(value_cols):
        series = {
            "name": table.header(col), "categories": table.column(0), "values": table.column(col),
            "fill": {"color": palette[i % len(palette)]}, "border": {"none": True}, "gap": 60,
            "data_labels": book.data_labels(num_format, "outside_end"),
        }
        if point_colours:
            series["points"] = [{"fill": {"color": c}, "border": {"none": True}} for c in point_colours]
        chart.add_series(series)
    if horizontal:
        # categories top-down in the table's order; the value axis crosses at the last one (the bottom)
        chart.set_y_axis({"reverse": True, "crossing": "max", "num_font": {"name": book.font, "size": 9},
                          "line": {"color": PALETTE["line"]}, "major_gridlines": {"visible": False}})
        chart.set_x_axis({"num_format": axis_format or num_format, "num_font": {"name": book.font, "size": 9},
                          "major_gridlines": {"visible": True, "line": {"color": "#E7E9ED"}},
                          "line": {"none": True}})
    return chart


def colour_grid(sheet: Sheet, first_row: int, first_col: int, last_row: int, last_col: int,
                max_value: float | None = None) -> None:
    """A colour scale over a block of cells (the RFM grid, the cohort table) from 0 to the largest value
    (or ``max_value``, as the page's fixed 0–100% retention scale): native conditional formatting, so the
    colours follow the figures if someone edits them."""
    top = {"max_type": "max"} if max_value is None else {"max_type": "num", "max_value": max_value}
    sheet.ws.conditional_format(first_row, first_col, last_row, last_col,
                                {"type": "2_color_scale", "min_type": "num", "min_value": 0, **top, **COLOUR_SCALE})


#: Where a point's label may go, in the order tried (XlsxWriter's scatter label positions).
LABEL_POSITIONS: tuple[str, ...] = ("right", "left", "above", "below")


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _label_cost(box: tuple[float, float, float, float], others, width: float, height: float) -> float:
    """How much a label's box covers other labels and points, plus twice what falls outside the plot."""
    inside = _overlap(box, (0.0, 0.0, width, height))
    area = (box[2] - box[0]) * (box[3] - box[1])
    return sum(_overlap(box, o) for o in others) + 2 * (area - inside)


def label_positions(xs: Sequence[float], ys: Sequence[float], texts: Sequence[str], x_range: tuple[float, float],
                    y_range: tuple[float, float], plot_px: tuple[float, float], *,
                    order: Sequence[int] | None = None, lines: tuple[Sequence[float], Sequence[float]] = ((), ()),
                    char_px: float = 6.2, line_px: float = 14, marker_px: float = 6) -> list[str]:
    """A position (:data:`LABEL_POSITIONS`) for each point's label on a scatter chart, so that labels do not
    cover each other or other points: Excel cannot nudge a label by pixels as the page's chart does, but it
    can put it right, left, above or below its point.

    Points are placed in ``order`` (indices; the most important first, as the page sorts them; default: as
    given) and the positions returned in the points' own order; each label takes
    the first position that overlaps nothing placed so far and stays inside the plot area (``plot_px``: its
    width and height in pixels, ``x_range`` / ``y_range`` its axes), else the position overlapping least. A
    label's box is estimated from its text (a CJK character about twice a digit, at 9 pt). ``lines``: the
    x values of vertical lines and the y values of horizontal ones drawn across the plot (cross-hairs), which a
    label should not cross either."""
    (x0, x1), (y0, y1), (width, height) = x_range, y_range, plot_px
    sx, sy = width / ((x1 - x0) or 1.0), height / ((y1 - y0) or 1.0)
    points = [((x - x0) * sx, (y - y0) * sy) for x, y in zip(xs, ys)]
    boxes = [(px - marker_px, py - marker_px, px + marker_px, py + marker_px) for px, py in points]
    boxes += [((v - x0) * sx - 2, 0.0, (v - x0) * sx + 2, height) for v in lines[0]]
    boxes += [(0.0, (h - y0) * sy - 2, width, (h - y0) * sy + 2) for h in lines[1]]
    taken: list[tuple[float, float, float, float]] = []
    out: list[str] = ["right"] * len(points)
    for i in (range(len(points)) if order is None else order):
        (px, py), text = points[i], texts[i]
        w, h, gap = display_width(text) * char_px + 4, line_px, marker_px + 2
        candidates = {
            "right": (px + gap, py - h / 2, px + gap + w, py + h / 2),
            "left": (px - gap - w, py - h / 2, px - gap, py + h / 2),
            "above": (px - w / 2, py + gap, px + w / 2, py + gap + h),
            "below": (px - w / 2, py - gap - h, px + w / 2, py - gap),
        }
        others = taken + [b for j, b in enumerate(boxes) if j != i]
        costs = {name: (_label_cost(box, others, width, height), k) for k, (name, box) in enumerate(candidates.items())}
        best = min(costs, key=costs.__getitem__)
        taken.append(candidates[best])
        out[i] = best
    return out
