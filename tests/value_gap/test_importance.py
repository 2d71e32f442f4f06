"""Derived importance: Johnson's relative weights against a published worked example and an independent
implementation of Johnson's original SVD formulation; correlation; the too-few and no-variation messages;
stated vs derived."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbench.core.errors import WorkbenchError
from workbench.value_gap import correlations, derived_importance, min_respondents, relative_weights, stated_vs_derived

# mtcars (Henderson & Velleman 1981, the R datasets package): mpg, cyl, disp, hp, gear of the 32 cars.
MPG = [21, 21, 22.8, 21.4, 18.7, 18.1, 14.3, 24.4, 22.8, 19.2, 17.8, 16.4, 17.3, 15.2, 10.4, 10.4, 14.7, 32.4,
       30.4, 33.9, 21.5, 15.5, 15.2, 13.3, 19.2, 27.3, 26, 30.4, 15.8, 19.7, 15, 21.4]
CYL = [6, 6, 4, 6, 8, 6, 8, 4, 4, 6, 6, 8, 8, 8, 8, 8, 8, 4, 4, 4, 4, 8, 8, 8, 8, 4, 4, 4, 8, 6, 8, 4]
DISP = [160, 160, 108, 258, 360, 225, 360, 146.7, 140.8, 167.6, 167.6, 275.8, 275.8, 275.8, 472, 460, 440, 78.7,
        75.7, 71.1, 120.1, 318, 304, 350, 400, 79, 120.3, 95.1, 351, 145, 301, 121]
HP = [110, 110, 93, 110, 175, 105, 245, 62, 95, 123, 123, 180, 180, 180, 205, 215, 230, 66, 52, 65, 97, 150, 150,
      245, 175, 66, 91, 113, 264, 175, 335, 109]
GEAR = [4, 4, 4, 3, 3, 3, 3, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 4, 4, 4, 3, 3, 3, 3, 3, 4, 5, 5, 5, 5, 5, 4]


def test_relative_weights_match_the_published_mtcars_example():
    """M. Chan, rwa (R package) README, "Basic example": rwa(mtcars, "mpg", c("cyl", "disp", "hp", "gear"))
    prints raw relative weights 0.2284797, 0.2221469, 0.2321744, 0.0963886 and R² 0.7791896."""
    X = pd.DataFrame({"cyl": CYL, "disp": DISP, "hp": HP, "gear": GEAR})
    w = relative_weights(X, MPG)
    assert list(w.index) == ["cyl", "disp", "hp", "gear"]
    assert w.to_numpy() == pytest.approx([0.2284797, 0.2221469, 0.2321744, 0.0963886], abs=5e-7)
    assert w.sum() == pytest.approx(0.7791896, abs=5e-7)


def _johnson_svd(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Johnson (2000) as first written: standardise, X = PΔQᵀ, Z = PQᵀ; regress y on Z (β) and X on Z (Λ);
    ε_j = Σ_k Λ²_jk β²_k."""
    Xs = (X - X.mean(0)) / X.std(0, ddof=1)
    ys = (y - y.mean()) / y.std(ddof=1)
    P, _, Qt = np.linalg.svd(Xs, full_matrices=False)
    Z = P @ Qt
    Z = Z / Z.std(0, ddof=1)
    beta = np.linalg.lstsq(Z, ys, rcond=None)[0]
    lam = np.linalg.lstsq(Z, Xs, rcond=None)[0]  # column j: X_j on Z
    return (lam.T ** 2) @ (beta ** 2)


def test_relative_weights_agree_with_the_svd_formulation_and_sum_to_r2():
    rng = np.random.default_rng(4)
    base = rng.normal(size=(300, 1))
    X = base + rng.normal(size=(300, 5)) * np.array([0.3, 0.5, 1.0, 2.0, 0.8])  # correlated attributes
    y = X @ np.array([0.5, 0.1, 0.3, 0.0, 0.2]) + rng.normal(size=300)
    w = relative_weights(X, y)
    assert w.to_numpy() == pytest.approx(_johnson_svd(X, y), rel=1e-6)
    A = np.column_stack([np.ones(len(X)), X])
    resid = y - A @ np.linalg.lstsq(A, y, rcond=None)[0]
    r2 = 1 - resid @ resid / ((y - y.mean()) @ (y - y.mean()))
    assert w.sum() == pytest.approx(r2, rel=1e-9)


