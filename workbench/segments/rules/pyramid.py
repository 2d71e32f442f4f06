"""The customer pyramid (客户金字塔, 80/20): key / ordinary / small customers by cumulative share of value,
negative-value customers where cost-to-serve data exists, and the Lorenz curve, Gini and top-x% shares."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.core.formatting import fmt_count, is_finite
from workbench.core.params import Param
from workbench.i18n import t
from workbench.segments import charts
from workbench.segments.framework import Segmentation, ids, inactive_12m, require

__all__ = ["SEGMENTATION", "customer_pyramid", "gini", "lorenz_curve", "top_share"]

REQUIRED = ("customer_id", "revenue", "spend_12m", "cost_to_serve", "purchase_days_12m")


def gini(values: Any) -> float:
    """Gini coefficient of non-negative values: (2 sum_i i x_(i)) / (n sum x) - (n + 1) / n, x ascending.

    0 = everyone spends the same, close to 1 = one customer has everything; NaN when the total is 0.
    """
    return _gini_sorted(np.sort(np.clip(np.asarray(values, dtype=float), 0, None)))


def _gini_sorted(x: np.ndarray) -> float:
    """:func:`gini` of values already clipped at 0 and sorted ascending."""
    n, total = len(x), float(np.sum(x)) if len(x) else 0.0
    if n == 0 or total <= 0:
        return float("nan")
    # the same formula as sum((2i - n - 1) x_i) / (n sum x): no difference of two nearly equal numbers,
    # which left -2e-16 for two equal spends; and rounding must not leave the coefficient's range
    weights = 2 * np.arange(1, n + 1) - n - 1
    return min(max(float(np.sum(weights * x) / (n * total)), 0.0), 1.0)


def lorenz_curve(values: Any, points: int = 101) -> pd.DataFrame:
    """The Lorenz curve at ``points`` evenly spaced customer shares (fixed size, whatever the data size).

    Columns ``customer_share`` (0..1, poorest first) and ``value_share`` (cumulative share of the total).
    """
    return _lorenz_sorted(np.sort(np.clip(np.asarray(values, dtype=float), 0, None)), points)


def _lorenz_sorted(x: np.ndarray, points: int = 101) -> pd.DataFrame:
    """:func:`lorenz_curve` of values already clipped at 0 and sorted ascending."""
    shares = np.linspace(0, 1, int(points))
    total = x.sum() if len(x) else 0.0
    if len(x) == 0 or total <= 0:
        return pd.DataFrame({"customer_share": shares, "value_share": shares * np.nan})
    cum = np.concatenate([[0.0], np.cumsum(x) / total])
    grid = np.linspace(0, 1, len(x) + 1)
    return pd.DataFrame({"customer_share": shares, "value_share": np.interp(shares, grid, cum)})


def top_share(values: Any, top: float) -> float:
    """Share of the total held by the top ``top`` fraction of customers (e.g. 0.2 → the 80/20 figure)."""
    return _top_share_sorted(np.sort(np.clip(np.asarray(values, dtype=float), 0, None))[::-1], top)


def _top_share_sorted(x: np.ndarray, top: float) -> float:
    """:func:`top_share` of values already clipped at 0 and sorted descending."""
    total = x.sum() if len(x) else 0.0
    if total <= 0:
        return float("nan")
    k = int(np.ceil(float(top) * len(x) - 1e-9))
    return float(x[:k].sum() / total)


def customer_pyramid(
    summary: pd.DataFrame, params: Mapping[str, Any] | None = None
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Key / ordinary / small customers by cumulative share of value (80/20), and negative-value customers.

    Customers are ranked by value (``basis``: total revenue, spend in the last 12 months, or profit =
    revenue - cost to serve). A customer is *key* while the cumulative share *before* them is below
    ``key_share`` (so the customer who crosses 80% is key), *ordinary* up to ``ordinary_share``, *small*
    after. With a cost to serve, customers whose profit is below zero are *negative* (负价值客户). On the
    12-month basis customers with no purchase in those 12 months are *inactive* and left out of the ranking,
    the Gini and the Lorenz curve (their zero would make everyone else look concentrated).
    """
    require(summary, REQUIRED)
    p = SEGMENTATION.resolve(params)
    inactive = np.zeros(len(summary), dtype=bool)
    cost = summary["cost_to_serve"].astype(float)
    has_cost = bool(cost.notna().any())
    basis = p["basis"]
    if basis == "profit" and not has_cost:
        basis = "revenue"
    if basis == "profit":
        value = summary["revenue"].astype(float) - cost.fillna(0.0)
    elif basis == "spend_12m":
        value = summary["spend_12m"].astype(float)
        inactive = inactive_12m(summary).to_numpy()
    else:
        value = summary["revenue"].astype(float)
    positive = value.clip(lower=0).to_numpy()
    order = np.argsort(-positive, kind="stable")
    total = float(positive.sum())
    sorted_vals = positive[order]
    before = (np.cumsum(sorted_vals) - sorted_vals) / total if total > 0 else np.zeros(len(order))
    # codes follow SEGMENTS["pyramid"]: 0 key, 1 ordinary, 2 small, 3 negative
    codes_sorted = np.where(before < p["key_share"] - 1e-12, 0,
                            np.where(before < p["ordinary_share"] - 1e-12, 1, 2))
    codes = np.empty(len(order), dtype=np.int8)
    codes[order] = codes_sorted
    if has_cost:
        profit = summary["revenue"].astype(float) - cost
        codes = np.where((profit < 0).to_numpy(), 3, codes)
    codes = np.where(inactive, 4, codes)
    ranked = np.sort(positive[~inactive])[::-1]  # the curve and the shares of the customers ranked
    out = ids(summary)
    out["pyramid"] = pd.Categorical.from_codes(codes, list(SEGMENTATION.labels))
    out["pyramid_value"] = value.to_numpy()
    info = {
        "params": p,
        "basis": basis,
        "basis_fallback": basis != p["basis"],
        "has_cost": has_cost,
        "n_inactive": int(inactive.sum()),
        "gini": _gini_sorted(ranked[::-1]),
        "top_shares": {q: _top_share_sorted(ranked, q) for q in (0.01, 0.05, 0.10, 0.20)},
        "lorenz": _lorenz_sorted(ranked[::-1]),
    }
    return out, info



