"""Helpers the report's sections share: how a figure of the workbench reads in a cell, and the common
blocks (a sheet's heading, a bar chart of a table's column, a colour-scale grid)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from workbench.core.formatting import is_finite
from workbench.report.book import PALETTE, Book, Sheet, Table

__all__ = ["KIND_STYLES", "kpi_style", "profile_style", "start_sheet", "bar_chart", "colour_grid",
           "COLOUR_SCALE"]

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
