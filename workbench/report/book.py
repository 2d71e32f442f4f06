"""The report workbook: one look for every sheet, and the only way report sections write cells.

A :class:`Book` wraps an XlsxWriter workbook opened with :data:`files.SAFE_WORKBOOK_OPTIONS` and the
language's font on every format (a CJK-capable font in the Chinese workbook, so WPS, Excel and LibreOffice
never fall back to a font without Chinese glyphs). A :class:`Sheet` writes text only as string cells and
numbers only as numbers with a named style (counts, money in the workspace currency, percentages), keeps
track of how wide each column must be (a CJK character counts double), and carries the print settings
every sheet gets: landscape, fit to one page wide, the header rows repeated on every page.

Styles are data (:data:`STYLES`, :data:`NUMBER_FORMATS`): a section asks for ``"money0"`` or
``"percent1"``, never builds a format of its own, so every sheet reads the same.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from workbench.core.errors import WorkbenchError
from workbench.core.formatting import DASH, currency_symbol
from workbench.report.files import SAFE_WORKBOOK_OPTIONS, display_width

__all__ = ["Book", "Sheet", "Table", "FONTS", "STYLES", "NUMBER_FORMATS", "PALETTE", "money_format",
           "sheet_title"]

#: The font of every format, per language: Microsoft YaHei has the Chinese glyphs and ships with Windows
#: and Office for Mac (WPS and LibreOffice substitute a CJK font of the same role); Calibri is Excel's own.
FONTS: Mapping[str, str] = MappingProxyType({"zh": "Microsoft YaHei", "en": "Calibri"})

#: Colours of the report: a dark blue for titles and table headers, light greys for lines and label cells.
PALETTE: Mapping[str, str] = MappingProxyType({
    "ink": "#1F3864", "muted": "#595959", "line": "#BFC5CE", "label": "#F2F4F7", "header_text": "#FFFFFF",
    "accent": "#2E75B6", "accent_light": "#DEEAF6", "bad": "#C0392B", "good": "#2E7D32",
})

_CELL = {"border": 1, "border_color": PALETTE["line"], "valign": "vcenter"}

#: Named cell styles (XlsxWriter format properties). Number styles are these plus a number format.
STYLES: Mapping[str, Mapping[str, Any]] = MappingProxyType({
    "title": {"bold": True, "font_size": 16, "font_color": PALETTE["ink"]},
    "subtitle": {"bold": True, "font_size": 12, "font_color": PALETTE["ink"]},
    "caption": {"font_color": PALETTE["muted"]},
    "paragraph": {"font_color": PALETTE["muted"], "text_wrap": True, "valign": "top"},
    "header": {"bold": True, "font_color": PALETTE["header_text"], "bg_color": PALETTE["ink"], "border": 1,
               "border_color": PALETTE["ink"], "text_wrap": True, "valign": "vcenter"},
    "label": {**_CELL, "bold": True, "bg_color": PALETTE["label"]},
    "text": dict(_CELL),
    "wrap": {**_CELL, "text_wrap": True, "valign": "top"},
    "dash": {**_CELL, "align": "right"},
    "total_label": {**_CELL, "bold": True, "top": 2, "top_color": PALETTE["ink"]},
    "link": {**_CELL, "font_color": PALETTE["accent"], "underline": 1},
    "plain": {},
})


def money_format(currency: str, decimals: int) -> str:
    """An Excel number format writing amounts as the screen does: the symbol before the amount, the minus
    before the symbol (``-¥1,234``), thousands separators. The symbol is quoted, so ``HK$`` or ``CHF `` are
    literal text in every viewer."""
    symbol = currency_symbol(currency).replace('"', "")
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    return f'"{symbol}"{digits};-"{symbol}"{digits}'


#: Number formats by style name (``money0`` and ``money2`` are made per currency by :func:`money_format`).
NUMBER_FORMATS: Mapping[str, str] = MappingProxyType({
    "count": "#,##0", "number0": "#,##0", "number1": "#,##0.0", "number2": "#,##0.00", "percent0": "0%",
    "percent1": "0.0%", "nps": "+0;-0;0", "signed0": "+0;-0;0", "signed1": "+0.0;-0.0;0.0", "number3": "0.000",
    "date": "yyyy-mm-dd", "share_axis": "0%", "score5": '0.00" / 5"',
})

_WRAPPING = {"wrap", "header", "paragraph"}
# A4 landscape less the margins (0.5 in at the sides; 0.6 in top and bottom and the footer's line), in points
_PRINTABLE_WIDTH_PT = 842 - 72
_PRINTABLE_HEIGHT_PT = 595 - 2 * 43
_PRINT_PX_PER_CHAR = 7
_DEFAULT_ROW_PT = 15
_HEADER_CAP = 14
# what XlsxWriter takes for a cell reference in a chart's custom label ("Sheet1!A1", "=x!$B$2"): see point_labels
_LABEL_REFERENCE = re.compile(r"^=?[^!]+!\$?[A-Z]+\$?\d+")
_WORD_JOINER = "\u2060"
_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_RESERVED_SHEET_NAMES = {"history"}
_MAX_SHEET_NAME = 31


def sheet_title(name: Any) -> str:
    """A worksheet name Excel accepts from any text: no ``[ ] : * ? / \\`` or apostrophes, no control
    characters, at most 31 characters, never empty and never Excel's reserved "History"."""
    text = _INVALID_SHEET_CHARS.sub(" ", re.sub(r"\s*[/\\]\s*", " · ", str(name).replace("'", "")))
    text = re.sub(r"\s+", " ", text).strip()[:_MAX_SHEET_NAME].strip()
    if not text:
        text = "Sheet"
    if text.lower() in _RESERVED_SHEET_NAMES:
        text += "_"
    return text


