"""The per-customer summary SQL, on a hand-made history whose answers are worked out below."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import insert_rows

from workbench.core.errors import WorkbenchError
from workbench.customers import store as customers_store
from workbench.customers import summary

AS_OF = "2024-12-31"

# Day counts back from 2024-12-31 (2024 is a leap year; 1 Mar 2024 is day 61, 1 Dec day 336):
#   2023-06-01 → 579 days, 2024-01-01 → 365, 2024-03-01 → 305, 2024-12-01 → 30, 2024-12-25 → 6.
ORDERS = pd.DataFrame(
    {
        "order_id": ["a1", "a2", "a3", "a4", "b1", "c1", "c2", "c3"],
        "customer_id": ["A", "A", "A", "A", "B", "C", "C", "C"],
        "order_ts": pd.to_datetime(
            ["2023-06-01 10:00", "2024-03-01 09:00", "2024-03-01 18:30", "2024-12-01 08:00",
             "2024-12-31 23:59", "2024-01-01 12:00", "2024-12-25 12:00", "2025-01-05 12:00"]
        ),
        "amount": [100.0, 50.0, 30.0, 20.0, 40.0, 60.0, 40.0, 999.0],
        "channel": ["小程序", "门店", "门店", "小程序", "小程序", "小程序", "小程序", "小程序"],
        "city": ["上海", "上海", "上海", "上海", "北京", "北京", "北京", "北京"],
        "discount": [None, None, None, None, 10.0, 0.0, 0.0, 0.0],
    }
)
CUSTOMERS_OLD = pd.DataFrame({"customer_id": ["A"], "nps": [3.0], "csat": [1.0]})
CUSTOMERS_NEW = pd.DataFrame(
    {"customer_id": ["A", "C"], "nps": [9.0, None], "csat": [5.0, 2.0], "cost_to_serve": [None, 120.5],
     "city": ["上海", "北京"]}
)


@pytest.fixture
def ws(make_workspace):
    ws = make_workspace("s", orders=ORDERS)
    insert_rows(ws, "customers", CUSTOMERS_OLD, import_id=1)
    insert_rows(ws, "customers", CUSTOMERS_NEW, import_id=2)
    return ws


def _row(df: pd.DataFrame, cid: str) -> pd.Series:
    return df.set_index("customer_id").loc[cid]


def test_columns_are_fixed_and_one_row_per_customer(ws):
    df = summary.customer_summary(ws, as_of=AS_OF)
    assert tuple(df.columns) == summary.SUMMARY_COLUMNS
    assert list(df["customer_id"]) == ["A", "B", "C"]


def test_model_inputs_follow_lifetimes_convention_in_weeks(ws):
    df = summary.customer_summary(ws, as_of=AS_OF)
    a = _row(df, "A")
    # A buys on 3 distinct days (two orders on 1 Mar are one purchase occasion): frequency 2
    assert a["orders"] == 4 and a["purchase_days"] == 3 and a["frequency"] == 2
    assert a["recency"] == pytest.approx((579 - 30) / 7)   # first to last purchase
    assert a["T"] == pytest.approx(579 / 7)                  # first purchase to as-of
    assert a["monetary_value"] == pytest.approx((80 + 20) / 2)  # repeat occasions only: 1 Mar (50+30), 1 Dec
    assert a["revenue"] == pytest.approx(200) and a["aov"] == pytest.approx(50)
    b = _row(df, "B")
    assert (b["frequency"], b["recency"], b["T"], b["monetary_value"]) == (0, 0.0, 0.0, 0.0)
    c = _row(df, "C")  # the order after the as-of date does not count
    assert c["purchase_days"] == 2 and c["revenue"] == pytest.approx(100)
    assert c["recency"] == pytest.approx(359 / 7) and c["T"] == pytest.approx(365 / 7)
    assert c["monetary_value"] == pytest.approx(40)


def test_windows_counted_back_from_as_of(ws):
    df = summary.customer_summary(ws, as_of=AS_OF)
    a, c = _row(df, "A"), _row(df, "C")
    # last 12 months = days_ago < 365: A has 80 (305 days) + 20 (30 days); 579 days is the previous year
    assert (a["spend_12m"], a["spend_prev_12m"], a["purchase_days_12m"]) == (100, 100, 2)
    # C's 1 Jan 2024 is exactly 365 days back: previous year
    assert (c["spend_12m"], c["spend_prev_12m"], c["purchase_days_12m"]) == (40, 60, 1)
    # activity months = floor(days_ago / 30): A's 30 → month 1 (recent), 305 → 10 (previous), 579 → 19 (neither)
    assert (a["active_months_recent"], a["active_months_prev"]) == (1, 1)
    # purchase days in the last 90 days vs 90-179 days back
    assert (a["purchase_days_recent"], a["purchase_days_prev"]) == (1, 0)
    assert (a["days_since_last"], a["tenure_days"]) == (30, 579)


def test_discounts_and_attributes(ws):
    df = summary.customer_summary(ws, as_of=AS_OF)
    a, b, c = _row(df, "A"), _row(df, "B"), _row(df, "C")
    assert pd.isna(a["discounted_orders"]) and a["discount_known_orders"] == 0  # no discount data for A
    assert (b["discounted_orders"], b["discount_known_orders"], b["discount_total"]) == (1, 1, 10)
    assert (c["discounted_orders"], c["discount_known_orders"]) == (0, 2)
    # the latest import of A's attributes wins (nps 9, not 3); B has no attributes
    assert (a["nps"], a["csat"]) == (9.0, 5.0)
    assert pd.isna(b["nps"]) and pd.isna(b["city"])
    assert c["cost_to_serve"] == pytest.approx(120.5) and c["city"] == "北京"


def test_orders_without_any_discount_give_empty_discount_columns(make_workspace, ws):
    # no discount values at all: the discount aggregation is left out, the columns stay, and nothing else moves
    plain = summary.customer_summary(make_workspace("p", orders=ORDERS.drop(columns="discount")), as_of=AS_OF)
    full = summary.customer_summary(ws, as_of=AS_OF)
    assert plain["discounted_orders"].isna().all() and plain["discount_total"].isna().all()
    assert list(plain["discount_known_orders"]) == [0, 0, 0]
    history = [c for c in summary.SUMMARY_COLUMNS[:20] if not c.startswith("discount")]
    pd.testing.assert_frame_equal(plain[history], full[history])


def test_dtypes_are_fixed(ws):
    df = summary.customer_summary(ws, as_of=AS_OF)
    assert str(df["first_purchase"].dtype).startswith("datetime64")
    assert df["first_purchase"].iloc[0] == pd.Timestamp("2023-06-01")
    assert str(df["signup_date"].dtype).startswith("datetime64")
    assert df["frequency"].dtype == "int64" and df["revenue"].dtype == "float64"


def test_default_as_of_is_last_order_day(ws):
    assert summary.default_as_of(ws).isoformat() == "2025-01-05"
    df = summary.customer_summary(ws)
    assert _row(df, "C")["purchase_days"] == 3


def test_filters_apply_in_sql(ws):
    only_store = summary.OrderFilter(channels=("门店",))
    df = summary.customer_summary(ws, as_of=AS_OF, order_filter=only_store)
    assert list(df["customer_id"]) == ["A"]
    assert df.iloc[0]["revenue"] == pytest.approx(80) and df.iloc[0]["purchase_days"] == 1
    beijing_2024 = summary.OrderFilter(start="2024-12-01", cities=("北京",))
    df = summary.customer_summary(ws, as_of=AS_OF, order_filter=beijing_2024)
    assert list(df["customer_id"]) == ["B", "C"]
    df = summary.customer_summary(ws, as_of=AS_OF, order_filter=summary.OrderFilter(customer_ids=("C",)))
    assert list(df["customer_id"]) == ["C"]


def test_empty_workspace_gives_empty_fixed_columns(make_workspace):
    ws = make_workspace("empty")
    df = summary.customer_summary(ws)
    assert len(df) == 0 and tuple(df.columns) == summary.SUMMARY_COLUMNS


def test_as_of_before_every_order_gives_no_rows_with_the_usual_dtypes(ws):
    before = summary.customer_summary(ws, as_of="2020-01-01")
    usual = summary.customer_summary(ws, as_of=AS_OF)
    assert len(before) == 0 and tuple(before.columns) == summary.SUMMARY_COLUMNS
    assert before.dtypes.astype(str).to_dict() == usual.dtypes.astype(str).to_dict()


def test_calibration_holdout_split(ws):
    df = summary.calibration_holdout_summary(ws, "2024-06-30", AS_OF).set_index("customer_id")
    # B's first purchase is after the calibration end: not part of the check
    assert list(df.index) == ["A", "C"]
    a, c = df.loc["A"], df.loc["C"]
    # calibration: A on 2023-06-01 and 2024-03-01 (274 days apart); 2024-06-30 is 395 days after the first
    assert (a["frequency_cal"], a["recency_cal"], a["T_cal"]) == (1, pytest.approx(274 / 7), pytest.approx(395 / 7))
    assert a["monetary_value_cal"] == pytest.approx(80)
    assert (a["frequency_holdout"], a["monetary_value_holdout"]) == (1, 20)
    assert (c["frequency_cal"], c["T_cal"], c["frequency_holdout"]) == (0, pytest.approx(181 / 7), 1)
    assert a["duration_holdout"] == pytest.approx(184 / 7)  # July..December


def test_holdout_weekly_purchases(ws):
    weekly = summary.holdout_weekly_purchases(ws, "2024-06-30", AS_OF)
    # A on 1 Dec is 154 days after 30 Jun → week floor(153/7)+1 = 22; C on 25 Dec, 178 days → week 26;
    # B (first bought in the holdout) is not counted
    assert weekly.to_dict("list") == {"week": [22, 26], "purchases": [1, 1]}


def test_split_dates_must_be_ordered(ws):
    with pytest.raises(WorkbenchError) as err:
        summary.calibration_holdout_summary(ws, AS_OF, "2024-06-30")
    assert err.value.key == "segments.error.split_order"
    with pytest.raises(WorkbenchError) as err:
        summary.customer_summary(ws, as_of="not a date")
    assert err.value.key == "segments.error.bad_date"


def _pandas_summary(orders: pd.DataFrame, as_of: str) -> pd.DataFrame:
    """The same definitions written independently in pandas, day by day (lifetimes' freq="D" convention)."""
    end = pd.Timestamp(as_of)
    o = orders[orders["order_ts"].dt.normalize() <= end].assign(day=lambda d: d["order_ts"].dt.normalize())
    occ = o.groupby(["customer_id", "day"])["amount"].sum().reset_index()
    occ["ago"] = (end - occ["day"]).dt.days
    rows = []
    for cid, g in occ.groupby("customer_id"):
        g = g.sort_values("day")
        first, last = g["day"].iloc[0], g["day"].iloc[-1]
        months = (g["ago"] // 30)
        rows.append({
            "customer_id": cid,
            "frequency": len(g) - 1,
            "recency": (last - first).days / 7,
            "T": (end - first).days / 7,
            "monetary_value": g["amount"].iloc[1:].mean() if len(g) > 1 else 0.0,
            "revenue": g["amount"].sum(),
            "spend_12m": g.loc[g["ago"] < 365, "amount"].sum(),
            "spend_prev_12m": g.loc[(g["ago"] >= 365) & (g["ago"] < 730), "amount"].sum(),
            "active_months_recent": months[months < 6].nunique(),
            "active_months_prev": months[(months >= 6) & (months < 12)].nunique(),
            "purchase_days_recent": int((g["ago"] < 90).sum()),
            "purchase_days_prev": int(((g["ago"] >= 90) & (g["ago"] < 180)).sum()),
        })
    return pd.DataFrame(rows)


def _random_orders(seed: int, n: int, customers: int, days: int, max_cents: int) -> pd.DataFrame:
    """Seeded random orders from 2023-01-01 on: ids K000…, hourly timestamps, amounts in cents / 100."""
    import numpy as np

    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "order_id": [str(i) for i in range(n)],
        "customer_id": rng.choice([f"K{i:03d}" for i in range(customers)], n),
        "order_ts": pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, days * 24, n), unit="h"),
        "amount": rng.integers(1, max_cents, n) / 100,
    })


