"""Customer lifetime value: BG/NBD purchases, Gamma-Gamma spend, discounted CLV and model checks.

Pure logic (numpy/scipy/pandas only). The conventions follow ``lifetimes`` so analysts recognise them:
``frequency`` is the number of *repeat* purchases, ``recency`` the time from the first to the last
purchase, ``T`` the time from the first purchase to the end of the observation window, all in the
model's time unit. The app uses **weeks** as the model's time unit and **months** for CLV horizons
(``WEEKS_PER_MONTH`` converts between them).

References
----------
- Fader, Hardie & Lee (2005), "Counting your customers the easy way: an alternative to the
  Pareto/NBD model", Marketing Science 24(2) -- BG/NBD likelihood (eq. 6) and conditional
  expectation (eq. 10).
- Fader & Hardie (2013), "The Gamma-Gamma model of monetary value", brucehardie.com/notes/025.

Fits never raise on odd data: parameters are bounded (log-parameters in ``[-15, 15]``), iterations are
capped, and problems are recorded in ``model.warnings`` as ``(message_key, data)`` pairs for the UI to
translate. Bad *inputs* (NaN, negative counts, recency > T) raise ``ValueError`` naming the argument.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import optimize, special

__all__ = [
    "limit_blas_threads",
    "WEEKS_PER_MONTH",
    "LOG_PARAM_BOUND",
    "WARNING_KEYS",
    "BetaGeoModel",
    "GammaGammaModel",
    "HoldoutCheck",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "clv",
    "simple_clv",
    "customer_predictions",
    "PREDICTION_COLUMNS",
    "calibration_holdout",
    "cumulative_holdout",
    "p_alive_matrix",
    "frequency_bucket",
]

WEEKS_PER_MONTH: float = 365.25 / 7 / 12  # 4.348 weeks in an average month
LOG_PARAM_BOUND: float = 15.0  # fitted parameters stay within [e^-15, e^15]
_MAX_ITER = 1000
_BOUND_TOL = 1e-6
_A_NEAR_ONE = 1e-4  # eq. 10 is 0/0 at a = 1; interpolate across [1-h, 1+h]
_SERIES_MAX_TERMS = 200_000
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


# --------------------------------------------------------------------------------------------------
# BG/NBD


def _euler_tail(t, x, T, r, alpha, a, b):
    """``(1-z)^(r+x) 2F1(r+x, b+x; a+b+x-1; z)``, z = t/(alpha+T+t), evaluated stably.

    Euler's transformation turns it into ``(1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z)``: the same
    value without the huge ``2F1`` (~(1-z)^-(x+r)) that overflows for frequent customers and long
    horizons. The two forms' ``c-a-b`` are ``x+r+1-a`` and ``a-1-r-x``; one of them is >= 0 and so
    stays bounded as z -> 1. Where scipy's ``hyp2f1`` gives inf/nan for the Euler form (large a),
    the untransformed form is used, and failing that the series is summed directly.
    """
    t, x, T = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (t, x, T)))
    log1mz = np.log(alpha + T) - np.log(alpha + T + t)
    z = -np.expm1(log1mz)
    c = a + b + x - 1
    with np.errstate(all="ignore"):
        out = np.exp((a - 1) * log1mz) * special.hyp2f1(a + b - 1 - r, a - 1, c, z)
        bad = ~np.isfinite(out)
        if np.any(bad):
            out = np.array(out, dtype=float, copy=True)
            xb, cb, zb, lb = x[bad], c[bad], z[bad], log1mz[bad]
            direct = np.exp((r + xb) * lb) * special.hyp2f1(r + xb, b + xb, cb, zb)
            still = ~np.isfinite(direct)
            if np.any(still):
                direct[still] = np.exp((a - 1) * lb[still]) * _hyp2f1_series(
                    a + b - 1 - r, a - 1, cb[still], zb[still]
                )
            out[bad] = direct
        return out


def _hyp2f1_series(A: float, B: float, c: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Plain Gauss series for ``2F1(A, B; c; z)``, 0 <= z < 1, used only when scipy gives inf/nan."""
    total = np.ones_like(z)
    term = np.ones_like(z)
    active = np.ones(z.shape, dtype=bool)
    for n in range(_SERIES_MAX_TERMS):
        term = np.where(active, term * (A + n) * (B + n) / ((c + n) * (n + 1)) * z, 0.0)
        total = total + term
        active &= np.abs(term) > 1e-16 * np.abs(total)
        if not active.any():
            break
    return total


def _alive_future(t, x, T, r, alpha, a, b):
    """E[purchases in (T, T+t] | still alive at T, x] = (a+b+x-1)/(a-1) * (1 - euler_tail).

    The ratio is 0/0 at a = 1; near it we interpolate linearly between a = 1 -/+ h, where both
    values are well conditioned (the function is smooth in a, so the error is O(h^2)).
    """
    x = np.asarray(x, dtype=float)
    if abs(a - 1) < _A_NEAR_ONE:
        lo = _alive_future_raw(t, x, T, r, alpha, 1 - _A_NEAR_ONE, b)
        hi = _alive_future_raw(t, x, T, r, alpha, 1 + _A_NEAR_ONE, b)
        w = (a - (1 - _A_NEAR_ONE)) / (2 * _A_NEAR_ONE)
        return lo + w * (hi - lo)
    return _alive_future_raw(t, x, T, r, alpha, a, b)


