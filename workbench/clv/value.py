"""Customer lifetime value: the discounted model CLV, the textbook formula, and the one per-customer
valuation every page, command and report reads (:func:`customer_value`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from workbench.clv.base import WEEKS_PER_MONTH, _as_float_array, _distinct, _like, _rfm_arrays, _same_length
from workbench.clv.bgnbd import BetaGeoModel, _alive_future, _p_alive, fit_bgnbd, fit_mbgnbd
from workbench.clv.gamma_gamma import GammaGammaModel
from workbench.core.params import Param, check_choices, merge

__all__ = ["DEFAULT_SETTINGS", "VALUE_COLUMNS", "clv", "simple_clv", "merge_settings", "load_settings",
           "save_settings", "SETTING_SPECS", "SETTINGS_KEY", "PURCHASE_MODELS", "model_usable",
           "fit_models", "customer_value", "simple_clv_summary", "models", "values"]


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
    if isinstance(bgnbd, BetaGeoModel):
        # E[Y(t)] = P(alive | x, t_x, T) * E[purchases in t | alive, x, T]: P(alive) once per history, the
        # live customer's expectation (the costly hypergeometric term) once per distinct (x, T) and month
        r, alpha, a, b = bgnbd._p()
        b_alive = bgnbd._alive_b()  # MBG/NBD's live expectation uses b + 1
        (xe_u, Te_u), (jx, jT), _, to_history = _distinct([xd, Td], None, return_inverse=True)
        xe, Te = xe_u[jx], Te_u[jT]
        discounted = np.zeros(len(xe))
        previous = np.zeros(len(xe))
        with np.errstate(all="ignore"):
            for k in range(1, int(horizon) + 1):
                cumulative = np.asarray(_alive_future(k * time_unit_per_month, xe, Te, r, alpha, a, b_alive),
                                        dtype=float)
                discounted += (cumulative - previous) / (1 + monthly) ** k
                previous = cumulative
            total = _p_alive(xd, txd, Td, r, alpha, a, b, bgnbd.modified) * discounted[to_history]
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




#: Default valuation settings (the workspace stores its own under ``clv.settings``): months of the model
#: CLV, annual discount rate, profit share of spend, and the lifespan of the textbook formula.
DEFAULT_SETTINGS = MappingProxyType(
    {"purchase_model": "mbgnbd", "horizon_months": 12, "discount_rate": 0.10, "margin": 1.0,
     "lifespan_years": 3.0}
)

#: The purchase models a workspace can value its customers with, by settings name. MBG/NBD is the default:
#: on data where most customers bought once and many lapsed, BG/NBD calls every one-time buyer alive.
PURCHASE_MODELS: Mapping[str, Callable[..., BetaGeoModel]] = MappingProxyType(
    {"mbgnbd": fit_mbgnbd, "bgnbd": fit_bgnbd})

#: Columns of :func:`customer_value`, in order.
VALUE_COLUMNS: tuple[str, ...] = ("customer_id", "p_alive", "expected_purchases", "expected_spend", "clv",
                                  "simple_clv")


#: How each valuation setting is edited (labels: ``segments.param.clv.<name>``).
SETTING_SPECS: tuple[Param, ...] = (
    Param("purchase_model", "choice", choices=tuple(PURCHASE_MODELS)),
    Param("horizon_months", "int", 1, 120, 1), Param("discount_rate", "share", 0.0, 0.5, 0.01),
    Param("margin", "share", 0.01, 1.0, 0.01), Param("lifespan_years", "float", 0.5, 30.0, 0.5),
)

#: The settings key of the valuation settings in a workspace.
SETTINGS_KEY = "clv.settings"


def merge_settings(overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The default valuation settings updated with the known keys of ``overrides``."""
    return merge(DEFAULT_SETTINGS, overrides)


def load_settings(ws) -> dict[str, Any]:
    """The workspace's valuation settings (defaults where it stored none or stored an unknown model)."""
    settings = merge_settings(ws.get_setting(SETTINGS_KEY, {}))
    if settings["purchase_model"] not in PURCHASE_MODELS:
        settings["purchase_model"] = DEFAULT_SETTINGS["purchase_model"]
    return settings


