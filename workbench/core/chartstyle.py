"""Charts readable from the back of a room: one style every chart of the workbench is drawn with.

Axis labels and ticks at 14 px or more in a near-black grey, titles larger, legends the same, so a
projector in a bright workshop room still shows them; the pages draw every chart through it
(``ui.chart``) and a page test checks every chart they send."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

__all__ = ["MIN_FONT_PX", "TEXT_COLOUR", "STYLE", "readable"]

#: The smallest text a chart may show, in pixels.
MIN_FONT_PX = 14
#: Text colour of axes and legends: dark enough on white and on a washed-out projector.
TEXT_COLOUR = "#262730"

STYLE: Mapping[str, Mapping[str, Any]] = MappingProxyType({
    "axis": MappingProxyType({"labelFontSize": MIN_FONT_PX, "titleFontSize": MIN_FONT_PX + 1,
                              "labelColor": TEXT_COLOUR, "titleColor": TEXT_COLOUR, "labelLimit": 360}),
    "legend": MappingProxyType({"labelFontSize": MIN_FONT_PX, "titleFontSize": MIN_FONT_PX,
                                "labelColor": TEXT_COLOUR, "titleColor": TEXT_COLOUR, "labelLimit": 360}),
    "title": MappingProxyType({"fontSize": MIN_FONT_PX + 3, "color": TEXT_COLOUR}),
    "header": MappingProxyType({"labelFontSize": MIN_FONT_PX, "titleFontSize": MIN_FONT_PX + 1}),
})


def readable(chart):
    """The chart with the projector style applied at its top level (axes, legends, titles)."""
    return (chart.configure_axis(**STYLE["axis"]).configure_legend(**STYLE["legend"])
            .configure_title(**STYLE["title"]).configure_header(**STYLE["header"]))
