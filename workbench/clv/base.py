"""What every CLV model shares: input validation, the distinct-history compression that makes a million
customers fit in a second, the bounded optimiser and standard errors, and the base class of fitted models.

Fits never raise on odd data: parameters are bounded (log-parameters in ``[-15, 15]``), iterations are
capped, and problems are recorded in ``model.warnings`` as ``(message_key, data)`` pairs for the UI to
translate. Bad *inputs* (NaN, negative counts, recency > T) raise ``ValueError`` naming the argument.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import optimize

__all__ = ["WEEKS_PER_MONTH", "LOG_PARAM_BOUND", "WARNING_KEYS", "limit_blas_threads"]

WEEKS_PER_MONTH: float = 365.25 / 7 / 12  # 4.348 weeks in an average month
LOG_PARAM_BOUND: float = 15.0  # fitted parameters stay within [e^-15, e^15]
_MAX_ITER = 1000
_BOUND_TOL = 1e-6
_FEW_CUSTOMERS = 30  # below this the estimates are mostly noise; say so

Warning_ = tuple[str, dict[str, Any]]

# Every key a model may put in ``model.warnings``, with the data it carries (catalog placeholders).
WARNING_KEYS: dict[str, tuple[str, ...]] = {
    "clv.warn.not_converged": ("iterations",),  # not scipy's message: English, not for the page
    "clv.warn.param_at_bound": ("params", "bound"),
    "clv.warn.no_customers": (),
    "clv.warn.no_repeat_purchases": ("n_customers",),
    "clv.warn.few_customers": ("n_customers", "minimum"),
    "clv.warn.non_positive_spend_excluded": ("n_rows",),
    "clv.warn.no_spend_data": (),
}


# --------------------------------------------------------------------------------------------------
# input validation


def _as_float_array(name: str, values: Any) -> np.ndarray:
    """A 1-d float array, or a ValueError naming the argument when it holds NaN/inf or non-numbers."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric") from exc
    arr = np.atleast_1d(arr)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


def _spend_inputs(frequency, monetary_value) -> tuple[np.ndarray, np.ndarray, int]:
    """Validated (frequency, monetary_value) arrays of one common length, for the spend model."""
    x = _as_float_array("frequency", frequency)
    m = _as_float_array("monetary_value", monetary_value)
    n = _same_length(frequency=x, monetary_value=m)
    x, m = np.broadcast_to(x, (n,)), np.broadcast_to(m, (n,))
    if np.any(x < 0):
        raise ValueError("frequency must be >= 0")
    return x, m, n


def _same_length(**arrays: np.ndarray) -> int:
    lengths = {name: len(arr) for name, arr in arrays.items()}
    n = max(lengths.values())
    for name, length in lengths.items():
        if length not in (1, n):
            raise ValueError(f"{name} has length {length}, expected {n}")
    return n


