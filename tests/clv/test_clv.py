"""Tests for ``workbench.clv``: checked against published results and hand-worked cases.

Sources of the expected numbers:

- Fader, Hardie & Lee (2005), "Counting your customers the easy way", on the CDNOW cohort of 2,357
  customers (39-week calibration, time in weeks): r = 0.243, alpha = 4.414, a = 0.793, b = 2.426,
  LL = -9582.4, and E[Y(39) | x=2, t_x=30.43, T=38.86] = 1.226.
- Hardie's BG/NBD spreadsheet (brucehardie.com/notes/004), E[X(t)] for t = 0.1429 ... 78 weeks.
- Fader & Hardie (2013), "The Gamma-Gamma model of monetary value" (brucehardie.com/notes/025):
  p = 6.25, q = 3.74, gamma = 15.44 on the 946 repeat customers, and the spreadsheet's conditional
  expected spend of the first ten customers.
- ``REF_*`` constants: eq. (10) of the paper *as printed* (untransformed hypergeometric), evaluated
  with mpmath at 40 significant digits -- an implementation independent of the module's Euler form.

The CDNOW files ship with the ``lifetimes`` package (dev dependency ``lifetimes==0.11.3``); we only
read its data files, never import it.
"""

from __future__ import annotations

import importlib.util
import re
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench import clv as clv_mod
from workbench.clv import (
    VALUE_COLUMNS,
    WEEKS_PER_MONTH,
    BetaGeoModel,
    GammaGammaModel,
    calibration_holdout,
    clv,
    cumulative_holdout,
    customer_value,
    fit_bgnbd,
    fit_gamma_gamma,
    p_alive_matrix,
    simple_clv,
)
from workbench.clv import base as base_mod
from workbench.clv import bgnbd as bgnbd_mod

# Published BG/NBD estimates at the 4 decimals Hardie's spreadsheet shows, for prediction checks.
PUBLISHED_BG = {"r": 0.2426, "alpha": 4.4136, "a": 0.7929, "b": 2.4259}
PUBLISHED_GG = {"p": 6.25, "q": 3.74, "v": 15.44}

# mpmath (40 digits) evaluations of eq. (10) as printed, with PUBLISHED_BG unless noted.
REF_Y39_X2 = 1.22592265798703  # (t=39, x=2, t_x=30.43, T=38.86)
REF_Y39_X0 = 0.19478676916062  # (t=39, x=0, t_x=0, T=38.86)
REF_Y39_X8 = 4.98724330077152  # (t=39, x=8, t_x=35, T=38.86)
REF_Y19_5_X2 = 0.665031047474287  # (t=19.5, x=2, t_x=30.43, T=38.86)
REF_Y1_X2 = 0.037443508365524  # (t=1, x=2, t_x=30.43, T=38.86)
REF_EX2 = 0.103230800991431  # E[X(2)] = (t=2, x=0, t_x=0, T=0)
REF_OVERFLOW = {  # (t, x, t_x, T): value; the printed form's 2F1 is ~1e108 and beyond
    (520.0, 300.0, 390.0, 400.0): 46.4377985701349,
    (520.0, 300.0, 399.0, 400.0): 269.70047366595,
    (5200.0, 300.0, 399.0, 400.0): 1047.03857597341,
    (520.0, 1000.0, 399.0, 400.0): 893.971604467523,
}


def _lifetimes_datasets() -> Path:
    spec = importlib.util.find_spec("lifetimes")
    # A dev dependency (requirements-dev.txt): missing data must fail the suite, not skip the validation.
    assert spec is not None and spec.submodule_search_locations, (
        "CDNOW data comes with the dev dependency: pip install lifetimes==0.11.3"
    )
    return Path(spec.submodule_search_locations[0]) / "datasets"


@pytest.fixture(scope="module")
def cdnow_summary() -> pd.DataFrame:
    """The 2,357-customer CDNOW cohort as (frequency, recency, T) in weeks."""
    return pd.read_csv(_lifetimes_datasets() / "cdnow_customers_summary.csv")


@pytest.fixture(scope="module")
def cdnow_spend() -> pd.DataFrame:
    """Calibration repeat purchases and exact mean spend per customer, from the transaction file.

    Calibration is 1997-01-01..1997-09-30 (39 weeks); purchases on one day count once and their
    amounts add up, which reproduces the published summary's x for every customer. The mean spend is
    computed here because the shipped summary's ``zbar`` is rounded to cents.
    """
    folder = _lifetimes_datasets()
    tx = pd.read_csv(
        folder / "CDNOW_sample.txt", sep=r"\s+", header=None,
        names=["master_id", "id", "date", "cds", "amount"],
    )
    tx["date"] = pd.to_datetime(tx["date"].astype(str), format="%Y%m%d")
    cal = tx[tx["date"] <= pd.Timestamp("1997-09-30")]
    daily = cal.groupby(["id", "date"], as_index=False)["amount"].sum()
    repeat = daily[daily["date"] > daily.groupby("id")["date"].transform("min")]
    ids = np.sort(tx["id"].unique())
    out = pd.DataFrame({"id": ids})
    out["frequency"] = repeat.groupby("id").size().reindex(ids, fill_value=0).to_numpy()
    out["monetary_value"] = repeat.groupby("id")["amount"].mean().reindex(ids, fill_value=0).to_numpy()
    return out


@pytest.fixture(scope="module")
def cdnow_model(cdnow_summary) -> BetaGeoModel:
    return fit_bgnbd(cdnow_summary["frequency"], cdnow_summary["recency"], cdnow_summary["T"])


