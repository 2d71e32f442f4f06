"""Perceived value = benefits − costs (感知价值 = 顾客利益 − 顾客成本), and gaps per value layer.

Benefits are the functional, emotional and social attributes, costs the time and money attributes (the
dimension set on each attribute). A cost attribute is rated like any other — how well we do on price, on
waiting time — so its burden is the rating turned around on the scale: burden = low + high − rating (a price
rated 7 of 7 costs the customer 1). Each side is the importance-weighted mean of its attributes'
performance; perceived value is benefits − costs, per segment.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from workbench.value_gap.model import BENEFIT_DIMENSIONS, COST_DIMENSIONS, DIMENSIONS

__all__ = ["VALUE_COLUMNS", "LAYER_COLUMNS", "perceived_value", "layer_gaps"]

VALUE_COLUMNS: tuple[str, ...] = ("segment", *DIMENSIONS, "benefits", "costs", "perceived_value", "attributes")
LAYER_COLUMNS: tuple[str, ...] = ("layer", "attributes", "importance", "gap", "priority", "shortfalls")


def perceived_value(per_segment: pd.DataFrame, scale: Sequence[float]) -> pd.DataFrame:
    """One row per segment (:data:`VALUE_COLUMNS`) from a gap-like table with ``segment, dimension,
    importance, performance`` per attribute and segment. A segment with no benefit or no cost attribute has
    NaN perceived value (the page says which dimensions are missing)."""
    lo, hi = float(scale[0]), float(scale[1])
    src = per_segment[per_segment["dimension"].isin(DIMENSIONS)]
    df = pd.DataFrame({"segment": src["segment"].astype(object), "dimension": src["dimension"].astype(object),
                       "performance": pd.to_numeric(src["performance"], errors="coerce"),
                       "w": pd.to_numeric(src["importance"], errors="coerce").fillna(1.0).clip(lower=0)})
    df = df.dropna(subset=["performance"])
    df["side"] = np.where(df["dimension"].isin(BENEFIT_DIMENSIONS), "benefits", "costs")
    df["wp"] = df["w"] * df["performance"]

    def mean(keys):  # importance-weighted mean performance per segment and dimension (or side)
        s = df.groupby(keys, sort=False)[["wp", "w"]].sum()
        return (s["wp"] / s["w"].where(s["w"] > 0)).unstack(keys[1]) if len(s) else pd.DataFrame()

    dims, sides = mean(["segment", "dimension"]), mean(["segment", "side"])
    out = pd.DataFrame(index=pd.Index(list(dict.fromkeys(src["segment"])), name="segment", dtype=object))
    for dim in DIMENSIONS:
        score = dims[dim] if dim in dims else pd.Series(np.nan, index=out.index)
        out[dim] = (lo + hi - score) if dim in COST_DIMENSIONS else score
    out["benefits"] = sides["benefits"] if "benefits" in sides else np.nan
    out["costs"] = (lo + hi - sides["costs"]) if "costs" in sides else np.nan
    out["perceived_value"] = out["benefits"] - out["costs"]
    out["attributes"] = df.groupby("segment", sort=False).size().reindex(out.index).fillna(0).astype(int)
    return out.reset_index()[list(VALUE_COLUMNS)]


def layer_gaps(gaps: pd.DataFrame, order: Sequence[str] = ()) -> pd.DataFrame:
    """Gaps aggregated per value layer (:data:`LAYER_COLUMNS`): attributes, mean importance, mean gap, the
    summed priority and how many attributes fall short; layers in ``order`` first, then the rest."""
    df = gaps.dropna(subset=["layer"])
    rows = [(layer, len(g), g["importance"].mean(), g["gap"].mean(), g["priority"].sum(min_count=1),
             int((g["status"] == "shortfall").sum())) for layer, g in df.groupby("layer", sort=False)]
    out = pd.DataFrame(rows, columns=list(LAYER_COLUMNS))
    rank = {name: i for i, name in enumerate(order)}
    out["_o"] = out["layer"].map(lambda name: rank.get(name, len(rank)))
    return out.sort_values(["_o", "layer"], kind="stable").drop(columns="_o").reset_index(drop=True)
