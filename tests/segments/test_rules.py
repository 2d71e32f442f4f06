"""Segmentations on small hand-made summaries whose answers are worked out in the comments."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import insert_rows
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench import clv
from workbench import segments as seg
from workbench.core.errors import WorkbenchError
from workbench.customers.summary import SUMMARY_COLUMNS
from workbench.report import files
from workbench.segments.rules.rfm import _quintile_score

_INT_DEFAULTS = {"orders": 1, "purchase_days": 1, "frequency": 0}


def make_summary(n: int, **columns) -> pd.DataFrame:
    """A summary with every SUMMARY_COLUMNS column: given ones as passed, the rest neutral (0 / NaN)."""
    data = {"customer_id": [f"c{i}" for i in range(n)]}
    for col in SUMMARY_COLUMNS[1:]:
        if col in columns:
            data[col] = list(columns[col])
        elif col in _INT_DEFAULTS:
            data[col] = [_INT_DEFAULTS[col]] * n
        elif col in ("city", "age_band", "gender", "acquisition_channel"):
            data[col] = [None] * n
        elif col in ("first_purchase", "last_purchase", "signup_date"):
            data[col] = [pd.NaT] * n
        elif col in ("nps", "csat", "ces", "feature_usage", "community_prev", "community_recent", "referrals",
                     "cost_to_serve", "discounted_orders", "discount_total"):
            data[col] = [np.nan] * n
        else:
            data[col] = [0.0] * n
    if "revenue" in columns and "aov" not in columns:
        data["aov"] = list(columns["revenue"])
    if "spend_12m" in columns and "purchase_days_12m" not in columns:  # spend in the 12 months means a purchase
        data["purchase_days_12m"] = [int(v > 0) for v in columns["spend_12m"]]
    return pd.DataFrame(data)


# -- RFM ------------------------------------------------------------------------------------------


def test_quintile_scores_distinct_and_tied_values():
    # five distinct values: ranks 1..5 → 1 + floor(5 (rank-1) / 5) = 1..5
    assert list(_quintile_score(pd.Series([10.0, 30, 20, 50, 40]))) == [1, 3, 2, 5, 4]
    # ten values: ranks 1,2 → 1; 3,4 → 2; ...; and ties share the lowest rank's score:
    # [1,1,1,1,1,1,2,2,3,4] → ranks min 1 (x6), 7 (x2), 9, 10 → scores 1, 1+floor(30/10)=4, 1+floor(40/10)=5, 5
    assert list(_quintile_score(pd.Series([1.0] * 6 + [2, 2, 3, 4]))) == [1] * 6 + [4, 4, 5, 5]


def test_rfm_scores_direction_and_named_segments():
    s = make_summary(
        5,
        days_since_last=[1, 10, 100, 200, 300],    # fewer days = better: R 5,4,3,2,1
        purchase_days=[50, 40, 3, 20, 1],           # F 5,4,2,3,1
        revenue=[500.0, 100, 300, 200, 10],         # M 5,1,4,2,1? ranks: 10→1, 100→2, 200→3, 300→4, 500→5
    )
    table, info = seg.rfm_segments(s)
    assert list(table["r_score"]) == [5, 4, 3, 2, 1]
    assert list(table["f_score"]) == [5, 4, 2, 3, 1]
    assert list(table["m_score"]) == [5, 2, 4, 3, 1]
    # cells 55 champions, 44 loyal, 32 about_to_sleep, 23 at_risk, 11 hibernating
    assert list(table["rfm"]) == ["champions", "loyal", "about_to_sleep", "at_risk", "hibernating"]
    # totals 15, 10, 9, 8, 3 with default cut-offs 13/10/7 → platinum, gold, silver, silver, bronze
    assert list(table["rfm_score"]) == [15, 10, 9, 8, 3]
    assert list(table["tier"]) == ["platinum", "gold", "silver", "silver", "bronze"]


def test_default_patterns_cover_every_cell_once():
    import re

    for r in range(1, 6):
        for f in range(1, 6):
            hits = [name for name, p in seg.RFM_SEGMENTS if re.fullmatch(p, f"{r}{f}")]
            assert len(hits) == 1, (r, f, hits)


def test_custom_patterns_and_tier_cutoffs():
    s = make_summary(3, days_since_last=[1, 2, 3], purchase_days=[3, 2, 1], revenue=[3.0, 2, 1])
    # scores: R 5,3,1 (ranks 3,2,1 of -days → 1+floor(5*2/3)=4? see below); computed explicitly:
    # -days = [-1,-2,-3] ranks [3,2,1] → 1+floor(5*(r-1)/3) → [1+3, 1+1, 1+0] = [4, 2, 1]
    table, _ = seg.rfm_segments(s, {"silver_min": 5, "gold_min": 8, "platinum_min": 12},
                                patterns=[("vip", "4."), ("rest", "[12].")])
    assert list(table["r_score"]) == [4, 2, 1]
    assert list(table["rfm"]) == ["vip", "rest", "rest"]
    # totals 12, 6, 3 → platinum (>=12), silver (>=5), bronze
    assert list(table["tier"]) == ["platinum", "silver", "bronze"]
    with pytest.raises(WorkbenchError) as err:
        seg.rfm_segments(s, {"silver_min": 10, "gold_min": 8})
    assert err.value.key == "segments.error.tier_order"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 400), st.integers(1, 30), st.floats(0, 1e5)), min_size=1, max_size=60))
def test_rfm_scores_always_in_range(rows):
    days, freq, rev = zip(*rows)
    table = seg.rfm_scores(make_summary(len(rows), days_since_last=days, purchase_days=freq, revenue=rev))
    for col in ("r_score", "f_score", "m_score"):
        assert table[col].between(1, 5).all()
    assert table["rfm_score"].between(3, 15).all()


# -- pyramid, Lorenz, Gini ------------------------------------------------------------------------


def test_pyramid_80_20_and_gini():
    s = make_summary(5, revenue=[4.0, 50, 10, 30, 6])
    table, info = seg.customer_pyramid(s)
    # sorted 50, 30, 10, 6, 4 (total 100): share before each 0, .5, .8, .9, .96
    # key while before < .8 → 50, 30; ordinary while < .95 → 10, 6; small → 4
    assert list(table["pyramid"]) == ["small", "key", "ordinary", "key", "ordinary"]
    # Gini, ascending 4,6,10,30,50: 2(4+12+30+120+250)/(5*100) - 6/5 = 1.664 - 1.2 = 0.464
    assert info["gini"] == pytest.approx(0.464)
    assert info["top_shares"][0.2] == pytest.approx(0.5)  # top 20% = 1 customer = 50 of 100
    assert not info["has_cost"]


@pytest.mark.parametrize("n", [1, 2, 3, 7, 80])
def test_gini_of_equal_spends_is_zero_not_a_rounding_error(n):
    # found by hypothesis on a fresh machine: two spends of 1365.668731441037 gave -2.2e-16, out of range
    g = seg.gini([1365.668731441037] * n)
    assert 0.0 <= g < 1e-12
    # half spend nothing, half the same: ascending, sum_{k=1..n} (2k - 1) 0.1 = 0.1 n^2 over 2n * 0.1 n → 0.5
    assert seg.gini([0.1] * n + [0.0] * n) == pytest.approx(0.5)


def test_pyramid_negative_value_and_profit_basis():
    s = make_summary(3, revenue=[100.0, 10, 10], cost_to_serve=[20.0, np.nan, 30.0])
    table, info = seg.customer_pyramid(s, {"basis": "profit"})
    # profit 80, 10 (no cost → counted as 0 cost), -20 → negative; positive total 90:
    # share before the 80 is 0 → key, before the 10 is 80/90 = .89 → ordinary
    assert list(table["pyramid"]) == ["key", "ordinary", "negative"]
    assert info["basis"] == "profit" and info["has_cost"]
    # without any cost data the profit basis falls back to revenue, and the page is told so
    _, info = seg.customer_pyramid(make_summary(2, revenue=[1.0, 2.0]), {"basis": "profit"})
    assert info["basis"] == "revenue" and info["basis_fallback"]


def test_lorenz_curve_is_fixed_size():
    equal = seg.lorenz_curve([5.0] * 4)
    assert len(equal) == 101
    assert np.allclose(equal["value_share"], equal["customer_share"])
    one_has_all = seg.lorenz_curve([0.0, 0, 0, 10])
    assert one_has_all.loc[one_has_all["customer_share"] == 0.75, "value_share"].item() == pytest.approx(0)
    assert one_has_all["value_share"].iloc[-1] == pytest.approx(1)
    assert len(seg.lorenz_curve(np.arange(100_000.0))) == 101


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=80))
def test_pyramid_key_group_just_crosses_key_share(revenues):
    s = make_summary(len(revenues), revenue=revenues)
    table, info = seg.customer_pyramid(s)
    total = sum(revenues)
    key = sorted((r for r, lab in zip(revenues, table["pyramid"]) if lab == "key"), reverse=True)
    if total > 0:
        assert sum(key) / total >= 0.8 - 1e-9          # the key group reaches 80% ...
        assert (sum(key) - key[-1]) / total < 0.8 + 1e-9  # ... and needs its smallest member to do so
        assert 0 <= info["gini"] <= 1


# -- value x potential, core / strategic / radiant ------------------------------------------------


def test_value_potential_quadrants_with_median_thresholds():
    s = make_summary(5, spend_12m=[100.0, 200, 300, 400, 500], spend_prev_12m=[100.0, 100, 0, 500, 250])
    table, info = seg.value_potential(s)
    # growth 0, 1, n/a, -0.2, 1; median spend 300; median growth of (0, 1, -0.2, 1) = 0.5
    assert info["value_threshold"] == 300 and info["growth_threshold"] == pytest.approx(0.5)
    assert list(table["quadrant"]) == [
        "low_value_low_potential", "low_value_high_potential", "no_history", "high_value_low_potential",
        "high_value_high_potential",
    ]
    assert info["n_no_history"] == 1


def test_value_potential_b2b_fixed_thresholds():
    s = make_summary(2, spend_12m=[150_000.0, 50_000], spend_prev_12m=[100_000.0, 50_000])
    params = {"value_by": "absolute", "value_abs": 100_000, "growth_by": "absolute", "growth_abs": 0.3}
    table, _ = seg.value_potential(s, params)
    assert list(table["quadrant"]) == ["high_value_high_potential", "low_value_low_potential"]


def test_core_strategic_radiant():
    s = make_summary(6, spend_12m=[0.0, 10, 20, 30, 40, 100], spend_prev_12m=[0.0, 5, 40, 30, 10, 50])
    table, info = seg.core_strategic_radiant(s)
    # the first customer bought nothing in 12 months: inactive, and left out of the thresholds.
    # 80% quantile of the active 10,20,30,40,100 (linear: position 3.2) = 40 + 0.2 × 60 = 52 → core: 100
    # growth of the active 1, -0.5, 0, 3, 1 → median 1 → strategic: non-core with growth >= 1 (the 10 and the 40)
    assert info["core_threshold"] == pytest.approx(52) and info["n_inactive"] == 1
    assert list(table["csr"]) == ["inactive", "strategic", "radiant", "radiant", "strategic", "core"]


# -- satisfaction x loyalty -----------------------------------------------------------------------


def test_satisfaction_loyalty_matrix_counts_missing_scores():
    s = make_summary(5, csat=[5.0, 5, 2, 1, np.nan], purchase_days_12m=[10, 1, 10, 1, 10])
    table, info = seg.satisfaction_loyalty(s)
    # loyalty threshold = median of 10,1,10,1,10 = 10; satisfied = CSAT >= 4
    assert list(table["sat_loyalty"]) == ["apostle", "mercenary", "hostage", "saboteur", "no_score"]
    assert info["measure"] == "csat" and info["n_no_score"] == 1


def test_satisfaction_falls_back_to_nps_and_loyalty_needs_two_purchases():
    s = make_summary(3, nps=[9.0, 3, 8], purchase_days_12m=[1, 1, 1])
    table, info = seg.satisfaction_loyalty(s, {"loyalty_by": "absolute", "loyalty_abs": 1})
    # NPS >= 7 satisfied; a single purchase day is never loyal → mercenary, saboteur, mercenary
    assert info["measure"] == "nps"
    assert list(table["sat_loyalty"]) == ["mercenary", "saboteur", "mercenary"]
    table, info = seg.satisfaction_loyalty(make_summary(2, purchase_days_12m=[3, 4]))
    assert info["measure"] is None and list(table["sat_loyalty"]) == ["no_score", "no_score"]


# -- churn warning --------------------------------------------------------------------------------


def test_churn_flags_and_risk_levels():
    s = make_summary(
        4,
        active_months_prev=[5, 5, 0, 2], active_months_recent=[4, 5, 1, 2],    # X: -20% → flag
        purchase_days_prev=[10, 10, 4, 3], purchase_days_recent=[7, 8, 2, 3],  # X -30%, Z -50% flag; Y -20% no
        nps=[6.0, 7, np.nan, np.nan], csat=[np.nan, np.nan, 2.0, np.nan],      # X detractor; Z CSAT 2
        feature_usage=[0.4, 0.5, np.nan, 0.1],                                 # X, W below 50%
        community_prev=[10.0, 10, np.nan, np.nan], community_recent=[2.0, 3, np.nan, np.nan],  # X -80%; Y -70%
    )
    table, info = seg.churn_warning(s)
    assert list(table["churn_flags"]) == [5, 0, 2, 1]
    assert list(table["churn"]) == ["high", "low", "high", "medium"]
    assert info["skipped"] == [] and info["flag_counts"]["usage"] == 2
    assert list(table["churn_service"]) == [True, False, True, False]


def test_churn_dimensions_without_data_are_skipped_and_named():
    s = make_summary(2, active_months_prev=[2, 3], active_months_recent=[1, 3],
                     purchase_days_prev=[0, 0], purchase_days_recent=[1, 1])
    table, info = seg.churn_warning(s)
    assert info["skipped"] == ["frequency", "service", "usage", "community"]
    assert info["available"] == ["activity"]
    assert list(table["churn"]) == ["medium", "low"]  # activity 2 → 1 is -50%
    with pytest.raises(WorkbenchError):
        seg.churn_warning(s, {"medium_flags": 3, "high_flags": 2})


# -- tags -----------------------------------------------------------------------------------------


def test_customer_tags():
    s = make_summary(
        4, discounted_orders=[3.0, 0, np.nan, 1], discount_known_orders=[4, 4, 0, 4],
        aov=[10.0, 100, 90, 20], referrals=[0.0, np.nan, 2, 0], community_recent=[np.nan, 5.0, 0, 1],
    )
    table, info = seg.customer_tags(s)
    # price: discounted share .75, 0, n/a, .25 → only the first reaches 50%
    assert list(table["tag_price_sensitive"]) == [True, False, False, False]
    # quality: AOV 75% quantile of 10,20,90,100 = 90 + .25*10 = 92.5 → only 100 (discount share 0 <= 20%)
    assert info["aov_threshold"] == pytest.approx(92.5)
    assert list(table["tag_quality_seeking"]) == [False, True, False, False]
    # social: referrals >= 1 (the third) or community >= 80% quantile of positives (1, 5) = 4.2 (the second)
    assert list(table["tag_social_sharing"]) == [False, True, True, False]
    assert info["skipped"] == []


def test_tags_without_discount_or_social_data_are_skipped():
    s = make_summary(2, aov=[10.0, 50])
    table, info = seg.customer_tags(s)
    assert info["skipped"] == ["price_sensitive", "social_sharing"]
    assert not table["tag_price_sensitive"].any() and not table["tag_social_sharing"].any()
    assert list(table["tag_quality_seeking"]) == [False, True]


# -- all together, profile, stored parameters -----------------------------------------------------


def _mixed_summary() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 200
    return make_summary(
        n, days_since_last=rng.integers(0, 400, n), purchase_days=rng.integers(1, 30, n),
        orders=rng.integers(1, 40, n), frequency=rng.integers(0, 29, n),
        revenue=rng.gamma(2, 100, n), spend_12m=rng.gamma(2, 50, n), spend_prev_12m=rng.gamma(1, 50, n),
        csat=rng.choice([1.0, 2, 3, 4, 5, np.nan], n), purchase_days_12m=rng.integers(0, 20, n),
    )


def test_segment_all_and_profile_shares_sum_to_one():
    s = _mixed_summary()
    table, infos = seg.segment_all(s)
    assert len(table) == len(s) and set(infos) == set(seg.SEGMENTATIONS)
    for segmentation in seg.SEGMENTATIONS:
        profile = seg.segment_profile(table, s, segmentation, "en")
        if segmentation == "tags":
            continue
        assert profile["customers"].sum() == len(s)
        assert profile["customer_share"].sum() == pytest.approx(1)
        assert profile["revenue_share"].sum() == pytest.approx(1)
    profile = seg.segment_profile(table, s, "tier", "zh")
    assert list(profile["label"]) == ["铂金", "黄金", "白银", "青铜"]


def test_profile_figures_by_hand():
    s = make_summary(3, revenue=[60.0, 30, 10], orders=[3, 2, 1], frequency=[2, 1, 0], csat=[5.0, np.nan, 3])
    table = pd.DataFrame({"customer_id": s["customer_id"], "tier": ["gold", "gold", "bronze"]})
    profile = seg.segment_profile(table, s, "tier", "en", clv=pd.Series([100.0, 50, 1])).set_index("segment")
    gold = profile.loc["gold"]
    assert gold["customers"] == 2 and gold["revenue_share"] == pytest.approx(0.9)
    assert gold["aov"] == pytest.approx(90 / 5) and gold["purchases_per_customer"] == pytest.approx(2.5)
    assert gold["repeat_share"] == 1 and gold["clv"] == pytest.approx(75) and gold["csat"] == 5
    assert profile.loc["platinum", "customers"] == 0


ORDERS = pd.DataFrame(
    {
        "order_id": [str(i) for i in range(7)],
        "customer_id": ["A", "A", "A", "B", "B", "C", "D"],
        "order_ts": pd.to_datetime(["2024-01-05", "2024-06-01", "2024-12-20", "2024-11-01", "2024-12-30",
                                    "2024-02-01", "2024-12-31"]),
        "amount": [100.0, 100, 100, 50, 50, 20, 80],
    }
)


@pytest.fixture
def ws(make_workspace):
    ws = make_workspace("seg", orders=ORDERS)
    insert_rows(ws, "customers", pd.DataFrame({"customer_id": ["A", "B", "C"], "csat": [5.0, 2.0, 4.0]}))
    return ws


def test_params_are_stored_in_the_workspace(ws):
    assert seg.load_params(ws)[0]["churn"]["activity_drop"] == 0.20
    seg.save_params(ws, "churn", {"activity_drop": 0.5, "unknown": 1})
    assert seg.load_params(ws)[0]["churn"]["activity_drop"] == 0.5
    assert "unknown" not in ws.get_setting("segments.churn")
    seg.save_rfm_patterns(ws, [("top", "5."), ("rest", ".*")])
    assert seg.load_rfm_patterns(ws) == [("top", "5."), ("rest", ".*")]
    with pytest.raises(WorkbenchError) as err:
        seg.save_rfm_patterns(ws, [("bad", "[")])
    assert err.value.key == "segments.error.bad_pattern"
    seg.save_rfm_patterns(ws, None)
    assert seg.load_rfm_patterns(ws) == list(seg.RFM_SEGMENTS)
    # inconsistent parameters are refused and nothing is stored
    for name, bad, key in (("pyramid", {"key_share": 0.9, "ordinary_share": 0.5}, "segments.error.share_order"),
                           ("churn", {"medium_flags": 3, "high_flags": 2}, "segments.error.risk_order"),
                           ("quadrant", {"value_by": "guess"}, "segments.error.bad_choice")):
        before = ws.get_setting(f"segments.{name}")
        with pytest.raises(WorkbenchError) as err:
            seg.save_params(ws, name, bad)
        assert err.value.key == key and ws.get_setting(f"segments.{name}") == before


def test_profile_follows_custom_rfm_patterns():
    s = make_summary(3, days_since_last=[1, 2, 3], purchase_days=[3, 2, 1], revenue=[3.0, 2, 1])
    table, _ = seg.segment_all(s, rfm_patterns=[("vip", "4."), ("rest", "[12].")])
    profile = seg.segment_profile(table, s, "rfm", "en")
    assert list(profile["segment"]) == ["vip", "rest", "other"]
    assert list(profile["label"]) == ["vip", "rest", "Other"]
    assert list(profile["customers"]) == [1, 2, 0]


def test_workspace_helpers_for_other_modules(ws):
    # revenue A 300, B 100, D 80, C 20 (total 500): shares before A 0, B .6, D .8, C .96
    # → key A, B; ordinary D; small C
    assert seg.snapshot(ws).member_ids("pyramid", "key") == ["A", "B"]
    options = seg.snapshot(ws).options("en")
    assert ("pyramid", "key", "Customer pyramid: Key customers (VIP) (2 customers)") in options
    assert all(label for _, _, label in options)
    figures = seg.snapshot(ws).figures("pyramid", "key")
    # A buys on 3 days, B on 2: both repeat; CSAT 5 and 2 → mean 3.5
    assert figures["customers"] == 2 and figures["revenue_share"] == pytest.approx(0.8)
    assert figures["repeat_share"] == 1 and figures["satisfaction"] == pytest.approx(3.5)
    assert figures["satisfaction_measure"] == "csat"
    zh = seg.snapshot(ws).options("zh")
    assert any(label.startswith("客户金字塔：关键客户") for _, _, label in zh)
    with pytest.raises(WorkbenchError):
        seg.snapshot(ws).member_ids("nonsense", "x")


# -- CLV on the summary, model checking ------------------------------------------------------------


def _regular_orders(n_customers: int = 60, seed: int = 3) -> pd.DataFrame:
    """Customers buying every 1-4 weeks from a start in 2023, some stopping early: enough for a fit."""
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(n_customers):
        day = pd.Timestamp("2023-01-01") + pd.Timedelta(days=int(rng.integers(0, 200)))
        stop = pd.Timestamp("2024-12-31") - pd.Timedelta(days=int(rng.choice([0, 0, 200, 400])))
        while day <= stop:
            rows.append((f"o{len(rows)}", f"K{c:03d}", day, float(rng.integers(10, 60))))
            day += pd.Timedelta(days=int(rng.integers(7, 29)))
    return pd.DataFrame(rows, columns=["order_id", "customer_id", "order_ts", "amount"])


def test_customer_value_matches_the_models_row_by_row():
    from workbench import clv

    s = make_summary(
        4, frequency=[0, 3, 3, 10], recency=[0.0, 20, 20, 50], T=[10.0, 30, 30, 52],
        monetary_value=[0.0, 25, 40, 30], aov=[50.0, 20, 20, 30], purchase_days=[3, 4, 4, 11],
        tenure_days=[730.5, 100, 100, 365.25],
    )
    bg = clv.fit_bgnbd(np.r_[s["frequency"], [1, 2, 5, 0, 7]], np.r_[s["recency"], [5.0, 10, 30, 0, 40]],
                       np.r_[s["T"], [20.0, 30, 40, 10, 50]])
    gg = clv.fit_gamma_gamma([3, 3, 10, 2, 5, 7], [25.0, 40, 30, 20, 35, 50])
    out = clv.customer_value(s, bg, gg, {"horizon_months": 6, "discount_rate": 0.0, "margin": 0.5,
                                         "lifespan_years": 3})
    assert out.loc[0, "p_alive"] == 1.0  # no repeat purchase: alive under BG/NBD
    direct = clv.clv(bg, gg, s["frequency"], s["recency"], s["T"], s["monetary_value"], 6,
                     discount_rate_annual=0.0, margin=0.5)
    assert np.allclose(out["clv"], direct)
    weeks = 6 * clv.WEEKS_PER_MONTH
    assert np.allclose(out["expected_purchases"], bg.expected_purchases(weeks, s["frequency"], s["recency"], s["T"]))
    # simple CLV, first customer: AOV 50 x (3 purchase days / 2 years) x 3 years x margin .5 = 112.5;
    # second: tenure 100 days counts as one year → 20 x 4 x 3 x .5 = 120
    assert out.loc[0, "simple_clv"] == pytest.approx(112.5)
    assert out.loc[1, "simple_clv"] == pytest.approx(120)


def test_customer_value_with_unusable_fits_gives_nan_not_errors():
    s = make_summary(2, frequency=[0, 0], recency=[0.0, 0], T=[1.0, 2], monetary_value=[0.0, 0],
                     aov=[10.0, 10], purchase_days=[1, 1], tenure_days=[7, 14])
    bg, gg, warnings = clv.fit_models(s)
    # nobody bought twice: the spend model has nothing to fit; the fits say why instead of raising
    assert {key for key, _ in warnings} == {"clv.warn.no_repeat_purchases", "clv.warn.few_customers",
                                            "clv.warn.no_spend_data"}
    out = clv.customer_value(s, bg, gg)
    assert out["clv"].isna().all() and out["expected_spend"].isna().all()
    assert out["p_alive"].between(0, 1).all() and np.isfinite(out["simple_clv"]).all()
    # under BG/NBD nobody who bought once can have left (p_alive exactly 1); MBG/NBD, the default, lets them
    bg_classic, _, _ = clv.fit_models(s, "bgnbd")
    assert (clv.customer_value(s, bg_classic, gg)["p_alive"] == 1).all()
    assert list(out.columns) == ["customer_id", "p_alive", "expected_purchases", "expected_spend", "clv",
                                 "simple_clv"]
    assert clv.fit_models(s.head(0))[0] is None


def test_model_check_counts_actual_holdout_purchases(make_workspace):
    orders = _regular_orders()
    ws = make_workspace("mc", orders=orders)
    result = clv.model_check(ws, "2024-06-30", "2024-12-31")
    # independently: customers who bought by 30 Jun, and their purchase days after it
    days = orders.assign(day=orders["order_ts"].dt.normalize())
    cal_customers = set(days.loc[days["day"] <= "2024-06-30", "customer_id"])
    holdout = days[(days["day"] > "2024-06-30") & days["customer_id"].isin(cal_customers)]
    actual = holdout.drop_duplicates(["customer_id", "day"]).shape[0]
    assert result["customers"] == len(cal_customers)
    assert result["errors"].loc["mbgnbd", "total_actual"] == result["errors"].loc["bgnbd", "total_actual"] == actual
    assert result["cumulative"]["actual"].iloc[-1] == actual
    # a holdout running past the last order (none after 31 Dec 2024): 1 Jul 2024 – 31 Mar 2025 is 274 days
    # = 39.1 weeks, and the curves run to week 40, not to the last week with a purchase
    assert orders["order_ts"].max() < pd.Timestamp("2025-01-01")
    longer = clv.model_check(ws, "2024-06-30", "2025-03-31")
    assert longer["holdout_weeks"] == pytest.approx(274 / 7)
    assert longer["cumulative"]["week"].iloc[-1] == 40
    assert longer["cumulative"]["actual"].iloc[-1] == actual
    assert list(result["errors"].index) == ["mbgnbd", "bgnbd", "naive"]
    assert result["best"] in ("mbgnbd", "bgnbd")
    assert list(result["cumulative"].columns) == ["week", "actual", "mbgnbd", "bgnbd", "naive"]
    assert result["by_frequency"]["n_customers"].sum() == len(cal_customers)
    with pytest.raises(WorkbenchError) as err:
        clv.model_check(ws, "2020-01-01", "2024-12-31")
    assert err.value.key == "segments.error.no_calibration_customers"


# -- exports and the command line -----------------------------------------------------------------


def test_csv_is_excel_safe_and_the_download_is_the_command_lines_file(tmp_path):
    df = pd.DataFrame({"customer_id": ["=HYPERLINK(\"x\")", "+1+2", "-12.5", "@SUM(A1)", "张三", "ok-1"],
                       "n": [1, 2, 3, 4, 5, 6], "flag": [True, False] * 3,
                       "first_purchase": pd.to_datetime(["2024-01-05"] * 6)})
    raw = files.csv_bytes(df)
    files.write_table(df, tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_bytes() == raw  # a page download and the CLI give the same bytes
    assert b",2024-01-05" in raw and b"00:00" not in raw  # dates as dates
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark for Excel
    back = pd.read_csv(__import__("io").BytesIO(raw), encoding="utf-8-sig")
    assert list(back["customer_id"]) == ["'=HYPERLINK(\"x\")", "'+1+2", "-12.5", "'@SUM(A1)", "张三", "ok-1"]
    assert list(df["customer_id"])[0].startswith("=")  # the caller's frame is untouched


def test_segments_command_writes_csv_and_xlsx(make_workspace, home, tmp_path, capsys):
    from openpyxl import load_workbook

    from workbench.__main__ import main

    orders = _regular_orders(40)
    orders.loc[0, "customer_id"] = "=evil()"
    make_workspace("crm", orders=orders)
    out = tmp_path / "customers.csv"
    assert main(["segments", "--workspace", "crm", "--out", str(out), "--as-of", "2024-12-31",
                 "--horizon-weeks", "26", "--quiet"]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(out, encoding="utf-8-sig")
    assert list(df.columns[:8]) == ["customer_id", "frequency", "recency", "T", "monetary_value", "p_alive",
                                    "expected_purchases", "expected_spend"]
    assert {"clv", "rfm", "tier", "pyramid", "churn", "churn_activity", "tag_price_sensitive"} <= set(df.columns)
    assert len(df) == orders["customer_id"].nunique() and "'=evil()" in set(df["customer_id"])
    xlsx = tmp_path / "customers.xlsx"
    assert main(["segments", "--workspace", "crm", "--out", str(xlsx), "--lang", "zh", "--quiet"]) == 0
    sheet = load_workbook(xlsx).active
    header = [c.value for c in sheet[1]]
    tiers = {row[header.index("tier")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert tiers <= {"青铜", "白银", "黄金", "铂金"} and tiers
    ids = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "=evil()" in ids  # a string cell, unchanged (issue #15: no apostrophe in xlsx), never a formula
    assert main(["segments", "--workspace", "crm", "--out", str(tmp_path / "x.txt")]) == 2
    assert main(["segments", "--workspace", "nope", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "must end in .csv or .xlsx" in err and "“nope” was not found" in err


def test_segments_command_as_of_uses_the_workspace_s_purchase_model(make_workspace, home, tmp_path):
    """--as-of on the last order's day is the same history: the same model, the same figures (it used to
    refit with MBG/NBD whatever the workspace had chosen)."""
    from workbench import clv
    from workbench.__main__ import main

    once = pd.DataFrame({"order_id": [f"s{i}" for i in range(5)], "customer_id": [f"S{i}" for i in range(5)],
                         "order_ts": pd.to_datetime(["2023-03-01", "2023-09-01", "2024-02-01", "2024-06-01",
                                                     "2024-11-01"]), "amount": [20.0, 30, 40, 50, 60]})
    orders = pd.concat([_regular_orders(40), once], ignore_index=True)  # with one-time buyers, as real data has
    ws = make_workspace("m", orders=orders)
    clv.save_settings(ws, {"purchase_model": "bgnbd"})
    last = orders["order_ts"].max().date().isoformat()
    plain, dated = tmp_path / "plain.csv", tmp_path / "dated.csv"
    assert main(["segments", "--workspace", "m", "--out", str(plain), "--quiet"]) == 0
    assert main(["segments", "--workspace", "m", "--out", str(dated), "--as-of", last, "--quiet"]) == 0
    a, b = (pd.read_csv(p, encoding="utf-8-sig").set_index("customer_id") for p in (plain, dated))
    one_timers = a.index[a["frequency"] == 0]
    assert len(one_timers) and (a.loc[one_timers, "p_alive"] == 1.0).all()  # BG/NBD: one-time buyers alive
    pd.testing.assert_series_equal(a["p_alive"], b["p_alive"], rtol=1e-6)
    pd.testing.assert_series_equal(a["clv"], b["clv"], rtol=1e-6)


def test_segments_command_horizon_and_bad_dates(make_workspace, home, tmp_path, capsys):
    from workbench.__main__ import main

    make_workspace("h", orders=_regular_orders(40))
    short, long_ = tmp_path / "short.csv", tmp_path / "long.csv"
    assert main(["segments", "--workspace", "h", "--out", str(short), "--horizon-weeks", "13", "--quiet"]) == 0
    assert main(["segments", "--workspace", "h", "--out", str(long_), "--horizon-weeks", "52", "--quiet",
                 "--discount-rate", "0"]) == 0
    a, b = pd.read_csv(short, encoding="utf-8-sig"), pd.read_csv(long_, encoding="utf-8-sig")
    # a longer horizon can only add expected purchases and value, customer by customer
    assert (b["expected_purchases"] >= a["expected_purchases"] - 1e-9).all()
    assert (b["clv"] >= a["clv"] - 1e-9).all() and b["clv"].sum() > a["clv"].sum()
    assert main(["segments", "--workspace", "h", "--out", str(short), "--as-of", "31/02/2024"]) == 2
    assert main(["segments", "--workspace", "h", "--out", str(short), "--as-of", "2000-01-01"]) == 2
    err = capsys.readouterr().err
    assert "Not a date: 31/02/2024" in err and "There are no orders on or before 2000-01-01." in err


# -- the fast paths give what the plain definitions give ------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.integers(-50, 400), st.floats(-1e6, 1e6, allow_nan=False)), min_size=1, max_size=60))
def test_quintile_score_is_pandas_min_rank_definition(values):
    """Whole numbers take a counting path and other values a sort: both must give 1 + floor(5 (r - 1) / n)
    with r pandas' "min" rank (ties share the lowest rank)."""
    s = pd.Series(values, dtype=float)
    want = (1 + np.floor(5 * (s.rank(method="min").to_numpy() - 1) / len(s))).astype("int64")
    got = _quintile_score(s)
    assert list(got) == list(want)
    assert list(got.index) == list(s.index)


