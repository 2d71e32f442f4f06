"""Segmentations on data where most customers have lapsed — the shape of real retail files (two thirds of
a public order history bought nothing in its last year) — must not call lapsed customers valuable, with
potential, strategic or at low risk. Each case was observed on such data before the fix.

The history below, built by hand: 30 customers, as of 2024-12-31.
- 20 "lapsed" customers bought once, between 2023-07-01 and 2023-10-07 (more than a year ago).
- 6 "regulars" bought every month of 2023 and 2024 (24 purchase days each), 50 each time.
- 4 "newcomers" bought once or twice in November–December 2024 (no spend the year before), 30 each time.
"""

from __future__ import annotations

import pandas as pd
import pytest

from workbench import segments
from workbench.customers.summary import customer_summary
from workbench.i18n import t


def _orders() -> pd.DataFrame:
    rows = []
    for i in range(20):
        rows.append((f"L{i:02d}", pd.Timestamp("2023-07-01") + pd.Timedelta(days=5 * i), 80.0))
    for i in range(6):
        for month in pd.date_range("2023-01-01", "2024-12-01", freq="MS"):
            rows.append((f"R{i}", month + pd.Timedelta(days=9 + i), 50.0))
    for i, days in enumerate([(5,), (5, 40), (20,), (30, 50)]):
        for d in days:
            rows.append((f"N{i}", pd.Timestamp("2024-11-01") + pd.Timedelta(days=d), 30.0))
    frame = pd.DataFrame(rows, columns=["customer_id", "order_ts", "amount"])
    frame["order_id"] = [f"o{i}" for i in range(len(frame))]
    return frame[frame["order_ts"] <= "2024-12-31"]


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    from helpers import insert_rows

    from workbench.core.store import WorkspaceManager

    manager = WorkspaceManager(tmp_path_factory.mktemp("lapsed"))
    ws = manager.create("lapsed")
    insert_rows(ws, "orders", _orders())
    out = customer_summary(ws, as_of="2024-12-31")
    manager.close_all()
    return out


def _labels(frame: pd.DataFrame, column: str) -> dict[str, str]:
    return dict(zip(frame["customer_id"], frame[column].astype(str)))


def test_the_history_has_the_real_shape(summary):
    assert len(summary) == 30
    assert (summary["purchase_days_12m"] == 0).sum() == 20  # two thirds bought nothing in the last year


def test_value_potential_gives_lapsed_customers_their_own_class_and_thresholds_from_the_active(summary):
    table, info = segments.value_potential(summary)
    labels = _labels(table, "quadrant")
    assert {labels[f"L{i:02d}"] for i in range(20)} == {"inactive"} and info["n_inactive"] == 20
    # thresholds among the 10 active customers: 12-month spend 600 (regulars, 12 × 50) or 30 / 60 (newcomers)
    # → median of 30, 30, 60, 60, 600 × 6 = 600; a cut at 0 would have made all 30 "high value"
    assert info["value_threshold"] == pytest.approx(600) and info["value_threshold"] > 0
    # growth only for the regulars (previous-year spend 12 × 50 = 600 → 0%); the newcomers have no history
    assert info["growth_threshold"] == pytest.approx(0.0) and info["growth_threshold"] > -1
    assert {labels[f"N{i}"] for i in range(4)} == {"no_history"}
    assert {labels[f"R{i}"] for i in range(6)} == {"high_value_high_potential"}
    assert info["flags"] == []


def test_core_strategic_radiant_never_calls_a_lapsed_customer_strategic(summary):
    table, info = segments.core_strategic_radiant(summary)
    labels = _labels(table, "csr")
    assert {labels[f"L{i:02d}"] for i in range(20)} == {"inactive"}
    assert sum(v == "strategic" for v in labels.values()) <= 10  # only active customers can be


def test_churn_warning_puts_the_long_silent_first(summary):
    table, info = segments.churn_warning(summary)
    labels = _labels(table, "churn")
    # silent for 451–550 days: past the 365-day setting
    assert {labels[f"L{i:02d}"] for i in range(20)} == {"lapsed"} and info["n_lapsed"] == 20
    # the regulars bought 3 weeks ago against a monthly rhythm: not lapsed
    assert not {labels[f"R{i}"] for i in range(6)} & {"lapsed"}
    # the rhythm rule: a regular silent for 4 months (more than 3 × their ~30-day gap and over 90 days) is
    # lapsed although under a year
    late = summary.copy()
    late.loc[late["customer_id"] == "R0", "days_since_last"] = 120
    assert _labels(segments.churn_warning(late)[0], "churn")["R0"] == "lapsed"
    # a shorter setting, by hand: one-time newcomer N0 (silent 55 days) is not lapsed at 90 days of silence min.
    assert labels["N0"] != "lapsed"


def test_pyramid_on_12_month_spend_leaves_the_inactive_out_of_the_80_20(summary):
    table, info = segments.customer_pyramid(summary, {"basis": "spend_12m"})
    labels = _labels(table, "pyramid")
    assert {labels[f"L{i:02d}"] for i in range(20)} == {"inactive"} and info["n_inactive"] == 20
    # the Lorenz curve and the top shares of the 10 ranked customers: top 20% (2 regulars) = 1200 / 3780
    assert info["top_shares"][0.2] == pytest.approx(1200 / 3780)


def test_thresholds_that_separate_nobody_are_flagged(summary):
    _, info = segments.value_potential(summary, {"growth_by": "absolute", "growth_abs": -1.0,
                                                 "value_by": "absolute", "value_abs": 0.0})
    assert info["flags"] == ["value_threshold_zero", "growth_threshold_floor"]
    warnings = [text for kind, text in segments.REGISTRY["quadrant"].notes(info, 30, "en", "CNY")
                if kind == "warning"]
    assert warnings == [t("segments.flag.value_threshold_zero", "en"), t("segments.flag.growth_threshold_floor", "en")]


def test_a_class_nobody_can_be_in_is_not_listed(summary):
    """On the revenue basis the pyramid has no "no purchase in 12 months" class: its table must not show an
    empty row for it; on the 12-month basis the 20 lapsed customers are that class and it is listed. Only the
    regulars and newcomers are active, so none of the active-only data has an inactive row either."""
    from workbench.segments.table import present_segments, segment_all

    by_revenue, _ = segment_all(summary, {"pyramid": {"basis": "revenue"}})
    assert "inactive" not in present_segments(by_revenue, "pyramid")
    assert present_segments(by_revenue, "pyramid")[:4] == ["key", "ordinary", "small", "negative"]
    by_12m, _ = segment_all(summary, {"pyramid": {"basis": "spend_12m"}})
    assert present_segments(by_12m, "pyramid")[-1] == "inactive"
    assert (by_12m["pyramid"] == "inactive").sum() == 20
    active = summary[summary["purchase_days_12m"] > 0].reset_index(drop=True)
    table, _ = segment_all(active)
    for name in ("quadrant", "csr", "churn"):
        shown = present_segments(table, name)
        assert "inactive" not in shown and "lapsed" not in shown, (name, shown)
