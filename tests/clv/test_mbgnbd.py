"""The modified BG/NBD (Batislam, Denizel & Filiztekin 2007): a published fit reproduced, its likelihood,
P(alive) and expectations checked against formulas written out here and against lifetimes' independent
implementation, and the property that matters on lapsed data — a one-time buyer silent for long is likely
gone — shown on a small hand-made history."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import mpmath
import numpy as np
import pandas as pd
import pytest

from workbench.clv import BetaGeoModel, ModifiedBetaGeoModel, fit_bgnbd, fit_mbgnbd, p_alive_matrix

# BTYDplus (M. Platzer, mbgcnbd / mbgnbd on the CDNOW sample of 2,357 customers, 39-week calibration), the
# estimates lifetimes' and PyMC-Marketing's MBG/NBD tests reproduce: r 0.525, alpha 6.183, a 0.891, b 1.614.
BTYDPLUS_CDNOW = {"r": 0.525, "alpha": 6.183, "a": 0.891, "b": 1.614}


@pytest.fixture(scope="module")
def cdnow_summary() -> pd.DataFrame:
    spec = importlib.util.find_spec("lifetimes")
    assert spec is not None, "CDNOW data comes with the dev dependency: pip install lifetimes==0.11.3"
    return pd.read_csv(Path(spec.submodule_search_locations[0]) / "datasets" / "cdnow_customers_summary.csv")


@pytest.fixture(scope="module")
def cdnow_mbg(cdnow_summary) -> ModifiedBetaGeoModel:
    return fit_mbgnbd(cdnow_summary["frequency"], cdnow_summary["recency"], cdnow_summary["T"])


def _mbgnbd_ll(params, x, tx, T) -> float:
    """The MBG/NBD likelihood written out per customer (Batislam et al. 2007), summed:
    L = G(r+x) a^r / G(r) · B(a, b+x+1)/B(a, b) · [(alpha+T)^-(r+x) + a/(b+x) (alpha+t_x)^-(r+x)]."""
    from scipy.special import betaln, gammaln

    r, alpha, a, b = (params[k] for k in ("r", "alpha", "a", "b"))
    x, tx, T = (np.asarray(v, dtype=float) for v in (x, tx, T))
    ll = (gammaln(r + x) - gammaln(r) + r * np.log(alpha) + betaln(a, b + x + 1) - betaln(a, b)
          + np.logaddexp(-(r + x) * np.log(alpha + T), np.log(a) - np.log(b + x) - (r + x) * np.log(alpha + tx)))
    return float(ll.sum())


def test_cdnow_fit_reproduces_the_published_btydplus_estimates(cdnow_mbg):
    assert isinstance(cdnow_mbg, ModifiedBetaGeoModel) and cdnow_mbg.kind == "mbgnbd"
    assert {k: round(v, 3) for k, v in cdnow_mbg.params.items()} == BTYDPLUS_CDNOW
    assert cdnow_mbg.converged and cdnow_mbg.warnings == []


def test_the_fit_maximises_the_likelihood_as_written(cdnow_summary, cdnow_mbg):
    x, tx, T = cdnow_summary["frequency"], cdnow_summary["recency"], cdnow_summary["T"]
    assert cdnow_mbg.log_likelihood == pytest.approx(_mbgnbd_ll(cdnow_mbg.params, x, tx, T), rel=1e-10)
    theta = np.log([cdnow_mbg.params[k] for k in ("r", "alpha", "a", "b")])
    for j in range(4):  # a stationary point of the independent function: the analytic gradient is right
        up, down = theta.copy(), theta.copy()
        up[j] += 1e-5
        down[j] -= 1e-5
        params = [dict(zip(("r", "alpha", "a", "b"), np.exp(th))) for th in (up, down)]
        slope = (_mbgnbd_ll(params[0], x, tx, T) - _mbgnbd_ll(params[1], x, tx, T)) / 2e-5
        assert abs(slope) / len(x) < 1e-5


def test_p_alive_of_a_one_time_buyer_is_below_one_by_hand():
    # P(alive | x=0, T) = 1 / (1 + a/b · ((alpha+T)/alpha)^r), with the published CDNOW parameters:
    # T = 38.86: ((6.183+38.86)/6.183)^0.525 = 7.28498^0.525 = 2.83645; a/b = 0.891/1.614 = 0.552045;
    # 1 / (1 + 0.552045 · 2.83645) = 1 / 2.56584 = 0.38974
    model = ModifiedBetaGeoModel(params=dict(BTYDPLUS_CDNOW))
    assert model.p_alive([0], [0], [38.86])[0] == pytest.approx(0.38974, abs=2e-5)
    # the older a one-time buyer, the likelier gone; BG/NBD says alive for sure at any age
    older = model.p_alive([0, 0, 0], [0, 0, 0], [10, 52, 104])
    assert older[0] > older[1] > older[2]
    assert list(BetaGeoModel(params=dict(BTYDPLUS_CDNOW)).p_alive([0, 0], [0, 0], [10, 104])) == [1.0, 1.0]


def test_predictions_match_lifetimes_modified_bg(cdnow_mbg):
    """lifetimes 0.11.3's ModifiedBetaGeoFitter, an independent implementation, with the same parameters."""
    from lifetimes import ModifiedBetaGeoFitter

    ref = ModifiedBetaGeoFitter()
    ref.params_ = pd.Series(cdnow_mbg.params)
    x = np.array([0, 0, 1, 2, 7, 20.0])
    tx = np.array([0, 0, 5.0, 30.43, 30.0, 38.0])
    T = np.array([5.0, 38.86, 38.86, 38.86, 38.86, 38.86])
    for t in (1.0, 39.0, 104.0):
        np.testing.assert_allclose(cdnow_mbg.expected_purchases(t, x, tx, T),
                                   ref.conditional_expected_number_of_purchases_up_to_time(t, x, tx, T), rtol=1e-7)
    np.testing.assert_allclose(cdnow_mbg.p_alive(x, tx, T), ref.conditional_probability_alive(x, tx, T), rtol=1e-7)