def _check(p: Mapping[str, Any]) -> None:
    if not 0 < p["key_share"] <= p["ordinary_share"] <= 1:
        raise WorkbenchError("segments.error.share_order")


def _notes(info: Mapping[str, Any], n_customers: int, lang: str, currency: str) -> list[tuple[str, str]]:
    notes = [("markdown", t("segments.explain.pyramid", lang, key=info["params"]["key_share"],
                            ordinary=info["params"]["ordinary_share"]))]
    if info.get("basis_fallback"):
        notes.append(("info", t("segments.pyramid.no_cost", lang)))
    tops = {f"top{int(round(q * 100))}": v for q, v in info["top_shares"].items()}
    if all(is_finite(v) for v in tops.values()):  # no positive value at all: nothing to say ("nan%")
        notes.append(("markdown", t("segments.pyramid.top", lang, **tops)))
    if info["n_inactive"]:
        notes.append(("caption", t("segments.inactive_note", lang, n=fmt_count(info["n_inactive"]),
                                   total=fmt_count(n_customers))))
    return notes


def _charts(table, summary, info, profile, lang, currency) -> list:
    return [charts.pyramid_chart(profile, lang), charts.lorenz_chart(info["lorenz"], info["gini"], lang)]


SEGMENTATION = Segmentation(
    name="pyramid",
    labels=("key", "ordinary", "small", "negative", "inactive"),
    optional=("inactive",),  # only the 12-month basis has it
    rule=customer_pyramid,
    params=(Param("basis", "choice", choices=("revenue", "spend_12m", "profit")),
            Param("key_share", "share", 0.05, 1.0, 0.05), Param("ordinary_share", "share", 0.05, 1.0, 0.05)),
    defaults={"basis": "revenue", "key_share": 0.80, "ordinary_share": 0.95},
    required=REQUIRED,
    check=_check,
    notes=_notes,
    charts=_charts,
)