@pytest.fixture(autouse=True)
def _warnings_are_errors():
    """No numpy/scipy warning may leak out of the module."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def _published_bg() -> BetaGeoModel:
    return BetaGeoModel(params=dict(PUBLISHED_BG))


def _published_gg() -> GammaGammaModel:
    return GammaGammaModel(params=dict(PUBLISHED_GG))


# --------------------------------------------------------------------------------------------------
# validation against the published CDNOW results


def test_bgnbd_cdnow_matches_published_fader_hardie_lee_2005(cdnow_model):
    """Published (FHL 2005): r=0.243, alpha=4.414, a=0.793, b=2.426, LL=-9582.4 -- to their precision."""
    assert {k: round(v, 3) for k, v in cdnow_model.params.items()} == {
        "r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426,
    }
    assert round(cdnow_model.log_likelihood, 1) == -9582.4
    assert cdnow_model.converged
    assert cdnow_model.warnings == []
    assert cdnow_model.n_customers == 2357


def test_bgnbd_cdnow_standard_errors_match_lifetimes(cdnow_model):
    """lifetimes 0.11's documented CDNOW summary: se(r, alpha, a, b) = 0.012557, 0.378221, 0.185719, 0.705345.

    The intervals are taken on the log scale here (the parameters are positive), so they are not
    lifetimes' symmetric ones: estimate * exp(+-1.96 se / estimate), e.g. r: 0.242593 * exp(-1.96 *
    0.012557 / 0.242593) = 0.219188.
    """
    table = cdnow_model.summary()
    # to the 6 printed decimals (half a unit, 5e-7), plus a unit of slack for b: 0.705346 here
    np.testing.assert_allclose(table["std_error"], [0.012557, 0.378221, 0.185719, 0.705345], atol=1.5e-6)
    assert table.loc["r", "lower_95"] == pytest.approx(0.242593 * np.exp(-1.96 * 0.012557 / 0.242593), rel=1e-4)
    assert ((table["lower_95"] > 0) & (table["lower_95"] < table["estimate"])
            & (table["estimate"] < table["upper_95"])).all()


def test_bgnbd_cdnow_paper_worked_example_expected_purchases_1_226(cdnow_model):
    """FHL 2005: E[Y(39) | x=2, t_x=30.43, T=38.86] = 1.226, from the fitted and the published model."""
    assert round(float(cdnow_model.expected_purchases(39, 2, 30.43, 38.86)[0]), 3) == 1.226
    assert round(float(_published_bg().expected_purchases(39, 2, 30.43, 38.86)[0]), 3) == 1.226


def test_bgnbd_cdnow_unconditional_expectation_matches_eq9_and_the_quoted_figures(cdnow_model):
    """E[X(t)] at t = 0.1429, 1, 3, 31.8571, 32, 78 weeks.

    Exact check: FHL 2005 eq. (9) evaluated with mpmath (40 digits) at the fitted parameters. The 4-decimal
    figures below are the ones quoted from Hardie's spreadsheet in lifetimes' own tests (checked there to 3
    decimals); they come from unrounded estimates, so they agree with the fit to 1e-3, not to the 4th
    decimal (eq. 9 at the rounded published estimates gives 1.8605 at 78 weeks, not 1.8576).
    """
    import mpmath as mp

    mp.mp.dps = 40
    r, alpha, a, b = (mp.mpf(cdnow_model.params[k]) for k in ("r", "alpha", "a", "b"))
    times = [0.1429, 1.0, 3.0, 31.8571, 32.0, 78.0]
    eq9 = [float((a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r
                                          * mp.hyp2f1(r, b, a + b - 1, t / (alpha + t)))) for t in map(mp.mpf, times)]
    got = cdnow_model.expected_purchases_new(times)
    np.testing.assert_allclose(got, eq9, rtol=1e-10)
    quoted = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576]
    np.testing.assert_allclose(got, quoted, atol=1e-3)


def test_bgnbd_cdnow_weighted_fit_on_distinct_patterns_matches_published(cdnow_summary):
    """Fitting the collapsed (pattern, count) table reproduces the published estimates too."""
    counts = cdnow_summary.groupby(["frequency", "recency", "T"]).size().reset_index(name="n")
    assert len(counts) < len(cdnow_summary)
    model = fit_bgnbd(counts["frequency"], counts["recency"], counts["T"], weights=counts["n"])
    assert {k: round(v, 3) for k, v in model.params.items()} == {
        "r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426,
    }
    assert round(model.log_likelihood, 1) == -9582.4


def test_gamma_gamma_cdnow_matches_published_fader_hardie_2013(cdnow_spend):
    """Fader & Hardie (2013) on the 946 repeat customers: p=6.25, q=3.74, gamma=15.44 (2 decimals)."""
    model = fit_gamma_gamma(cdnow_spend["frequency"], cdnow_spend["monetary_value"])
    assert model.n_customers == 946
    assert {k: round(v, 2) for k, v in model.params.items()} == PUBLISHED_GG
    assert model.converged and model.warnings == []
    assert model.n_excluded == {"no_repeat_purchase": 2357 - 946, "non_positive_spend": 0}


def test_gamma_gamma_cdnow_expected_spend_matches_hardie_spreadsheet(cdnow_spend):
    """Hardie's note-025 spreadsheet: conditional expected spend of the first ten CDNOW customers.

    Customers without repeat purchases get the population mean p*gamma/(q-1) (35.17).
    Tolerance: the spreadsheet shows cents, we allow half a cent for rounding.
    """
    model = fit_gamma_gamma(cdnow_spend["frequency"], cdnow_spend["monetary_value"])
    head = cdnow_spend.head(10)
    expected = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17]
    got = model.expected_spend(head["frequency"], head["monetary_value"])
    np.testing.assert_allclose(got, expected, atol=0.0051)
    assert round(model.population_mean_spend(), 2) == 35.17


def test_gamma_gamma_on_shipped_summary_with_rounded_spend_is_within_a_cent(cdnow_summary):
    """The lifetimes summary file's zbar is rounded to cents; estimates stay within 0.01 of published."""
    data = pd.read_csv(_lifetimes_datasets() / "cdnow_customers_summary_with_transactions.csv")
    model = fit_gamma_gamma(data["x"], data["zbar"])
    for key, value in PUBLISHED_GG.items():
        assert abs(model.params[key] - value) < 0.01


