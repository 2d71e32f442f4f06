"""KPIs and cohort retention on a hand-made history; every expected figure is worked out in a comment."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from helpers import insert_rows

from workbench.customers import kpis
from workbench.customers.summary import OrderFilter

# Period 2024-07-01..2024-12-31 (183 days between the ends) → previous window 2023-12-30..2024-06-30.
ORDERS = pd.DataFrame(
    {
        "order_id": [str(i) for i in range(9)],
        "customer_id": ["A", "A", "A", "A", "B", "C", "D", "E", "A"],
        "order_ts": pd.to_datetime(["2024-03-01", "2024-08-01 09:00", "2024-08-01 17:00", "2024-09-01",
                                    "2024-05-01", "2024-10-01", "2024-11-01", "2023-01-01", "2023-12-29"],
                                   format="ISO8601"),
        "amount": [10.0, 60, 40, 100, 20, 50, 30, 5, 1],
        "channel": ["小程序", "小程序", "小程序", "小程序", "小程序", "小程序", "门店", "小程序", "小程序"],
        "city": ["上海", "上海", "上海", "上海", "上海", "上海", "北京", "上海", "上海"],
    }
)
CUSTOMERS = pd.DataFrame(
    {
        "customer_id": ["A", "B", "C", "D"],
        "nps": [10.0, 0, 5, 9],
        "csat": [5.0, 1, 3, 4],
        "ces": [2.0, 7, None, 4],
        "acquisition_channel": ["门店", "广告", " 转介绍 ", "广告"],
    }
)
PERIOD = OrderFilter(start="2024-07-01", end="2024-12-31")


@pytest.fixture
def ws(make_workspace):
    ws = make_workspace("k", orders=ORDERS)
    insert_rows(ws, "customers", CUSTOMERS)
    return ws


def test_kpis_for_a_period(ws):
    k = kpis.kpis(ws, PERIOD)
    # active in the period: A (3 orders on 2 days, 200), C (50), D (30) → 3 customers, 5 orders, 280
    assert (k["customers"], k["orders"], k["revenue"]) == (3, 5, 280)
    assert k["repurchase_rate"] == pytest.approx(1 / 3)   # only A bought on two days
    assert k["purchase_frequency"] == pytest.approx(5 / 3)
    assert k["aov"] == pytest.approx(56) and k["arpu"] == pytest.approx(280 / 3)
    # previous window customers: A (1 Mar) and B (1 May); A came back, B did not → churn 50%
    # (E's 1 Jan 2023 and A's 29 Dec 2023 are before the previous window starts on 30 Dec 2023)
    assert k["churn_rate"] == pytest.approx(0.5) and k["retention_rate"] == pytest.approx(0.5)
    # NPS among A, C, D: promoters A (10), D (9); detractor C (5) → (2 - 1) / 3 = 33.3; B is not active
    assert k["nps"] == pytest.approx(100 / 3) and k["nps_answers"] == 3
    assert k["csat"] == pytest.approx(4) and k["csat_top2"] == pytest.approx(2 / 3)
    assert k["ces"] == pytest.approx(3)                   # A 2, D 4; C has no answer
    # new in the period: C and D (first orders ever); C came by referral (trimmed) → 1 / 2
    assert k["new_customers"] == 2 and k["referral_share"] == pytest.approx(0.5)
    assert (k["period_start"], k["period_end"]) == (dt.date(2024, 7, 1), dt.date(2024, 12, 31))


def test_refunds_count_in_revenue_but_make_no_one_active(ws):
    # A returns 25 on 2 Sep (a day with no purchase); B, quiet since May, gets a refund of 20 in October;
    # F's only row ever is a refund (an order from before the data): none of these is an order
    refunds = pd.DataFrame({"order_id": ["r1", "r2", "r3"], "customer_id": ["A", "B", "F"],
                            "order_ts": pd.to_datetime(["2024-09-02", "2024-10-05", "2024-11-11"]),
                            "amount": [-25.0, -20.0, -15.0], "channel": ["小程序"] * 3, "city": ["上海"] * 3})
    insert_rows(ws, "orders", refunds)
    k = kpis.kpis(ws, PERIOD)
    # still A, C, D active with 5 orders; revenue 280 - 25 - 20 - 15 = 220 (refunds of the period)
    assert (k["customers"], k["orders"], k["revenue"]) == (3, 5, 220)
    assert k["repurchase_rate"] == pytest.approx(1 / 3)  # A's refund day is no purchase day
    assert k["churn_rate"] == pytest.approx(0.5)         # B's refund does not bring B back
    assert k["new_customers"] == 2                       # F is not new: F never bought
    cohorts = kpis.cohort_retention(ws, PERIOD)
    assert cohorts["cohort_size"].max() <= 2  # C and D, each in their own month; F makes no cohort


def test_kpis_filtered_by_channel_city_and_customers(ws):
    k = kpis.kpis(ws, OrderFilter(start="2024-07-01", end="2024-12-31", channels=("门店",)))
    # only D's order is in-store: 1 customer, new, no in-store orders in the previous window → churn unknown
    assert (k["customers"], k["revenue"], k["new_customers"]) == (1, 30, 1)
    assert k["churn_rate"] is None and k["referral_share"] == 0
    k = kpis.kpis(ws, OrderFilter(start="2024-07-01", end="2024-12-31", customer_ids=("A", "B")))
    assert (k["customers"], k["churn_rate"], k["nps"]) == (1, 0.5, 100.0)
    k = kpis.kpis(ws, OrderFilter(start="2024-07-01", end="2024-12-31", cities=("北京",)))
    assert k["customers"] == 1 and k["aov"] == 30


def test_default_period_is_last_365_days(ws):
    k = kpis.kpis(ws)
    # last order 2024-11-01 → period 2023-11-03..2024-11-01: A (5 orders incl. 29 Dec), B, C, D
    assert (k["period_start"], k["period_end"]) == (dt.date(2023, 11, 3), dt.date(2024, 11, 1))
    assert k["customers"] == 4 and k["orders"] == 8


def test_empty_workspace_kpis_are_none(make_workspace):
    k = kpis.kpis(make_workspace("none"))
    assert all(k[key] is None for key in kpis.KPI_KEYS)


def test_survey_kpis_absent_without_customer_data(make_workspace):
    ws = make_workspace("bare", orders=ORDERS)
    k = kpis.kpis(ws, PERIOD)
    assert k["nps"] is None and k["csat"] is None and k["ces"] is None and k["referral_share"] is None


def test_cohort_retention(ws):
    cohorts = kpis.cohort_retention(ws, max_months=6)
    march = cohorts[cohorts["cohort"] == pd.Timestamp("2024-03-01")]
    # A's cohort is December 2023 (29 Dec); A then buys in March (3), August (8) and September (9)
    dec = cohorts[cohorts["cohort"] == pd.Timestamp("2023-12-01")]
    assert list(dec["month_index"]) == [0, 3]          # months 8 and 9 are beyond max_months=6
    assert list(dec["retention"]) == [1.0, 1.0]
    assert march.empty
    sizes = cohorts[cohorts["month_index"] == 0].set_index("cohort")["cohort_size"]
    # cohorts: 2023-01 E, 2023-12 A, 2024-05 B, 2024-10 C, 2024-11 D
    assert sizes.to_dict() == {pd.Timestamp(m): 1 for m in
                               ("2023-01-01", "2023-12-01", "2024-05-01", "2024-10-01", "2024-11-01")}
    only_store = kpis.cohort_retention(ws, OrderFilter(channels=("门店",)))
    assert list(only_store["cohort"]) == [pd.Timestamp("2024-11-01")]


def test_a_period_never_makes_an_old_customer_a_new_cohort(ws):
    """The issue's case: with a period starting mid-history, customers who first bought before it were
    labelled as the period's first cohort (2,180 shown, 2 true). Cohorts are by true first purchase; the
    period chooses which cohorts are shown and where their months end."""
    period = OrderFilter(start="2024-03-01", end="2024-09-30")
    cohorts = kpis.cohort_retention(ws, period)
    sizes = cohorts[cohorts["month_index"] == 0].set_index("cohort")["cohort_size"].to_dict()
    # A (first purchase 29 Dec 2023) buys in March 2024 but belongs to December 2023, outside the period;
    # of the cohorts starting March–September 2024 only B's (May) exists
    assert sizes == {pd.Timestamp("2024-05-01"): 1}
    may = cohorts[cohorts["cohort"] == pd.Timestamp("2024-05-01")]
    assert may["month_index"].max() <= 4  # months end with the period (September = month 4)
    # the whole history shows A in December 2023, as the default view does
    assert pd.Timestamp("2023-12-01") in set(kpis.cohort_retention(ws)["cohort"])


def test_filter_options(ws):
    opts = kpis.filter_options(ws)
    assert opts["channels"] == sorted(["小程序", "门店"]) and opts["cities"] == sorted(["上海", "北京"])
    assert (opts["min_date"], opts["max_date"]) == (dt.date(2023, 1, 1), dt.date(2024, 11, 1))


def test_kpis_are_formatted_for_display():
    assert kpis.format_kpi("repurchase_rate", 0.8237, currency="CNY") == "82.4%"
    assert kpis.format_kpi("orders", 76804, currency="CNY") == "76,804"
    assert kpis.format_kpi("arpu", 556.6, "zh", currency="CNY") == "¥557"
    assert kpis.format_kpi("aov", 42.204, "en", currency="USD") == "$42.20"
    assert kpis.format_kpi("nps", 17.4, currency="CNY") == "+17"
    assert kpis.format_kpi("ces", None, currency="CNY") == "–"