def _alive_future_raw(t, x, T, r, alpha, a, b):
    return (a + b + x - 1) / (a - 1) * (1 - _euler_tail(t, x, T, r, alpha, a, b))


def _alive_future_distinct(t, x, T, r, alpha, a, b):
    """``_alive_future`` on 1-d arrays of one length, evaluated once per distinct (t, x, T).

    The hypergeometric term is by far the most expensive part of a prediction, and it does not depend
    on recency: a million customers have about 750k distinct (x, t_x, T) histories over three years at
    daily resolution but only about 57k distinct (x, T) pairs. The values are the same element by
    element as evaluating every row (each row's arithmetic is unchanged).
    """
    if len(x) < 64:  # not worth the sorting
        return _alive_future(t, x, T, r, alpha, a, b)
    (t_u, x_u, T_u), (it, ix, iT), _, inverse = _distinct([t, x, T], None, return_inverse=True)
    return _alive_future(t_u[it], x_u[ix], T_u[iT], r, alpha, a, b)[inverse]


def _p_alive(x, tx, T, r, alpha, a, b):
    """P(alive | x, t_x, T) = 1 / (1 + [x>0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x)), in logs."""
    x, tx, T = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (x, tx, T)))
    with np.errstate(all="ignore"):
        log_odds_dead = (
            np.log(a)
            - np.log(np.where(x > 0, b + x - 1, 1.0))
            + (r + x) * (np.log(alpha + T) - np.log(alpha + tx))
        )
    return np.where(x > 0, special.expit(-log_odds_dead), 1.0)


@dataclass
class BetaGeoModel(_BaseModel):
    """A fitted BG/NBD model: ``params`` has r, alpha (purchase rate) and a, b (dropout).

    Time is in the unit of the data it was fitted on (weeks in the app). ``median_T`` is the
    weighted median customer age in the fit data, the default "typical customer" for ``p_alive_matrix``.
    """

    median_T: float = float("nan")
    _param_names: ClassVar[tuple[str, ...]] = ("r", "alpha", "a", "b")

    def _p(self):
        return tuple(float(self.params[k]) for k in self._param_names)

    def expected_purchases(self, t, frequency, recency, T):
        """Expected purchases in the next ``t`` periods for a customer with history (x, t_x, T).

        Eq. (10) of Fader, Hardie & Lee (2005): P(alive) times the expected purchases of a live
        customer, with the hypergeometric term evaluated via Euler's transformation (see
        ``_euler_tail``) so it stays finite for very frequent customers and long horizons.
        """
        x, tx, TT = _rfm_arrays(frequency, recency, T)
        tt = _as_float_array("t", t)
        _same_length(t=tt, frequency=x)
        if np.any(tt < 0):
            raise ValueError("t must be >= 0")
        r, alpha, a, b = self._p()
        n = max(len(tt), len(x))
        tt, x, tx, TT = (np.broadcast_to(v, (n,)) for v in (tt, x, tx, TT))
        with np.errstate(all="ignore"):
            out = _p_alive(x, tx, TT, r, alpha, a, b) * _alive_future_distinct(tt, x, TT, r, alpha, a, b)
        return _like(frequency, np.asarray(out, dtype=float), "expected_purchases")

    def p_alive(self, frequency, recency, T):
        """Probability the customer has not dropped out by T; 1 for customers with no repeat purchase."""
        x, tx, TT = _rfm_arrays(frequency, recency, T)
        r, alpha, a, b = self._p()
        return _like(frequency, _p_alive(x, tx, TT, r, alpha, a, b), "p_alive")

    def expected_purchases_new(self, t):
        """Unconditional E[X(t)]: repeat purchases a newly acquired customer makes in (0, t].

        Eq. (9) of the paper; it is eq. (10) with x = t_x = T = 0, which is how it is computed.
        """
        tt = _as_float_array("t", t)
        if np.any(tt < 0):
            raise ValueError("t must be >= 0")
        r, alpha, a, b = self._p()
        with np.errstate(all="ignore"):
            out = _alive_future(tt, 0.0, 0.0, r, alpha, a, b)
        return _like(t, np.asarray(out, dtype=float), "expected_purchases")