def test_a_new_customer_expects_the_closed_form():
    # E[X(t)] = b/(a-1) · [1 - (alpha/(alpha+t))^r · 2F1(r, b+1; a+b; t/(alpha+t))], evaluated with mpmath
    r, alpha, a, b = (BTYDPLUS_CDNOW[k] for k in ("r", "alpha", "a", "b"))
    model = ModifiedBetaGeoModel(params=dict(BTYDPLUS_CDNOW))
    for t in (2.0, 39.0, 78.0):
        exact = b / (a - 1) * (1 - (alpha / (alpha + t)) ** r * mpmath.hyp2f1(r, b + 1, a + b, t / (alpha + t)))
        assert model.expected_purchases_new([t])[0] == pytest.approx(float(exact), rel=1e-9)


def test_on_cdnow_most_lapsed_customers_are_no_longer_called_alive(cdnow_summary, cdnow_mbg):
    """CDNOW is the shape the issue met: 60% of the cohort bought once and most have been silent for
    months. BG/NBD calls every one-time buyer alive (the "average P(alive) 80%" a consultant must not say);
    MBG/NBD does not."""
    x, tx, T = (cdnow_summary[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T"))
    bg = fit_bgnbd(x, tx, T)
    alive_mbg, alive_bg = np.asarray(cdnow_mbg.p_alive(x, tx, T)), np.asarray(bg.p_alive(x, tx, T))
    one_time, silent = x == 0, T - tx > 26  # bought once; no purchase in the last half year
    assert one_time.mean() > 0.55 and silent.mean() > 0.6
    assert (alive_bg[one_time] == 1).all() and alive_bg.mean() > 0.8
    assert alive_mbg[one_time].mean() < 0.5 and alive_mbg[silent].mean() < 0.5 < alive_bg[silent].mean()
    assert alive_mbg.mean() < 0.5
    grid = p_alive_matrix(cdnow_mbg, max_frequency=2, max_weeks_since_last=10, T=30.0)
    assert grid.loc[grid["frequency"] == 0, "p_alive"].max() < 1  # the heatmap's row 0 is no longer all 100%
