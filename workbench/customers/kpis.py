"""Customer KPIs (复购率, 客单价, 流失率, NPS, CSAT, CES, ARPU, 口碑裂变率 …) and cohort retention.

Everything is computed in SQL over the workspace's orders and customers, filtered in SQL by period,
channel, city and a customer list (a segment's members), using :class:`workbench.customers.summary.OrderFilter`.

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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from workbench.core.formatting import fmt_money
from workbench.core.store import Workspace
from workbench.customers import store
from workbench.customers.summary import OrderFilter, default_as_of, order_date_range, to_date

__all__ = [
    "KPI", "KPIS", "KPI_KEYS", "DISPLAY_KPIS", "HISTORY_KPIS", "REFERRAL_CHANNELS", "kpis", "cohort_retention",
    "filter_options", "resolve_period", "format_kpi", "history_figures", "history_columns", "HISTORY_COLUMNS",
]

KPI_KEYS: tuple[str, ...] = (
    "customers", "orders", "revenue", "repurchase_rate", "purchase_frequency", "aov", "arpu", "churn_rate",
    "retention_rate", "nps", "csat", "csat_top2", "ces", "referral_share", "new_customers",
)

#: Acquisition-channel values that count as referrals (口碑裂变) for the referral share.
REFERRAL_CHANNELS: tuple[str, ...] = ("转介绍", "推荐", "老带新", "referral", "referrals", "word of mouth")



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
    filters, params = no_dates.conditions("o")
    row = store.kpi_row(ws, start, end, prev_start, filters, params, [c.strip().lower() for c in referral_channels])
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




def cohort_retention(ws: Workspace, order_filter: OrderFilter | None = None, max_months: int = 12) -> pd.DataFrame:
    """Retention by true first-purchase month: columns ``cohort`` (month start), ``month_index`` (0 = the
    first month), ``active``, ``cohort_size`` and ``retention`` (active / cohort size). Months with no active
    customer are absent (read them as 0).

    A customer's cohort is the month of their first purchase ever (within the filter's channels, cities and
    customers); the filter's period only chooses the cohorts shown — those starting in it — and ends their
    months at its end. (Taking the first purchase *within* the period labelled long-standing customers as
    new in the period's first month.)"""
    f = order_filter or OrderFilter()
    no_dates = OrderFilter(channels=f.channels, cities=f.cities, customer_ids=f.customer_ids)
    filters, params = no_dates.conditions("o")
    start = to_date(f.start) if f.start is not None else None
    end = to_date(f.end) if f.end is not None else None
    df = store.cohort_rows(ws, start, end, filters, params, max_months)
    df["cohort"] = pd.to_datetime(df["cohort"])
    df["active"] = df["active"].astype("int64")
    df["cohort_size"] = df["cohort_size"].astype("int64")
    df["retention"] = df["active"] / df["cohort_size"].replace(0, np.nan)
    return df


def filter_options(ws: Workspace) -> dict[str, Any]:
    """Values the filters can take: channels, cities, and the first and last order dates."""
    channels, cities = store.filter_values(ws)
    lo, hi = order_date_range(ws)
    return {"channels": channels, "cities": cities, "min_date": lo, "max_date": hi}


#: KPIs shown on the page, in order (labels: ``segments.kpi.<key>``).
DISPLAY_KPIS: tuple[str, ...] = (
    "customers", "orders", "revenue", "aov", "arpu",
    "repurchase_rate", "purchase_frequency", "churn_rate", "retention_rate", "new_customers",
    "nps", "csat", "csat_top2", "ces", "referral_share",
)
_PERCENT = {"repurchase_rate", "churn_rate", "retention_rate", "csat_top2", "referral_share"}
_COUNT = {"customers", "orders", "new_customers"}
_MONEY = {"revenue", "aov", "arpu"}


def format_kpi(key: str, value: Any, lang: str = "en", *, currency: str) -> str:
    """A KPI as displayed: percentages with one decimal, counts with separators, money in the workspace
    currency (cents below 100), "–" if unknown."""
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return "–"
    if key in _PERCENT:
        return f"{100 * float(value):.1f}%"
    if key in _COUNT:
        return f"{int(value):,}"
    if key in _MONEY:
        return fmt_money(value, lang, 0 if abs(float(value)) >= 100 else 2, currency=currency)
    if key == "nps":
        return f"{float(value):+.0f}"
    return f"{float(value):.2f}"


# --------------------------------------------------------------------------------------------------
# One definition per figure: every KPI the workbench shows, its scope and the function that computes it.
#
# *Period* KPIs describe the customers active in a period (the SQL of :func:`kpis`, with its filters); a
# segment profile, a journey map's linked segment and a scenario baseline describe a group of customers
# over their *whole history*, from the per-customer summary (:func:`history_figures`). The two kinds never
# share a name: "repurchase rate" is a period figure (bought on two days within the period), "repeat
# share" its whole-history counterpart (has ever bought again).


@dataclass(frozen=True)
class KPI:
    """A figure: its ``name``, ``scope`` ("period" or "history"), how it reads (``kind``: count, money,
    percent, number or nps) and, for history figures, ``compute(columns, mask, totals)`` over summary
    columns as arrays, the members' mask and the whole population's totals."""

    name: str
    scope: str
    kind: str
    compute: Callable[[Mapping[str, np.ndarray], np.ndarray, Mapping[str, float]], float] | None = None


def _nan_div(num: float, den: float) -> float:
    return float(num) / float(den) if den else float("nan")


def _mean_where(values: np.ndarray, mask: np.ndarray) -> float:
    """Mean of the finite values among the members; NaN (and no warning) when there is none."""
    picked = values[mask]
    picked = picked[np.isfinite(picked)]
    return float(picked.mean()) if len(picked) else float("nan")


def _count(c, m, totals) -> float:
    return float(m.sum())


def _customer_share(c, m, totals) -> float:
    return _nan_div(m.sum(), totals["customers"])


def _revenue(c, m, totals) -> float:
    return float(c["revenue"][m].sum())


def _revenue_share(c, m, totals) -> float:
    return _nan_div(c["revenue"][m].sum(), totals["revenue"]) if totals["revenue"] > 0 else float("nan")


def _aov(c, m, totals) -> float:
    return _nan_div(c["revenue"][m].sum(), c["orders"][m].sum()) if m.any() else float("nan")


def _orders_per_customer(c, m, totals) -> float:
    return float(c["orders"][m].mean()) if m.any() else float("nan")


def _repeat_share(c, m, totals) -> float:
    return float((c["frequency"][m] > 0).mean()) if m.any() else float("nan")


def _nps_score(c, m, totals) -> float:
    """NPS of the group: % promoters (answer 9-10) - % detractors (0-6) among members with an answer."""
    answers = c["nps"][m]
    answers = answers[np.isfinite(answers)]
    if not len(answers):
        return float("nan")
    return 100.0 * (float((answers >= 9).mean()) - float((answers <= 6).mean()))


KPIS: Mapping[str, KPI] = MappingProxyType({k.name: k for k in (
    # period scope: computed together in SQL by kpis()
    KPI("customers", "period", "count"), KPI("orders", "period", "count"), KPI("revenue", "period", "money"),
    KPI("repurchase_rate", "period", "percent"), KPI("purchase_frequency", "period", "number"),
    KPI("aov", "period", "money"), KPI("arpu", "period", "money"), KPI("churn_rate", "period", "percent"),
    KPI("retention_rate", "period", "percent"), KPI("nps", "period", "nps"), KPI("csat", "period", "number"),
    KPI("csat_top2", "period", "percent"), KPI("ces", "period", "number"),
    KPI("referral_share", "period", "percent"), KPI("new_customers", "period", "count"),
    # whole-history scope: a group of customers from the per-customer summary
    KPI("group_customers", "history", "count", _count),
    KPI("group_customer_share", "history", "percent", _customer_share),
    KPI("group_revenue", "history", "money", _revenue),
    KPI("group_revenue_share", "history", "percent", _revenue_share),
    KPI("group_aov", "history", "money", _aov),
    KPI("group_orders_per_customer", "history", "number", _orders_per_customer),
    KPI("repeat_share", "history", "percent", _repeat_share),
    KPI("mean_csat", "history", "number", lambda c, m, totals: _mean_where(c["csat"], m)),
    KPI("mean_nps_answer", "history", "number", lambda c, m, totals: _mean_where(c["nps"], m)),
    KPI("group_nps", "history", "nps", _nps_score),
)})

#: The history figures, in the order a profile shows them.
HISTORY_KPIS: tuple[str, ...] = tuple(k for k, v in KPIS.items() if v.scope == "history")

#: Summary columns the history figures read.
HISTORY_COLUMNS: tuple[str, ...] = ("revenue", "orders", "frequency", "csat", "nps")


def history_columns(summary: pd.DataFrame) -> dict[str, np.ndarray]:
    """The summary columns history figures read, as float arrays (built once, reused for every group)."""
    return {c: summary[c].to_numpy(dtype=float, na_value=np.nan) for c in HISTORY_COLUMNS}


def history_figures(columns: Mapping[str, np.ndarray], mask: np.ndarray,
                    names: tuple[str, ...] = HISTORY_KPIS) -> dict[str, float]:
    """The whole-history figures of the customers in ``mask`` (``columns`` from :func:`history_columns`)."""
    totals = {"customers": float(len(mask)), "revenue": float(columns["revenue"].sum())}
    return {name: KPIS[name].compute(columns, mask, totals) for name in names}
