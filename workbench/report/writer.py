"""``write_report``: the one function that writes the Excel report, for the page and the command line.

It checks the sections and the target first (nothing is written for a bad section name or an unwritable
path), asks each section whether its data exists, writes the available ones in workbook order with
progress after each, and writes a file target atomically (a temporary file in the same folder, renamed
when complete), so a failure never leaves half a workbook behind.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.core.currency import workspace_currency
from workbench.core.errors import WorkbenchError
from workbench.i18n import LANGS, t
from workbench.report.book import Book
from workbench.report.files import XLSX_MIME
from workbench.report.registry import SECTIONS, resolve_sections
from workbench.report.section import ReportContext, load_client_name

__all__ = ["ReportResult", "write_report", "check_target", "section_status", "report_file_name", "progress_text",
           "XLSX_MIME"]

#: ``progress(fraction, step)``: ``step`` is "checking", a section's name, "saving" or "done" (the caller says
#: it in its own language, :func:`progress_text`: the page's language may differ from the report's).
Progress = Callable[[float, str], None]



def progress_text(step: str, lang: str) -> str:
    """A progress step in words: "Writing Summary KPIs…" for a section, else checking / saving / done."""
    if step in SECTIONS:
        return t("report.progress.section", lang, section=t(SECTIONS[step].title_key, lang))
    return t(f"report.progress.{step}", lang)


@dataclass(frozen=True)
class ReportResult:
    """What was written: the sections (in order), those asked for whose data does not exist yet, and the
    sheet names."""

    sections: tuple[str, ...]
    skipped: tuple[str, ...]
    sheets: tuple[str, ...]


def check_target(path: str | os.PathLike) -> Path:
    """The report file's path if it can be written: an ``.xlsx`` name in an existing, writable folder, and
    not a folder itself; else a translated error saying why."""
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise WorkbenchError("report.error.bad_extension", path=str(target))
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise WorkbenchError("report.error.unwritable", path=str(target), detail=t("report.error.is_folder", "en"))
    if not folder.is_dir():
        raise WorkbenchError("report.error.unwritable", path=str(target), detail=t("report.error.no_folder", "en"))
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise WorkbenchError("report.error.unwritable", path=str(target), detail=t("report.error.no_access", "en"))
    return target


def section_status(ws, lang: str) -> list[tuple[str, str, bool]]:
    """``(name, title, available)`` for every section, in workbook order (the page's choices)."""
    context = ReportContext(ws=ws, lang=lang, currency=workspace_currency(ws), registry=SECTIONS)
    return [(s.name, t(s.title_key, lang), bool(s.available(context))) for s in SECTIONS.values()]


def report_file_name(workspace_name: str, day: dt.date | None = None) -> str:
    """``<workspace>_report_<date>.xlsx`` with anything but letters (any script), digits, ``-`` and ``_``
    replaced, so a workspace name cannot make a bad download name."""
    stem = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in f"{workspace_name}_report")
    return f"{stem}_{(day or dt.date.today()).isoformat()}.xlsx"


def write_report(target: Any, workspace, lang: str, sections: Iterable[str] | None = None,
                 progress: Progress | None = None, *, client: str | None = None,
                 today: dt.date | None = None) -> ReportResult:
    """Write the report of ``workspace`` in ``lang`` to ``target`` (a path or a binary file object).

    ``sections`` are section names (all of them when None); those whose data does not exist are left out
    and listed in the result (and on the cover). ``progress(fraction, step)`` is called before each section
    and when the file is written (see :data:`Progress`). ``client`` overrides the stored client name,
    ``today`` the report date.
    """
    if lang not in LANGS:
        raise WorkbenchError("report.error.bad_lang", lang=lang, allowed=", ".join(LANGS))
    chosen = resolve_sections(sections)
    path = check_target(target) if isinstance(target, str | os.PathLike) else None
    report = (lambda fraction, text: None) if progress is None else progress
    context = ReportContext(ws=workspace, lang=lang, currency=workspace_currency(workspace),
                            client=load_client_name(workspace) if client is None else " ".join(str(client).split()),
                            today=today or dt.date.today(), registry=SECTIONS)
    report(0.0, "checking")
    included = tuple(s for s in chosen if s.available(context))
    context.included = included
    context.skipped = tuple(s for s in chosen if s not in included)
    if not included:
        raise WorkbenchError("report.error.nothing_to_write")
    footer = t("report.footer", lang, workspace=workspace.name, date=context.today.isoformat())
    if context.client:
        footer = t("report.footer_client", lang, client=context.client, date=context.today.isoformat())
    tmp_path = None
    if path is not None:
        handle, tmp_name = tempfile.mkstemp(prefix=".report-", suffix=".xlsx", dir=path.parent)
        os.close(handle)
        tmp_path = Path(tmp_name)
    try:
        book = Book(str(tmp_path) if tmp_path else target, lang, context.currency, footer=footer)
        book.workbook.set_properties({
            "title": t("report.cover.title", lang), "subject": workspace.name, "company": context.client,
            "author": t("report.author", lang), "created": dt.datetime.combine(context.today, dt.time()),
        })
        total = sum(s.weight for s in included) or 1.0
        done = 0.0
        for section in included:
            report(0.95 * done / total, section.name)
            book.section = section.name
            section.write(book, context)
            done += section.weight
        book.section = None
        for section in included:
            if section.finish is not None:
                section.finish(book, context)
        report(0.96, "saving")
        book.close()
        if tmp_path is not None:
            os.replace(tmp_path, path)
            tmp_path = None
    except OSError as exc:
        raise WorkbenchError("report.error.unwritable", path=str(path or ""), detail=str(exc)) from exc
    finally:
        if tmp_path is not None:
            tmp_path.unlink(missing_ok=True)
    report(1.0, "done")
    return ReportResult(sections=tuple(s.name for s in included), skipped=tuple(s.name for s in context.skipped),
                        sheets=tuple(book.sheet_names))