def test_summary_matches_an_independent_pandas_computation(make_workspace):
    import numpy as np

    orders = _random_orders(seed=5, n=400, customers=40, days=730, max_cents=20000)
    ws = make_workspace("rand", orders=orders)
    for as_of in ("2024-06-15", "2024-12-31"):
        got = summary.customer_summary(ws, as_of=as_of).set_index("customer_id")
        want = _pandas_summary(orders, as_of).set_index("customer_id")
        assert list(got.index) == sorted(want.index)
        for col in want.columns:
            assert np.allclose(got.loc[want.index, col].astype(float), want[col].astype(float)), col


def test_rows_come_back_in_customer_id_byte_order(make_workspace):
    # Byte order of the UTF-8 ids, as SQL's ORDER BY on text: "B" (0x42) < "a" (0x61) < "a1" < "b" and
    # "中" (0xE4 0xB8 0xAD) after every ASCII id. Inserted in another order on purpose.
    ids = ["中", "b", "a1", "B", "a"]
    orders = pd.DataFrame({
        "order_id": [f"o{i}" for i in range(len(ids))],
        "customer_id": ids,
        "order_ts": pd.to_datetime(["2024-05-01 10:00"] * len(ids)),
        "amount": [1.0, 2.0, 3.0, 4.0, 5.0],
    })
    ws = make_workspace("order", orders=orders)
    df = summary.customer_summary(ws, as_of="2024-05-31")
    assert list(df["customer_id"]) == ["B", "a", "a1", "b", "中"]
    assert list(df["revenue"]) == [4.0, 5.0, 3.0, 2.0, 1.0]  # each row kept its own figures
    assert list(df.index) == list(range(5))


