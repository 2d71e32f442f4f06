"""What a report section is, and what every section reads: the :class:`Section` record and the
:class:`ReportContext` of one report being written.

A section is data: its ``name`` (what ``--sections`` and the page use), the catalog key of its title, its
place in the workbook (``order``), ``available(context)`` — a section appears when its data exists — and
``write(book, context)``. A section may also add to the traceability sheet: ``insights`` describe the
initiatives created from its kind of source (a value gap, say), ``trace_columns`` add a column per
initiative (the scenarios it is in). ``finish(book, context)`` runs once every section is written (the
cover fills in the contents then).

The context holds the workspace, the language, the currency and the client's name, and reads the shared
data once per report through the same functions the pages use (``segments.snapshot``, ``clv.values``,
``roadmap.list_initiatives``), so a number in the report is the number on screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

import pandas as pd

from workbench.i18n import t

__all__ = ["Section", "TraceColumn", "ReportContext", "CLIENT_SETTING", "load_client_name", "save_client_name",
           "plain_text"]

#: The workspace setting holding the client's name shown on the cover.
CLIENT_SETTING = "report.client_name"
_CLIENT_MAX = 120


def load_client_name(ws) -> str:
    """The client's name stored for the workspace's report ("" when none was given)."""
    value = ws.get_setting(CLIENT_SETTING, "")
    return value if isinstance(value, str) else ""


def save_client_name(ws, name: Any) -> str:
    """Store the client's name for the cover (one line, at most 120 characters); returns what was stored."""
    text = " ".join(str(name or "").split())[:_CLIENT_MAX]
    if text != load_client_name(ws):
        ws.set_setting(CLIENT_SETTING, text)
    return text


def plain_text(markdown: str) -> str:
    """A note written for the page (Markdown: ``**bold**``, escaped characters) as plain text for a cell."""
    text = str(markdown).replace("**", "")
    out, escaped = [], False
    for ch in text:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        else:
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True)
class TraceColumn:
    """A column a section adds to the traceability sheet: its header key and ``values(context,
    initiatives) -> list[str]`` (one text per initiative row)."""

    name: str
    title_key: str
    values: Callable[[ReportContext, pd.DataFrame], list[str]]


def _always(context: ReportContext) -> bool:
    return True


@dataclass(frozen=True)
class Section:
    """One section of the report (see the module docstring). ``weight`` is its share of the progress bar
    (the segments section, which fits the CLV models, weighs most)."""

    name: str
    title_key: str
    order: int
    write: Callable[..., None]
    available: Callable[[ReportContext], bool] = _always
    finish: Callable[..., None] | None = None
    insights: Mapping[str, Callable[[ReportContext, Mapping[str, Any]], str]] = field(
        default_factory=lambda: MappingProxyType({}))
    trace_columns: tuple[TraceColumn, ...] = ()
    weight: float = 1.0


@dataclass
class ReportContext:
    """One report being written: where its data comes from and what it holds. Shared data is read on first
    use and kept for the rest of this report (never between reports: the workspace's own caches do that)."""

    ws: Any
    lang: str
    currency: str
    client: str = ""
    today: dt.date = field(default_factory=dt.date.today)
    included: tuple[Section, ...] = ()
    skipped: tuple[Section, ...] = ()
    registry: Mapping[str, Section] = field(default_factory=dict)
    notes: dict[str, Any] = field(default_factory=dict)

    def t(self, key: str, /, **params: Any) -> str:
        return t(key, self.lang, **params)

    @cached_property
    def period(self) -> tuple[dt.date, dt.date] | None:
        """First and last order dates, or None when the workspace has no orders (cheap: one SQL query)."""
        from workbench.customers.summary import order_date_range

        lo, hi = order_date_range(self.ws)
        if lo is None or hi is None:
            return None
        return pd.Timestamp(lo).date(), pd.Timestamp(hi).date()

    @cached_property
    def snapshot(self):
        """The segment snapshot every page reads (``segments.snapshot``)."""
        from workbench.segments import snapshot

        return snapshot(self.ws)

    @cached_property
    def values(self) -> pd.DataFrame:
        """Every customer's CLV as the Segments page shows it (``clv.values``)."""
        from workbench.clv import values

        return values(self.ws)

    @cached_property
    def initiatives(self) -> pd.DataFrame:
        from workbench.roadmap import list_initiatives

        return list_initiatives(self.ws)

    @cached_property
    def maps(self) -> pd.DataFrame:
        from workbench.journey import list_maps

        return list_maps(self.ws)
