"""The projection: customers, orders, revenue and gross profit of each segment month by month, from a baseline
and levers, and what a scenario earns against its cost.

The model, per segment (the issue's; a cohort model any analyst can redo in a spreadsheet):

    N_t = r · N_{t−1} + new_t          r = retention_annual ** (1/12), N_0 = the customers active now
    orders_t  = N_t × orders_per_month
    revenue_t = orders_t × aov
    gross profit_t = revenue_t × margin,  discounted by (1 + d) ** (−t / 12)

so with constant retention and acquisition ``N_t = r^t N_0 + new (1 − r^t) / (1 − r)``. Levers move the
inputs month by month: retention by points (``r_annual + pp / 100``), the others by relative changes
(``× (1 + pct)``). The customers active in month 0 are also followed alone (the cohort ``r^t N_0``): their
discounted gross profit so far per such customer is the CLV per customer of the projection, the figure to set
beside the BG/NBD + Gamma-Gamma expectation for the same customers.

One vectorised engine serves everything: :func:`project` (one scenario, checked inputs), the tornado (a few
dozen lever sets at once) and the uncertainty draws (thousands): arrays of shape ``(draws, segments, months)``,
a loop over the months only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.scenarios.model import (
    BASELINE_COLUMNS,
    BASELINE_FIELDS,
    BASELINE_LIMITS,
    LEVER_LIMITS,
    LEVERS,
    MAX_MONTHS,
    PROJECTION_COLUMNS,
)

__all__ = ["project", "check_baseline", "check_levers", "check_months", "check_discount", "discount_factors",
           "engine", "discounted_total", "frame", "totals", "returns", "roi", "payback_month", "TOTAL_COLUMNS"]

#: Columns of :func:`totals`: one row per segment, then ``segment = None`` for the whole.
TOTAL_COLUMNS: tuple[str, ...] = ("segment", "customers", "active_end", "new_customers", "orders", "revenue",
                                  "gross_profit", "discounted_gross_profit", "clv_per_customer")


# -- checks ---------------------------------------------------------------------------------------------------
def _percent(value: float) -> str:
    return f"{100 * value:.1f}%"


def _shown(value: Any) -> str:
    try:
        return f"{float(value):,.6g}"
    except (TypeError, ValueError):
        return str(value)[:40]


def check_months(months: Any) -> int:
    """The horizon as a whole number of months, 1 … 36 (``scenarios.error.months`` otherwise)."""
    try:
        ok = not isinstance(months, bool) and float(months) == int(months) and 1 <= int(months) <= MAX_MONTHS
    except (TypeError, ValueError, OverflowError):
        ok = False
    if not ok:
        raise WorkbenchError("scenarios.error.months", value=_shown(months), max=MAX_MONTHS)
    return int(months)


def check_discount(rate: Any) -> float:
    """The annual discount rate as a fraction, 0 … 1 (0.10 = 10% a year)."""
    try:
        value = float(rate)
    except (TypeError, ValueError):
        value = float("nan")
    if isinstance(rate, bool) or not math.isfinite(value) or not 0 <= value <= 1:
        raise WorkbenchError("scenarios.error.discount", value=_shown(rate))
    return value


def check_baseline(baseline: Any) -> pd.DataFrame:
    """The baseline with ``BASELINE_COLUMNS`` only, numbers as floats, checked: every column present, one row
    per segment, every figure finite and within ``BASELINE_LIMITS`` (retention 0–100%). Raises a translated
    ``WorkbenchError`` naming the segment and the figure at fault."""
    if not isinstance(baseline, pd.DataFrame):
        raise WorkbenchError("scenarios.error.baseline_columns", columns=", ".join(BASELINE_COLUMNS))
    missing = [c for c in BASELINE_COLUMNS if c not in baseline.columns]
    if missing:
        raise WorkbenchError("scenarios.error.baseline_columns", columns=", ".join(missing))
    if baseline.empty:
        raise WorkbenchError("scenarios.error.baseline_empty")
    out = baseline[list(BASELINE_COLUMNS)].copy()
    out["segment"] = out["segment"].astype(str)
    repeated = out["segment"][out["segment"].duplicated()]
    if len(repeated):
        raise WorkbenchError("scenarios.error.duplicate_segment", segment=str(repeated.iloc[0]))
    for field in BASELINE_FIELDS:
        values = pd.to_numeric(out[field], errors="coerce").astype(float)
        lo, hi = BASELINE_LIMITS[field]
        for segment, raw, value in zip(out["segment"], out[field], values):
            if not math.isfinite(value):
                raise WorkbenchError("scenarios.error.baseline_value", segment=segment, field=field, value=_shown(raw))
            if not lo <= value <= hi:
                if field == "retention_annual":
                    raise WorkbenchError("scenarios.error.retention_range", segment=segment, value=_percent(value))
                raise WorkbenchError("scenarios.error.baseline_range", segment=segment, field=field,
                                     value=_shown(value), lo=_shown(lo), hi=_shown(hi))
        out[field] = values
    return out.reset_index(drop=True)


def check_levers(levers: Any, baseline: pd.DataFrame, months: int) -> dict[str, np.ndarray]:
    """Levers as arrays of shape (segments, months), one per ``LEVERS`` name (0 where none is given).

    ``levers`` maps a segment of ``baseline`` to ``{lever: value}``; a value is a number (every month) or a
    sequence of ``months`` numbers (month 1 first: the roadmap's effects grow as initiatives land). Unknown
    segments or levers, values out of ``LEVER_LIMITS`` and a retention pushed outside 0–100% are refused."""
    segments = list(baseline["segment"])
    out = {name: np.zeros((len(segments), months)) for name in LEVERS}
    if levers is None:
        return out
    if not isinstance(levers, Mapping):
        raise WorkbenchError("scenarios.error.levers_type")
    for segment, values in levers.items():
        if str(segment) not in segments:
            raise WorkbenchError("scenarios.error.lever_segment", segment=str(segment), known=", ".join(segments))
        if not isinstance(values, Mapping):
            raise WorkbenchError("scenarios.error.levers_type")
        i = segments.index(str(segment))
        for name, value in values.items():
            if name not in LEVERS:
                raise WorkbenchError("scenarios.error.lever_name", name=str(name), known=", ".join(LEVERS))
            try:
                series = np.broadcast_to(np.asarray(value, dtype=float), (months,))
            except (TypeError, ValueError):
                raise WorkbenchError("scenarios.error.lever_value", segment=str(segment), lever=name,
                                     value=_shown(value)) from None
            lo, hi = LEVER_LIMITS[name]
            if not np.all(np.isfinite(series)) or series.min() < lo or series.max() > hi:
                bad = series[~np.isfinite(series) | (series < lo) | (series > hi)][0]
                raise WorkbenchError("scenarios.error.lever_value", segment=str(segment), lever=name, value=_shown(bad))
            out[name][i] = series
    retention = baseline["retention_annual"].to_numpy(dtype=float)[:, None] + out["retention_pp"] / 100
    outside = (retention < -1e-12) | (retention > 1 + 1e-12)
    if outside.any():
        i, t = np.argwhere(outside)[0]
        raise WorkbenchError("scenarios.error.retention_range", segment=segments[i], value=_percent(retention[i, t]))
    return out


# -- the engine -----------------------------------------------------------------------------------------------
def discount_factors(months: int, rate: float) -> np.ndarray:
    """``(1 + rate) ** (−t / 12)`` for months t = 1 … ``months``."""
    return (1.0 + float(rate)) ** (-np.arange(1, int(months) + 1) / 12.0)


def engine(base: Mapping[str, np.ndarray], levers: Mapping[str, np.ndarray], months: int,
           rate: float) -> dict[str, np.ndarray]:
    """The projection of every segment for one or many lever sets at once.

    ``base`` holds arrays of shape (segments,) for ``BASELINE_FIELDS``; ``levers`` arrays broadcastable to
    (…, segments, months). Returns arrays of shape (…, segments, months): ``active``, ``new``, ``orders``,
    ``revenue``, ``gross_profit``, ``discounted`` (discounted gross profit) and ``cohort_discounted`` (that of
    the customers active in month 0 alone). Retention is clipped to 0–100% (checked inputs never need it).
    """
    def lever(name: str) -> np.ndarray:
        return np.asarray(levers.get(name, 0.0), dtype=float)

    def column(name: str) -> np.ndarray:
        return np.asarray(base[name], dtype=float)[:, None]

    retention = np.clip(column("retention_annual") + lever("retention_pp") / 100.0, 0.0, 1.0)
    monthly = retention ** (1.0 / 12.0)
    new = column("new_per_month") * (1.0 + lever("acquisition_pct"))
    per_customer = column("orders_per_month") * (1.0 + lever("frequency_pct"))
    aov = column("aov") * (1.0 + lever("aov_pct"))
    segments = len(np.asarray(base["customers"]))
    shape = np.broadcast_shapes(monthly.shape, new.shape, per_customer.shape, aov.shape, (segments, months))
    monthly, new = np.broadcast_to(monthly, shape), np.broadcast_to(new, shape)
    active, cohort = np.empty(shape), np.empty(shape)
    n = np.broadcast_to(np.asarray(base["customers"], dtype=float), shape[:-1]).copy()
    c = n.copy()
    for t in range(months):  # N_t = r N_{t-1} + new_t; the cohort of month 0 alone: C_t = r C_{t-1}
        n = monthly[..., t] * n + new[..., t]
        c = monthly[..., t] * c
        active[..., t], cohort[..., t] = n, c
    value = per_customer * aov * column("margin")  # gross profit per active customer and month
    factors = discount_factors(months, rate)
    orders = active * per_customer
    revenue = orders * aov
    profit = revenue * column("margin")
    return {"active": active, "new": np.array(new), "orders": orders, "revenue": revenue, "gross_profit": profit,
            "discounted": profit * factors, "cohort_discounted": cohort * value * factors}


def discounted_total(base: Mapping[str, np.ndarray], levers: Mapping[str, np.ndarray], months: int,
                     rate: float) -> np.ndarray:
    """The discounted gross profit over the horizon, all segments together, of each lever set (shape (…,)): the
    :func:`engine`'s sum without keeping its monthly arrays (thousands of draws at once stay small)."""
    def lever(name: str) -> np.ndarray:
        return np.asarray(levers.get(name, 0.0), dtype=float)

    def column(name: str) -> np.ndarray:
        return np.asarray(base[name], dtype=float)[:, None]

    monthly = np.clip(column("retention_annual") + lever("retention_pp") / 100.0, 0.0, 1.0) ** (1.0 / 12.0)
    new = column("new_per_month") * (1.0 + lever("acquisition_pct"))
    value = (column("orders_per_month") * (1.0 + lever("frequency_pct")) * column("aov") * (1.0 + lever("aov_pct"))
             * column("margin"))
    segments = len(np.asarray(base["customers"]))
    shape = np.broadcast_shapes(monthly.shape, new.shape, value.shape, (segments, months))
    monthly, new, value = (np.broadcast_to(a, shape) for a in (monthly, new, value))
    n = np.broadcast_to(np.asarray(base["customers"], dtype=float), shape[:-1]).copy()
    total = np.zeros(shape[:-2])
    for t, factor in enumerate(discount_factors(months, rate)):
        n = monthly[..., t] * n + new[..., t]
        total = total + (n * value[..., t]).sum(axis=-1) * factor
    return total


def frame(segments: list[str], customers: np.ndarray, arrays: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """``PROJECTION_COLUMNS`` from the engine's arrays of one lever set (shape (segments, months))."""
    n_seg, months = arrays["active"].shape
    customers = np.asarray(customers, dtype=float)
    cumulative = np.cumsum(arrays["discounted"], axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        clv = np.cumsum(arrays["cohort_discounted"], axis=1) / np.where(customers > 0, customers, np.nan)[:, None]
    out = pd.DataFrame({
        "segment": np.repeat(np.asarray(segments, dtype=object), months),
        "month": np.tile(np.arange(1, months + 1), n_seg),
        "active_customers": arrays["active"].ravel(), "orders": arrays["orders"].ravel(),
        "revenue": arrays["revenue"].ravel(), "gross_profit": arrays["gross_profit"].ravel(),
        "discounted_gross_profit": arrays["discounted"].ravel(), "new_customers": arrays["new"].ravel(),
        "cumulative_discounted_gross_profit": cumulative.ravel(), "clv_per_customer": clv.ravel(),
    })
    return out[list(PROJECTION_COLUMNS)]


def _base_arrays(baseline: pd.DataFrame) -> dict[str, np.ndarray]:
    return {c: baseline[c].to_numpy(dtype=float) for c in BASELINE_FIELDS}


def project(baseline: pd.DataFrame, levers: Mapping[str, Mapping[str, Any]] | None = None, months: int = 36,
            discount_rate_annual: float = 0.10) -> pd.DataFrame:
    """Project each segment of ``baseline`` month by month under ``levers``.

    Parameters
    ----------
    baseline : DataFrame
        One row per segment: ``segment, customers`` (active now), ``retention_annual`` (0–1),
        ``orders_per_month`` (per active customer), ``aov``, ``margin`` (0.6 = 60% gross margin),
        ``new_per_month`` (customers acquired per month).
    levers : mapping, optional
        ``{segment: {"retention_pp": 5, "frequency_pct": 0.1, "aov_pct": 0.0, "acquisition_pct": 0.0}}``:
        retention in percentage points, the others as fractions; a value may be a sequence of ``months``
        numbers (a lever that changes over time). Segments left out keep their baseline.
    months : int
        Horizon, 1 … 36.
    discount_rate_annual : float
        Gross profit of month t is discounted by ``(1 + d) ** (−t / 12)``.

    Returns
    -------
    DataFrame
        ``PROJECTION_COLUMNS``: one row per segment and month (month 1 … ``months``).
    """
    base = check_baseline(baseline)
    months = check_months(months)
    rate = check_discount(discount_rate_annual)
    arrays = engine(_base_arrays(base), check_levers(levers, base, months), months, rate)
    return frame(list(base["segment"]), base["customers"].to_numpy(dtype=float), arrays)


# -- totals and returns ---------------------------------------------------------------------------------------
def totals(projection: pd.DataFrame, customers: Mapping[str, float]) -> pd.DataFrame:
    """``TOTAL_COLUMNS`` of a projection: per segment (``customers`` = active in month 0, from the baseline),
    then a last row (segment None) for all of them. ``active_end`` is the last month's active customers;
    ``clv_per_customer`` the last month's (for all: the month-0 customers' discounted profit per customer)."""
    last = projection[projection["month"] == projection["month"].max()].set_index("segment")
    sums = projection.groupby("segment", sort=False)[["new_customers", "orders", "revenue", "gross_profit",
                                                       "discounted_gross_profit"]].sum()
    rows = []
    for segment in sums.index:
        n0 = float(customers.get(segment, float("nan")))
        rows.append({"segment": segment, "customers": n0, "active_end": float(last.at[segment, "active_customers"]),
                     **{c: float(sums.at[segment, c]) for c in sums.columns},
                     "clv_per_customer": float(last.at[segment, "clv_per_customer"])})
    out = pd.DataFrame(rows, columns=list(TOTAL_COLUMNS))
    n0 = out["customers"].fillna(0)
    cohort = (out["clv_per_customer"].fillna(0) * n0).sum()
    whole = {"segment": None, "customers": float(n0.sum()), "active_end": float(out["active_end"].sum()),
             **{c: float(out[c].sum()) for c in sums.columns},
             "clv_per_customer": float(cohort / n0.sum()) if n0.sum() > 0 else float("nan")}
    return pd.concat([out, pd.DataFrame([whole], columns=list(TOTAL_COLUMNS))], ignore_index=True)


def roi(incremental: float, cost: float) -> float:
    """(incremental discounted profit − cost) ÷ cost; NaN without a cost (there is nothing to return on)."""
    return (float(incremental) - float(cost)) / float(cost) if float(cost) > 0 else float("nan")


def payback_month(incremental: np.ndarray, cost: np.ndarray) -> int | None:
    """The month from which the cumulative (incremental discounted profit − discounted cost) stays at or above
    zero to the end of the horizon: the plan has paid for itself for good (a later investment that dips the
    sum below zero again moves it on). None without a cost, or when it has not paid back by the horizon."""
    cost = np.asarray(cost, dtype=float)
    if cost.sum() <= 0:
        return None
    net = np.cumsum(np.asarray(incremental, dtype=float) - cost)
    if net[-1] < 0:
        return None
    below = np.nonzero(net < 0)[0]
    return 1 if len(below) == 0 else int(below[-1]) + 2


def returns(baseline_discounted: np.ndarray, scenario_discounted: np.ndarray, cost: np.ndarray,
            rate: float) -> dict[str, Any]:
    """What a scenario earns against its cost, all discounted like the profit (month t by ``(1+d)^(−t/12)``).

    ``baseline_discounted`` and ``scenario_discounted`` are discounted gross profit per month (all segments),
    ``cost`` the undiscounted cost per month. Returns ``incremental`` (discounted profit over the baseline),
    ``cost`` (discounted), ``net`` (incremental − cost), ``roi``, ``payback_month`` and ``net_by_month`` (the
    running net)."""
    cost = np.asarray(cost, dtype=float)
    discounted_cost = cost * discount_factors(len(cost), rate)
    incremental = np.asarray(scenario_discounted, dtype=float) - np.asarray(baseline_discounted, dtype=float)
    return {"incremental": float(incremental.sum()), "cost": float(discounted_cost.sum()),
            "net": float(incremental.sum() - discounted_cost.sum()),
            "roi": roi(incremental.sum(), discounted_cost.sum()),
            "payback_month": payback_month(incremental, discounted_cost),
            "net_by_month": np.cumsum(incremental - discounted_cost)}