class _BgnbdLikelihood:
    """Mean negative log-likelihood of the BG/NBD and its gradient in log-parameters.

    Works on distinct (x, t_x, T) rows with counts. Everything that depends only on the data
    (logs of T, t_x, per-x groupings) is prepared once; an evaluation is a few vector operations.
    Per customer (Fader, Hardie & Lee 2005, eq. 6, in logs):

        ll = lnG(r+x) - lnG(r) + r ln(alpha) + lnB(a, b+x) - lnB(a, b)
             + logsumexp( -(r+x) ln(alpha+T),
                          [x>0] (ln a - ln(b+x-1) - (r+x) ln(alpha+t_x)) )
    """

    def __init__(self, x_u, tx_u, T_u, codes, counts, penalizer):
        ix, itx, iT = codes
        self.x_u, self.tx_u, self.T_u = x_u, tx_u, T_u
        self.w = counts
        self.W = counts.sum()
        self.wx = np.bincount(ix, weights=counts, minlength=len(x_u))  # weight per distinct x
        self.penalizer = penalizer
        # customers without a repeat purchase contribute -(r) ln(alpha+T) only: per distinct T
        rep = x_u[ix] > 0
        self.wT0 = np.bincount(iT[~rep], weights=counts[~rep], minlength=len(T_u))
        # the others (x > 0) need the two-branch sum row by row
        self.r_ix, self.r_itx, self.r_iT = ix[rep], itx[rep], iT[rep]
        self.r_w = counts[rep]
        self.r_wx = counts[rep] * x_u[ix[rep]]
        self.r_x = x_u[ix[rep]]

    def __call__(self, theta):
        r, alpha, a, b = np.exp(theta)
        xu, wx = self.x_u, self.wx
        w, wxr = self.r_w, self.r_wx
        # Times enter as ln(alpha+T) = ln(alpha) + ln(1 + T/alpha): the ln(alpha) parts cancel exactly with
        # the r ln(alpha) term (and in the gradients), which keeps precision when alpha and r are huge, as
        # on data that pushes the fit to the edge of the parameter space.
        lT_u = np.log1p(self.T_u / alpha)
        ltx_u = np.log1p(self.tx_u / alpha)
        jT_u = self.T_u / (alpha * (alpha + self.T_u))  # 1/alpha - 1/(alpha+T)
        jtx_u = self.tx_u / (alpha * (alpha + self.tx_u))
        iT_u = 1.0 / (alpha + self.T_u)
        itx_u = 1.0 / (alpha + self.tx_u)
        bx1_u = np.where(xu > 0, b + xu - 1, 1.0)
        c_u = np.log(a) - np.log(bx1_u)
        # rows with x > 0: L = logsumexp(A3, A4) with A3 = -(r+x) ln(alpha+T) and
        # A4 = ln a - ln(b+x-1) - (r+x) ln(alpha+t_x); with d = A4 - A3, L = A3 + ln(1 + e^d) and the
        # share of the "dropped out right after the last purchase" branch is pi4 = expit(d)
        lT = lT_u[self.r_iT]
        diff = ltx_u[self.r_itx] - lT
        d = c_u[self.r_ix] - (r + self.r_x) * diff
        e = np.exp(-np.abs(d))
        softplus = np.maximum(d, 0.0) + np.log1p(e)  # ln(1 + e^d) without overflow
        inv = 1.0 / (1.0 + e)
        wpi4 = w * np.where(d >= 0, inv, e * inv)  # w * expit(d)
        s_wlT, s_wxlT = _dot(w, lT), _dot(wxr, lT)
        s_wT0 = _dot(self.wT0, lT_u)
        sum_x = _dot(wx, xu)
        per_x = (
            special.gammaln(r + xu)
            - special.gammaln(r)
            + special.betaln(a, b + xu)
            - special.betaln(a, b)
        )
        # + W r ln(alpha) - sum (r+x) ln(alpha) = - sum x ln(alpha)
        ll = _dot(wx, per_x) - sum_x * np.log(alpha) - r * (s_wlT + s_wT0) - s_wxlT + _dot(w, softplus)
        # gradients in natural parameters
        s_pi4 = float(wpi4.sum())
        dr = _dot(wx, special.digamma(r + xu) - special.digamma(r)) - s_wT0 - s_wlT - _dot(wpi4, diff)
        jT = jT_u[self.r_iT]
        iT = iT_u[self.r_iT]
        dalpha = (
            r * (_dot(self.wT0, jT_u) + _dot(w, jT) + _dot(wpi4, jtx_u[self.r_itx] - jT))
            - _dot(wxr, iT) - _dot(wpi4 * self.r_x, itx_u[self.r_itx] - iT)
        )
        psi_ab = special.digamma(a + b)
        psi_abx = special.digamma(a + b + xu)
        da = _dot(wx, psi_ab - psi_abx) + s_pi4 / a
        db = _dot(wx, special.digamma(b + xu) - psi_abx - special.digamma(b) + psi_ab) - _dot(
            wpi4, (1.0 / bx1_u)[self.r_ix]
        )
        p = np.array([r, alpha, a, b])
        grad_nat = np.array([dr, dalpha, da, db])
        f = -ll / self.W + self.penalizer * np.sum(p**2)
        g = -grad_nat * p / self.W + self.penalizer * 2 * p**2
        return f, g

    def log_likelihood(self, theta) -> float:
        f, _ = self(theta)
        r, alpha, a, b = np.exp(theta)
        return float(-(f - self.penalizer * (r**2 + alpha**2 + a**2 + b**2)) * self.W)


def _count(total: float) -> int | float:
    """Customer counts for messages: whole numbers as int (weights may make them fractional)."""
    return int(total) if float(total).is_integer() else total


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    order = np.argsort(values)
    cum = np.cumsum(weights[order])
    if cum[-1] <= 0:
        return float("nan")
    return float(values[order][np.searchsorted(cum, cum[-1] / 2)])


