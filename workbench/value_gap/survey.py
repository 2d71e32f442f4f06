"""Survey aggregation: the respondents' ratings per attribute, and the scale they were given on.

Every analysis of the area starts from :func:`aggregate` (one row per attribute) or :func:`wide_performance`
(one row per respondent). The survey frame has the columns of ``store.SURVEY_COLUMNS``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.value_gap.gaps import gap_stats

__all__ = ["AGGREGATE_COLUMNS", "RATINGS", "survey_scale", "aggregate", "wide_performance", "kano_answers"]

RATINGS: tuple[str, ...] = ("importance", "expectation", "performance", "competitor")
AGGREGATE_COLUMNS: tuple[str, ...] = (
    "attribute", "respondents", "importance", "expectation", "performance", "competitor", "competitor_n",
    "gap", "gap_sd", "gap_n", "gap_low", "gap_high", "performance_sd", "survey_layer",
)
_SCALES = ((1, 5), (1, 7), (0, 10), (1, 10))


def survey_scale(survey: pd.DataFrame) -> tuple[float, float]:
    """The rating scale (low, high): the smallest usual scale (1–5, 1–7, 0–10, 1–10) that holds every rating;
    1–7 when there are none. Its midpoint is one of the importance–performance cross-hairs."""
    cols = [c for c in RATINGS if c in survey.columns]
    values = pd.to_numeric(survey[cols].stack(), errors="coerce").dropna() if cols and len(survey) else []
    if len(values) == 0:
        return (1.0, 7.0)
    lo, hi = float(np.min(values)), float(np.max(values))
    for a, b in _SCALES:
        if lo >= a and hi <= b:
            return (float(a), float(b))
    return (min(lo, 0.0), hi)


def aggregate(survey: pd.DataFrame) -> pd.DataFrame:
    """One row per attribute (:data:`AGGREGATE_COLUMNS`), in the survey's first-seen order.

    Means of each rating over the respondents who gave it; ``gap`` statistics over the respondents who rated
    both expectation and performance (mean, standard deviation, count and a 95% t interval, see
    :func:`~workbench.value_gap.gaps.gap_stats`); ``survey_layer`` the layer text the file gave most often.
    """
    rows = []
    for attribute, g in survey.groupby("attribute", sort=False):
        gap = (pd.to_numeric(g["performance"], errors="coerce") - pd.to_numeric(g["expectation"], errors="coerce"))
        stats = gap_stats(gap)
        layers = g["layer"].dropna().astype(str).str.strip()
        layers = layers[layers != ""]
        rows.append({
            "attribute": str(attribute), "respondents": int(g["respondent_id"].nunique()),
            **{c: pd.to_numeric(g[c], errors="coerce").mean() for c in RATINGS},
            "competitor_n": int(pd.to_numeric(g["competitor"], errors="coerce").notna().sum()),
            "gap": stats["mean"], "gap_sd": stats["sd"], "gap_n": stats["n"], "gap_low": stats["low"],
            "gap_high": stats["high"], "performance_sd": pd.to_numeric(g["performance"], errors="coerce").std(),
            "survey_layer": layers.mode().iloc[0] if len(layers) else None,
        })
    return pd.DataFrame(rows, columns=list(AGGREGATE_COLUMNS))


def wide_performance(survey: pd.DataFrame) -> pd.DataFrame:
    """Performance ratings with one row per respondent and one column per attribute (NaN where missing;
    a respondent's repeated answer to one attribute is averaged)."""
    perf = survey.assign(performance=pd.to_numeric(survey["performance"], errors="coerce"))
    return perf.pivot_table(index="respondent_id", columns="attribute", values="performance", aggfunc="mean",
                            sort=False)


def kano_answers(survey: pd.DataFrame) -> pd.DataFrame:
    """The answer pairs in :func:`~workbench.value_gap.kano.kano_summary`'s form: ``attribute, functional,
    dysfunctional`` (rows with both answers only)."""
    df = survey[["attribute", "kano_functional", "kano_dysfunctional"]].rename(
        columns={"kano_functional": "functional", "kano_dysfunctional": "dysfunctional"})
    return df.dropna(subset=["functional", "dysfunctional"]).reset_index(drop=True)
