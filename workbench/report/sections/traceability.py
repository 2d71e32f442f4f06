"""Traceability: every roadmap initiative with the insight that motivated it — a segment (with its figures
now), a journey pain point or opportunity, a value gap — so a reader can follow each action back to the
evidence. Sections describe their own kind of source (``Section.insights``) and may add columns
(``Section.trace_columns``: the scenarios an initiative is in), so this sheet grows with the report."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from workbench.core.formatting import DASH
from workbench.i18n import has_key
from workbench.report.book import Book
from workbench.report.section import ReportContext, Section
from workbench.segments.labels import segment_label, segmentation_label
from workbench.segments.registry import REGISTRY

__all__ = ["SECTION", "insight_text", "source_label"]


def _available(ctx: ReportContext) -> bool:
    return len(ctx.initiatives) > 0


def _segment_insight(ctx: ReportContext, ref: Mapping[str, Any]) -> str:
    segmentation, segment = str(ref.get("segmentation", "")), str(ref.get("segment", ""))
    name = segmentation_label(segmentation, ctx.lang) if segmentation in REGISTRY else segmentation
    return f"{name}: {segment_label(segmentation, segment, ctx.lang)}"


def _generic_insight(ctx: ReportContext, ref: Mapping[str, Any]) -> str:
    """A source no section describes yet: its reference as "key: value" pairs."""
    return " · ".join(f"{k}: {v}" for k, v in ref.items()) if ref else ""


def insight_text(ctx: ReportContext, kind: Any, ref: Any) -> str:
    """What motivated an initiative, in words: the describer of its source kind (from any section of the
    registry, so it reads the same whether or not that section is in this report)."""
    if not isinstance(kind, str) or not kind:
        return ctx.t("report.trace.by_hand")
    describers = {"segment": _segment_insight}
    for section in ctx.registry.values():
        describers.update(section.insights)
    ref = ref if isinstance(ref, Mapping) else {}
    return describers.get(kind, _generic_insight)(ctx, ref)


def source_label(ctx: ReportContext, kind: Any) -> str:
    """The kind of source in the report's language ("by hand" when there is none)."""
    if not isinstance(kind, str) or not kind:
        return ctx.t("report.trace.source.none")
    key = f"report.trace.source.{kind}"
    return ctx.t(key) if has_key(key) else kind


def _status(ctx: ReportContext, status: Any) -> str:
    if not isinstance(status, str) or not status:
        return DASH
    for key in (f"roadmap.status.{status}", f"report.trace.status.{status}"):
        if has_key(key):
            return ctx.t(key)
    return status


def _segment_figures(ctx: ReportContext, kind: Any, ref: Any) -> tuple[float | None, float | None]:
    """Customers and revenue share of the segment an initiative came from, as they are now."""
    if kind != "segment" or not isinstance(ref, Mapping) or ctx.period is None or ctx.snapshot.n_customers == 0:
        return None, None
    fig = ctx.snapshot.figures(ref.get("segmentation"), ref.get("segment"))
    return fig["customers"], fig["revenue_share"]


def _text(value: Any) -> str | None:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _write(book: Book, ctx: ReportContext) -> None:
    initiatives = ctx.initiatives
    sheet = book.add_sheet(ctx.t("report.trace.sheet"))
    sheet.title(ctx.t("report.trace.title"))
    sheet.caption(ctx.t("report.trace.caption", n=len(initiatives)))
    sheet.skip()
    extra = [column for section in ctx.registry.values() for column in section.trace_columns]
    headers = [ctx.t(f"report.trace.col.{c}") for c in ("id", "title", "source", "insight", "customers",
                                                           "revenue_share", "target", "owner", "status")]
    headers += [ctx.t(column.title_key) for column in extra]
    extra_values = [column.values(ctx, initiatives) for column in extra]
    top = sheet.row
    for j, name in enumerate(headers):
        sheet.text(top, j, name, "header")
    for i, row in enumerate(initiatives.to_dict("records")):
        r = top + 1 + i
        customers, revenue_share = _segment_figures(ctx, row.get("source_kind"), row.get("source_ref"))
        sheet.number(r, 0, row["initiative_id"], "count", align="center")
        sheet.text(r, 1, _text(row.get("title")), "wrap", fit=False, bold=True)
        sheet.text(r, 2, source_label(ctx, row.get("source_kind")), "text")
        sheet.text(r, 3, insight_text(ctx, row.get("source_kind"), row.get("source_ref")), "wrap", fit=False)
        if customers is None:
            sheet.text(r, 4, None)
            sheet.text(r, 5, None)
        else:
            sheet.number(r, 4, customers, "count")
            sheet.number(r, 5, revenue_share, "percent1")
        sheet.text(r, 6, _text(row.get("target_segment")), "wrap", fit=False)
        sheet.text(r, 7, _text(row.get("owner")), "text")
        sheet.text(r, 8, _status(ctx, row.get("status")), "text")
        for j, values in enumerate(extra_values, start=9):
            sheet.text(r, j, values[i] if i < len(values) else None, "wrap", fit=False)
    sheet.row = top + 1 + len(initiatives)
    sheet.freeze(top + 1, 2, repeat=True)
    sheet.set_width(1, 1, 36)
    sheet.set_width(3, 3, 44)
    sheet.set_width(6, 6, 20)
    if extra:
        sheet.set_width(9, 8 + len(extra), 28)


SECTION = Section(name="traceability", title_key="report.section.traceability", order=90, write=_write,
                  available=_available, weight=0.5, insights={"segment": _segment_insight})