def fit_bgnbd(frequency, recency, T, weights=None, penalizer: float = 0.0) -> BetaGeoModel:
    """Fit the BG/NBD model by maximum likelihood on log-parameters.

    Parameters
    ----------
    frequency, recency, T : array-like
        Repeat purchases, time of last purchase and customer age, per customer (or per distinct
        pattern when ``weights`` are given), in one time unit (weeks in the app).
    weights : array-like, optional
        Number of customers with each row's pattern. Without it, duplicate rows are counted here,
        which is what makes a million customers fit in well under a second.
    penalizer : float
        L2 penalty on the parameters, added to the mean negative log-likelihood (as ``lifetimes``).

    Returns
    -------
    BetaGeoModel
        Never raises on odd data: see ``model.warnings`` and ``model.converged``.
    """
    x, tx, TT = _rfm_arrays(frequency, recency, T)
    w = _weights_array(weights, len(x))
    if not np.isfinite(penalizer) or penalizer < 0:
        raise ValueError("penalizer must be a finite number >= 0")
    # the likelihood ignores recency when x == 0; lifetimes data may carry any value there
    tx = np.where(x > 0, tx, 0.0)
    if w is not None:
        keep = w > 0
        x, tx, TT, w = x[keep], tx[keep], TT[keep], w[keep]
    warns: list[Warning_] = []
    if len(x) == 0:
        nan = float("nan")
        return BetaGeoModel(
            params={"r": nan, "alpha": nan, "a": nan, "b": nan},
            converged=False,
            warnings=[("clv.warn.no_customers", {})],
        )
    (x_u, tx_u, T_u), codes, counts = _distinct([x, tx, TT], w)
    nll = _BgnbdLikelihood(x_u, tx_u, T_u, codes, counts, float(penalizer))
    total = float(counts.sum())
    n_repeat = float(counts[x_u[codes[0]] > 0].sum())
    if n_repeat == 0:
        warns.append(("clv.warn.no_repeat_purchases", {"n_customers": _count(total)}))
    if total < _FEW_CUSTOMERS:
        warns.append(
            ("clv.warn.few_customers", {"n_customers": _count(total), "minimum": _FEW_CUSTOMERS})
        )
    # start from r = a = b = 1 and alpha on the scale of the data's time unit
    scale = float(np.average(T_u[codes[2]], weights=counts)) or 1.0
    x0 = np.array([0.0, np.clip(np.log(scale), -5, 5), 0.0, 0.0])
    theta, converged, nit, opt_warns = _optimise(nll, x0, ("r", "alpha", "a", "b"))
    warns.extend(opt_warns)
    se = _log_std_errors(nll, theta, total)
    names = ("r", "alpha", "a", "b")
    return BetaGeoModel(
        params=dict(zip(names, map(float, np.exp(theta)))),
        log_likelihood=nll.log_likelihood(theta),
        n_customers=total,
        converged=converged,
        iterations=nit,
        warnings=warns,
        log_std_errors=dict(zip(names, map(float, se))),
        median_T=_weighted_median(T_u[codes[2]], counts),
    )


# --------------------------------------------------------------------------------------------------
# Gamma-Gamma


@dataclass
class GammaGammaModel(_BaseModel):
    """A fitted Gamma-Gamma spend model: ``params`` has p, q, v (v is the note's gamma).

    ``n_excluded`` counts input rows left out of the fit (customers, or patterns when weights are
    given): ``no_repeat_purchase`` and ``non_positive_spend``.
    """

    n_excluded: dict[str, int] = field(default_factory=dict)
    _param_names: ClassVar[tuple[str, ...]] = ("p", "q", "v")

    def population_mean_spend(self) -> float:
        """E(M) = p v / (q - 1), the mean spend of a customer we know nothing about (needs q > 1)."""
        p, q, v = (self.params[k] for k in self._param_names)
        return float(p * v / (q - 1))

    def expected_spend(self, frequency, monetary_value):
        """Expected average transaction value given x repeat purchases with mean spend m.

        Fader & Hardie (2013): a weighted average of the population mean p v/(q-1) and the customer's
        own mean, weight px/(px+q-1) on the latter; equal to (p v + p x m)/(p x + q - 1), which gives
        the population mean when x = 0 whatever m is. A mean spend of 0 or less (repeat purchases netted
        out by refunds) is outside the model, as in the fit: such a customer gets the population mean too.
        """
        x, m, _ = _spend_inputs(frequency, monetary_value)
        p, q, v = (self.params[k] for k in self._param_names)
        known = (x > 0) & (m > 0)
        x, m = np.where(known, x, 0.0), np.where(known, m, 0.0)
        out = (p * v + p * x * m) / (p * x + q - 1)
        return _like(frequency, np.asarray(out, dtype=float), "expected_spend")


class _GammaGammaLikelihood:
    """Mean negative log-likelihood of the Gamma-Gamma model in log(p), log(q-1), log(v).

    Density of a customer's mean spend zbar over x transactions (Fader & Hardie 2013, eq. 4):
    G(px+q)/(G(px) G(q)) v^q zbar^(px-1) x^(px) / (v + x zbar)^(px+q).

    Only ``log(v + x zbar)`` needs a pass over the rows at each evaluation: the gamma and digamma terms
    depend on x alone (a few hundred distinct values for a million customers) and are computed per
    distinct x, and the terms linear in the parameters are weighted sums prepared once.
    """

    def __init__(self, x, m, w):
        self.x, self.m, self.w, self.W = x, m, w, w.sum()
        self.lm, self.lx = np.log(m), np.log(x)
        self.xm = x * m
        self.wx = w * x
        self.x_u, ix = np.unique(x, return_inverse=True)
        self.wx_u = np.bincount(ix.ravel(), weights=w, minlength=len(self.x_u))  # weight per distinct x
        self.lx_u = np.log(self.x_u)
        self.sum_wlm = _dot(w, self.lm)
        self.sum_wxlm = _dot(self.wx, self.lm)

    def __call__(self, theta):
        p, q1, v = np.exp(theta)  # q1 = q - 1 > 0 keeps the population mean p v/(q-1) finite
        q = 1 + q1
        w, wx, W = self.w, self.wx, self.W
        xu, wxu, lxu = self.x_u, self.wx_u, self.lx_u
        pxu = p * xu
        y = self.xm + v  # the only per-row work: log and reciprocal of x zbar + v
        lxm = np.log(y)
        inv = 1.0 / y
        s_lxm, s_xlxm = _dot(w, lxm), _dot(wx, lxm)
        s_inv, s_xinv = _dot(w, inv), _dot(wx, inv)
        psi_pxq = special.digamma(pxu + q)
        ll = (
            _dot(wxu, special.gammaln(pxu + q) - special.gammaln(pxu) + pxu * lxu)
            - W * special.gammaln(q)
            + W * q * np.log(v)
            + p * self.sum_wxlm - self.sum_wlm
            - p * s_xlxm - q * s_lxm
        )
        dp = _dot(wxu * xu, psi_pxq - special.digamma(pxu) + lxu) + self.sum_wxlm - s_xlxm
        dq = _dot(wxu, psi_pxq) - W * special.digamma(q) + W * np.log(v) - s_lxm
        dv = W * q / v - p * s_xinv - q * s_inv
        grad = np.array([dp, dq, dv])
        f = -ll / W
        return f, -grad * np.array([p, q1, v]) / W


