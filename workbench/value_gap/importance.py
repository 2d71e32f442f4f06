"""Derived importance: how much each attribute's performance explains an overall measure.

Default: Johnson's (2000) relative weights. The predictors are replaced by their closest orthogonal
counterparts Z = X·R⁻½ (R the predictors' correlation matrix, R = VΛVᵀ, R½ = VΛ½Vᵀ); the outcome is regressed
on Z (β = R⁻½·r_xy) and each orthogonal variable's share is allocated back to the original predictors through
the squared loadings R½: ε_j = Σ_k (R½)²_jk β²_k. The raw weights sum to the model's R² and, unlike
regression coefficients, stay sensible when attributes are correlated — which satisfaction ratings always
are. The simple alternative is each attribute's correlation with the overall measure.

Minimum sample: Green (1991), N ≥ 50 + 8k for k predictors, so a weight is not noise.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from workbench.core.errors import WorkbenchError

__all__ = ["METHODS", "DERIVED_COLUMNS", "COMPARE_COLUMNS", "min_respondents", "relative_weights",
           "correlations", "derived_importance", "stated_vs_derived"]

METHODS: tuple[str, ...] = ("relative_weights", "correlation")
DERIVED_COLUMNS: tuple[str, ...] = ("attribute", "derived", "derived_share")
COMPARE_COLUMNS: tuple[str, ...] = (
    "attribute", "stated", "derived", "stated_rank", "derived_rank", "stated_third", "derived_third", "disagree",
)


def min_respondents(k: int) -> int:
    """Respondents needed for derived importance over ``k`` attributes (Green 1991: 50 + 8k)."""
    return 50 + 8 * int(k)


def _frame(X) -> pd.DataFrame:
    df = X if isinstance(X, pd.DataFrame) else pd.DataFrame(np.asarray(X, dtype=float))
    return df.astype(float)


def relative_weights(X, y) -> pd.Series:
    """Johnson's (2000) raw relative weights of the columns of ``X`` for ``y``; they sum to R².

    ``X`` is a DataFrame (or 2-D array) of complete numeric rows, ``y`` the outcome of the same rows. A column
    with no variation raises ``value_gap.error.no_variation`` naming it; fewer rows than columns + 2 raise
    ``value_gap.error.too_few``.
    """
    df = _frame(X)
    yv = np.asarray(y, dtype=float)
    if len(df) != len(yv):
        raise ValueError("X and y need the same number of rows")
    if df.isna().any().any() or np.isnan(yv).any():
        raise WorkbenchError("value_gap.error.missing_ratings")
    k = df.shape[1]
    if len(df) < k + 2:
        raise WorkbenchError("value_gap.error.too_few", n=len(df), needed=k + 2, k=k)
    flat = [str(c) for c, sd in df.std(ddof=1).items() if not sd > 0]
    if flat:
        raise WorkbenchError("value_gap.error.no_variation", attribute=", ".join(flat))
    if not np.std(yv) > 0:
        raise WorkbenchError("value_gap.error.no_variation", attribute="y")
    corr = np.corrcoef(np.column_stack([df.to_numpy(), yv]), rowvar=False)
    rxx, rxy = corr[:k, :k], corr[:k, k]
    evals, evecs = np.linalg.eigh(rxx)
    evals = np.clip(evals, 0.0, None)
    half = evecs @ np.diag(np.sqrt(evals)) @ evecs.T  # R½ (symmetric)
    beta = np.linalg.pinv(half) @ rxy  # the outcome on the orthogonal counterparts
    eps = (half ** 2) @ (beta ** 2)
    return pd.Series(eps, index=df.columns, name="relative_weight")


def correlations(X, y) -> pd.Series:
    """Pearson correlation of each column of ``X`` with ``y`` (the simple derived importance)."""
    df = _frame(X)
    yv = pd.Series(np.asarray(y, dtype=float), index=df.index)
    flat = [str(c) for c, sd in df.std(ddof=1).items() if not sd > 0]
    if flat:
        raise WorkbenchError("value_gap.error.no_variation", attribute=", ".join(flat))
    return df.apply(lambda col: col.corr(yv)).rename("correlation")


def _r2(X: pd.DataFrame, y: np.ndarray) -> float:
    A = np.column_stack([np.ones(len(X)), X.to_numpy()])
    coef, *_ = np.linalg.lstsq(A, y, rcond=None)
    resid = y - A @ coef
    return float(1 - resid @ resid / ((y - y.mean()) @ (y - y.mean())))


def derived_importance(wide: pd.DataFrame, outcome: pd.Series, method: str = "relative_weights") -> dict:
    """Derived importance of the attributes (columns of ``wide``: one row per respondent, performance
    ratings) for ``outcome`` (same index).

    Returns a dict: ``table`` (:data:`DERIVED_COLUMNS`; ``derived_share`` = the weight as a share of their
    sum), ``r2``, ``n_used`` (respondents with every rating and the outcome), ``n_dropped`` (the others),
    ``needed`` (:func:`min_respondents`), ``left_out`` (attributes with no variation, not used) and
    ``problem`` (a ``WorkbenchError`` when nothing could be derived, else None).
    """
    if method not in METHODS:
        raise WorkbenchError("value_gap.error.method", method=method)
    data = wide.join(outcome.rename("__y__"), how="inner")
    complete = data.dropna()
    out = {"table": pd.DataFrame(columns=list(DERIVED_COLUMNS)), "r2": np.nan, "n_used": len(complete),
           "n_dropped": len(data) - len(complete), "needed": min_respondents(wide.shape[1]), "left_out": [],
           "problem": None}
    X, y = complete.drop(columns="__y__"), complete["__y__"].to_numpy(dtype=float)
    flat = [c for c in X.columns if not X[c].std(ddof=1) > 0] if len(X) > 1 else []
    X = X.drop(columns=flat)
    out["left_out"], out["needed"] = [str(c) for c in flat], min_respondents(X.shape[1])
    if X.shape[1] == 0 or len(X) < out["needed"]:
        out["problem"] = WorkbenchError("value_gap.error.too_few_respondents", n=len(X), needed=out["needed"],
                                        k=X.shape[1])
        return out
    if not np.std(y) > 0:
        out["problem"] = WorkbenchError("value_gap.error.overall_flat")
        return out
    weights = relative_weights(X, y) if method == "relative_weights" else correlations(X, y)
    total = weights.clip(lower=0).sum()
    out["table"] = pd.DataFrame({"attribute": [str(c) for c in weights.index], "derived": weights.to_numpy(),
                                 "derived_share": (weights.clip(lower=0) / total).to_numpy() if total > 0
                                 else np.nan})
    out["r2"] = _r2(X, y)
    return out


def _thirds(rank: pd.Series) -> pd.Series:
    n = rank.notna().sum()
    return rank.map(lambda r: None if pd.isna(r) else "top" if r <= n / 3 else "bottom" if r > 2 * n / 3
                    else "middle")


def stated_vs_derived(stated: Mapping[str, float] | pd.Series, derived: pd.DataFrame) -> pd.DataFrame:
    """Stated importance (respondents' mean) beside derived importance, with ranks (1 = most important),
    thirds and ``disagree`` = top third by one and bottom third by the other (:data:`COMPARE_COLUMNS`)."""
    s = pd.Series(stated, dtype=float)
    d = derived.set_index("attribute")["derived"].astype(float) if len(derived) else pd.Series(dtype=float)
    names = [a for a in s.index if a in d.index]
    df = pd.DataFrame({"attribute": names, "stated": s.reindex(names).to_numpy(),
                       "derived": d.reindex(names).to_numpy()})
    df["stated_rank"] = df["stated"].rank(ascending=False, method="min")
    df["derived_rank"] = df["derived"].rank(ascending=False, method="min")
    df["stated_third"], df["derived_third"] = _thirds(df["stated_rank"]), _thirds(df["derived_rank"])
    df["disagree"] = [{a, b} == {"top", "bottom"} for a, b in zip(df["stated_third"], df["derived_third"])]
    return df[list(COMPARE_COLUMNS)].sort_values("derived_rank", kind="stable").reset_index(drop=True)
