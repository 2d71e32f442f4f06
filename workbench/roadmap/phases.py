"""Phases of the plan and its calendar: short term 0–6 months, mid term 6–18, long term 18–36
(战略实施路线图, from the source material), names and boundaries editable; an initiative's phase follows from
its start month. Each phase also carries its capacity: the budget for the whole phase and the people available
in any of its months (blank: no limit).

Months are counted from the plan's start month: month 0 is the first month, a phase ending at 6 holds
months 0–5, and an initiative starting at month ``s`` for ``d`` months runs through months ``s`` … ``s+d-1``
and ends at ``s+d`` (where a dependant may start).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.i18n import t
from workbench.roadmap.model import LIMITS, NUMBER_FIELDS, clean_text

__all__ = ["DEFAULT_PHASES", "PHASE_COLUMNS", "phase_name", "phases_frame", "validate_phases", "phase_of",
           "horizon", "parse_month", "month_date", "month_label", "month_offset", "today_month"]

#: The source's three phases: (key, end month), no capacity set. Names come from ``roadmap.phase.<key>``
#: unless renamed.
DEFAULT_PHASES: tuple[Mapping[str, Any], ...] = tuple(
    MappingProxyType({"key": key, "name": "", "end": end, "budget": None, "headcount": None})
    for key, end in (("short", 6), ("mid", 18), ("long", 36))
)

#: Columns of :func:`phases_frame`.
PHASE_COLUMNS: tuple[str, ...] = ("phase", "key", "name", "start_month", "end_month", "months", "budget_capacity",
                                  "headcount_capacity")


def phase_name(phase: Mapping[str, Any], lang: str) -> str:
    """The phase's own name, or the translated name of a default phase left unnamed."""
    name = clean_text(phase.get("name"))
    key = clean_text(phase.get("key"))
    return name or (t(f"roadmap.phase.{key}", lang) if key else "?")


def phases_frame(phases: Sequence[Mapping[str, Any]], lang: str) -> pd.DataFrame:
    """One row per phase: phase (0-based index), key, name (in ``lang``), start_month, end_month (exclusive),
    months, budget_capacity and headcount_capacity (NaN: no limit)."""
    ends = [int(p["end"]) for p in phases]
    starts = [0, *ends[:-1]]
    return pd.DataFrame({
        "phase": list(range(len(phases))),
        "key": [clean_text(p.get("key")) for p in phases],
        "name": [phase_name(p, lang) for p in phases],
        "start_month": starts,
        "end_month": ends,
        "months": [e - s for s, e in zip(starts, ends)],
        "budget_capacity": [_capacity(p.get("budget")) for p in phases],
        "headcount_capacity": [_capacity(p.get("headcount")) for p in phases],
    }, columns=list(PHASE_COLUMNS))


def _capacity(value: Any) -> float:
    return float("nan") if value is None else float(value)


