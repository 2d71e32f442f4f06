"""Budget and headcount of the plan per month, per phase and per quarter, against the capacity the user sets.

An initiative's budget is spread evenly over its months (all in its start month when it lasts 0 months);
its headcount is busy in every month it runs. Capacity is set per phase: a budget for the whole phase (a
month's share is the phase budget ÷ its months) and the people available in any month of it. A phase or
quarter is over when its budget is above its capacity or, in some month, more people are busy than the
phase has.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from workbench.roadmap.phases import phases_frame

__all__ = ["MONTH_COLUMNS", "PERIOD_COLUMNS", "monthly_load", "by_phase", "by_quarter"]

#: Columns of :func:`monthly_load`.
MONTH_COLUMNS: tuple[str, ...] = ("month", "phase", "quarter", "budget", "headcount", "initiatives",
                                  "budget_capacity", "headcount_capacity")
#: Columns of :func:`by_phase` and :func:`by_quarter` (``period`` is the phase index or the quarter, 0-based).
PERIOD_COLUMNS: tuple[str, ...] = ("period", "start_month", "end_month", "budget", "budget_capacity", "budget_over",
                                   "headcount_peak", "headcount_capacity", "headcount_over")
_EPS = 1e-9


def monthly_load(initiatives: pd.DataFrame, phases: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """One row per month from 0 to the later of the plan's end and the last initiative's end: the budget spent
    and people busy that month, how many initiatives run, and the capacity of the month (NaN where none is
    set or the month is beyond the last phase). ``initiatives`` has ``start_month, duration_months, budget,
    headcount``; rows without a start month are left out (pass only the initiatives on the plan). ``phases``
    as stored (``end``, ``budget``, ``headcount``)."""
    ph = phases_frame(phases, "en")
    start = pd.to_numeric(initiatives["start_month"], errors="coerce")
    keep = start.notna().to_numpy()
    start = start[keep].astype(int).to_numpy()
    duration = pd.to_numeric(initiatives["duration_months"], errors="coerce")[keep].fillna(0).astype(int).to_numpy()
    budget = pd.to_numeric(initiatives["budget"], errors="coerce")[keep].fillna(0).astype(float).to_numpy()
    heads = pd.to_numeric(initiatives["headcount"], errors="coerce")[keep].fillna(0).astype(float).to_numpy()
    months = int(max([int(ph["end_month"].iloc[-1]), *(start + np.maximum(duration, 1)).tolist()]))
    spend = np.zeros(months)
    busy = np.zeros(months)
    running = np.zeros(months, dtype=int)
    for s, d, b, h in zip(start, duration, budget, heads):
        span = max(d, 1)
        spend[s:s + span] += b / span
        busy[s:s + span] += h
        running[s:s + span] += 1
    month = np.arange(months)
    phase = np.searchsorted(ph["end_month"].to_numpy(), month, side="right")
    in_plan = phase < len(ph)
    lengths = ph["months"].to_numpy(dtype=float)
    budget_cap = ph["budget_capacity"].to_numpy(dtype=float)
    head_cap = ph["headcount_capacity"].to_numpy(dtype=float)
    safe = np.minimum(phase, len(ph) - 1)
    return pd.DataFrame({
        "month": month,
        "phase": pd.Series(pd.array(np.where(in_plan, phase, 0), dtype="Int64")).where(in_plan, pd.NA),
        "quarter": month // 3,
        "budget": spend,
        "headcount": busy,
        "initiatives": running,
        "budget_capacity": np.where(in_plan, budget_cap[safe] / lengths[safe], np.nan),
        "headcount_capacity": np.where(in_plan, head_cap[safe], np.nan),
    }, columns=list(MONTH_COLUMNS))


def _periods(load: pd.DataFrame, by: str) -> pd.DataFrame:
    df = load.dropna(subset=[by]) if by == "phase" else load
    rows = []
    for period, g in df.groupby(by, sort=True):
        budget_cap = g["budget_capacity"]
        head_cap = g["headcount_capacity"]
        # sums of monthly shares: rounded to the cent's fraction so 6 × (100 / 6) reads as 100
        b_cap = round(float(budget_cap.sum()), 6) if budget_cap.notna().all() else float("nan")
        h_cap = float(head_cap.min()) if head_cap.notna().all() else float("nan")
        budget, peak = round(float(g["budget"].sum()), 6), float(g["headcount"].max())
        head_over = bool((g["headcount"] > head_cap + _EPS).any())
        rows.append({"period": int(period), "start_month": int(g["month"].min()),
                     "end_month": int(g["month"].max()) + 1,
                     "budget": budget, "budget_capacity": b_cap,
                     "budget_over": bool(np.isfinite(b_cap) and budget > b_cap + _EPS),
                     "headcount_peak": peak, "headcount_capacity": h_cap, "headcount_over": head_over})
    return pd.DataFrame(rows, columns=list(PERIOD_COLUMNS))


def by_phase(load: pd.DataFrame) -> pd.DataFrame:
    """Per phase of :func:`monthly_load`: budget and its capacity, peak monthly headcount and the phase's
    headcount capacity, and whether either is exceeded (months beyond the last phase are not in any)."""
    return _periods(load, "phase")


def by_quarter(load: pd.DataFrame) -> pd.DataFrame:
    """Per quarter (months 0–2 are quarter 0) of :func:`monthly_load`, as :func:`by_phase`; a quarter's
    budget capacity is the sum of its months' shares, its headcount capacity the lowest of its months'
    (NaN when a month has none)."""
    return _periods(load, "quarter")