# --------------------------------------------------------------------------------------------------
# predictions: hand-worked and independent (mpmath) references


def test_expected_purchases_matches_printed_eq10_evaluated_with_mpmath():
    model = _published_bg()
    cases = [
        ((39, 2, 30.43, 38.86), REF_Y39_X2),
        ((39, 0, 0.0, 38.86), REF_Y39_X0),
        ((39, 8, 35.0, 38.86), REF_Y39_X8),
        ((19.5, 2, 30.43, 38.86), REF_Y19_5_X2),
        ((1, 2, 30.43, 38.86), REF_Y1_X2),
    ]
    for (t, x, tx, T), ref in cases:
        assert float(model.expected_purchases(t, x, tx, T)[0]) == pytest.approx(ref, rel=1e-10)
    assert float(model.expected_purchases_new(2)[0]) == pytest.approx(REF_EX2, rel=1e-10)


def test_expected_purchases_hyp2f1_overflow_is_finite_and_silent():
    """x=300, T=400, t=520: the printed 2F1 term is ~1e108 (and overflows for longer t).

    Runs with warnings as errors (autouse fixture); values match the 40-digit mpmath evaluation.
    """
    model = _published_bg()
    for (t, x, tx, T), ref in REF_OVERFLOW.items():
        got = float(model.expected_purchases(t, x, tx, T)[0])
        assert np.isfinite(got)
        assert got == pytest.approx(ref, rel=1e-9)
    # vectorised, huge horizon: finite, and never more than the purchases of a live customer
    got = np.asarray(model.expected_purchases(1e6, [300, 1000, 0], [390, 999, 0], [400, 1000, 400]))
    assert np.all(np.isfinite(got)) and np.all(got >= 0)


def test_expected_purchases_falls_back_when_scipy_hyp2f1_overflows():
    """With a = 50 scipy's hyp2f1 on the Euler form returns inf; the result must still be right.

    References: mpmath (40 digits) on eq. (10) with r=0.1, alpha=0.01, a=50, b=1.
    """
    model = BetaGeoModel(params={"r": 0.1, "alpha": 0.01, "a": 50.0, "b": 1.0})
    assert float(model.expected_purchases(1e6, 0, 0, 0)[0]) == pytest.approx(0.858353644774188, rel=1e-9)
    assert float(model.expected_purchases(1e6, 3, 0.5, 1)[0]) == pytest.approx(
        0.00774783281954811, rel=1e-9
    )


def test_hyp2f1_series_against_mpmath():
    """The last-resort Gauss series (mpmath references at 17 digits)."""
    got = bgnbd_mod._hyp2f1_series(2.5, -0.3, np.array([4.0]), np.array([0.9]))
    assert got[0] == pytest.approx(0.7627960132376248, rel=1e-12)
    got = bgnbd_mod._hyp2f1_series(30.0, 2.5, np.array([3.0]), np.array([0.5]))
    assert got[0] == pytest.approx(290940122.34111276, rel=1e-12)


def test_expected_purchases_near_a_equal_one_is_not_0_over_0():
    """Eq. (10) has (a-1) in a denominator; mpmath references at a = 1.00002 and a = 1 + 1e-7."""
    model = BetaGeoModel(params={"r": 0.25, "alpha": 4.0, "a": 1.00002, "b": 2.5})
    assert float(model.expected_purchases(39, 2, 30.43, 38.86)[0]) == pytest.approx(
        1.12191620011871, rel=1e-7
    )
    model = BetaGeoModel(params={"r": 0.25, "alpha": 4.0, "a": 1 + 1e-7, "b": 2.5})
    assert float(model.expected_purchases(39, 0, 0, 38.86)[0]) == pytest.approx(
        0.198631346747402, rel=1e-7
    )


def test_p_alive_hand_worked():
    """P(alive | x=2, t_x=30.43, T=38.86) with the published parameters, worked by hand:

    a/(b+x-1) = 0.7929/3.4259 = 0.231443; ((alpha+T)/(alpha+t_x))^(r+x) = (43.2736/34.8436)^2.2426
    = 1.625656; P = 1/(1 + 0.231443 * 1.625656) = 0.726614.
    """
    model = _published_bg()
    assert float(model.p_alive(2, 30.43, 38.86)[0]) == pytest.approx(0.726614, abs=2e-6)
    # no repeat purchase: BG/NBD customers can only drop out right after a purchase
    assert float(model.p_alive(0, 0, 38.86)[0]) == 1.0


def test_predictions_keep_the_callers_index():
    model = _published_bg()
    frame = pd.DataFrame(
        {"frequency": [2, 0], "recency": [30.43, 0.0], "T": [38.86, 38.86]}, index=["c7", "c9"]
    )
    out = model.expected_purchases(39, frame["frequency"], frame["recency"], frame["T"])
    assert list(out.index) == ["c7", "c9"]
    assert out["c7"] == pytest.approx(REF_Y39_X2, rel=1e-10)


def test_gamma_gamma_expected_spend_hand_worked():
    """p=6.25, q=3.74, v=15.44, x=2, m=22.35: (p v + p x m)/(p x + q - 1) = 375.875/15.24 = 24.6637.

    For x = 0 the answer is the population mean p v/(q-1) = 96.5/2.74 = 35.2190, whatever m is; so too for
    a mean repeat spend of 0 or less (refunds netting the repeat purchases out), which the model cannot
    take (without the guard, x=1, m=-50 would give (96.5 - 312.5)/8.99 = -24.03).
    """
    model = _published_gg()
    got = model.expected_spend([2, 0, 0, 1, 3], [22.35, 0.0, 99.0, -50.0, 0.0])
    np.testing.assert_allclose(got, [24.6637, 35.2190, 35.2190, 35.2190, 35.2190], atol=1e-4)


