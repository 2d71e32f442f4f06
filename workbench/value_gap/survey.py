"""Survey aggregation: the respondents' ratings per attribute, and the scale they were given on.

Every analysis of the area starts from :func:`aggregate` (one row per attribute) or :func:`wide_performance`
(one row per respondent). The survey frame has the columns of ``store.SURVEY_COLUMNS``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

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
    if survey.empty:
        return pd.DataFrame(columns=list(AGGREGATE_COLUMNS))
    # one vectorised pass (the page runs this for every segment on each edit); the interval is gap_stats'
    df = pd.DataFrame({"attribute": survey["attribute"].astype(object), "respondent_id": survey["respondent_id"],
                       **{c: pd.to_numeric(survey[c], errors="coerce").astype(float) for c in RATINGS}})
    df["gap"] = df["performance"] - df["expectation"]
    g = df.groupby("attribute", sort=False)
    out = pd.DataFrame({"respondents": g["respondent_id"].nunique(), **{c: g[c].mean() for c in RATINGS},
                        "competitor_n": g["competitor"].count(), "gap": g["gap"].mean(), "gap_sd": g["gap"].std(),
                        "gap_n": g["gap"].count(), "performance_sd": g["performance"].std()})
    n = out["gap_n"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        half = np.where(n >= 2, stats.t.ppf(0.975, np.maximum(n - 1, 1)) * out["gap_sd"] / np.sqrt(n), np.nan)
    out["gap_low"], out["gap_high"] = out["gap"] - half, out["gap"] + half
    out.loc[n < 2, "gap_sd"] = np.nan
    layer = survey["layer"].astype(object).where(survey["layer"].notna(), None)
    text = pd.Series([str(v).strip() if v is not None else "" for v in layer], index=survey.index)
    named = pd.DataFrame({"attribute": df["attribute"], "layer": text})[text != ""]
    mode = named.groupby(["attribute", "layer"], sort=False).size().sort_values(ascending=False, kind="stable")
    out["survey_layer"] = mode.reset_index().drop_duplicates("attribute").set_index("attribute")["layer"]
    out["survey_layer"] = out["survey_layer"].astype(object).where(out["survey_layer"].notna(), None)
    out = out.reset_index()
    out["gap_n"] = out["gap_n"].astype(int)
    out["respondents"] = out["respondents"].astype(int)
    out["competitor_n"] = out["competitor_n"].astype(int)
    return out[list(AGGREGATE_COLUMNS)]


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
