"""Competitor benchmark: our performance against each named competitor per attribute.

Ratings come from the survey's ``competitor`` column (the main competitor the respondents rated, named in the
settings) and from ratings typed per attribute for any other named competitor (desk research, mystery
shopping). The gap to the best competitor says where we lead and where we trail.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = ["LONG_COLUMNS", "BENCHMARK_COLUMNS", "TIE", "competitor_long", "benchmark", "unrated"]

LONG_COLUMNS: tuple[str, ...] = ("attribute", "label", "who", "rating", "is_us")
BENCHMARK_COLUMNS: tuple[str, ...] = ("attribute", "label", "ours", "best_competitor", "best_rating",
                                      "gap_to_best", "position")
TIE = 0.05  # a difference this small (on the rating scale) counts as level


def competitor_long(gaps: pd.DataFrame, ratings: Mapping[str, Mapping[str, float]], us: str) -> pd.DataFrame:
    """Long table for grouped bars (:data:`LONG_COLUMNS`): our performance (``who = us``) and every rating
    of ``ratings`` (competitor → {attribute: rating}) for the attributes of ``gaps``."""
    rows = []
    for attribute, label, perf in zip(gaps["attribute"], gaps["label"], gaps["performance"]):
        if pd.notna(perf):
            rows.append((attribute, label, us, float(perf), True))
        for who, per_attr in ratings.items():
            value = per_attr.get(attribute)
            if value is not None and pd.notna(value):
                rows.append((attribute, label, who, float(value), False))
    return pd.DataFrame(rows, columns=list(LONG_COLUMNS))


def benchmark(gaps: pd.DataFrame, ratings: Mapping[str, Mapping[str, float]]) -> pd.DataFrame:
    """Per attribute with our performance and at least one competitor rating (:data:`BENCHMARK_COLUMNS`):
    the best competitor, our gap to it (ours − best) and ``position`` lead / level / trail; largest trail
    first."""
    rows = []
    for attribute, label, perf in zip(gaps["attribute"], gaps["label"], gaps["performance"]):
        rated = {who: float(r[attribute]) for who, r in ratings.items()
                 if r.get(attribute) is not None and pd.notna(r.get(attribute))}
        if not rated or pd.isna(perf):
            continue
        best = max(rated, key=lambda w: (rated[w], w))
        diff = float(perf) - rated[best]
        rows.append((attribute, label, float(perf), best, rated[best], diff,
                     "level" if abs(diff) <= TIE else "lead" if diff > 0 else "trail"))
    df = pd.DataFrame(rows, columns=list(BENCHMARK_COLUMNS))
    return df.sort_values("gap_to_best", kind="stable").reset_index(drop=True)


def unrated(ratings: Mapping[str, Mapping[str, float]], names: Sequence[str]) -> list[str]:
    """The competitors of ``names`` with no rating at all (the page says so; the others still show)."""
    return [n for n in names if not any(v is not None and not np.isnan(float(v))
                                        for v in ratings.get(n, {}).values())]
