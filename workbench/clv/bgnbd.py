"""The BG/NBD model of repeat purchases and dropout (Fader, Hardie & Lee 2005) and its modified form,
MBG/NBD (Batislam, Denizel & Filiztekin 2007), in which a customer may also leave right after the first
purchase.

Under BG/NBD dropout happens only after a *repeat* purchase, so a customer who bought once is alive with
probability 1 however long ago that was — on retail data where most customers bought once and many have
lapsed, that overstates the live base (a known property lifetimes users keep asking about). MBG/NBD lets
each of the x + 1 purchases, the first included, be followed by dropout with probability p. Its formulas
are BG/NBD's with b shifted by one and the dropout branch present for every customer:

- likelihood: lnG(r+x) - lnG(r) + r ln alpha + lnB(a, b+x+1) - lnB(a, b)
  + logsumexp(-(r+x) ln(alpha+T), ln a - ln(b+x) - (r+x) ln(alpha+t_x));
- P(alive | x, t_x, T) = 1 / (1 + a/(b+x) ((alpha+T)/(alpha+t_x))^(r+x));
- E[Y(t) | x, t_x, T] = P(alive) (a+b+x)/(a-1) [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x+1; a+b+x; z)].

References
----------
- Fader, Hardie & Lee (2005), "Counting your customers the easy way: an alternative to the
  Pareto/NBD model", Marketing Science 24(2) -- likelihood (eq. 6), E[X(t)] (eq. 9) and the
  conditional expectation (eq. 10).
- Batislam, Denizel & Filiztekin (2007), "Empirical validation and comparison of models for customer
  base analysis", International Journal of Research in Marketing 24(3) -- MBG/NBD.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd
from scipy import special

from workbench.clv.base import (
    _FEW_CUSTOMERS,
    Warning_,
    _as_float_array,
    _BaseModel,
    _count,
    _distinct,
    _dot,
    _like,
    _log_std_errors,
    _optimise,
    _rfm_arrays,
    _same_length,
    _weighted_median,
    _weights_array,
)

__all__ = ["BetaGeoModel", "ModifiedBetaGeoModel", "fit_bgnbd", "fit_mbgnbd", "p_alive_matrix"]

_A_NEAR_ONE = 1e-4  # eq. 10 is 0/0 at a = 1; interpolate across [1-h, 1+h]
_SERIES_MAX_TERMS = 200_000


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


def _p_alive(x, tx, T, r, alpha, a, b, modified: bool = False):
    """P(alive | x, t_x, T) = 1 / (1 + [x>0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x)), in logs; for MBG/NBD
    (``modified``) 1 / (1 + a/(b+x) ((alpha+T)/(alpha+t_x))^(r+x)) for every customer, one-time buyers too."""
    x, tx, T = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (x, tx, T)))
    with np.errstate(all="ignore"):
        log_odds_dead = (
            np.log(a)
            - np.log(b + x if modified else np.where(x > 0, b + x - 1, 1.0))
            + (r + x) * (np.log(alpha + T) - np.log(alpha + tx))
        )
    if modified:
        return special.expit(-log_odds_dead)
    return np.where(x > 0, special.expit(-log_odds_dead), 1.0)


@dataclass
class BetaGeoModel(_BaseModel):
    """A fitted BG/NBD model: ``params`` has r, alpha (purchase rate) and a, b (dropout).

    Time is in the unit of the data it was fitted on (weeks in the app). ``median_T`` is the
    weighted median customer age in the fit data, the default "typical customer" for ``p_alive_matrix``.
    """

    median_T: float = float("nan")
    _param_names: ClassVar[tuple[str, ...]] = ("r", "alpha", "a", "b")
    #: MBG/NBD (dropout possible after the first purchase too); see the module docstring.
    modified: ClassVar[bool] = False
    #: The model's name in settings, messages and exports.
    kind: ClassVar[str] = "bgnbd"

    def _p(self):
        return tuple(float(self.params[k]) for k in self._param_names)

    def _alive_b(self) -> float:
        """The b of the live customer's expectation: b for BG/NBD, b + 1 for MBG/NBD."""
        return float(self.params["b"]) + (1.0 if self.modified else 0.0)

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
            out = (_p_alive(x, tx, TT, r, alpha, a, b, self.modified)
                   * _alive_future_distinct(tt, x, TT, r, alpha, a, self._alive_b()))
        return _like(frequency, np.asarray(out, dtype=float), "expected_purchases")

    def p_alive(self, frequency, recency, T):
        """Probability the customer has not dropped out by T (BG/NBD: 1 for customers with no repeat purchase;
        MBG/NBD: below 1 for them too)."""
        x, tx, TT = _rfm_arrays(frequency, recency, T)
        r, alpha, a, b = self._p()
        return _like(frequency, _p_alive(x, tx, TT, r, alpha, a, b, self.modified), "p_alive")

    def expected_purchases_new(self, t):
        """Unconditional E[X(t)]: repeat purchases a newly acquired customer makes in (0, t].

        Eq. (9) of the paper; it is eq. (10) with x = t_x = T = 0, which is how it is computed (for MBG/NBD
        this gives b/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b+1; a+b; t/(alpha+t))]).
        """
        tt = _as_float_array("t", t)
        if np.any(tt < 0):
            raise ValueError("t must be >= 0")
        r, alpha, a, b = self._p()
        with np.errstate(all="ignore"):
            alive = _p_alive(0.0, 0.0, 0.0, r, alpha, a, b, self.modified)
            out = alive * _alive_future(tt, 0.0, 0.0, r, alpha, a, self._alive_b())
        return _like(t, np.asarray(out, dtype=float), "expected_purchases")