def _limit(value: Any, field: str, row: int) -> float | None:
    """A capacity cell: blank is no limit; negative or not a number is refused naming the row."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or clean_text(value) == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    lo, hi, _ = NUMBER_FIELDS[field]
    if not np.isfinite(number) or number < lo or number > hi:
        raise WorkbenchError("roadmap.error.capacity", row=row)
    return number


def validate_phases(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Phases as stored, from rows of ``name`` / ``end`` / ``budget`` / ``headcount`` (and ``key`` for the
    default ones): 1 to 8 phases, each named, ends whole months rising strictly up to 120, capacities blank or
    not negative. Rows left empty are dropped. Raises ``WorkbenchError`` naming the row (1-based) at fault."""
    out: list[dict[str, Any]] = []
    rows = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else rows  # an editor's frame, or rows
    for row_number, row in enumerate(rows, start=1):
        name, key = clean_text(row.get("name")), clean_text(row.get("key"))
        end = row.get("end")
        missing_end = end is None or (not isinstance(end, str) and pd.isna(end)) or clean_text(end) == ""
        if not name and not key and missing_end:
            continue
        if not name and not key:
            raise WorkbenchError("roadmap.error.phase_name", row=row_number)
        if len(name) > LIMITS["phase_name"]:
            raise WorkbenchError("roadmap.error.phase_name_long", row=row_number, max=LIMITS["phase_name"])
        try:
            end_value = float(end)
        except (TypeError, ValueError):
            raise WorkbenchError("roadmap.error.phase_end", row=row_number, max=LIMITS["horizon"]) from None
        if not np.isfinite(end_value) or end_value != int(end_value) or not 1 <= end_value <= LIMITS["horizon"]:
            raise WorkbenchError("roadmap.error.phase_end", row=row_number, max=LIMITS["horizon"])
        if out and int(end_value) <= out[-1]["end"]:
            raise WorkbenchError("roadmap.error.phase_order", row=row_number, end=int(end_value),
                                 previous=out[-1]["end"])
        out.append({"key": key, "name": name, "end": int(end_value),
                    "budget": _limit(row.get("budget"), "budget", row_number),
                    "headcount": _limit(row.get("headcount"), "headcount", row_number)})
    if not out:
        raise WorkbenchError("roadmap.error.no_phases")
    if len(out) > LIMITS["phases"]:
        raise WorkbenchError("roadmap.error.too_many_phases", max=LIMITS["phases"])
    return out


def horizon(phases: Sequence[Mapping[str, Any]]) -> int:
    """The plan's length in months: the end of its last phase."""
    return int(phases[-1]["end"])


def phase_of(start_months: Any, phases: Sequence[Mapping[str, Any]]) -> pd.Series:
    """The phase index of each start month (a phase holds the months from the previous end up to, not
    including, its own end); <NA> for a missing start or one at or beyond the last phase's end."""
    starts = pd.to_numeric(pd.Series(start_months, dtype="object"), errors="coerce").astype("Float64")
    ends = np.array([int(p["end"]) for p in phases])
    values = starts.to_numpy(dtype=float, na_value=np.nan)
    index = np.searchsorted(ends, values, side="right")
    valid = np.isfinite(values) & (values >= 0) & (index < len(ends))
    return pd.Series(pd.array(np.where(valid, index, 0), dtype="Int64")).where(valid, pd.NA)


# -- calendar -----------------------------------------------------------------------------------------------
def parse_month(text: Any) -> _dt.date:
    """A plan start month from "YYYY-MM" (or a date); raises ``roadmap.error.bad_month``."""
    if isinstance(text, _dt.date):
        return _dt.date(text.year, text.month, 1)
    s = clean_text(text)
    try:
        year, month = (int(part) for part in s.split("-")[:2])
        return _dt.date(year, month, 1)
    except (ValueError, TypeError):
        raise WorkbenchError("roadmap.error.bad_month", value=s[:20]) from None


def month_date(start: _dt.date, month: float) -> _dt.date:
    """The first day of plan month ``month`` (whole months)."""
    total = start.year * 12 + start.month - 1 + int(month)
    return _dt.date(total // 12, total % 12 + 1, 1)


def month_label(start: _dt.date, month: float) -> str:
    """"2027-03": the calendar month of plan month ``month``."""
    d = month_date(start, month)
    return f"{d.year}-{d.month:02d}"


def month_offset(start: _dt.date, day: _dt.date) -> float:
    """Months from the plan's start to ``day``, with the fraction of its month (1 Dec → 0.0, 16 Dec ≈ 0.48)."""
    import calendar

    whole = (day.year - start.year) * 12 + day.month - start.month
    return whole + (day.day - 1) / calendar.monthrange(day.year, day.month)[1]


def today_month() -> _dt.date:
    """The first day of the current month: the start of a plan nobody has dated yet."""
    today = _dt.date.today()
    return _dt.date(today.year, today.month, 1)
