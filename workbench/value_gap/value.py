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


def _weighted(df: pd.DataFrame) -> float:
    rated = df.dropna(subset=["performance"])
    if rated.empty:
        return np.nan
    w = rated["importance"].fillna(1.0).clip(lower=0)
    return float(np.average(rated["performance"], weights=w)) if w.sum() > 0 else float(rated["performance"].mean())


def perceived_value(per_segment: pd.DataFrame, scale: Sequence[float]) -> pd.DataFrame:
    """One row per segment (:data:`VALUE_COLUMNS`) from a gap-like table with ``segment, dimension,
    importance, performance`` per attribute and segment. A segment with no benefit or no cost attribute has
    NaN perceived value (the page says which dimensions are missing)."""
    lo, hi = float(scale[0]), float(scale[1])
    rows = []
    for segment, g in per_segment.groupby("segment", sort=False):
        g = g[g["dimension"].isin(DIMENSIONS)]
        row = {"segment": segment, "attributes": len(g)}
        for dim in DIMENSIONS:
            score = _weighted(g[g["dimension"] == dim])
            row[dim] = lo + hi - score if dim in COST_DIMENSIONS and pd.notna(score) else score
        benefits = g[g["dimension"].isin(BENEFIT_DIMENSIONS)]
        costs = g[g["dimension"].isin(COST_DIMENSIONS)]
        row["benefits"] = _weighted(benefits)
        cost_perf = _weighted(costs)
        row["costs"] = lo + hi - cost_perf if pd.notna(cost_perf) else np.nan
        row["perceived_value"] = row["benefits"] - row["costs"]
        rows.append(row)
    return pd.DataFrame(rows, columns=list(VALUE_COLUMNS))


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