@dataclass
class ModifiedBetaGeoModel(BetaGeoModel):
    """A fitted MBG/NBD model (Batislam, Denizel & Filiztekin 2007): BG/NBD's parameters r, alpha, a, b,
    with dropout possible after every purchase, the first included (see the module docstring)."""

    modified: ClassVar[bool] = True
    kind: ClassVar[str] = "mbgnbd"


class _BgnbdLikelihood:
    """Mean negative log-likelihood of the BG/NBD (or, ``modified``, the MBG/NBD) and its gradient in
    log-parameters.

    Works on distinct (x, t_x, T) rows with counts. Everything that depends only on the data
    (logs of T, t_x, per-x groupings) is prepared once; an evaluation is a few vector operations.
    Per customer (Fader, Hardie & Lee 2005, eq. 6, in logs; m = 1 for MBG/NBD, 0 for BG/NBD):

        ll = lnG(r+x) - lnG(r) + r ln(alpha) + lnB(a, b+x+m) - lnB(a, b)
             + logsumexp( -(r+x) ln(alpha+T),
                          [x>0 or m] (ln a - ln(b+x-1+m) - (r+x) ln(alpha+t_x)) )
    """

    def __init__(self, x_u, tx_u, T_u, codes, counts, penalizer, modified: bool = False):
        ix, itx, iT = codes
        self.m = 1.0 if modified else 0.0
        self.x_u, self.tx_u, self.T_u = x_u, tx_u, T_u
        self.w = counts
        self.W = counts.sum()
        self.wx = np.bincount(ix, weights=counts, minlength=len(x_u))  # weight per distinct x
        self.penalizer = penalizer
        # BG/NBD: customers without a repeat purchase contribute -(r) ln(alpha+T) only, per distinct T;
        # under MBG/NBD everyone may have dropped out, so every row takes the two-branch sum
        rep = (x_u[ix] > 0) | modified
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
        m = self.m
        bx1_u = b + xu if m else np.where(xu > 0, b + xu - 1, 1.0)
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
            + special.betaln(a, b + xu + m)
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
        psi_abx = special.digamma(a + b + xu + m)
        da = _dot(wx, psi_ab - psi_abx) + s_pi4 / a
        db = _dot(wx, special.digamma(b + xu + m) - psi_abx - special.digamma(b) + psi_ab) - _dot(
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




def fit_mbgnbd(frequency, recency, T, weights=None, penalizer: float = 0.0) -> ModifiedBetaGeoModel:
    """Fit the MBG/NBD model (Batislam, Denizel & Filiztekin 2007) by maximum likelihood; as
    :func:`fit_bgnbd` otherwise (same inputs, same warnings, never raises on odd data)."""
    return fit_bgnbd(frequency, recency, T, weights, penalizer, modified=True)


def fit_bgnbd(frequency, recency, T, weights=None, penalizer: float = 0.0, modified: bool = False
              ) -> BetaGeoModel:
    """Fit the BG/NBD model (or, ``modified``, the MBG/NBD) by maximum likelihood on log-parameters.

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
    model_class = ModifiedBetaGeoModel if modified else BetaGeoModel
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
        return model_class(
            params={"r": nan, "alpha": nan, "a": nan, "b": nan},
            converged=False,
            warnings=[("clv.warn.no_customers", {})],
        )
    (x_u, tx_u, T_u), codes, counts = _distinct([x, tx, TT], w)
    nll = _BgnbdLikelihood(x_u, tx_u, T_u, codes, counts, float(penalizer), modified)
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
    return model_class(
        params=dict(zip(names, map(float, np.exp(theta)))),
        log_likelihood=nll.log_likelihood(theta),
        n_customers=total,
        converged=converged,
        iterations=nit,
        warnings=warns,
        log_std_errors=dict(zip(names, map(float, se))),
        median_T=_weighted_median(T_u[codes[2]], counts),
    )




def p_alive_matrix(
    model: BetaGeoModel, max_frequency: int = 20, max_weeks_since_last: int = 52, T: float | None = None
) -> pd.DataFrame:
    """P(alive) on a fixed grid of repeat purchases x weeks since the last purchase, for a heatmap.

    The grid is 0..max_frequency by 0..max_weeks_since_last whatever the data size. One age ``T``
    is used for every cell (default: the model's ``median_T``, the median customer age in the fit
    data), so the map reads "a typical-age customer with x repeat purchases whose last one was w
    weeks ago"; recency is T - w. Cells with w > T cannot happen at that age and hold NaN. Customers
    with no repeat purchase are alive with probability 1 under BG/NBD (dropout only follows a repeat
    purchase), so row 0 is 1 wherever defined; under MBG/NBD it falls with their age like the others.
    "Weeks" are the model's time unit.

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
    p = _p_alive(freq.astype(float), np.where(freq > 0, recency, 0.0), np.full(len(freq), T), r, alpha, a, b,
                 model.modified)
    return pd.DataFrame(
        {"frequency": freq, "weeks_since_last": weeks, "p_alive": np.where(possible, p, np.nan)}
    )