# --------------------------------------------------------------------------------------------------
# CLV


def test_clv_one_step_equals_expected_purchases_times_spend():
    """With a 39-week "month" and one step, CLV = E[Y(39)] x expected spend x margin, discounted once.

    E[Y(39)] = 1.22592 (REF_Y39_X2) and expected spend 24.6637 (hand-worked above), margin 0.3:
    undiscounted 0.3 x 1.22592 x 24.6637 = 9.07066; at 10%/year one month discounts by 1.1^(1/12).
    """
    bg, gg = _published_bg(), _published_gg()
    args = (bg, gg, [2], [30.43], [38.86], [22.35])
    undiscounted = REF_Y39_X2 * 24.66371 * 0.3
    got = clv(*args, horizon=1, time_unit_per_month=39, discount_rate_annual=0.0, margin=0.3)
    assert got[0] == pytest.approx(undiscounted, rel=1e-5)
    got = clv(*args, horizon=1, time_unit_per_month=39, discount_rate_annual=0.10, margin=0.3)
    assert got[0] == pytest.approx(undiscounted / 1.1 ** (1 / 12), rel=1e-5)


def test_clv_two_steps_discount_each_month_separately():
    """Two 19.5-week months: E[Y(19.5)] in month 1, E[Y(39)] - E[Y(19.5)] in month 2 (mpmath refs)."""
    bg, gg = _published_bg(), _published_gg()
    d = 1.1 ** (1 / 12)
    expected = (REF_Y19_5_X2 / d + (REF_Y39_X2 - REF_Y19_5_X2) / d**2) * 24.66371
    got = clv(bg, gg, [2], [30.43], [38.86], [22.35], horizon=2, time_unit_per_month=19.5)
    assert got[0] == pytest.approx(expected, rel=1e-5)
    assert clv(bg, gg, [2], [30.43], [38.86], [22.35], horizon=0)[0] == 0.0


def test_clv_default_time_unit_is_weeks():
    assert WEEKS_PER_MONTH == pytest.approx(52.1786 / 12, rel=1e-4)


def test_simple_clv_hand_worked():
    """AOV 50 x 4 purchases/year x 3 years x 30% margin = 180; discounting: 36 monthly payments of 5."""
    assert simple_clv(50, 4, 3, margin=0.3) == pytest.approx(180.0)
    monthly = (1.10) ** (1 / 12)
    expected = sum(5.0 / monthly**k for k in range(1, 37))
    assert simple_clv(50, 4, 3, margin=0.3, discount_rate_annual=0.10) == pytest.approx(expected)
    got = simple_clv([50, 100], [4, 1], [3, 0.5])
    np.testing.assert_allclose(got, [600.0, 50.0])


def test_simple_clv_keeps_a_series_index():
    aov = pd.Series([50.0, 20.0], index=["gold", "bronze"])
    out = simple_clv(aov, 4, 3)
    assert out.to_dict() == {"gold": 600.0, "bronze": 240.0}


def test_customer_value_has_fixed_columns_hand_worked():
    """The worked customer (x=2, t_x=30.43, T=38.86, mean spend 22.35) with the published models:
    P(alive) 0.726614 and E[Y(39)] 1.226 (hand-worked / FHL 2005), spend 24.6637 (hand-worked),
    CLV over one 39-week "month" undiscounted = 1.22592 x 24.6637."""
    summary = pd.DataFrame(
        {"customer_id": ["c1"], "frequency": [2], "recency": [30.43], "T": [38.86],
         "monetary_value": [22.35], "tenure_days": [272], "purchase_days": [3], "aov": [22.0]}
    )
    out = customer_value(
        summary, _published_bg(), _published_gg(), {"horizon_months": 1, "discount_rate": 0.0},
        horizon_weeks=39, time_unit_per_month=39,
    )
    assert list(out.columns) == list(VALUE_COLUMNS)
    row = out.iloc[0]
    assert row["customer_id"] == "c1"
    assert row["p_alive"] == pytest.approx(0.726614, abs=2e-6)
    assert round(row["expected_purchases"], 3) == 1.226
    assert row["expected_spend"] == pytest.approx(24.6637, abs=1e-4)
    assert row["clv"] == pytest.approx(REF_Y39_X2 * 24.66371, rel=1e-5)
    with pytest.raises(ValueError, match="monetary_value"):
        customer_value(summary.drop(columns="monetary_value"), _published_bg(), _published_gg())


def test_simple_clv_rejects_nan_and_negative_lifespan():
    with pytest.raises(ValueError, match="aov"):
        simple_clv([np.nan], 4, 3)
    with pytest.raises(ValueError, match="lifespan_years"):
        simple_clv(50, 4, -1)


# --------------------------------------------------------------------------------------------------
# robustness: never raise, never hang, flag problems as message keys


def _keys(model) -> set[str]:
    for key, data in model.warnings:
        assert key in clv_mod.WARNING_KEYS, key
        assert set(data) == set(clv_mod.WARNING_KEYS[key]), key
    return {key for key, _data in model.warnings}


def test_warning_keys_declared_are_the_ones_used():
    source = "".join(p.read_text(encoding="utf-8") for p in Path(clv_mod.__file__).parent.glob("*.py"))
    used = set(re.findall(r'\("(clv\.warn\.[a-z_]+)"', source))
    assert used == set(clv_mod.WARNING_KEYS)


def _finite_params(model) -> bool:
    return all(np.isfinite(v) and v > 0 for v in model.params.values())