def fit_gamma_gamma(frequency, monetary_value, weights=None) -> GammaGammaModel:
    """Fit the Gamma-Gamma spend model on customers with frequency > 0 and monetary_value > 0.

    ``monetary_value`` is the customer's mean spend over their repeat purchases (lifetimes
    convention). Rows with no repeat purchase are skipped (they carry no spend information); rows
    with spend <= 0 are skipped and counted in ``model.n_excluded`` and a warning, since the model
    is for positive amounts. q is kept above 1 (fitted as log(q-1)) so that the population mean
    spend p v/(q-1), used for customers without repeat purchases, exists; a fit pushed to q -> 1
    means very heavy-tailed spend and is flagged by ``clv.warn.param_at_bound``. The model assumes
    spend is independent of frequency; check that before trusting it. With no usable rows the
    parameters are NaN (warning ``clv.warn.no_spend_data``) and predictions are NaN.
    """
    x, m, n = _spend_inputs(frequency, monetary_value)
    w = _weights_array(weights, n)
    w = np.ones(n) if w is None else w
    repeat = x > 0
    positive = m > 0
    keep = repeat & positive & (w > 0)
    n_excluded = {
        "no_repeat_purchase": int(np.count_nonzero(~repeat)),
        "non_positive_spend": int(np.count_nonzero(repeat & ~positive)),
    }
    warns: list[Warning_] = []
    if n_excluded["non_positive_spend"]:
        warns.append(
            ("clv.warn.non_positive_spend_excluded", {"n_rows": n_excluded["non_positive_spend"]})
        )
    names = ("p", "q", "v")
    if not keep.any():
        warns.append(("clv.warn.no_spend_data", {}))
        return GammaGammaModel(
            params={k: float("nan") for k in names},
            converged=False,
            warnings=warns,
            n_excluded=n_excluded,
        )
    (x_u, m_u), (ix, im), counts = _distinct([x[keep], m[keep]], w[keep])
    nll = _GammaGammaLikelihood(x_u[ix], m_u[im], counts)
    total = float(counts.sum())
    if total < _FEW_CUSTOMERS:
        warns.append(
            ("clv.warn.few_customers", {"n_customers": _count(total), "minimum": _FEW_CUSTOMERS})
        )
    # start with q = 2 and v so that the starting mean spend p v/(q-1) equals the data's
    mean_m = float(np.average(nll.m, weights=counts))
    x0 = np.array([0.0, 0.0, np.clip(np.log(mean_m), -10, 10)])
    theta, converged, nit, opt_warns = _optimise(nll, x0, names)
    warns.extend(opt_warns)
    p, q1, v = np.exp(theta)
    q = 1 + q1
    se = _log_std_errors(nll, theta, total)
    se[1] = se[1] * q1 / q  # se(log q) from se(log(q-1)) by the delta method
    return GammaGammaModel(
        params=dict(zip(names, map(float, (p, q, v)))),
        log_likelihood=float(-nll(theta)[0] * total),
        n_customers=total,
        converged=converged,
        iterations=nit,
        warnings=warns,
        log_std_errors=dict(zip(names, map(float, se))),
        n_excluded=n_excluded,
    )


# --------------------------------------------------------------------------------------------------
# CLV


