"""The sections of the report, in workbook order: every module in ``workbench/report/sections/`` that
defines ``SECTION`` (a :class:`~workbench.report.section.Section`) is one, so a new section is one new
module there plus its catalog entries — nothing else changes.

Places (``order``) in the workbook: cover 0, summary KPIs 10, segments and CLV 20, journey maps 30, value
gaps 40, roadmap 50, scenarios 60, traceability 90 (last: it points back at everything before it).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from workbench.core.errors import WorkbenchError
from workbench.report import sections as _sections_package
from workbench.report.section import Section

__all__ = ["SECTIONS", "SECTION_NAMES", "resolve_sections", "parse_section_list"]


def _discover() -> Mapping[str, Section]:
    found = []
    for info in pkgutil.iter_modules(_sections_package.__path__):
        module = importlib.import_module(f"{_sections_package.__name__}.{info.name}")
        section = getattr(module, "SECTION", None)
        if isinstance(section, Section):
            found.append(section)
    names = [s.name for s in found]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"report sections defined twice: {duplicates}")
    return MappingProxyType({s.name: s for s in sorted(found, key=lambda s: (s.order, s.name))})


#: Every section, in workbook order.
SECTIONS: Mapping[str, Section] = _discover()
SECTION_NAMES: tuple[str, ...] = tuple(SECTIONS)


def resolve_sections(names: Iterable[str] | None) -> tuple[Section, ...]:
    """The sections asked for, in workbook order (all of them for None); a translated error naming an
    unknown section and the known ones."""
    if names is None:
        return tuple(SECTIONS.values())
    wanted = [str(n).strip() for n in names if str(n).strip()]
    unknown = [n for n in wanted if n not in SECTIONS]
    if unknown:
        raise WorkbenchError("report.error.unknown_section", name=", ".join(unknown), allowed=", ".join(SECTIONS))
    if not wanted:
        raise WorkbenchError("report.error.no_sections", allowed=", ".join(SECTIONS))
    return tuple(s for s in SECTIONS.values() if s.name in set(wanted))


def parse_section_list(text: str | None) -> tuple[str, ...] | None:
    """``"cover,kpis"`` (the command line's ``--sections``) as names; None or "" means every section."""
    if text is None or not str(text).strip():
        return None
    return tuple(part.strip() for part in str(text).split(",") if part.strip())