@pytest.mark.parametrize(
    "name, frequency, recency, T",
    [
        ("everyone frequency 0", [0] * 50, [0] * 50, [30] * 50),
        ("everyone identical", [3] * 50, [10] * 50, [20] * 50),
        ("single customer", [2], [5], [10]),
        ("single new customer", [0], [0], [10]),
        ("all just acquired", [0, 0], [0, 0], [0, 0]),
        ("nobody seems to leave", [5] * 20 + [1] * 20, [20] * 20 + [9.9] * 20, [20] * 20 + [10] * 20),
        ("extreme frequency", [300, 0, 1], [390, 0, 5], [400, 400, 10]),
    ],
)
def test_bgnbd_pathological_inputs_do_not_raise(name, frequency, recency, T):
    start = time.perf_counter()
    model = fit_bgnbd(frequency, recency, T)
    assert time.perf_counter() - start < 10
    assert _finite_params(model), name
    assert all(isinstance(k, str) and k.startswith("clv.warn.") for k in _keys(model))
    assert all(isinstance(data, dict) for _key, data in model.warnings)
    preds = np.asarray(model.expected_purchases(52, frequency, recency, T))
    alive = np.asarray(model.p_alive(frequency, recency, T))
    assert np.all(np.isfinite(preds)) and np.all(preds >= 0)
    assert np.all((alive >= 0) & (alive <= 1))
    model.summary()  # no warnings, no errors


def test_bgnbd_flags_no_repeat_purchases_and_small_samples():
    assert "clv.warn.no_repeat_purchases" in _keys(fit_bgnbd([0] * 50, [0] * 50, [30] * 50))
    assert "clv.warn.few_customers" in _keys(fit_bgnbd([2], [5], [10]))


def test_bgnbd_flags_parameters_on_the_bound():
    """Identical customers push alpha to its bound: the estimate is returned and the bound reported."""
    model = fit_bgnbd([3] * 50, [10] * 50, [20] * 50)
    data = dict(model.warnings)["clv.warn.param_at_bound"]
    assert "alpha" in data["params"].split(", ")
    assert model.params["alpha"] == pytest.approx(np.exp(clv_mod.LOG_PARAM_BOUND), rel=1e-5)


def test_bgnbd_reports_non_convergence_instead_of_raising(monkeypatch):
    monkeypatch.setattr(base_mod, "_MAX_ITER", 2)
    model = fit_bgnbd([0, 1, 2, 5], [0, 3, 10, 20], [30, 30, 30, 30])
    assert not model.converged
    key_data = dict(model.warnings)["clv.warn.not_converged"]
    assert key_data["iterations"] <= 2
    assert _finite_params(model)


def test_gamma_gamma_excludes_non_positive_spend_with_a_count():
    model = fit_gamma_gamma([1, 2, 3, 0, 2, 4], [10.0, -5.0, 0.0, 0.0, 12.0, 11.0])
    assert model.n_excluded == {"no_repeat_purchase": 1, "non_positive_spend": 2}
    assert dict(model.warnings)["clv.warn.non_positive_spend_excluded"] == {"n_rows": 2}
    assert model.n_customers == 3
    assert _finite_params(model) and model.params["q"] > 1


@pytest.mark.parametrize(
    "frequency, spend",
    [([2], [10.0]), ([2] * 40, [10.0] * 40), ([1, 3], [5.0, 50.0])],
    ids=["single customer", "identical", "two customers"],
)
def test_gamma_gamma_pathological_inputs_do_not_raise(frequency, spend):
    model = fit_gamma_gamma(frequency, spend)
    assert _finite_params(model) and model.params["q"] > 1
    assert np.all(np.isfinite(model.expected_spend(frequency, spend)))
    model.summary()


def test_gamma_gamma_without_spend_data_returns_nan_model_and_key():
    model = fit_gamma_gamma([0, 0], [0.0, 0.0])
    assert "clv.warn.no_spend_data" in _keys(model)
    assert np.all(np.isnan(model.expected_spend([0, 1], [0.0, 5.0])))


@pytest.mark.parametrize("position, name", [(0, "frequency"), (1, "recency"), (2, "T")])
def test_bgnbd_rejects_nan_naming_the_argument(position, name):
    args = [[1.0, 2.0], [1.0, 2.0], [5.0, 5.0]]
    args[position][1] = np.nan
    with pytest.raises(ValueError, match=rf"^{name} "):
        fit_bgnbd(*args)


def test_inputs_rejected_with_the_argument_named():
    with pytest.raises(ValueError, match="monetary_value"):
        fit_gamma_gamma([1, 2], [3.0, np.nan])
    with pytest.raises(ValueError, match="weights"):
        fit_bgnbd([1], [1], [2], weights=[np.nan])
    with pytest.raises(ValueError, match="recency must not exceed T"):
        fit_bgnbd([1], [3], [2])
    with pytest.raises(ValueError, match="frequency must be >= 0"):
        fit_bgnbd([-1], [0], [2])
    with pytest.raises(ValueError, match="^t "):
        _published_bg().expected_purchases([np.nan], 1, 1, 2)
    with pytest.raises(ValueError, match="T has length"):
        fit_bgnbd([1, 2, 3], [1, 1, 1], [5, 5])


def test_bgnbd_recovers_known_parameters_from_simulated_customers():
    """Customers drawn from the BG/NBD process with known (r, alpha, a, b); seeded generator."""
    rng = np.random.default_rng(2005)
    n, true = 40_000, {"r": 0.5, "alpha": 6.0, "a": 0.8, "b": 2.5}
    T = rng.uniform(20, 60, n)
    lam = rng.gamma(true["r"], 1 / true["alpha"], n)
    p = rng.beta(true["a"], true["b"], n)
    arrivals = rng.poisson(lam * T)
    x = np.minimum(arrivals, rng.geometric(p))  # dropout right after the K-th repeat purchase
    tx = np.zeros(n)
    pos = x > 0
    tx[pos] = T[pos] * rng.beta(x[pos], arrivals[pos] - x[pos] + 1)  # x-th of N uniform arrivals
    model = fit_bgnbd(x, tx, T)
    for key, value in true.items():
        assert model.params[key] == pytest.approx(value, rel=0.15), key


