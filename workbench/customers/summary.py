"""The per-customer summary: the one table every segmentation, KPI and CLV model reads from.

The heavy per-order work happens here, in SQL, inside the workspace's DuckDB file; pandas only ever sees
one row per customer. This is also the scale-out seam: the query below is kept in portable SQL (CTEs,
``GROUP BY``, ``CASE``, window functions, date minus date = days) so that the same text can run where a
client's order history lives (DuckDB on Parquet, Postgres, Spark, BigQuery, Snowflake with small dialect
changes, e.g. ``DATE_DIFF`` for date subtraction) and only the per-customer rows come back.

Conventions (those of ``lifetimes``, so analysts recognise them)
---------------------------------------------------------------
* A *purchase occasion* is a customer-day with at least one order: two orders on the same day are one
  purchase for the models (as ``lifetimes.utils.summary_data_from_transaction_data`` with ``freq="D"``).
  Refunds (negative amounts) are no orders: a day with refunds only is no purchase occasion, and counts in
  ``revenue`` and the spend windows but not in ``monetary_value``; a refund on a purchase day nets that
  day's spend. ``orders`` counts orders, not refunds.
* ``frequency`` = purchase occasions - 1 (repeat purchases only).
* ``recency`` = weeks from the first to the last purchase occasion; ``T`` = weeks from the first purchase
  to the as-of date. The time unit of the models is the **week** (days / 7).
* ``monetary_value`` = mean spend per *repeat* purchase occasion (the first purchase excluded), 0 when
  there is no repeat purchase.
* Only orders on or before the as-of date count; the as-of date defaults to the last order's date.

Columns of :func:`customer_summary` (``SUMMARY_COLUMNS``) are fixed whatever the data holds; customer
attributes the workspace lacks come back as NaN/None.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.core.store import Workspace
from workbench.customers import store
from workbench.customers.store import ACTIVITY_MONTH_DAYS, FREQUENCY_WINDOW_DAYS

__all__ = [
    "SUMMARY_COLUMNS",
    "HOLDOUT_COLUMNS",
    "ACTIVITY_MONTH_DAYS",
    "FREQUENCY_WINDOW_DAYS",
    "OrderFilter",
    "default_as_of",
    "to_date",
    "order_date_range",
    "customer_summary",
    "calibration_holdout_summary",
    "holdout_weekly_purchases",
    "current_summary",
]


SUMMARY_COLUMNS: tuple[str, ...] = (
    "customer_id",
    # purchase history (orders up to the as-of date)
    "first_purchase", "last_purchase", "orders", "purchase_days", "revenue", "aov",
    "days_since_last", "tenure_days",
    # model inputs, lifetimes convention, in weeks
    "frequency", "recency", "T", "monetary_value",
    # windows counted back from the as-of date
    "spend_12m", "spend_prev_12m", "purchase_days_12m",
    "active_months_recent", "active_months_prev",      # distinct 30-day months with a purchase: 1-6 vs 7-12
    "purchase_days_recent", "purchase_days_prev",      # purchase days: last 90 days vs the 90 before
    # discounts (NULL when the orders carry no discount column values)
    "discounted_orders", "discount_known_orders", "discount_total",
    # customer attributes (from the customers table; NULL when absent)
    "signup_date", "city", "age_band", "gender", "acquisition_channel",
    "nps", "csat", "ces", "feature_usage", "community_prev", "community_recent", "referrals",
    "cost_to_serve",
)

HOLDOUT_COLUMNS: tuple[str, ...] = (
    "customer_id", "frequency_cal", "recency_cal", "T_cal", "monetary_value_cal",
    "frequency_holdout", "monetary_value_holdout", "duration_holdout",
)


@dataclass(frozen=True)
class OrderFilter:
    """Which orders count: a period (inclusive dates), channels, cities and a customer list.

    Empty tuples / None mean "no restriction". Filters are applied in SQL with bound parameters.
    """

    start: _dt.date | None = None
    end: _dt.date | None = None
    channels: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    customer_ids: tuple[str, ...] | None = None

    def conditions(self, alias: str = "o") -> tuple[str, list[Any]]:
        """``AND ...`` conditions on the orders table (aliased ``alias``) and their parameters."""
        parts: list[str] = []
        params: list[Any] = []
        if self.start is not None:
            parts.append(f"CAST({alias}.order_ts AS DATE) >= CAST(? AS DATE)")
            params.append(to_date(self.start))
        if self.end is not None:
            parts.append(f"CAST({alias}.order_ts AS DATE) <= CAST(? AS DATE)")
            params.append(to_date(self.end))
        for column, values in (("channel", self.channels), ("city", self.cities)):
            if values:
                parts.append(f"{alias}.{column} IN (SELECT UNNEST(?))")
                params.append([str(v) for v in values])
        if self.customer_ids is not None:
            parts.append(f"{alias}.customer_id IN (SELECT UNNEST(?))")
            params.append([str(v) for v in self.customer_ids])
        return "".join(f"\n      AND {p}" for p in parts), params


def to_date(value: Any) -> _dt.date:
    """A date from a date, datetime, Timestamp or ISO string; raises a translated error otherwise."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return pd.Timestamp(value).date()
    except (ValueError, TypeError) as exc:
        raise WorkbenchError("segments.error.bad_date", value=str(value)) from exc