def test_pyramid_figures_equal_the_public_functions():
    """The pyramid sorts once for its segments, Gini, top shares and Lorenz curve; the figures must be
    what ``gini``, ``top_share`` and ``lorenz_curve`` give on the same values (negatives clipped at 0)."""
    rng = np.random.default_rng(2)
    revenue = np.round(rng.gamma(0.8, 300.0, 500), 2)
    revenue[:5] = [0.0, 0.0, 12.5, 12.5, 12.5]  # ties and zeros
    s = make_summary(500, revenue=revenue)
    _, info = seg.customer_pyramid(s)
    assert info["gini"] == seg.gini(revenue)
    assert info["top_shares"] == {q: seg.top_share(revenue, q) for q in (0.01, 0.05, 0.10, 0.20)}
    pd.testing.assert_frame_equal(info["lorenz"], seg.lorenz_curve(revenue))


def test_csv_written_in_parallel_chunks_is_one_file(tmp_path, monkeypatch):
    """Chunks formatted on several threads must join into the file one writer gives: one header, rows in
    order, nothing lost at the seams (chunk size forced down to 3 rows for 10 rows)."""
    import io

    import pyarrow as pa
    import pyarrow.csv as pacsv

    df = pd.DataFrame({"customer_id": [f"c{i}" for i in range(10)], "x": np.arange(10) / 3,
                       "label": pd.Categorical(["a", "b"] * 5), "flag": [True, False] * 5})
    expected = io.BytesIO()
    pacsv.write_csv(pa.Table.from_pandas(df, preserve_index=False), expected)
    for rows in (3, 10, 1000):
        monkeypatch.setattr(files, "_CSV_CHUNK_ROWS", rows)
        out = tmp_path / f"t{rows}.csv"
        files.write_table(df, out)
        assert out.read_bytes() == b"\xef\xbb\xbf" + expected.getvalue()
    back = pd.read_csv(tmp_path / "t3.csv", encoding="utf-8-sig")
    assert list(back["customer_id"]) == list(df["customer_id"]) and np.allclose(back["x"], df["x"])
    empty = tmp_path / "empty.csv"
    files.write_table(df.iloc[:0], empty)
    assert empty.read_bytes().decode("utf-8-sig").strip() == '"customer_id","x","label","flag"'


@pytest.mark.parametrize("start", [
    "from workbench.clv import limit_blas_threads; limit_blas_threads()",
    "import ui; ui.manager()",  # the app's server, when it makes its workspace manager
])
def test_blas_runs_on_one_thread_in_the_command_and_the_app(start, tmp_path):
    """Spinning BLAS threads took CPU from DuckDB in the benchmark; the command and the app keep every BLAS
    pool (numpy's and scipy's) at one thread. Checked in a fresh interpreter, as they run."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = (
        f"{start}\n"
        "from threadpoolctl import threadpool_info\n"
        "print(sorted({i['num_threads'] for i in threadpool_info() if i['user_api'] == 'blas'}))\n"
    )
    env = dict(os.environ, WORKBENCH_HOME=str(tmp_path), WORKBENCH_DEMO="0")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip().splitlines()[-1] == "[1]"