# --------------------------------------------------------------------------------------------------
# model checking


def test_calibration_holdout_hand_worked():
    """Four customers, published parameters, 39-week holdout.

    model: 1.22592 (x=2, twice), 0.19479 (x=0), 4.98724 (x=8)  -- mpmath references
    naive: 2/38.86*39 = 2.00720 (twice), 0, 8/38.86*39 = 8.02882
    actual: 1, 3, 0, 5  -> totals: actual 9, model 7.63387, naive 12.04323
    MAE model = (0.22592 + 1.77408 + 0.19479 + 0.01276)/4 = 0.55189
    MAE naive = (1.00720 + 0.99280 + 0 + 3.02882)/4 = 1.25721
    """
    summary = pd.DataFrame(
        {"frequency": [2, 2, 0, 8], "recency": [30.43, 30.43, 0, 35], "T": [38.86] * 4}
    )
    check = calibration_holdout(summary, [1, 3, 0, 5], 39, model=_published_bg())
    by = check.by_frequency.set_index("bucket")
    assert list(by.index) == ["0", "2", "7+"]
    assert by.loc["2", "n_customers"] == 2
    assert by.loc["2", "actual"] == 2.0
    assert by.loc["2", "model"] == pytest.approx(REF_Y39_X2, rel=1e-8)
    assert by.loc["2", "naive"] == pytest.approx(2 / 38.86 * 39, rel=1e-12)
    assert by.loc["7+", "model"] == pytest.approx(REF_Y39_X8, rel=1e-8)
    err = check.errors
    total_model = 2 * REF_Y39_X2 + REF_Y39_X0 + REF_Y39_X8
    assert err.loc["model", "total_predicted"] == pytest.approx(total_model, rel=1e-8)
    assert err.loc["model", "pct_error"] == pytest.approx(100 * (total_model - 9) / 9, rel=1e-8)
    assert err.loc["naive", "total_predicted"] == pytest.approx(12.04323, abs=1e-5)
    assert err.loc["model", "mae"] == pytest.approx(0.55189, abs=1e-5)
    assert err.loc["naive", "mae"] == pytest.approx(1.25721, abs=1e-5)


def test_calibration_holdout_requires_the_summary_columns():
    with pytest.raises(ValueError, match="recency"):
        calibration_holdout(pd.DataFrame({"frequency": [1], "T": [3]}), [0], 10)
    with pytest.raises(ValueError, match="actual_holdout"):
        calibration_holdout(
            pd.DataFrame({"frequency": [1], "recency": [1], "T": [3]}), [0, 1], 10,
            model=_published_bg(),
        )


def test_cumulative_holdout_hand_worked():
    """Two just-acquired customers (T = 0): the model predicts 2 x E[X(t)] -- Hardie's spreadsheet
    gives E[X(1)] = 0.0532 and E[X(3)] = 0.1506; mpmath gives E[X(2)]. The naive rate is 0 (T = 0).
    Week 2 has no purchases in the SQL result and counts as zero.
    """
    summary = pd.DataFrame({"frequency": [0, 0], "recency": [0.0, 0.0], "T": [0.0, 0.0]})
    weekly = pd.DataFrame({"week": [1, 3], "purchases": [2, 1]})
    out = cumulative_holdout(_published_bg(), summary, weekly)
    assert list(out.columns) == ["week", "actual", "model", "naive"]
    assert out["week"].tolist() == [1, 2, 3]
    assert out["actual"].tolist() == [2, 2, 3]
    np.testing.assert_allclose(out["model"], [2 * 0.0532, 2 * REF_EX2, 2 * 0.1506], atol=2e-4)
    assert out["naive"].tolist() == [0, 0, 0]


def test_cumulative_holdout_runs_to_the_end_of_the_holdout():
    """Holdout of 4.5 weeks, purchases only in weeks 1 and 3: the curves go on to week 5 (the quiet weeks
    4-5 are where model and actuals part) and week 5 is predicted for its half week. One customer with
    x=1 in T=10 weeks: naive rate 0.1 a week, so 0.45 at the end; the model at 4.5 weeks, not 5."""
    summary = pd.DataFrame({"frequency": [1], "recency": [5.0], "T": [10.0]})
    weekly = pd.DataFrame({"week": [1, 3], "purchases": [1, 1]})
    model = _published_bg()
    out = cumulative_holdout(model, summary, weekly, holdout_length=4.5)
    assert out["week"].tolist() == [1, 2, 3, 4, 5]
    assert out["actual"].tolist() == [1, 1, 2, 2, 2]
    assert out["naive"].tolist() == pytest.approx([0.1, 0.2, 0.3, 0.4, 0.45])
    at = [float(model.expected_purchases(h, 1, 5.0, 10.0)[0]) for h in (4.0, 4.5, 5.0)]
    assert out["model"].iloc[3] == pytest.approx(at[0]) and out["model"].iloc[4] == pytest.approx(at[1])
    assert out["model"].iloc[4] < at[2]
    # without the length, the curves stop at the last week with a purchase (the function's older contract)
    assert cumulative_holdout(model, summary, weekly)["week"].tolist() == [1, 2, 3]


def test_cumulative_holdout_conditional_and_naive():
    """One customer (x=2, t_x=30.43, T=38.86), one 39-week period: model 1.226 (FHL 2005),
    naive 2/38.86 x 39."""
    summary = pd.DataFrame({"frequency": [2], "recency": [30.43], "T": [38.86]})
    out = cumulative_holdout(_published_bg(), summary, [1], period_length=39)
    assert round(out["model"].iloc[0], 3) == 1.226
    assert out["naive"].iloc[0] == pytest.approx(2 / 38.86 * 39)
    assert out["actual"].tolist() == [1]