def test_spend_is_summed_exactly_in_decimal(make_workspace):
    # Amounts are DECIMAL(18, 2) in the store. Summed as binary floats 0.10 + 0.20 is 0.30000000000000004
    # (and the last bits depend on the order threads add rows in); summed exactly it is 0.30, whose
    # nearest double is the literal 0.3. X buys 0.10 on day 1, then 0.20 and 0.40 on later days:
    # revenue 0.70, monetary_value = (0.20 + 0.40) / 2 = 0.30, spend_12m 0.70. Y buys the same amounts in
    # the other order (0.40, 0.20, then 0.10): revenue 0.70 too, exactly equal to X's.
    orders = pd.DataFrame({
        "order_id": ["x1", "x2", "x3", "y1", "y2", "y3"],
        "customer_id": ["X", "X", "X", "Y", "Y", "Y"],
        "order_ts": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"] * 2),
        "amount": [0.10, 0.20, 0.40, 0.40, 0.20, 0.10],
    })
    ws = make_workspace("exact", orders=orders)
    df = summary.customer_summary(ws, as_of="2024-03-31").set_index("customer_id")
    assert df.loc["X", "revenue"] == 0.7 and df.loc["Y", "revenue"] == 0.7
    assert df.loc["X", "spend_12m"] == 0.7
    assert df.loc["X", "monetary_value"] == 0.3  # (0.70 - 0.10) / 2, not 0.30000000000000004
    assert df.loc["Y", "monetary_value"] == 0.15  # (0.70 - 0.40) / 2