def _header_footer_text(text: str, limit: int = 80) -> str:
    """User text for a page header or footer: ``&`` starts a field code there, so it is doubled."""
    text = str(text).replace("\n", " ")
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("&", "&&")


@dataclass(frozen=True)
class Table:
    """Where a table landed: its header row, first and last data rows, first column and column count."""

    sheet: str
    header_row: int
    first_row: int
    last_row: int
    first_col: int
    n_cols: int

    def column(self, index: int, with_header: bool = False) -> list:
        """A chart range (``[sheet, first_row, col, last_row, col]``) of one of the table's columns."""
        col = self.first_col + index
        return [self.sheet, self.header_row if with_header else self.first_row, col, self.last_row, col]

    def header(self, index: int) -> list:
        """A chart reference to one header cell (a series name)."""
        col = self.first_col + index
        return [self.sheet, self.header_row, col]


class Sheet:
    """One worksheet of the report: a cursor (``row``) that sections write downwards from, typed cell
    writes, column widths that fit what was written, frozen header rows and print settings."""

    MIN_WIDTH, MAX_WIDTH = 8, 60

    def __init__(self, book: Book, name: str) -> None:
        self.book, self.name = book, name
        self.ws = book.workbook.add_worksheet(name)
        self.row = 0
        self._widths: dict[int, float] = {}
        self._fixed: dict[int, float] = {}
        self._wrapped: dict[int, list[tuple[int, int, str]]] = {}
        self._min_height: dict[int, float] = {}
        self._keep: list[tuple[int, int, float | None]] = []
        self._heading = -10  # the last subtitle's row: a block just below it is kept with it
        self._right_px = 0  # how far right the charts reach, in pixels from column A
        self._last_row = 0
        self._frozen = False
        self.ws.hide_gridlines(2)
        self.ws.set_landscape()
        self.ws.set_paper(9)  # A4
        self.ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
        self.ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        self.ws.center_horizontally()
        self.ws.repeat_rows(0, 1)  # the sheet's title and caption on every printed page
        footer = _header_footer_text(book.footer)
        self.ws.set_footer(f"&L&8{footer}&R&8&P / &N")

    # -- widths ---------------------------------------------------------------------------------------
    def _track(self, col: int, text: str, extra: float = 2, cap: float | None = None) -> None:
        width = display_width(text) if cap is None else min(display_width(text), cap)
        if width + extra > self._widths.get(col, 0):
            self._widths[col] = width + extra

    def wraps(self, row: int, first_col: int, last_col: int, text: str, min_height: float = 0) -> None:
        """Note a text that wraps across columns ``first_col..last_col`` of ``row``: the row is made tall
        enough for it once the widths are known (:meth:`finish`)."""
        self._wrapped.setdefault(row, []).append((first_col, last_col, str(text)))
        if min_height:
            self._min_height[row] = max(min_height, self._min_height.get(row, 0))

    def set_width(self, first_col: int, last_col: int, width: float) -> None:
        """A fixed width for columns whose text wraps (journey cells), instead of fitting the longest line."""
        for col in range(first_col, last_col + 1):
            self._fixed[col] = width

    def width(self, col: int) -> float:
        if col in self._fixed:
            return self._fixed[col]
        return min(self.MAX_WIDTH, max(self.MIN_WIDTH, self._widths.get(col, self.MIN_WIDTH)))

    # -- cells ----------------------------------------------------------------------------------------
    def text(self, row: int, col: int, value: Any, style: str = "text", fit: bool = True, **extra: Any) -> None:
        """A text cell, always a string cell (a text starting with = + - @ is text, never a formula);
        None or NaN is a blank cell of the same style."""
        fmt = self.book.format(style, **extra)
        self._last_row = max(self._last_row, row)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            self.ws.write_blank(row, col, None, fmt)
            return
        text = str(value)
        self.ws.write_string(row, col, text, fmt)
        if style in _WRAPPING or extra.get("text_wrap"):
            self.wraps(row, col, col, text)
        if style == "header":
            self._track(col, text, cap=_HEADER_CAP)  # a long header wraps rather than widening its column
        elif fit:
            self._track(col, text)

    def number(self, row: int, col: int, value: Any, style: str = "count", **extra: Any) -> None:
        """A number in a named number style; an unknown value (None, NaN, infinite) is "–" as on screen."""
        self._last_row = max(self._last_row, row)
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number):
            self.ws.write_string(row, col, DASH, self.book.format("dash", **_cell_extra(extra)))
            return
        self.ws.write_number(row, col, number, self.book.format(style, **extra))
        self._track(col, self.book.shown(number, style))

    def value(self, row: int, col: int, value: Any, style: str, **extra: Any) -> None:
        """A cell by style: text styles write text, number styles write numbers."""
        if style in STYLES:
            self.text(row, col, value, style, **extra)
        else:
            self.number(row, col, value, style, **extra)

    def link(self, row: int, col: int, sheet_name: str, style: str = "link") -> None:
        """A link to another sheet of this workbook (its A1 cell), shown as the sheet's name. Only the
        report's own sheets are linked: no text from user data ever becomes a link."""
        from xlsxwriter.utility import quote_sheetname

        if sheet_name not in self.book.sheet_names:
            raise KeyError(sheet_name)
        self.ws.write_url(row, col, f"internal:{quote_sheetname(sheet_name)}!A1", self.book.format(style),
                          string=sheet_name)
        self._track(col, sheet_name)

    def merged(self, row: int, first_col: int, last_col: int, value: Any, style: str = "text", **extra: Any) -> None:
        """A text across columns ``first_col..last_col`` of one row (merged), written as a string whatever it
        starts with; None leaves the merged cell blank. Its width is not fitted (it spans several columns)."""
        fmt = self.book.format(style, **extra)
        self._last_row = max(self._last_row, row)
        if last_col > first_col:
            self.ws.merge_range(row, first_col, row, last_col, "", fmt)
        if value is None:
            self.ws.write_blank(row, first_col, None, fmt)
            return
        self.ws.write_string(row, first_col, str(value), fmt)
        if style in _WRAPPING or extra.get("text_wrap"):
            self.wraps(row, first_col, last_col, str(value))

    def formula(self, row: int, col: int, formula: str, value: float, style: str = "count", **extra: Any) -> None:
        """A formula written with its computed value, so a viewer that does not recalculate (a phone, a
        mail previewer) shows the same figure as Excel."""
        self.ws.write_formula(row, col, formula, self.book.format(style, **extra), value)
        self._track(col, self.book.shown(value, style))

    # -- blocks written at the cursor -----------------------------------------------------------------
    def title(self, text: str) -> None:
        self.text(self.row, 0, text, "title", fit=False)
        self._min_height[self.row] = 26
        self.row += 1

    def subtitle(self, text: str) -> None:
        self.text(self.row, 0, text, "subtitle", fit=False)
        self._min_height[self.row] = 20
        self._heading = self.row
        self.row += 1

    def caption(self, text: str) -> None:
        self.text(self.row, 0, text, "caption", fit=False)
        self.row += 1

    def paragraph(self, text: str, n_cols: int = 8) -> None:
        """A wrapped paragraph across the first ``n_cols`` columns (merged), its row tall enough to read."""
        if n_cols > 1:
            self.ws.merge_range(self.row, 0, self.row, n_cols - 1, "", self.book.format("paragraph"))
        self.ws.write_string(self.row, 0, str(text), self.book.format("paragraph"))
        self.wraps(self.row, 0, max(0, n_cols - 1), str(text))
        self.row += 1

    def skip(self, rows: int = 1) -> None:
        self.row += rows

    def freeze(self, row: int, cols: int = 0, repeat: bool = False) -> None:
        """Freeze everything above ``row`` (and left of ``cols``) on screen; the first call on a sheet wins,
        so the top table's header stays in view. With ``repeat`` those rows (and columns) are also printed
        on every page — for a sheet that is one long table; other sheets repeat their title only, since a
        table header repeated above a page of charts would be read as belonging to them."""
        if self._frozen:
            return
        self._frozen = True
        self.ws.freeze_panes(row, cols)
        if repeat:
            self.ws.repeat_rows(0, max(0, row - 1))
            if cols:
                self.ws.repeat_columns(0, cols - 1)

    def block_start(self, row: int) -> int:
        """Where a block starting at ``row`` begins when kept with its heading (a subtitle and caption just
        above it): a heading is never left alone at the foot of a page."""
        return self._heading if 0 <= row - self._heading <= 2 else row

    def keep_together(self, first_row: int, last_row: int, height_pt: float | None = None) -> None:
        """Print rows ``first_row..last_row`` (a chart, a small table) on one page if they fit on one: a
        page break goes before the block when it would otherwise be cut. WPS and LibreOffice keep these
        breaks; Excel ignores manual breaks when it fits a sheet to the page width, and breaks by itself."""
        self._keep.append((first_row, last_row, height_pt))

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[Any]], styles: Sequence[str], *,
              freeze: bool = False, repeat: bool = False, col: int = 0, label_first: bool = True) -> Table:
        """A table at the cursor: a header row, then one row per item with each column in its style (the
        first column as a label unless ``label_first`` is False). Returns where it landed."""
        header_row = self.row
        for j, (name, style) in enumerate(zip(headers, styles)):
            # a number column's header sits over its figures, on the right
            self.text(header_row, col + j, name, "header", **({} if style in STYLES else {"align": "right"}))
        self._min_height[header_row] = max(20, self._min_height.get(header_row, 0))
        for i, values in enumerate(rows):
            r = header_row + 1 + i
            for j, (value, style) in enumerate(zip(values, styles)):
                if j == 0 and label_first and style == "text":
                    style = "label"
                self.value(r, col + j, value, style)
        if freeze:
            self.freeze(header_row + 1, repeat=repeat)
        self.keep_together(self.block_start(header_row), header_row + len(rows))  # if it fits on a page
        self.row = header_row + 1 + len(rows)
        return Table(self.name, header_row, header_row + 1, max(header_row + 1, header_row + len(rows)), col,
                     len(headers))

    def chart(self, chart, col: int = 0, x_offset: int = 0, row: int | None = None, width: int = 640,
              height: int = 320, keep_from: int | None = None) -> None:
        """Place a chart at the cursor (or ``row``); call :meth:`after_charts` once a row of them is placed.
        The chart is printed on one page, together with the rows from ``keep_from`` (its heading)."""
        chart.set_size({"width": width, "height": height})
        at = self.row if row is None else row
        self.ws.insert_chart(at, col, chart, {"x_offset": x_offset, "y_offset": 6, "object_position": 1})
        start = self.block_start(at) if keep_from is None else min(keep_from, at)
        self.keep_together(start, at, (height + 12) * 0.75)
        self._right_px = max(self._right_px, x_offset + width)

    def after_charts(self, height: int = 320) -> None:
        """Move the cursor below a row of charts ``height`` pixels tall."""
        self.row += math.ceil((height + 12) / self.book.row_pixels) + 1

    def finish(self) -> None:
        """Set the column widths, then the height of every row holding wrapped text (called once every
        cell is written, when the widths are known)."""
        for col in sorted(set(self._widths) | set(self._fixed)):
            self.ws.set_column(col, col, self.width(col))
        heights: dict[int, float] = {}
        for row in sorted(set(self._wrapped) | set(self._min_height)):
            needed = [self.book.text_height(text, sum(self.width(c) for c in range(first, last + 1)))
                      for first, last, text in self._wrapped.get(row, ())]
            heights[row] = max([self._min_height.get(row, 0), *needed])
            self.ws.set_row(row, heights[row])
        breaks = self._page_breaks(heights)
        if breaks:
            self.ws.set_h_pagebreaks(breaks)

    def _page_breaks(self, heights: Mapping[int, float]) -> list[int]:
        """Rows to start a page at so that no kept block is cut: the sheet laid out as printed, fitted to the
        page width (a wide sheet is scaled down, so a page holds more of its rows)."""
        if not self._keep:
            return []
        n_cols = max(self._widths.keys() | self._fixed.keys(), default=0) + 1
        # a width unit at its narrowest (Excel's 7 pixels): when a viewer draws the columns wider it scales
        # the sheet down more and a page holds more rows, so a block estimated to fit always does
        columns_pt = sum(self.width(c) * _PRINT_PX_PER_CHAR + 5 for c in range(n_cols)) * 0.75
        scale = min(1.0, _PRINTABLE_WIDTH_PT / max(1.0, columns_pt, self._right_px * 0.75))
        page = _PRINTABLE_HEIGHT_PT / scale

        def rows_pt(first: int, last: int) -> float:
            return sum(heights.get(r, _DEFAULT_ROW_PT) for r in range(first, last + 1))

        repeated = rows_pt(0, 1)
        blocks: dict[int, float] = {}
        for first, last, extra in self._keep:
            size = rows_pt(first, last - 1 if extra else last) + (extra or 0.0)
            blocks[first] = max(size, blocks.get(first, 0.0))
        breaks, used = [], 0.0
        for row in range(max(self._last_row, *blocks) + 1):
            block = blocks.get(row)
            if block is not None and row > 0 and used + block > page and used > repeated and block <= page - repeated:
                breaks.append(row)
                used = repeated
            height = heights.get(row, _DEFAULT_ROW_PT)
            if used + height > page:
                used = repeated  # the printer breaks here by itself
            used += height
        return breaks