def test_p_alive_matrix_grid_and_hand_worked_cell():
    """T = 38.43, x = 2, 8 weeks since last purchase (t_x = 30.43), published parameters:

    0.7929/3.4259 = 0.231443; (42.8436/34.8436)^2.2426 = 1.589653; P = 1/(1 + 0.367914) = 0.731040.
    """
    grid = p_alive_matrix(_published_bg(), max_frequency=5, max_weeks_since_last=40, T=38.43)
    assert list(grid.columns) == ["frequency", "weeks_since_last", "p_alive"]
    assert len(grid) == 6 * 41
    cell = grid[(grid["frequency"] == 2) & (grid["weeks_since_last"] == 8)]["p_alive"].iloc[0]
    assert cell == pytest.approx(0.731040, abs=2e-6)
    assert grid.loc[grid["frequency"] == 0, "p_alive"].dropna().eq(1.0).all()
    # weeks since last purchase beyond the customer's age cannot happen
    assert grid.loc[grid["weeks_since_last"] > 38.43, "p_alive"].isna().all()
    one = grid[grid["frequency"] == 3].dropna()
    assert one["p_alive"].is_monotonic_decreasing


def test_p_alive_matrix_defaults_to_median_age_of_fit_data(cdnow_model, cdnow_summary):
    """The CDNOW cohort's median age is 32.71 weeks (odd count: the middle customer)."""
    assert cdnow_model.median_T == pytest.approx(32.71)
    grid = p_alive_matrix(cdnow_model, max_frequency=3, max_weeks_since_last=40)
    assert grid.loc[grid["weeks_since_last"] == 33, "p_alive"].isna().all()
    assert grid.loc[grid["weeks_since_last"] == 32, "p_alive"].notna().all()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    r=st.floats(0.05, 5), alpha=st.floats(0.1, 50), a=st.floats(0.1, 5), b=st.floats(0.1, 20),
    x=st.integers(0, 60), frac=st.floats(0, 1), T=st.floats(1, 200), t=st.floats(0.5, 500),
)
def test_expected_purchases_agree_with_mpmath_on_random_inputs(r, alpha, a, b, x, frac, T, t):
    """Eq. (10) as printed, evaluated by mpmath, for random parameters and histories."""
    import mpmath as mp
    if abs(a - 1) < 1e-3:
        return
    tx = frac * T if x > 0 else 0.0
    mp.mp.dps = 40
    R, AL, A, B, TT, X, TX, TI = map(mp.mpf, (r, alpha, a, b, T, x, tx, t))
    z = TI / (AL + TT + TI)
    num = 1 - ((AL + TT) / (AL + TT + TI)) ** (R + X) * mp.hyp2f1(R + X, B + X, A + B + X - 1, z)
    den = 1 + (A / (B + X - 1) * ((AL + TT) / (AL + TX)) ** (R + X) if x > 0 else 0)
    ref = float((A + B + X - 1) / (A - 1) * num / den)
    model = BetaGeoModel(params={"r": r, "alpha": alpha, "a": a, "b": b})
    got = float(model.expected_purchases(t, x, tx, T)[0])
    assert got == pytest.approx(ref, rel=1e-6, abs=1e-9)


# --------------------------------------------------------------------------------------------------
# the fast paths give what the textbook definitions give


def _bgnbd_ll_eq6(params, x, tx, T):
    """Eq. (6) of Fader, Hardie & Lee (2005) written out per customer, summed (an independent check)."""
    from scipy.special import betaln, gammaln

    r, alpha, a, b = (params[k] for k in ("r", "alpha", "a", "b"))
    x, tx, T = (np.asarray(v, dtype=float) for v in (x, tx, T))
    first = -(r + x) * np.log(alpha + T)
    second = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + tx),
                      -np.inf)
    ll = (gammaln(r + x) - gammaln(r) + r * np.log(alpha) + betaln(a, b + x) - betaln(a, b)
          + np.logaddexp(first, second))
    return float(ll.sum())


def _gg_ll_eq4(params, x, m):
    """The Gamma-Gamma density of the mean spend (Fader & Hardie 2013, eq. 4), in logs, summed."""
    from scipy.special import gammaln

    p, q, v = (params[k] for k in ("p", "q", "v"))
    x, m = np.asarray(x, dtype=float), np.asarray(m, dtype=float)
    ll = (gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * np.log(v) + (p * x - 1) * np.log(m)
          + p * x * np.log(x) - (p * x + q) * np.log(v + x * m))
    return float(ll.sum())


def _random_histories(seed: int, n: int = 3000):
    rng = np.random.default_rng(seed)
    x = rng.poisson(rng.gamma(0.7, 3.0, n)).astype(float)
    T = rng.integers(1, 80, n).astype(float)
    tx = np.where(x > 0, np.floor(rng.random(n) * (T + 1)), 0.0)
    m = np.round(rng.gamma(4.0, 10.0, n), 2)
    return x, tx, T, m


def _bgnbd_sample(seed: int, n: int = 3000):
    """Histories drawn from the BG/NBD itself (r=0.5, alpha=6, a=1.2, b=4): purchase rate lambda ~
    Gamma(r, 1/alpha), after each purchase the customer drops out with probability p ~ Beta(a, b)."""
    rng = np.random.default_rng(seed)
    lam, drop = rng.gamma(0.5, 1 / 6.0, n), rng.beta(1.2, 4.0, n)
    T = rng.integers(20, 80, n).astype(float)
    x, tx = np.zeros(n), np.zeros(n)
    for i in range(n):
        t = 0.0
        while True:
            t += rng.exponential(1 / lam[i])
            if t > T[i]:
                break
            x[i], tx[i] = x[i] + 1, t
            if rng.random() < drop[i]:
                break
    return x, tx, T


