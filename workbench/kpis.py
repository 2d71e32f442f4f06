"""Customer KPIs (复购率, 客单价, 流失率, NPS, CSAT, CES, ARPU, 口碑裂变率 …) and cohort retention.

Everything is computed in SQL over the workspace's orders and customers, filtered in SQL by period,
channel, city and a customer list (a segment's members), using :class:`workbench.summary.OrderFilter`.

Definitions (stated on the page as well)
----------------------------------------
* Period: ``start``..``end`` inclusive; without a start, the 365 days ending on ``end``; without an end,
  the last order's date. The *previous window* is the equally long stretch just before the start.
* Active customers: customers with an order in the period. Repurchase rate: share of them who bought on
  at least two different days in the period. Purchase frequency: orders per active customer. AOV: revenue
  per order. ARPU: revenue per active customer.
* Churn rate: share of the previous window's customers with no order in the period; retention = 1 - churn.
* NPS: % promoters (answer 9-10) - % detractors (0-6) among active customers with an answer, on -100..100.
  CSAT: mean (1-5) and top-2-box share (4-5). CES: mean (1-7, lower is easier).
* Referral share: share of new customers (first order ever within the period) whose acquisition channel is
  a referral channel (``REFERRAL_CHANNELS``, case-insensitive).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import numpy as np
import pandas as pd

from workbench.formatting import fmt_money
from workbench.store import Workspace
from workbench.summary import OrderFilter, default_as_of, order_date_range, to_date

__all__ = [
    "KPI_KEYS", "DISPLAY_KPIS", "REFERRAL_CHANNELS", "kpis", "cohort_retention", "filter_options",
    "resolve_period", "format_kpi",
]

KPI_KEYS: tuple[str, ...] = (
    "customers", "orders", "revenue", "repurchase_rate", "purchase_frequency", "aov", "arpu", "churn_rate",
    "retention_rate", "nps", "csat", "csat_top2", "ces", "referral_share", "new_customers",
)

#: Acquisition-channel values that count as referrals (口碑裂变) for the referral share.
REFERRAL_CHANNELS: tuple[str, ...] = ("转介绍", "推荐", "老带新", "referral", "referrals", "word of mouth")

_KPI_SQL = """
WITH
params AS (
    SELECT CAST(? AS DATE) AS p_start, CAST(? AS DATE) AS p_end, CAST(? AS DATE) AS prev_start
),
-- orders of the period and of the previous window, with the caller's channel / city / customer filters;
-- refunds (negative amounts) count in revenue but are no orders: a customer with refunds only is not active
scoped AS (
    SELECT o.customer_id, CAST(o.order_ts AS DATE) AS day, CAST(o.amount AS DOUBLE) AS amount
    FROM orders o
    CROSS JOIN params p
    WHERE CAST(o.order_ts AS DATE) >= p.prev_start
      AND CAST(o.order_ts AS DATE) <= p.p_end{filters}
),
current_customers AS (
    SELECT s.customer_id, COUNT(*) FILTER (WHERE s.amount >= 0) AS orders,
           COUNT(DISTINCT s.day) FILTER (WHERE s.amount >= 0) AS purchase_days, SUM(s.amount) AS revenue
    FROM scoped s
    CROSS JOIN params p
    WHERE s.day >= p.p_start
    GROUP BY s.customer_id
    HAVING COUNT(*) FILTER (WHERE s.amount >= 0) > 0
),
previous_customers AS (
    SELECT DISTINCT s.customer_id
    FROM scoped s
    CROSS JOIN params p
    WHERE s.day < p.p_start AND s.amount >= 0
),
-- first order ever (same channel / city / customer filters, no date limit): who is new in the period
first_orders AS (
    SELECT o.customer_id, MIN(CAST(o.order_ts AS DATE)) AS first_day
    FROM orders o
    WHERE o.amount >= 0{filters}
    GROUP BY o.customer_id
),
new_customers AS (
    SELECT f.customer_id
    FROM first_orders f
    CROSS JOIN params p
    WHERE f.first_day >= p.p_start AND f.first_day <= p.p_end
),
attributes AS (
    SELECT customer_id, nps, csat, ces, acquisition_channel
    FROM (
        SELECT c.*, ROW_NUMBER() OVER (PARTITION BY c.customer_id ORDER BY c.import_id DESC) AS rn
        FROM customers c
    ) ranked
    WHERE rn = 1
)
SELECT
    (SELECT COUNT(*) FROM current_customers)                                        AS customers,
    (SELECT SUM(orders) FROM current_customers)                                     AS orders,
    (SELECT SUM(s.amount) FROM scoped s CROSS JOIN params p
      WHERE s.day >= p.p_start)                                                     AS revenue,  -- net of every refund
    (SELECT COUNT(*) FROM current_customers WHERE purchase_days >= 2)               AS repeat_customers,
    (SELECT COUNT(*) FROM previous_customers)                                       AS previous_customers,
    (SELECT COUNT(*) FROM previous_customers pc
       JOIN current_customers cc ON cc.customer_id = pc.customer_id)                AS retained,
    (SELECT COUNT(*) FROM new_customers)                                            AS new_customers,
    (SELECT COUNT(*) FROM new_customers n
       JOIN attributes a ON a.customer_id = n.customer_id
      WHERE a.acquisition_channel IS NOT NULL)                                      AS new_with_channel,
    (SELECT COUNT(*) FROM new_customers n
       JOIN attributes a ON a.customer_id = n.customer_id
      WHERE LOWER(TRIM(a.acquisition_channel)) IN (SELECT UNNEST(?)))               AS new_referred,
    (SELECT COUNT(a.nps) FROM current_customers cc
       JOIN attributes a ON a.customer_id = cc.customer_id)                         AS nps_answers,
    (SELECT SUM(CASE WHEN a.nps >= 9 THEN 1 WHEN a.nps <= 6 THEN -1 ELSE 0 END)
       FROM current_customers cc JOIN attributes a ON a.customer_id = cc.customer_id
      WHERE a.nps IS NOT NULL)                                                      AS nps_net,
    (SELECT AVG(a.csat) FROM current_customers cc
       JOIN attributes a ON a.customer_id = cc.customer_id)                         AS csat,
    (SELECT AVG(CASE WHEN a.csat >= 4 THEN 1.0 ELSE 0.0 END) FROM current_customers cc
       JOIN attributes a ON a.customer_id = cc.customer_id WHERE a.csat IS NOT NULL) AS csat_top2,
    (SELECT AVG(a.ces) FROM current_customers cc
       JOIN attributes a ON a.customer_id = cc.customer_id)                         AS ces