def clv(
    bgnbd: BetaGeoModel,
    gg: GammaGammaModel,
    frequency,
    recency,
    T,
    monetary_value,
    horizon: int,
    time_unit_per_month: float = WEEKS_PER_MONTH,
    discount_rate_annual: float = 0.10,
    margin: float = 1.0,
):
    """Discounted customer lifetime value over the next ``horizon`` months.

    As ``lifetimes.customer_lifetime_value``: for each month k = 1..horizon, the expected purchases in
    that month (E[Y(k months)] - E[Y(k-1 months)] from BG/NBD) times the Gamma-Gamma expected spend
    times ``margin``, discounted by (1 + d_m)^k with the monthly rate d_m = (1+annual)^(1/12) - 1.

    Parameters
    ----------
    horizon : int
        Months ahead (0 gives 0).
    time_unit_per_month : float
        Model time units in a month: ``WEEKS_PER_MONTH`` (4.348) for a model fitted in weeks, 30.44
        for days, 1 for months.
    discount_rate_annual : float
        Yearly discount rate, e.g. 0.10 for 10%.
    margin : float
        Profit share of spend (1.0 gives revenue CLV).
    """
    if int(horizon) != horizon or horizon < 0:
        raise ValueError("horizon must be a whole number of months >= 0")
    if not np.isfinite(time_unit_per_month) or time_unit_per_month <= 0:
        raise ValueError("time_unit_per_month must be > 0")
    if not np.isfinite(discount_rate_annual) or discount_rate_annual <= -1:
        raise ValueError("discount_rate_annual must be > -1")
    if not np.isfinite(margin):
        raise ValueError("margin must be finite")
    x, tx, TT = _rfm_arrays(frequency, recency, T)
    m = _as_float_array("monetary_value", monetary_value)
    _same_length(frequency=x, monetary_value=m)
    spend = np.asarray(gg.expected_spend(x, np.broadcast_to(m, x.shape)), dtype=float)
    monthly = (1 + discount_rate_annual) ** (1 / 12) - 1
    # purchases depend only on (x, t_x, T): predict once per distinct history (recency is
    # irrelevant when x = 0), then spread back to customers
    (x_u, tx_u, T_u), (ix, itx, iT), _, inverse = _distinct(
        [x, np.where(x > 0, tx, 0.0), TT], None, return_inverse=True
    )
    xd, txd, Td = x_u[ix], tx_u[itx], T_u[iT]
    if type(bgnbd) is BetaGeoModel:
        # E[Y(t)] = P(alive | x, t_x, T) * E[purchases in t | alive, x, T]: P(alive) once per history, the
        # live customer's expectation (the costly hypergeometric term) once per distinct (x, T) and month
        r, alpha, a, b = bgnbd._p()
        (xe_u, Te_u), (jx, jT), _, to_history = _distinct([xd, Td], None, return_inverse=True)
        xe, Te = xe_u[jx], Te_u[jT]
        discounted = np.zeros(len(xe))
        previous = np.zeros(len(xe))
        with np.errstate(all="ignore"):
            for k in range(1, int(horizon) + 1):
                cumulative = np.asarray(_alive_future(k * time_unit_per_month, xe, Te, r, alpha, a, b), dtype=float)
                discounted += (cumulative - previous) / (1 + monthly) ** k
                previous = cumulative
            total = _p_alive(xd, txd, Td, r, alpha, a, b) * discounted[to_history]
    else:  # any other model with the lifetimes-style method
        total = np.zeros(len(xd))
        previous = np.zeros(len(xd))
        for k in range(1, int(horizon) + 1):
            cumulative = np.asarray(bgnbd.expected_purchases(k * time_unit_per_month, xd, txd, Td))
            total += (cumulative - previous) / (1 + monthly) ** k
            previous = cumulative
    return _like(frequency, total[inverse] * spend * margin, "clv")


def simple_clv(aov, purchases_per_year, lifespan_years, margin=1.0, discount_rate_annual=0.0):
    """The textbook CLV: average order value x purchases per year x expected lifespan x margin.

    With a discount rate the yearly value is spread evenly over months and each month discounted at
    the monthly rate (1+annual)^(1/12) - 1, the same convention as ``clv``; a fractional lifespan
    counts fractional months through the annuity formula. Vectorised over all arguments: returns a
    float for scalar inputs, else an array (a Series with ``aov``'s index when ``aov`` is one).
    """
    aov_in = aov
    aov = _as_float_array("aov", aov)
    ppy = _as_float_array("purchases_per_year", purchases_per_year)
    life = _as_float_array("lifespan_years", lifespan_years)
    mar = _as_float_array("margin", margin)
    d = _as_float_array("discount_rate_annual", discount_rate_annual)
    _same_length(aov=aov, purchases_per_year=ppy, lifespan_years=life, margin=mar,
                 discount_rate_annual=d)
    if np.any(life < 0):
        raise ValueError("lifespan_years must be >= 0")
    if np.any(ppy < 0):
        raise ValueError("purchases_per_year must be >= 0")
    if np.any(d <= -1):
        raise ValueError("discount_rate_annual must be > -1")
    per_month = aov * ppy * mar / 12
    months = 12 * life
    dm = (1 + d) ** (1 / 12) - 1
    with np.errstate(all="ignore"):
        annuity = np.where(
            np.abs(dm) < 1e-12, months, -np.expm1(-months * np.log1p(dm)) / np.where(dm == 0, 1, dm)
        )
    out = per_month * annuity
    inputs = (aov_in, purchases_per_year, lifespan_years, margin, discount_rate_annual)
    if all(np.ndim(v) == 0 for v in inputs):
        return float(out[0])
    return _like(aov_in, out, "simple_clv")


PREDICTION_COLUMNS: tuple[str, ...] = (
    "p_alive", "expected_purchases", "expected_spend", "clv",
)


