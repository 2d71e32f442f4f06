"""The cover: whose report it is (workspace, client), when it was made, in which language, the period its
data covers, and what it contains — a linked list of its sheets, filled in once they are all written."""

from __future__ import annotations

from workbench.core.formatting import DASH
from workbench.i18n import LANG_LABELS
from workbench.report.section import ReportContext, Section

__all__ = ["SECTION"]

_INFO_COLS = 6  # the cover's text spans this many columns


def _write(book, ctx: ReportContext) -> None:
    sheet = book.add_sheet(ctx.t("report.cover.sheet"))
    sheet.title(ctx.t("report.cover.title"))
    sheet.subtitle(ctx.client or ctx.ws.name)
    sheet.skip()
    period = ctx.period
    period_text = (ctx.t("report.cover.period_value", start=period[0].isoformat(), end=period[1].isoformat())
                   if period else ctx.t("report.cover.no_data"))
    rows = [
        (ctx.t("report.cover.workspace"), ctx.ws.name, "text"),
        (ctx.t("report.cover.client"), ctx.client or DASH, "text"),
        (ctx.t("report.cover.date"), ctx.today.isoformat(), "text"),
        (ctx.t("report.cover.language"), LANG_LABELS[ctx.lang], "text"),
        (ctx.t("report.cover.period"), period_text, "text"),
    ]
    if period is not None:
        rows.append((ctx.t("report.cover.customers"), ctx.snapshot.n_customers, "count"))
    rows.append((ctx.t("report.cover.currency"), ctx.currency, "text"))
    for label, value, style in rows:
        sheet.text(sheet.row, 0, label, "label")
        sheet.value(sheet.row, 1, value, style, **({} if style == "text" else {"align": "left"}))
        sheet.wraps(sheet.row, 0, 0, "", min_height=18)
        sheet.row += 1
    sheet.skip()
    sheet.paragraph(ctx.t("report.cover.how_to_read", currency=ctx.currency), _INFO_COLS)
    sheet.skip()
    sheet.subtitle(ctx.t("report.cover.contents"))
    ctx.notes["cover"] = (sheet.name, sheet.row)
    sheet.set_width(0, 0, 26)
    sheet.set_width(1, 1, 36)


def _finish(book, ctx: ReportContext) -> None:
    """The contents: every included section with links to its sheets, then what was left out and why."""
    name, row = ctx.notes["cover"]
    sheet = book.sheet(name)
    sheet.row = row
    sheet.text(row, 0, ctx.t("report.cover.col_section"), "header")
    sheet.text(row, 1, ctx.t("report.cover.col_sheet"), "header")
    sheet.row += 1
    for section in ctx.included:
        sheets = book.sheets_by_section.get(section.name, [])
        if section.name == "cover":
            continue
        for i, sheet_name in enumerate(sheets):
            sheet.text(sheet.row, 0, ctx.t(section.title_key) if i == 0 else "", "label")
            sheet.link(sheet.row, 1, sheet_name)
            sheet.row += 1
    if ctx.skipped:
        sheet.skip()
        missing = ctx.t("report.list_sep").join(ctx.t(s.title_key) for s in ctx.skipped)
        sheet.paragraph(ctx.t("report.cover.skipped", sections=missing), _INFO_COLS)


SECTION = Section(name="cover", title_key="report.section.cover", order=0, write=_write, finish=_finish,
                  weight=0.2)
