"""Model checking: how well MBG/NBD and BG/NBD each predict a holdout period, next to a naive baseline,
per calibration-frequency bucket and week by week, so the consultant can say which fits this client."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from workbench.clv.base import _as_float_array, _distinct, _rfm_arrays
from workbench.clv.bgnbd import BetaGeoModel, fit_bgnbd

__all__ = ["HoldoutCheck", "calibration_holdout", "cumulative_holdout", "frequency_bucket", "model_check"]


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




def model_check(ws, calibration_end: Any, observation_end: Any = None) -> dict[str, Any]:
    """Fit each purchase model (MBG/NBD and BG/NBD) on the calibration period and compare their holdout
    predictions with what happened, and with a naive "same rate again" baseline.

    Returns ``models`` (the calibration fits by name, in ``PURCHASE_MODELS`` order), ``errors`` (one row per
    model and ``naive``: ``mae`` per customer, ``total_actual``, ``total_predicted``, ``pct_error`` and the
    calibration ``log_likelihood``, NaN for the baseline), ``by_frequency`` (mean holdout purchases per
    calibration-frequency bucket: ``bucket, n_customers, actual``, one column per model, ``naive``),
    ``cumulative`` (weekly cumulative holdout purchases, the same series), ``best`` (the usable model with
    the smaller error per customer, or None), ``warnings`` of the fits, ``customers`` and ``holdout_weeks``.
    Both models have four parameters, so their log-likelihoods compare directly. Raises
    ``WorkbenchError`` for a bad split.
    """
    from workbench.clv.value import PURCHASE_MODELS, model_usable
    from workbench.core.errors import WorkbenchError
    from workbench.customers.summary import calibration_holdout_summary, holdout_weekly_purchases

    data = calibration_holdout_summary(ws, calibration_end, observation_end)
    if len(data) == 0:
        raise WorkbenchError("segments.error.no_calibration_customers")
    cal = data.rename(columns={"frequency_cal": "frequency", "recency_cal": "recency", "T_cal": "T"})
    length = float(data["duration_holdout"].iloc[0])
    fits = {name: fit(cal["frequency"], cal["recency"], cal["T"]) for name, fit in PURCHASE_MODELS.items()}
    warnings = []
    for model in fits.values():  # the same data problem warned by both fits is said once
        warnings += [w for w in model.warnings if w not in warnings]
    usable = {name: m for name, m in fits.items() if model_usable(m)}
    result = {"models": fits, "warnings": warnings, "customers": len(data),
              "holdout_weeks": length, "best": None, "errors": pd.DataFrame(), "by_frequency": pd.DataFrame(),
              "cumulative": pd.DataFrame()}
    if not usable:
        return result
    weekly = holdout_weekly_purchases(ws, calibration_end, observation_end)
    checks = {name: calibration_holdout(cal, data["frequency_holdout"], length, model=m) for name, m in usable.items()}
    curves = {name: cumulative_holdout(m, cal, weekly, holdout_length=length) for name, m in usable.items()}
    first = next(iter(checks))
    by_frequency = checks[first].by_frequency[["bucket", "n_customers", "actual"]].copy()
    cumulative = curves[first][["week", "actual"]].copy()
    rows = []
    for name, check in checks.items():
        by_frequency[name] = check.by_frequency["model"].to_numpy()
        cumulative[name] = curves[name]["model"].to_numpy()
        rows.append({"method": name, **check.errors.loc["model"].to_dict(),
                     "log_likelihood": float(usable[name].log_likelihood)})
    by_frequency["naive"] = checks[first].by_frequency["naive"].to_numpy()
    cumulative["naive"] = curves[first]["naive"].to_numpy()
    rows.append({"method": "naive", **checks[first].errors.loc["naive"].to_dict(), "log_likelihood": float("nan")})
    errors = pd.DataFrame(rows).set_index("method")
    result.update(errors=errors, by_frequency=by_frequency, cumulative=cumulative,
                  best=min(checks, key=lambda n: errors.loc[n, "mae"]))
    return result
