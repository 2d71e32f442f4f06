"""Importance–performance analysis (Martilla & James 1977).

Each attribute is a point (performance across, importance up). Cross-hairs split the plane into four
quadrants: concentrate here (important, performing below the line), keep up the good work (important,
performing well), low priority (neither), possible overkill (performing well on what matters little). Where
the cross-hairs sit changes the answer, so it is a visible choice: the mean or the median of the attributes'
ratings, the scale midpoint, or a typed value. An attribute exactly on a cross-hair counts as high on that
axis. The iso-priority diagonal (Abalo, Varela & Manzano 2007) runs through the cross-hairs at 45°:
attributes above it have importance ahead of performance, so they come before those below it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from workbench.core.errors import WorkbenchError

__all__ = ["CROSSHAIRS", "QUADRANTS", "IPA_COLUMNS", "crosshairs", "ipa_table"]

CROSSHAIRS: tuple[str, ...] = ("mean", "median", "midpoint", "value")
QUADRANTS: tuple[str, ...] = ("concentrate", "keep_up", "low_priority", "overkill")
IPA_COLUMNS: tuple[str, ...] = ("attribute", "label", "importance", "performance", "quadrant", "above_diagonal")


def crosshairs(table: pd.DataFrame, how: str = "mean", scale: Sequence[float] = (1, 7),
               value: float | Sequence[float] | None = None) -> tuple[float, float]:
    """``(performance, importance)`` where the cross-hairs sit, from the attributes with both ratings.

    ``how``: ``mean`` / ``median`` of the attributes' ratings, ``midpoint`` of ``scale``, or ``value`` (one
    number for both axes, or a ``(performance, importance)`` pair).
    """
    if how not in CROSSHAIRS:
        raise WorkbenchError("value_gap.error.crosshair", how=how)
    rated = table.dropna(subset=["importance", "performance"])
    if how == "midpoint":
        mid = (float(scale[0]) + float(scale[1])) / 2
        return mid, mid
    if how == "value":
        if value is None:
            raise WorkbenchError("value_gap.error.crosshair_value")
        pair = (value, value) if np.isscalar(value) else tuple(value)
        return float(pair[0]), float(pair[1])
    if rated.empty:
        return np.nan, np.nan
    pick = (lambda s: float(s.mean())) if how == "mean" else (lambda s: float(s.median()))
    return pick(rated["performance"]), pick(rated["importance"])


def ipa_table(table: pd.DataFrame, perf_line: float, imp_line: float) -> pd.DataFrame:
    """The attributes with both ratings and their quadrant (:data:`QUADRANTS`) for cross-hairs at
    ``perf_line`` / ``imp_line`` (:data:`IPA_COLUMNS`); ``above_diagonal``: importance − performance exceeds
    the cross-hairs' imp_line − perf_line."""
    df = table.dropna(subset=["importance", "performance"]).copy()
    if "label" not in df.columns:
        df["label"] = df["attribute"]
    high_imp = df["importance"] >= imp_line
    high_perf = df["performance"] >= perf_line
    df["quadrant"] = np.select([high_imp & ~high_perf, high_imp & high_perf, ~high_imp & ~high_perf],
                               ["concentrate", "keep_up", "low_priority"], "overkill")
    df["above_diagonal"] = (df["importance"] - df["performance"]) > (imp_line - perf_line)
    return df[list(IPA_COLUMNS)].reset_index(drop=True)