def customer_predictions(
    summary: pd.DataFrame,
    bgnbd: BetaGeoModel,
    gg: GammaGammaModel,
    t: float,
    horizon_months: int = 12,
    time_unit_per_month: float = WEEKS_PER_MONTH,
    discount_rate_annual: float = 0.10,
    margin: float = 1.0,
) -> pd.DataFrame:
    """Per-customer model outputs for a summary table, in one call for the page.

    ``summary`` needs ``frequency, recency, T, monetary_value`` (the store's per-customer summary;
    other columns such as ``customer_id`` are kept). Adds ``p_alive``, ``expected_purchases`` (in the
    next ``t`` model time units), ``expected_spend`` and ``clv`` (over ``horizon_months``; see ``clv``).
    """
    needed = ("frequency", "recency", "T", "monetary_value")
    missing = [c for c in needed if c not in summary.columns]
    if missing:
        raise ValueError(f"summary is missing column(s): {', '.join(missing)}")
    x, tx, TT = (summary[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T"))
    m = summary["monetary_value"].to_numpy(dtype=float)
    out = summary.copy()
    out["p_alive"] = np.asarray(bgnbd.p_alive(x, tx, TT))
    out["expected_purchases"] = np.asarray(bgnbd.expected_purchases(t, x, tx, TT))
    out["expected_spend"] = np.asarray(gg.expected_spend(x, m))
    out["clv"] = np.asarray(
        clv(bgnbd, gg, x, tx, TT, m, horizon_months, time_unit_per_month, discount_rate_annual, margin)
    )
    return out


# --------------------------------------------------------------------------------------------------
# model checking


def frequency_bucket(frequency, top: int = 7) -> np.ndarray:
    """Labels "0", "1", ..., "6", "7+" for calibration-frequency groups (``top`` = first open group)."""
    x = _as_float_array("frequency", frequency).astype(int)
    return np.where(x >= top, f"{top}+", x.astype(str)).astype(object)


@dataclass(frozen=True)
class HoldoutCheck:
    """Calibration/holdout comparison.

    by_frequency : DataFrame, one row per calibration-frequency bucket ("0".."6", "7+") with columns
        ``bucket, n_customers, actual, model, naive`` -- mean holdout purchases per customer.
    errors : DataFrame, rows ``model`` and ``naive`` (index ``method``) with columns ``mae``
        (mean absolute error per customer), ``total_actual``, ``total_predicted`` and ``pct_error``
        (100 x (predicted - actual) / actual, NaN when nobody bought).
    model : the BG/NBD model used (fitted on the calibration data when none was given).
    """

    by_frequency: pd.DataFrame
    errors: pd.DataFrame
    model: BetaGeoModel


_SUMMARY_COLUMNS = ("frequency", "recency", "T")


def _summary_arrays(summary_cal: pd.DataFrame):
    missing = [c for c in _SUMMARY_COLUMNS if c not in summary_cal.columns]
    if missing:
        raise ValueError(f"summary_cal is missing column(s): {', '.join(missing)}")
    return _rfm_arrays(summary_cal["frequency"], summary_cal["recency"], summary_cal["T"])


def calibration_holdout(
    summary_cal: pd.DataFrame, actual_holdout, holdout_length: float, model: BetaGeoModel | None = None
) -> HoldoutCheck:
    """How well BG/NBD predicts holdout purchases, next to a naive "same rate again" baseline.

    Parameters
    ----------
    summary_cal : DataFrame
        Per customer: ``frequency, recency, T`` measured at the end of calibration.
    actual_holdout : array-like
        Purchases each customer made in the holdout period, in the same row order.
    holdout_length : float
        Holdout length in the model's time unit.
    model : BetaGeoModel, optional
        A model fitted on the calibration data; fitted here when omitted.

    The baseline predicts frequency / T x holdout_length (each customer repeats their calibration
    rate; 0 when T = 0), so the gap between the two errors is what the model is worth.
    """
    x, tx, TT = _summary_arrays(summary_cal)
    actual = _as_float_array("actual_holdout", actual_holdout)
    if len(actual) != len(x):
        raise ValueError(f"actual_holdout has length {len(actual)}, expected {len(x)}")
    if not np.isfinite(holdout_length) or holdout_length < 0:
        raise ValueError("holdout_length must be >= 0")
    if model is None:
        model = fit_bgnbd(x, tx, TT)
    predicted = np.asarray(model.expected_purchases(holdout_length, x, tx, TT), dtype=float)
    naive = np.where(TT > 0, x / np.where(TT > 0, TT, 1.0) * holdout_length, 0.0)
    buckets = frequency_bucket(x)
    frame = pd.DataFrame({"bucket": buckets, "actual": actual, "model": predicted, "naive": naive})
    order = [str(k) for k in range(7)] + ["7+"]
    grouped = frame.groupby("bucket", sort=False).agg(
        n_customers=("actual", "size"), actual=("actual", "mean"), model=("model", "mean"),
        naive=("naive", "mean"),
    )
    grouped = grouped.reindex([b for b in order if b in grouped.index]).reset_index()
    total_actual = float(actual.sum())
    rows = []
    for method, pred in (("model", predicted), ("naive", naive)):
        total_pred = float(pred.sum())
        rows.append(
            {
                "method": method,
                "mae": float(np.mean(np.abs(pred - actual))) if len(actual) else float("nan"),
                "total_actual": total_actual,
                "total_predicted": total_pred,
                "pct_error": 100 * (total_pred - total_actual) / total_actual
                if total_actual > 0
                else float("nan"),
            }
        )
    errors = pd.DataFrame(rows).set_index("method")
    return HoldoutCheck(by_frequency=grouped, errors=errors, model=model)


def cumulative_holdout(
    model: BetaGeoModel, summary_cal: pd.DataFrame, weekly_actual, period_length: float = 1.0,
    holdout_length: float | None = None,
) -> pd.DataFrame:
    """Cumulative repeat purchases over the holdout, actual vs BG/NBD vs the naive baseline.

    Parameters
    ----------
    model : BetaGeoModel fitted on the calibration data.
    summary_cal : DataFrame with ``frequency, recency, T`` of the calibration customers.
    weekly_actual : array-like, or DataFrame with columns ``week, purchases``
        Holdout purchases by those customers per period (week 1 is the first holdout week). In the
        DataFrame form missing weeks count as 0, so a SQL ``GROUP BY week`` result can be passed.
    period_length : float
        Length of one period in the model's time unit (1.0 for weeks in a weekly model).
    holdout_length : float, optional
        Length of the holdout in the model's time unit. Given, the curves run to its end although the last
        weeks saw no purchase (those weeks are where model and actuals part), and a last partial week is
        predicted for its true length; otherwise they stop at the last period with a purchase.

    Returns
    -------
    DataFrame with columns ``week, actual, model, naive`` (cumulative totals at each week's end).
    Predictions are computed once per distinct (frequency, recency, T), so cost grows with the
    number of distinct histories times weeks, not with customers.
    """
    x, tx, TT = _summary_arrays(summary_cal)
    if isinstance(weekly_actual, pd.DataFrame):
        missing = [c for c in ("week", "purchases") if c not in weekly_actual.columns]
        if missing:
            raise ValueError(f"weekly_actual is missing column(s): {', '.join(missing)}")
        weeks = _as_float_array("weekly_actual.week", weekly_actual["week"]).astype(int)
        counts = _as_float_array("weekly_actual.purchases", weekly_actual["purchases"])
        if len(weeks) and weeks.min() < 1:
            raise ValueError("weekly_actual.week must start at 1")
        n_weeks = int(weeks.max()) if len(weeks) else 0
        per_week = np.bincount(weeks - 1, weights=counts, minlength=n_weeks) if n_weeks else np.zeros(0)
    else:
        per_week = _as_float_array("weekly_actual", weekly_actual) if np.size(weekly_actual) else np.zeros(0)
        n_weeks = len(per_week)
    if not np.isfinite(period_length) or period_length <= 0:
        raise ValueError("period_length must be > 0")
    if holdout_length is not None:
        n_weeks = max(n_weeks, int(np.ceil(holdout_length / period_length - 1e-9)))
        per_week = np.concatenate([per_week, np.zeros(n_weeks - len(per_week))])
    tx = np.where(x > 0, tx, 0.0)
    (x_u, tx_u, T_u), (ix, itx, iT), w = _distinct([x, tx, TT], None)
    xd, txd, Td = x_u[ix], tx_u[itx], T_u[iT]
    rate = (w * np.where(Td > 0, xd / np.where(Td > 0, Td, 1.0), 0.0)).sum()
    weeks_axis = np.arange(1, n_weeks + 1)
    horizons = weeks_axis * period_length
    if holdout_length is not None:
        horizons = np.minimum(horizons, holdout_length)
    model_cum = np.array(
        [float((w * np.asarray(model.expected_purchases(h, xd, txd, Td))).sum()) for h in horizons]
    )
    return pd.DataFrame(
        {
            "week": weeks_axis,
            "actual": np.cumsum(per_week),
            "model": model_cum,
            "naive": rate * horizons,
        }
    )


def p_alive_matrix(
    model: BetaGeoModel, max_frequency: int = 20, max_weeks_since_last: int = 52, T: float | None = None
) -> pd.DataFrame:
    """P(alive) on a fixed grid of repeat purchases x weeks since the last purchase, for a heatmap.

    The grid is 0..max_frequency by 0..max_weeks_since_last whatever the data size. One age ``T``
    is used for every cell (default: the model's ``median_T``, the median customer age in the fit
    data), so the map reads "a typical-age customer with x repeat purchases whose last one was w
    weeks ago"; recency is T - w. Cells with w > T cannot happen at that age and hold NaN. Customers
    with no repeat purchase are alive with probability 1 under BG/NBD (dropout only follows a
    purchase), so row 0 is 1 wherever defined. "Weeks" are the model's time unit.

    Returns a long DataFrame with columns ``frequency, weeks_since_last, p_alive``.
    """
    if int(max_frequency) != max_frequency or max_frequency < 0:
        raise ValueError("max_frequency must be a whole number >= 0")
    if int(max_weeks_since_last) != max_weeks_since_last or max_weeks_since_last < 0:
        raise ValueError("max_weeks_since_last must be a whole number >= 0")
    T = model.median_T if T is None else T
    if T is None or not np.isfinite(T) or T < 0:
        raise ValueError("T must be a finite number >= 0")
    freq, weeks = np.meshgrid(
        np.arange(int(max_frequency) + 1), np.arange(int(max_weeks_since_last) + 1), indexing="ij"
    )
    freq, weeks = freq.ravel(), weeks.ravel()
    possible = weeks <= T
    recency = np.where(possible, T - weeks, 0.0)
    r, alpha, a, b = model._p()
    p = _p_alive(freq.astype(float), np.where(freq > 0, recency, 0.0), np.full(len(freq), T), r, alpha, a, b)
    return pd.DataFrame(
        {"frequency": freq, "weeks_since_last": weeks, "p_alive": np.where(possible, p, np.nan)}
    )