"""


def resolve_period(ws: Workspace, order_filter: OrderFilter | None = None) -> tuple[_dt.date, _dt.date] | None:
    """The (start, end) the KPIs cover: the filter's dates, else the 365 days up to the last order."""
    f = order_filter or OrderFilter()
    end = to_date(f.end) if f.end is not None else default_as_of(ws)
    if end is None:
        return None
    start = to_date(f.start) if f.start is not None else end - _dt.timedelta(days=364)
    return start, end


def _ratio(num: Any, den: Any) -> float | None:
    if num is None or den is None or pd.isna(num) or pd.isna(den) or float(den) == 0:
        return None
    return float(num) / float(den)


def _clean(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def kpis(ws: Workspace, order_filter: OrderFilter | None = None,
         referral_channels: tuple[str, ...] = REFERRAL_CHANNELS) -> dict[str, Any]:
    """The KPI figures for the filtered period: a dict with ``KPI_KEYS`` plus ``period_start``/``period_end``.

    A KPI the data cannot give (no survey answers, no previous window, no acquisition channel) is None.
    """
    period = resolve_period(ws, order_filter)
    if period is None:
        return {key: None for key in KPI_KEYS} | {"period_start": None, "period_end": None}
    start, end = period
    prev_start = start - (end - start) - _dt.timedelta(days=1)
    f = order_filter or OrderFilter()
    no_dates = OrderFilter(channels=f.channels, cities=f.cities, customer_ids=f.customer_ids)
    filters, params = no_dates.sql("o")
    row = ws.query(
        _KPI_SQL.format(filters=filters),
        [start, end, prev_start, *params, *params, [c.strip().lower() for c in referral_channels]],
    ).iloc[0]
    customers, orders, revenue = int(row["customers"]), row["orders"], row["revenue"]
    churn = 1 - _ratio(row["retained"], row["previous_customers"]) if row["previous_customers"] else None
    nps_answers = int(row["nps_answers"])
    return {
        "period_start": start,
        "period_end": end,
        "customers": customers,
        "orders": int(orders) if not pd.isna(orders) else 0,
        "revenue": _clean(revenue) or 0.0,
        "repurchase_rate": _ratio(row["repeat_customers"], customers),
        "purchase_frequency": _ratio(orders, customers),
        "aov": _ratio(revenue, orders),
        "arpu": _ratio(revenue, customers),
        "churn_rate": churn,
        "retention_rate": None if churn is None else 1 - churn,
        "nps": 100 * float(row["nps_net"]) / nps_answers if nps_answers else None,
        "nps_answers": nps_answers,
        "csat": _clean(row["csat"]),
        "csat_top2": _clean(row["csat_top2"]),
        "ces": _clean(row["ces"]),
        "referral_share": _ratio(row["new_referred"], row["new_customers"]) if row["new_with_channel"] else None,
        "new_customers": int(row["new_customers"]),
    }


# Cohort retention: customers grouped by the month of their first (filtered) order; for each later month,
# the share of the cohort that ordered in it. Month offsets are computed from year and month numbers.
_COHORT_SQL = """
WITH
scoped AS (
    SELECT o.customer_id, DATE_TRUNC('month', CAST(o.order_ts AS DATE)) AS order_month
    FROM orders o
    WHERE o.amount >= 0{filters}   -- refunds are no purchases
),
cohorts AS (
    SELECT customer_id, MIN(order_month) AS cohort
    FROM scoped
    GROUP BY customer_id
),
activity AS (
    SELECT DISTINCT s.customer_id, c.cohort,
           (EXTRACT(YEAR FROM s.order_month) - EXTRACT(YEAR FROM c.cohort)) * 12
           + EXTRACT(MONTH FROM s.order_month) - EXTRACT(MONTH FROM c.cohort) AS month_index
    FROM scoped s
    JOIN cohorts c ON c.customer_id = s.customer_id
),
sizes AS (
    SELECT cohort, COUNT(*) AS cohort_size FROM cohorts GROUP BY cohort
)
SELECT a.cohort, CAST(a.month_index AS INTEGER) AS month_index, COUNT(*) AS active, s.cohort_size
FROM activity a
JOIN sizes s ON s.cohort = a.cohort
WHERE a.month_index <= ?
GROUP BY a.cohort, a.month_index, s.cohort_size
ORDER BY a.cohort, month_index
"""


def cohort_retention(ws: Workspace, order_filter: OrderFilter | None = None, max_months: int = 12) -> pd.DataFrame:
    """Retention by first-purchase month: columns ``cohort`` (month start), ``month_index`` (0 = the first
    month), ``active``, ``cohort_size`` and ``retention`` (active / cohort size). Months with no active
    customer are absent (read them as 0)."""
    filters, params = (order_filter or OrderFilter()).sql("o")
    df = ws.query(_COHORT_SQL.format(filters=filters), [*params, int(max_months)])
    df["cohort"] = pd.to_datetime(df["cohort"])
    df["active"] = df["active"].astype("int64")
    df["cohort_size"] = df["cohort_size"].astype("int64")
    df["retention"] = df["active"] / df["cohort_size"].replace(0, np.nan)
    return df


def filter_options(ws: Workspace) -> dict[str, Any]:
    """Values the filters can take: channels, cities, and the first and last order dates."""
    channels = ws.query("SELECT DISTINCT channel FROM orders WHERE channel IS NOT NULL ORDER BY 1")["channel"]
    cities = ws.query("SELECT DISTINCT city FROM orders WHERE city IS NOT NULL ORDER BY 1")["city"]
    lo, hi = order_date_range(ws)
    return {"channels": [str(c) for c in channels], "cities": [str(c) for c in cities], "min_date": lo, "max_date": hi}


#: KPIs shown on the page, in order (labels: ``segments.kpi.<key>``).
DISPLAY_KPIS: tuple[str, ...] = (
    "customers", "orders", "revenue", "aov", "arpu",
    "repurchase_rate", "purchase_frequency", "churn_rate", "retention_rate", "new_customers",
    "nps", "csat", "csat_top2", "ces", "referral_share",
)
_PERCENT = {"repurchase_rate", "churn_rate", "retention_rate", "csat_top2", "referral_share"}
_COUNT = {"customers", "orders", "new_customers"}
_MONEY = {"revenue", "aov", "arpu"}


def format_kpi(key: str, value: Any, lang: str = "en") -> str:
    """A KPI as displayed: percentages with one decimal, counts with separators, money in ¥ (cents below
    ¥100), "–" if unknown."""
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return "–"
    if key in _PERCENT:
        return f"{100 * float(value):.1f}%"
    if key in _COUNT:
        return f"{int(value):,}"
    if key in _MONEY:
        return fmt_money(value, lang, 0 if abs(float(value)) >= 100 else 2)
    if key == "nps":
        return f"{float(value):+.0f}"
    return f"{float(value):.2f}"