def save_settings(ws, settings: Mapping[str, Any]) -> dict[str, Any]:
    """Store the valuation settings (known keys only) and return them merged; an unknown purchase model
    is refused."""
    merged = merge_settings(settings)
    check_choices(SETTING_SPECS, merged)
    ws.set_setting(SETTINGS_KEY, merged)
    return merged


def model_usable(model) -> bool:
    """Whether a fitted model has finite parameters (a fit on unusable data has NaN ones, or is None)."""
    return model is not None and all(np.isfinite(v) for v in model.params.values())


def fit_models(summary: pd.DataFrame, purchase_model: str = DEFAULT_SETTINGS["purchase_model"]):
    """Fit the purchase model (``PURCHASE_MODELS``: MBG/NBD or BG/NBD) on ``frequency, recency, T`` and
    Gamma-Gamma on ``frequency, monetary_value``.

    Returns ``(purchases, gamma_gamma, warnings)`` where warnings are the fits' ``(catalog key, params)``
    pairs (a fit on odd data returns its best finite estimate and a warning; it never raises). With no
    customer at all both models are None.
    """
    from workbench.clv.gamma_gamma import fit_gamma_gamma

    if len(summary) == 0:
        return None, None, [("clv.warn.no_customers", {})]
    fit_purchases = PURCHASE_MODELS[purchase_model]
    # the two fits are independent and spend most of their time in numpy/scipy, which release the GIL
    with ThreadPoolExecutor(max_workers=2) as pool:
        bg_job = pool.submit(fit_purchases, summary["frequency"], summary["recency"], summary["T"])
        gg_job = pool.submit(fit_gamma_gamma, summary["frequency"], summary["monetary_value"])
        bg, gg = bg_job.result(), gg_job.result()
    return bg, gg, list(bg.warnings) + list(gg.warnings)


class _UnitSpend:
    """A stand-in spend model whose expected spend is 1, so :func:`clv` returns discounted purchases."""

    @staticmethod
    def expected_spend(frequency, monetary_value):
        return np.ones(len(np.atleast_1d(frequency)))


