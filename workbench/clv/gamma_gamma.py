"""The Gamma-Gamma model of spend per transaction (Fader & Hardie 2013, brucehardie.com/notes/025)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
from scipy import special

from workbench.clv.base import (
    _FEW_CUSTOMERS,
    Warning_,
    _BaseModel,
    _count,
    _distinct,
    _dot,
    _like,
    _log_std_errors,
    _optimise,
    _spend_inputs,
    _weights_array,
)

__all__ = ["GammaGammaModel", "fit_gamma_gamma"]


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