_THEME_LATIN = "Calibri"


def _theme_xml(font: str) -> str:
    """XlsxWriter's Office theme with ``font`` as its heading and body font, for Latin and East Asian text:
    the theme font is what a chart or a cell falls back to for characters its own font lacks, and Excel
    draws CJK characters in charts with the theme's East Asian font (XlsxWriter sets only the Latin one)."""
    from xlsxwriter.theme import THEME_XML_2007

    xml = THEME_XML_2007.replace('<a:ea typeface=""', f'<a:ea typeface="{font}"')
    return re.sub(r'<a:latin typeface="[^"]*"', f'<a:latin typeface="{font}"', xml)


def _drawn_width(line: str) -> float:
    """A line's drawn width in digit widths: a CJK character about 1.7, a Latin letter or space about 0.9
    (prose is narrower than a row of digits, which is what a column width counts)."""
    return sum(1.7 if unicodedata.east_asian_width(ch) in "WF" else 0.9 for ch in line)


def _cell_extra(extra: Mapping[str, Any]) -> dict[str, Any]:
    """The properties of a number style's extras that a "–" cell must keep (its fill, its boldness)."""
    return {k: v for k, v in extra.items() if k in ("bg_color", "bold", "top", "top_color", "font_color")}


class Book:
    """The report workbook: formats in the workspace's currency and the language's font, unique sheet names,
    charts styled alike. ``target`` is a path or a binary file object; nothing is written until
    :meth:`close`."""

    line_height = 15
    row_pixels = 20

    def __init__(self, target: Any, lang: str, currency: str, footer: str = "") -> None:
        import xlsxwriter

        self.lang, self.currency, self.footer = lang, currency, footer
        self.font = FONTS.get(lang, FONTS["en"])
        self.workbook = xlsxwriter.Workbook(target, {
            **SAFE_WORKBOOK_OPTIONS,
            "default_format_properties": {"font_name": self.font, "font_size": 10},
        })
        if self.font != _THEME_LATIN:
            self.workbook.use_custom_theme(io.StringIO(_theme_xml(self.font)))
        self._formats: dict[tuple, Any] = {}
        self._sheets: dict[str, Sheet] = {}
        self.sheets_by_section: dict[str, list[str]] = {}
        self.section: str | None = None

    # -- formats --------------------------------------------------------------------------------------
    def number_format(self, style: str) -> str:
        if style in ("money0", "money2"):
            return money_format(self.currency, 0 if style == "money0" else 2)
        if style.startswith("total_"):
            return self.number_format(style[len("total_"):])
        return NUMBER_FORMATS[style]

    def format(self, style: str, **extra: Any):
        """The (cached) format of a named style with extra properties, in the book's font."""
        key = (style, tuple(sorted(extra.items())))
        found = self._formats.get(key)
        if found is None:
            if style in STYLES:
                props = dict(STYLES[style])
            else:
                props = {**_CELL, "num_format": self.number_format(style)}
                if style.startswith("total_"):
                    props.update(bold=True, top=2, top_color=PALETTE["ink"])
            props.update(extra)
            props.setdefault("font_name", self.font)
            props.setdefault("font_size", 10)
            found = self._formats[key] = self.workbook.add_format(props)
        return found

    def shown(self, value: float, style: str) -> str:
        """Roughly the text Excel shows for a number in a style (for column widths)."""
        base = style[len("total_"):] if style.startswith("total_") else style
        if base.startswith("money"):
            return f"{currency_symbol(self.currency)}{value:,.{0 if base == 'money0' else 2}f}-"
        if base.startswith("percent"):
            return f"{100 * value:.{int(base[-1])}f}%"
        if base in ("number1", "signed1"):
            return f"{value:+,.1f}"
        if base == "number2":
            return f"{value:,.2f}"
        if base == "number3":
            return f"{value:.3f}"
        if base == "score5":
            return f"{value:.2f} / 5"
        return f"{value:+,.0f}"

    def text_height(self, text: str, width_chars: float) -> float:
        """Points a wrapped text needs in a column ``width_chars`` wide (CJK characters count double)."""
        usable = max(4.0, width_chars - 1)
        # a CJK character counts two columns for widths, but renders about 1.7 digits wide: the row is sized
        # for what is drawn, so a line that fits is not given a second, empty line
        lines = sum(max(1, math.ceil(_drawn_width(line) / usable)) for line in str(text).split("\n"))
        return self.line_height * lines + 4

    # -- sheets and charts ----------------------------------------------------------------------------
    def add_sheet(self, name: str) -> Sheet:
        """A new sheet named after ``name`` (made valid, and unique: a second "Map" becomes "Map (2)")."""
        base = sheet_title(name)
        candidate, k = base, 2
        while candidate.lower() in {n.lower() for n in self._sheets}:
            suffix = f" ({k})"
            candidate, k = base[: _MAX_SHEET_NAME - len(suffix)].rstrip() + suffix, k + 1
        sheet = self._sheets[candidate] = Sheet(self, candidate)
        if self.section is not None:
            self.sheets_by_section.setdefault(self.section, []).append(candidate)
        return sheet

    @property
    def sheet_names(self) -> list[str]:
        return list(self._sheets)

    def sheet(self, name: str) -> Sheet:
        return self._sheets[name]

    def chart(self, kind: str, title: str, subtype: str | None = None, x_title: str | None = None,
              y_title: str | None = None, legend: str | None = "bottom"):
        """A native chart in the book's look: title, axis titles and legend in the book's font."""
        spec = {"type": kind}
        if subtype:
            spec["subtype"] = subtype
        chart = self.workbook.add_chart(spec)
        font = {"name": self.font}
        chart.set_title({"name": title, "name_font": {**font, "size": 11, "bold": True, "color": PALETTE["ink"]}})
        axis_font = {**font, "size": 9}
        x_axis = {"num_font": axis_font, "name_font": {**axis_font, "bold": False},
                  "line": {"color": PALETTE["line"]}}
        y_axis = {"num_font": axis_font, "name_font": {**axis_font, "bold": False},
                  "major_gridlines": {"visible": True, "line": {"color": "#E7E9ED"}},
                  "line": {"color": PALETTE["line"]}}
        if x_title:
            x_axis["name"] = x_title
        if y_title:
            y_axis["name"] = y_title
        chart.set_x_axis(x_axis)
        chart.set_y_axis(y_axis)
        if legend:
            chart.set_legend({"position": legend, "font": axis_font})
        else:
            chart.set_legend({"none": True})
        chart.set_chartarea({"border": {"none": True}})
        return chart

    def data_labels(self, num_format: str | None = None, position: str | None = None) -> dict[str, Any]:
        """Data-label options in the book's font (values shown at the bars' ends)."""
        labels: dict[str, Any] = {"value": True, "font": {"name": self.font, "size": 8}}
        if num_format:
            labels["num_format"] = num_format
        if position:
            labels["position"] = position
        return labels

    def point_labels(self, texts: Sequence[str], positions: Sequence[str | None] | None = None, *, size: int = 8,
                     colour: str | None = None, bold: bool = False) -> dict[str, Any]:
        """Data labels naming each point of a series (an attribute on the IPA scatter): ``texts[i]`` beside
        point ``i``, at ``positions[i]`` (``right``, ``left``, ``above``, ``below``, ``center``; None: the
        chart's default). An empty text leaves its point unlabelled.

        The texts are literal label text, never references: XlsxWriter reads a custom label shaped like a cell
        reference ("Sheet!A1", "=x!$B$2") as one, so a word joiner (U+2060, invisible) follows each "!" of
        such a text. (Labels that point at cells are not used: LibreOffice shows the value instead.)"""
        font = {"name": self.font, "size": size, "bold": bold, **({"color": colour} if colour else {})}
        custom = []
        for i, text in enumerate(texts):
            text = "" if text is None else str(text)
            if not text:
                custom.append({"delete": True})
                continue
            if _LABEL_REFERENCE.match(text):
                text = text.replace("!", "!" + _WORD_JOINER)
            label: dict[str, Any] = {"value": text, "font": dict(font)}
            position = positions[i] if positions is not None and i < len(positions) else None
            if position:
                label["position"] = position
            custom.append(label)
        return {"value": True, "custom": custom, "font": dict(font)}

    def close(self) -> None:
        """Set every sheet's widths and write the file; an unwritable target is a translated error."""
        for sheet in self._sheets.values():
            sheet.finish()
        try:
            self.workbook.close()
        except OSError as exc:
            raise WorkbenchError("report.error.unwritable", path=str(getattr(exc, "filename", "") or ""),
                                 detail=str(exc)) from exc
