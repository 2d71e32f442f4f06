"""The Excel report a manager can forward, and the one writer of every spreadsheet and CSV file the
workbench produces (``files``): member lists, the per-customer export, quarantined rows.

Modules: ``files`` (CSV and xlsx tables, formula-safe), ``book`` (the report workbook: styles, fonts,
widths, print settings), ``section`` (what a section is, and the context it reads), ``registry`` (the
sections, discovered from ``sections/``), ``writer`` (:func:`write_report`), ``sections/`` (one module per
section: cover, KPIs, segments and CLV, journey maps, value gaps, roadmap, traceability; scenarios is one
module added there).

The names below are loaded on first use, so ``from workbench.report import files`` (a download, the
quarantine CSV) does not import every area the sections read.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "SECTIONS", "SECTION_NAMES", "Section", "TraceColumn", "ReportContext", "ReportResult", "CLIENT_SETTING",
    "write_report", "section_status", "check_target", "report_file_name", "resolve_sections",
    "parse_section_list", "load_client_name", "save_client_name", "progress_text", "XLSX_MIME",
]

_HOME = {
    "SECTIONS": "registry", "SECTION_NAMES": "registry", "resolve_sections": "registry",
    "parse_section_list": "registry", "Section": "section", "TraceColumn": "section", "ReportContext": "section",
    "CLIENT_SETTING": "section", "load_client_name": "section", "save_client_name": "section",
    "ReportResult": "writer", "write_report": "writer", "section_status": "writer", "check_target": "writer",
    "report_file_name": "writer", "progress_text": "writer", "XLSX_MIME": "writer",
}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