def order_date_range(ws: Workspace) -> tuple[_dt.date | None, _dt.date | None]:
    """First and last order date in the workspace, (None, None) when there are no orders."""
    lo, hi = store.order_date_range(ws)
    return (None if pd.isna(lo) else to_date(lo), None if pd.isna(hi) else to_date(hi))


def default_as_of(ws: Workspace) -> _dt.date | None:
    """The default as-of date: the day of the last order (None without orders)."""
    return order_date_range(ws)[1]





_INT_COLUMNS = (
    "orders", "purchase_days", "days_since_last", "tenure_days", "frequency", "purchase_days_12m",
    "active_months_recent", "active_months_prev", "purchase_days_recent", "purchase_days_prev",
    "discount_known_orders",
)
_FLOAT_COLUMNS = (
    "revenue", "aov", "recency", "T", "monetary_value", "spend_12m", "spend_prev_12m", "discounted_orders",
    "discount_total", "nps", "csat", "ces", "feature_usage", "community_prev", "community_recent",
    "referrals", "cost_to_serve",
)






def _typed(df: pd.DataFrame) -> pd.DataFrame:
    """Fixed dtypes whatever DuckDB returned (an empty result has object columns).

    Columns already of the right type are left alone: converting them anyway copies them, which on a
    million customers cost 0.5 s in a fresh process (first touch of the new memory).
    """
    for col in _INT_COLUMNS:
        if df[col].dtype != "int64":
            df[col] = pd.to_numeric(df[col]).astype("int64") if len(df) else df[col].astype("int64")
    for col in _FLOAT_COLUMNS:
        if df[col].dtype != "float64":
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    for col in ("first_purchase", "last_purchase", "signup_date"):
        if not pd.api.types.is_datetime64_dtype(df[col]):
            df[col] = pd.to_datetime(df[col])
    return df


def customer_summary(
    ws: Workspace, as_of: Any = None, order_filter: OrderFilter | None = None
) -> pd.DataFrame:
    """One row per customer with at least one order on or before ``as_of``: columns ``SUMMARY_COLUMNS``.

    Parameters
    ----------
    ws : Workspace
    as_of : date-like, optional
        End of the observation window (inclusive). Default: the last order's date.
    order_filter : OrderFilter, optional
        Restrict the orders that count (period, channel, city, customers).
    """
    if as_of is None:
        as_of = default_as_of(ws)
        if as_of is None:
            return _typed(pd.DataFrame({c: [] for c in SUMMARY_COLUMNS}))
    filters, params = (order_filter or OrderFilter()).conditions("o")
    df = store.summary_rows(ws, to_date(as_of), filters, params)
    return _typed(df[list(SUMMARY_COLUMNS)])






def _check_split(cal_end: _dt.date, obs_end: _dt.date) -> None:
    if obs_end <= cal_end:
        raise WorkbenchError(
            "segments.error.split_order", calibration_end=cal_end.isoformat(), observation_end=obs_end.isoformat()
        )


def calibration_holdout_summary(
    ws: Workspace, calibration_end: Any, observation_end: Any = None, order_filter: OrderFilter | None = None
) -> pd.DataFrame:
    """Per-customer calibration summary and holdout purchases: columns ``HOLDOUT_COLUMNS``.

    Customers whose first purchase falls after ``calibration_end`` are left out (the model knows nothing
    about them). ``duration_holdout`` is in weeks. ``observation_end`` defaults to the last order's date.
    """
    cal_end = to_date(calibration_end)
    obs_end = to_date(observation_end) if observation_end is not None else default_as_of(ws)
    if obs_end is None:
        return _typed_holdout(pd.DataFrame({c: [] for c in HOLDOUT_COLUMNS}))
    _check_split(cal_end, obs_end)
    filters, params = (order_filter or OrderFilter()).conditions("o")
    return _typed_holdout(store.holdout_rows(ws, cal_end, obs_end, filters, params))


def _typed_holdout(df: pd.DataFrame) -> pd.DataFrame:
    """Fixed dtypes, whether or not there are rows (an empty result has float or object columns)."""
    df["customer_id"] = df["customer_id"].astype("str")
    for col in ("frequency_cal", "frequency_holdout"):
        df[col] = df[col].astype("int64")
    for col in ("recency_cal", "T_cal", "monetary_value_cal", "monetary_value_holdout", "duration_holdout"):
        df[col] = df[col].astype("float64")
    return df[list(HOLDOUT_COLUMNS)]


def holdout_weekly_purchases(
    ws: Workspace, calibration_end: Any, observation_end: Any = None, order_filter: OrderFilter | None = None
) -> pd.DataFrame:
    """Holdout purchase occasions per week by calibration customers: columns ``week, purchases``."""
    cal_end = to_date(calibration_end)
    obs_end = to_date(observation_end) if observation_end is not None else default_as_of(ws)
    if obs_end is None:
        return pd.DataFrame({"week": [], "purchases": []}).astype({"week": "int64", "purchases": "int64"})
    _check_split(cal_end, obs_end)
    filters, params = (order_filter or OrderFilter()).conditions("o")
    df = store.holdout_weekly_rows(ws, cal_end, obs_end, filters, params)
    return df.astype({"week": "int64", "purchases": "int64"})


def current_summary(ws: Workspace) -> pd.DataFrame:
    """The summary as of the last order, computed once per data version and shared by every page, command
    and report section (a shallow copy: changing it never changes what others see)."""
    return ws.memo(("customers.summary", *ws.cache_key()), lambda: customer_summary(ws)).copy(deep=False)