def _rfm_arrays(frequency: Any, recency: Any, T: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validated (frequency, recency, T) broadcast to one length."""
    x = _as_float_array("frequency", frequency)
    tx = _as_float_array("recency", recency)
    TT = _as_float_array("T", T)
    n = _same_length(frequency=x, recency=tx, T=TT)
    x, tx, TT = (np.broadcast_to(v, (n,)) for v in (x, tx, TT))
    if np.any(x < 0):
        raise ValueError("frequency must be >= 0")
    if np.any(tx < 0):
        raise ValueError("recency must be >= 0")
    if np.any(TT < 0):
        raise ValueError("T must be >= 0")
    if np.any(tx > TT * (1 + 1e-9) + 1e-9):
        raise ValueError("recency must not exceed T")
    return x, tx, TT


def _weights_array(weights: Any, n: int) -> np.ndarray | None:
    if weights is None:
        return None
    w = _as_float_array("weights", weights)
    if len(w) != n:
        raise ValueError(f"weights has length {len(w)}, expected {n}")
    if np.any(w < 0):
        raise ValueError("weights must be >= 0")
    return w


def _like(template: Any, values: np.ndarray, name: str) -> Any:
    """Return a Series carrying the caller's index when the caller passed a Series, else the array."""
    if isinstance(template, pd.Series) and len(template) == len(values):
        return pd.Series(values, index=template.index, name=name)
    return values


def _distinct(columns: list[np.ndarray], weights: np.ndarray | None, return_inverse: bool = False):
    """Distinct rows of ``columns`` with summed weights, as per-column uniques plus codes.

    Returns ``(uniques, codes, counts)``: ``uniques[k]`` are the distinct values of column k,
    ``codes[k][i]`` indexes them for distinct row i, and ``counts[i]`` is the total weight of the
    distinct row; with ``return_inverse`` also the distinct row of every input row. Sorting one
    int64 key is far cheaper than ``np.unique(axis=0)`` on 1M rows.
    """
    uniques, inverses = [], []
    for col in columns:
        # hashing then sorting only the distinct values: the same result as np.unique(return_inverse=True),
        # several times faster on columns with few distinct values (counts, weeks at daily resolution)
        inv, u = pd.factorize(np.asarray(col), sort=True)
        uniques.append(np.asarray(u))
        inverses.append(inv.astype(np.int64))
    sizes = [len(u) for u in uniques]
    if int(np.prod([max(s, 1) for s in sizes], dtype=object)) >= 2**62:
        # too many combinations for one int64 key: the slower row-wise unique
        rows, inv = np.unique(np.stack(inverses, axis=1), axis=0, return_inverse=True)
        inv = inv.ravel()
        counts = np.bincount(inv, weights=weights, minlength=len(rows)).astype(float)
        codes = [rows[:, k] for k in range(len(columns))]
        return (uniques, codes, counts, inv) if return_inverse else (uniques, codes, counts)
    key = np.zeros(len(columns[0]), dtype=np.int64)
    for inv, size in zip(inverses, sizes):
        key = key * size + inv
    inv = None
    if weights is None and not return_inverse:
        ukey, counts = np.unique(key, return_counts=True)
        counts = counts.astype(float)
    else:
        ukey, inv = np.unique(key, return_inverse=True)
        counts = np.bincount(inv, weights=weights, minlength=len(ukey)).astype(float)
    codes = []
    for size in reversed(sizes):
        codes.append(ukey % size)
        ukey = ukey // size
    if return_inverse:
        return uniques, codes[::-1], counts, inv
    return uniques, codes[::-1], counts


def limit_blas_threads() -> None:
    """Keep BLAS (numpy's and scipy's OpenBLAS) to one thread in this process; call once at start.

    The fits are long 1-d vector operations plus an optimiser over four parameters; each small BLAS call of
    the optimiser wakes the BLAS thread pool, whose threads then spin: measured on the benchmark, the fits
    used 6 CPU-seconds for 3 s of work on two cores (2.2 with one BLAS thread), CPU taken from DuckDB and
    from the fits running beside them. The command and the app's server both call this.
    """
    import scipy.optimize  # noqa: F401  (load scipy's own BLAS copy too, so the limit reaches it)
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def _dot(u: np.ndarray, v: np.ndarray) -> float:
    """Inner product of two 1-d float arrays, without BLAS: for long vectors ``@`` (and ``np.vdot``) call
    OpenBLAS, whose threads keep spinning after each call and took twice the CPU of the fit itself."""
    return float(np.einsum("i,i->", u, v))


# --------------------------------------------------------------------------------------------------
# shared model machinery


@dataclass
class _BaseModel:
    """What every fitted model shares: parameters, fit diagnostics, warnings and ``summary()``.

    ``params`` maps parameter name to estimate; ``log_std_errors`` holds standard errors of the
    log-parameters (from a numerical Hessian), used for the bounds in ``summary()``. ``warnings``
    is a list of ``(message_key, data)`` for the UI's catalog.
    """

    params: dict[str, float]
    log_likelihood: float = float("nan")
    n_customers: float = 0.0
    converged: bool = True
    iterations: int = 0
    warnings: list[Warning_] = field(default_factory=list)
    log_std_errors: dict[str, float] = field(default_factory=dict)

    _param_names: ClassVar[tuple[str, ...]] = ()

    def summary(self) -> pd.DataFrame:
        """Estimates with standard errors and 95% bounds (computed on the log scale, so positive)."""
        with np.errstate(all="ignore"):
            rows = self._summary_rows()
        return pd.DataFrame(rows).set_index("param")

    def _summary_rows(self) -> list[dict[str, Any]]:
        rows = []
        for name in self._param_names:
            est = self.params.get(name, np.nan)
            se_log = self.log_std_errors.get(name, np.nan)
            rows.append(
                {
                    "param": name,
                    "estimate": est,
                    "std_error": est * se_log,  # delta method: se(p) = p * se(log p)
                    "lower_95": est * np.exp(-1.96 * se_log),
                    "upper_95": est * np.exp(1.96 * se_log),
                }
            )
        return rows


def _optimise(fun, x0: np.ndarray, names: tuple[str, ...]):
    """Minimise ``fun`` (value and gradient) over log-parameters within ``±LOG_PARAM_BOUND``.

    Keeps the best finite point seen, so a failed line search still yields an estimate. Returns
    ``(theta, converged, iterations, warnings)``.
    """
    best = {"f": np.inf, "theta": np.array(x0, dtype=float)}

    def wrapped(theta):
        with np.errstate(all="ignore"):
            f, g = fun(theta)
        if not np.isfinite(f) or not np.all(np.isfinite(g)):
            return 1e100, np.zeros_like(theta)
        if f < best["f"]:
            best["f"], best["theta"] = f, theta.copy()
        return f, g

    bounds = [(-LOG_PARAM_BOUND, LOG_PARAM_BOUND)] * len(x0)
    res = optimize.minimize(
        wrapped,
        x0,
        jac=True,
        method="L-BFGS-B",
        bounds=bounds,
        options={"maxiter": _MAX_ITER, "ftol": 1e-14, "gtol": 1e-9},
    )
    theta = best["theta"]
    warns: list[Warning_] = []
    # "ABNORMAL" line-search endings at a flat optimum are common in float arithmetic; judge
    # convergence by the gradient instead of the status flag alone.
    _, grad = wrapped(theta)
    interior = np.abs(theta) < LOG_PARAM_BOUND - _BOUND_TOL
    grad_ok = bool(np.all(np.abs(grad[interior]) < 1e-4))
    converged = bool(res.success or grad_ok) and res.nit < _MAX_ITER
    if not converged:
        warns.append(
            ("clv.warn.not_converged", {"iterations": int(res.nit)})
        )
    at_bound = [n for n, th in zip(names, theta) if abs(th) >= LOG_PARAM_BOUND - _BOUND_TOL]
    if at_bound:
        warns.append(
            ("clv.warn.param_at_bound", {"params": ", ".join(at_bound), "bound": LOG_PARAM_BOUND})
        )
    return theta, converged, int(res.nit), warns


def _log_std_errors(grad_fun, theta: np.ndarray, total_weight: float) -> np.ndarray:
    """Standard errors of the log-parameters from a central-difference Hessian of the mean NLL."""
    k = len(theta)
    hess = np.empty((k, k))
    for j in range(k):
        h = 1e-5 * max(1.0, abs(theta[j]))
        up, down = theta.copy(), theta.copy()
        up[j] += h
        down[j] -= h
        with np.errstate(all="ignore"):
            hess[:, j] = (grad_fun(up)[1] - grad_fun(down)[1]) / (2 * h)
    hess = (hess + hess.T) / 2 * total_weight  # mean NLL -> total NLL
    if not np.all(np.isfinite(hess)):
        return np.full(k, np.nan)
    try:
        cov = np.linalg.inv(hess)
    except np.linalg.LinAlgError:
        return np.full(k, np.nan)
    var = np.diag(cov)
    with np.errstate(all="ignore"):
        return np.where(np.isfinite(var) & (var > 0), np.sqrt(np.abs(var)), np.nan)


def _count(total: float) -> int | float:
    """Customer counts for messages: whole numbers as int (weights may make them fractional)."""
    return int(total) if float(total).is_integer() else total


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    order = np.argsort(values)
    cum = np.cumsum(weights[order])
    if cum[-1] <= 0:
        return float("nan")
    return float(values[order][np.searchsorted(cum, cum[-1] / 2)])