def customer_value(
    summary: pd.DataFrame, purchases, gamma_gamma, settings: Mapping[str, Any] | None = None,
    horizon_weeks: float | None = None, time_unit_per_month: float = WEEKS_PER_MONTH,
) -> pd.DataFrame:
    """Per-customer P(alive), expected purchases over the horizon, expected spend and CLV: the one
    valuation of the workbench.

    Columns ``VALUE_COLUMNS``. ``expected_purchases`` covers ``horizon_weeks`` (default: the CLV horizon
    in months in model time units); ``clv`` is the discounted model CLV over ``horizon_months``
    (:func:`clv`, monthly discounting) times ``margin``; ``simple_clv`` is AOV x purchases per year x
    ``lifespan_years`` x margin, the textbook formula, with purchases per year from the customer's own
    history (purchase days per year of tenure, at least one year of tenure assumed so that new customers
    are not extrapolated from a week). Predictions are computed once per distinct history, so a million
    customers cost what their distinct (frequency, recency, T) patterns cost. Unusable fits give NaN
    columns, never an exception.
    """
    needed = ("customer_id", "frequency", "recency", "T", "monetary_value", "tenure_days", "purchase_days", "aov")
    missing = [c for c in needed if c not in summary.columns]
    if missing:
        raise ValueError(f"summary is missing column(s): {', '.join(missing)}")
    p = merge_settings(settings)
    months = int(p["horizon_months"])
    weeks = float(horizon_weeks) if horizon_weeks is not None else months * time_unit_per_month
    out = summary[["customer_id"]].copy(deep=False).reset_index(drop=True)
    n = len(summary)
    nan = np.full(n, np.nan)
    if model_usable(purchases) and n:
        # predictions depend only on (x, t_x, T): compute them once per distinct history
        columns = [summary[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T")]
        uniques, codes, _, inverse = _distinct(columns, None, return_inverse=True)
        x, tx, T = (u[c] for u, c in zip(uniques, codes))
        out["p_alive"] = np.asarray(purchases.p_alive(x, tx, T), dtype=float)[inverse]
        out["expected_purchases"] = np.asarray(purchases.expected_purchases(weeks, x, tx, T), dtype=float)[inverse]
    else:
        out["p_alive"], out["expected_purchases"] = nan, nan
    if model_usable(gamma_gamma) and n:
        out["expected_spend"] = np.asarray(
            gamma_gamma.expected_spend(summary["frequency"].astype(float), summary["monetary_value"].astype(float)),
            dtype=float,
        )
    else:
        out["expected_spend"] = nan
    if model_usable(purchases) and model_usable(gamma_gamma) and n:
        # discounted purchases per distinct history with a unit spend model, times each customer's spend
        unit = clv(purchases, _UnitSpend(), x, tx, T, np.zeros(len(x)), months, time_unit_per_month,
                   discount_rate_annual=float(p["discount_rate"]), margin=float(p["margin"]))
        out["clv"] = np.asarray(unit, dtype=float)[inverse] * out["expected_spend"].to_numpy()
    else:
        out["clv"] = nan
    tenure_years = np.maximum(summary["tenure_days"].astype(float).to_numpy() / 365.25, 1.0)
    per_year = summary["purchase_days"].astype(float).to_numpy() / tenure_years
    out["simple_clv"] = np.asarray(
        simple_clv(summary["aov"].astype(float).to_numpy(), per_year,
                   np.full(n, float(p["lifespan_years"])), margin=np.full(n, float(p["margin"])),
                   discount_rate_annual=np.full(n, float(p["discount_rate"]))),
        dtype=float,
    ) if n else np.zeros(0)
    return out


def simple_clv_summary(summary: pd.DataFrame, settings: Mapping[str, Any] | None = None) -> dict[str, float]:
    """The textbook CLV for an average customer, with its assumptions: AOV (revenue / orders), purchases
    per year (purchase days per year of tenure, tenure of at least a year), the lifespan, margin and discount
    rate from ``settings``; ``value`` = AOV x purchases per year x lifespan x margin, discounted monthly."""
    p = merge_settings(settings)
    orders = float(summary["orders"].sum())
    aov = float(summary["revenue"].sum()) / orders if orders else float("nan")
    tenure_years = np.maximum(summary["tenure_days"].astype(float) / 365.25, 1.0)
    per_year = float((summary["purchase_days"].astype(float) / tenure_years).mean()) if len(summary) else float("nan")
    value = simple_clv(aov, per_year, float(p["lifespan_years"]), margin=float(p["margin"]),
                       discount_rate_annual=float(p["discount_rate"]))
    return {"aov": aov, "purchases_per_year": per_year, "lifespan_years": float(p["lifespan_years"]),
            "margin": float(p["margin"]), "discount_rate": float(p["discount_rate"]), "value": float(value)}


def models(ws):
    """``(purchases, gamma_gamma, warnings)`` fitted on the workspace's current summary with its chosen
    purchase model: fitted once per data version (and model choice) and shared by every page, command and
    report section; other valuation settings (horizon, discount rate) never refit."""
    from workbench.customers.summary import current_summary

    chosen = load_settings(ws)["purchase_model"]
    return ws.memo(("clv.models", *ws.cache_key(), chosen), lambda: fit_models(current_summary(ws), chosen))


def values(ws) -> pd.DataFrame:
    """:func:`customer_value` of every customer with the workspace's valuation settings, row-aligned with
    ``customers.summary.current_summary(ws)``; computed once per data version and settings version."""
    from workbench.customers.summary import current_summary

    def build() -> pd.DataFrame:
        purchases, gamma_gamma, _ = models(ws)
        return customer_value(current_summary(ws), purchases, gamma_gamma, load_settings(ws))

    return ws.memo(("clv.values", *ws.cache_key("clv")), build).copy(deep=False)