def test_bgnbd_fit_maximises_eq6_as_written(cdnow_summary):
    """The fitted log-likelihood equals eq. (6) summed customer by customer, and the estimate is a
    stationary point of that independent function (so the likelihood's gradient is right too)."""
    for x, tx, T in [
        (cdnow_summary["frequency"], cdnow_summary["recency"], cdnow_summary["T"]),
        _bgnbd_sample(3),
    ]:
        model = fit_bgnbd(x, tx, T)
        assert not model.warnings  # an interior optimum, where the slope must vanish
        assert model.log_likelihood == pytest.approx(_bgnbd_ll_eq6(model.params, x, tx, T), rel=1e-10)
        theta = np.log([model.params[k] for k in ("r", "alpha", "a", "b")])
        for j in range(4):
            h = 1e-5
            up, down = theta.copy(), theta.copy()
            up[j] += h
            down[j] -= h
            as_params = lambda th: dict(zip(("r", "alpha", "a", "b"), np.exp(th)))
            slope = (_bgnbd_ll_eq6(as_params(up), x, tx, T) - _bgnbd_ll_eq6(as_params(down), x, tx, T)) / (2 * h)
            assert abs(slope) / len(np.atleast_1d(x)) < 1e-5


def test_gamma_gamma_fit_maximises_eq4_as_written(cdnow_spend):
    for x, m in [
        (cdnow_spend["frequency"], cdnow_spend["monetary_value"]),
        tuple(v[_random_histories(4)[0] > 0] for v in (_random_histories(4)[0], _random_histories(4)[3])),
    ]:
        x, m = np.asarray(x, dtype=float), np.asarray(m, dtype=float)
        keep = (x > 0) & (m > 0)
        model = fit_gamma_gamma(x, m)
        assert model.log_likelihood == pytest.approx(_gg_ll_eq4(model.params, x[keep], m[keep]), rel=1e-10)
        theta = np.log([model.params["p"], model.params["q"] - 1, model.params["v"]])
        as_params = lambda th: {"p": np.exp(th[0]), "q": 1 + np.exp(th[1]), "v": np.exp(th[2])}
        for j in range(3):
            up, down = theta.copy(), theta.copy()
            up[j] += 1e-5
            down[j] -= 1e-5
            slope = (_gg_ll_eq4(as_params(up), x[keep], m[keep]) - _gg_ll_eq4(as_params(down), x[keep], m[keep])) / 2e-5
            assert abs(slope) / keep.sum() < 1e-5


def test_expected_purchases_on_many_rows_equals_row_by_row():
    """Above 64 rows predictions are computed once per distinct (t, x, T); the values must be those of
    each row evaluated on its own."""
    x, tx, T, _ = _random_histories(5, 400)
    x, tx, T = np.concatenate([x, x[:100]]), np.concatenate([tx, tx[:100]]), np.concatenate([T, T[:100]])
    model = _published_bg()
    for t in (39.0, np.linspace(1, 100, len(x))):
        together = np.asarray(model.expected_purchases(t, x, tx, T))
        tt = np.broadcast_to(t, x.shape)
        alone = np.array([float(model.expected_purchases(tt[i], x[i], tx[i], T[i])[0]) for i in range(len(x))])
        np.testing.assert_allclose(together, alone, rtol=1e-14, atol=0)
    # one history, many horizons (t has the length, the history is scalar)
    ts = np.linspace(0, 50, 80)
    np.testing.assert_allclose(np.asarray(model.expected_purchases(ts, 2, 30.43, 38.86)),
                               [float(model.expected_purchases(t, 2, 30.43, 38.86)[0]) for t in ts], rtol=1e-14)


def test_clv_equals_month_by_month_definition_on_many_customers():
    """``clv`` computes P(alive) once per history and the live customer's purchases once per (x, T) and
    month; the result must be the documented sum: for each month k, (E[Y(k)] - E[Y(k-1)]) x spend x
    margin / (1 + d_m)^k, with E[Y] from ``expected_purchases`` (checked against eq. 10 above)."""
    x, tx, T, m = _random_histories(6, 2000)
    bg, gg = _published_bg(), GammaGammaModel(params=dict(PUBLISHED_GG))
    horizon, rate, margin = 12, 0.1, 0.4
    monthly = 1.1 ** (1 / 12) - 1
    spend = np.asarray(gg.expected_spend(x, m))
    want = np.zeros(len(x))
    previous = np.zeros(len(x))
    for k in range(1, horizon + 1):
        cumulative = np.array([float(bg.expected_purchases(k * WEEKS_PER_MONTH, *row)[0])
                               for row in zip(x[:200], tx[:200], T[:200])])
        want[:200] += (cumulative - previous[:200]) / (1 + monthly) ** k
        previous[:200] = cumulative
    want = want[:200] * spend[:200] * margin
    got = np.asarray(clv(bg, gg, x, tx, T, m, horizon, discount_rate_annual=rate, margin=margin))[:200]
    np.testing.assert_allclose(got, want, rtol=1e-12)

    class _Wrapped:  # any model with the lifetimes-style method takes the generic path
        def expected_purchases(self, t, frequency, recency, T):
            return bg.expected_purchases(t, frequency, recency, T)

    generic = np.asarray(clv(_Wrapped(), gg, x, tx, T, m, horizon, discount_rate_annual=rate, margin=margin))
    np.testing.assert_allclose(generic[:200], want, rtol=1e-12)
    np.testing.assert_allclose(np.asarray(clv(bg, gg, x, tx, T, m, horizon, discount_rate_annual=rate,
                                              margin=margin)), generic, rtol=1e-12)