def test_bad_input_is_named():
    X = pd.DataFrame({"taste": [1, 2, 3, 4, 5, 6], "price": [3, 3, 3, 3, 3, 3]})
    with pytest.raises(WorkbenchError) as err:
        relative_weights(X, [1, 2, 3, 4, 6, 5])
    assert err.value.key == "value_gap.error.no_variation" and err.value.params["attribute"] == "price"
    with pytest.raises(WorkbenchError) as err:
        relative_weights(X.iloc[:3, :1].assign(b=[1, 2, 4]), [1, 2, 3])
    assert err.value.key == "value_gap.error.too_few" and err.value.params["needed"] == 4
    with pytest.raises(WorkbenchError):
        relative_weights(X.assign(price=[1, 2, np.nan, 4, 5, 6]), [1, 2, 3, 4, 5, 6])


def test_correlation_is_pearson():
    X = pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [4.0, 3, 2, 1]})
    r = correlations(X, [1, 2, 3, 5])
    assert r["a"] == pytest.approx(np.corrcoef([1, 2, 3, 4], [1, 2, 3, 5])[0, 1])
    assert r["b"] == pytest.approx(-r["a"])


def _respondents(n, k, rng):
    X = pd.DataFrame(rng.integers(1, 8, size=(n, k)).astype(float), columns=[f"a{i}" for i in range(k)],
                     index=[f"R{i}" for i in range(n)])
    y = (X.mean(axis=1) + rng.normal(0, 0.5, n)).round()
    return X, y


def test_too_few_respondents_says_how_many_are_needed():
    rng = np.random.default_rng(1)
    X, y = _respondents(60, 3, rng)
    out = derived_importance(X, y)
    assert min_respondents(3) == 74  # Green (1991): 50 + 8k
    assert out["problem"].key == "value_gap.error.too_few_respondents"
    assert out["problem"].params == {"n": 60, "needed": 74, "k": 3}
    assert out["table"].empty


def test_flat_attribute_is_left_out_and_missing_ratings_dropped():
    rng = np.random.default_rng(2)
    X, y = _respondents(120, 3, rng)
    X["flat"] = 5.0
    X.iloc[:7, 0] = np.nan
    out = derived_importance(X, y)
    assert out["left_out"] == ["flat"]
    assert (out["n_used"], out["n_dropped"]) == (113, 7)
    assert out["problem"] is None and list(out["table"]["attribute"]) == ["a0", "a1", "a2"]
    assert out["table"]["derived"].sum() == pytest.approx(out["r2"], rel=1e-9)
    assert out["table"]["derived_share"].sum() == pytest.approx(1.0)


def test_stated_vs_derived_points_out_disagreement():
    stated = pd.Series({"price": 6.5, "taste": 6.0, "speed": 5.0, "app": 4.0, "staff": 3.0, "music": 2.0})
    derived = pd.DataFrame({"attribute": ["price", "taste", "speed", "app", "staff", "music"],
                            "derived": [0.01, 0.20, 0.05, 0.04, 0.30, 0.02]})
    df = stated_vs_derived(stated, derived).set_index("attribute")
    # price: stated rank 1 (top third), derived rank 6 (bottom) -> disagree; staff: stated 5th, derived 1st
    assert df.loc["price", ["stated_third", "derived_third"]].tolist() == ["top", "bottom"]
    assert bool(df.loc["price", "disagree"]) and bool(df.loc["staff", "disagree"])
    assert not df.loc[["taste", "speed", "app", "music"], "disagree"].any()
    assert df.index[0] == "staff"  # ordered by derived rank
