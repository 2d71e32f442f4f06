"""What the Data page says about a file and the workspace, decided without Streamlit: the detected format
line, an import's result and notes, the mapping the page offers, the orders profile as metric cards, and
the file reads the page caches (sheets, preview)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from workbench.core.formatting import fmt_count, fmt_money, fmt_money_short
from workbench.i18n import t
from workbench.ingest.fields import fields_for
from workbench.ingest.mapping import header_signature, suggest_mapping
from workbench.ingest.readers import default_sheet, preview, sheet_names

__all__ = ["detected_text", "result_text", "result_notes", "file_notes", "mapping_choices", "orders_cards",
           "workbook_sheets", "file_preview"]


def workbook_sheets(ws, path: str, mtime: float) -> tuple[list[str], str]:
    """Sheets and the default sheet of a workbook (for the page's cache: keyed by file version; ``ws`` is
    the cache's scope only)."""
    return sheet_names(Path(path)), default_sheet(Path(path))


def file_preview(ws, path: str, mtime: float, options: tuple):
    """What was detected about a file and its first rows, per file version and options (cached by the page)."""
    return preview(Path(path), dict(options))


def mapping_choices(ws, kind: str, columns: list[str], frame) -> tuple[list[dict], bool]:
    """The page's mapping form: per field its label, the choices ("" = not imported), the suggested choice
    and a key naming the header signature (so a file with other headers starts from its own suggestion);
    and whether the suggestion is a saved mapping."""
    suggestion = suggest_mapping(kind, columns, frame, ws=ws)
    choices, signature = [""] + list(columns), header_signature(columns)
    rows = [{"field": f.name, "choices": choices, "index": choices.index(suggestion.get(f.name, "")),
             "key": (kind, signature, f.name), "required": f.required} for f in fields_for(kind)]
    return rows, bool(suggestion) and set(suggestion.how.values()) == {"saved"}


def detected_text(src: Any, lang: str) -> str:
    """What was detected about a file: format, encoding, delimiter, header line ("—" where not relevant)."""
    return t("data.detected", lang, format=src.format, encoding=src.encoding or "—",
             delimiter=repr(src.delimiter) if src.delimiter else "—", header_line=src.header_line or "—")


def result_text(row: Mapping[str, Any], import_id: int, lang: str) -> str:
    """The last import's result: rows read, kept and quarantined."""
    return t("data.result", lang, import_id=import_id, read=fmt_count(row["rows_read"]),
             kept=fmt_count(row["rows_kept"]), quarantined=fmt_count(row["rows_quarantined"]))


def result_notes(row: Mapping[str, Any], import_id: int, lang: str) -> list[tuple[str, str]]:
    """``(kind, text)`` notes of an import-log row: the result, then what the user should know about the
    file (rows in another encoding, identifiers normalised)."""
    return [("success", result_text(row, import_id, lang)), *file_notes(json.loads(row.get("source") or "{}"),
                                                                        lang)]


def file_notes(source: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    """``(kind, text)``: what the user should know about an imported file (``source``: the import's
    detected facts): rows in another encoding, identifiers normalised. The page and the command say them."""
    notes = []
    if source.get("other_encoding_rows"):
        notes.append(("warning", t("data.note.mixed_encodings", lang, rows=fmt_count(source["other_encoding_rows"]),
                                   encoding=(source.get("encoding") or "—").upper())))
    if normalised := source.get("normalised"):
        fields = ", ".join(t(f"ingest.field.{f}", lang) for f in normalised)
        notes.append(("info", t("data.note.normalised", lang, count=fmt_count(sum(normalised.values())),
                                fields=fields)))
    return notes


def orders_cards(p: Mapping[str, Any], lang: str, currency: str) -> list[tuple[str, str, str | None]]:
    """``(label, value, help)`` cards of the orders profile; revenue shortened, the exact amount in its help."""
    return [
        (t("data.profile.rows", lang), fmt_count(p["rows"]), None),
        (t("data.profile.customers", lang), fmt_count(p["customers"]), None),
        (t("data.profile.first", lang), f"{p['first']:%Y-%m-%d}", None),
        (t("data.profile.last", lang), f"{p['last']:%Y-%m-%d}", None),
        (t("data.profile.revenue", lang), fmt_money_short(p["revenue"], lang, currency=currency),
         t("data.profile.revenue_exact", lang, amount=fmt_money(p["revenue"], lang, 2, currency=currency),
           refunds=fmt_money(p["refunds"], lang, 2, currency=currency))),
    ]