def test_summary_is_the_same_on_every_run(make_workspace):
    """Parallel aggregation must not change a single bit between runs (ranks and ties depend on it)."""
    orders = _random_orders(seed=8, n=3000, customers=300, days=700, max_cents=100000)
    ws = make_workspace("det", orders=orders)
    first = summary.customer_summary(ws, as_of="2024-12-31")
    for _ in range(3):
        pd.testing.assert_frame_equal(summary.customer_summary(ws, as_of="2024-12-31"), first)


def test_refunds_are_no_purchases_but_count_in_spend(make_workspace):
    # R: buys 100 on 1 Mar, 50 on 1 Jun, the 1 Jun item comes back (-50) on 3 Jun
    # S: buys 80 and returns 30 of it the same day (1 Mar), buys 40 on 1 Jul
    # Q: only a refund in scope (its purchase was in 2023, outside the period filter below)
    orders = pd.DataFrame({
        "order_id": ["r1", "r2", "r3", "s1", "s2", "s3", "q1", "q2"],
        "customer_id": ["R", "R", "R", "S", "S", "S", "Q", "Q"],
        "order_ts": pd.to_datetime(["2024-03-01 09:00", "2024-06-01 09:00", "2024-06-03 09:00", "2024-03-01 10:00",
                                    "2024-03-01 15:00", "2024-07-01 09:00", "2023-12-01 09:00", "2024-02-01 09:00"]),
        "amount": [100.0, 50.0, -50.0, 80.0, -30.0, 40.0, 60.0, -60.0],
    })
    ws = make_workspace("refunds", orders=orders)
    df = summary.customer_summary(ws, as_of=AS_OF)
    r, s = _row(df, "R"), _row(df, "S")
    # R: two purchase days (the refund day is none): frequency 1, last purchase 1 Jun; spend nets the refund
    assert (r["orders"], r["purchase_days"], r["frequency"]) == (2, 2, 1)
    assert r["last_purchase"] == pd.Timestamp("2024-06-01") and r["revenue"] == 100.0
    assert r["monetary_value"] == 50.0  # the repeat purchase as bought; the later refund is not a purchase
    assert r["spend_12m"] == 100.0 and r["aov"] == 50.0
    # S: the same-day refund nets 1 Mar to 50; repeat purchase 40
    assert (s["orders"], s["purchase_days"], s["revenue"], s["monetary_value"]) == (2, 2, 90.0, 40.0)
    # with a period that leaves Q only its refund, Q is no customer with purchases
    spring = summary.customer_summary(ws, as_of=AS_OF, order_filter=summary.OrderFilter(start="2024-01-01"))
    assert "Q" not in set(spring["customer_id"]) and len(spring) == 2


def test_the_query_without_refund_filters_gives_the_same_summary_when_there_are_no_refunds(ws):
    # orders without negative amounts take the cheaper query; it must be the same summary as the full one
    assert (ws.query("SELECT min(amount) FROM orders").iloc[0, 0]) > 0
    plain = ws.query_large(customers_store._summary_sql("", discounts=True, refunds=False), [summary.to_date(AS_OF)])
    full = ws.query_large(customers_store._summary_sql("", discounts=True, refunds=True), [summary.to_date(AS_OF)])
    pd.testing.assert_frame_equal(plain, full)


def test_holdout_frames_keep_their_dtypes_when_empty(make_workspace, ws):
    empty = make_workspace("no_orders")
    assert summary.calibration_holdout_summary(empty, "2024-06-30", "2024-12-31").dtypes.astype(str).to_dict() == \
        summary.calibration_holdout_summary(ws, "2024-06-30", AS_OF).dtypes.astype(str).to_dict()
    weekly = summary.holdout_weekly_purchases(empty, "2024-06-30", "2024-12-31")
    assert len(weekly) == 0 and weekly.dtypes.astype(str).tolist() == ["int64", "int64"]
