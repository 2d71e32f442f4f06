"""Gaps (SERVQUAL style): gap = performance − expectation per attribute, and the priority that ranks them.

priority = importance × (expectation − performance): a shortfall on an important attribute ranks first, a
surplus (performance above expectation) gets a negative priority and shows as possible overkill. From
respondents each gap has its mean, standard deviation, count and a 95% confidence interval
mean ± t(0.975, n−1)·sd/√n (Student's t, since survey counts are small).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

__all__ = ["GAP_COLUMNS", "gap_stats", "gap_table"]

GAP_COLUMNS: tuple[str, ...] = (
    "attribute", "label", "origin", "dimension", "layer", "importance", "expectation", "performance", "gap",
    "gap_sd", "gap_n", "gap_low", "gap_high", "priority", "rank", "status",
)


def gap_stats(gaps) -> dict:
    """``mean, sd, n, low, high`` of per-respondent gaps (missing values skipped); the interval is NaN for
    fewer than two answers and has zero width when everyone gave the same gap."""
    values = pd.to_numeric(pd.Series(gaps), errors="coerce").dropna().to_numpy(dtype=float)
    n = len(values)
    if n == 0:
        return {"mean": np.nan, "sd": np.nan, "n": 0, "low": np.nan, "high": np.nan}
    mean = float(values.mean())
    if n < 2:
        return {"mean": mean, "sd": np.nan, "n": 1, "low": np.nan, "high": np.nan}
    sd = float(values.std(ddof=1))
    half = float(stats.t.ppf(0.975, n - 1)) * sd / np.sqrt(n)
    return {"mean": mean, "sd": sd, "n": n, "low": mean - half, "high": mean + half}


def gap_table(attributes: pd.DataFrame) -> pd.DataFrame:
    """The sorted gap table (:data:`GAP_COLUMNS`), highest priority first.

    ``attributes`` has at least ``attribute, importance, expectation, performance`` and optionally the
    other columns (a typed row has no respondents: its ``gap_n`` is 0 and its interval NaN). ``status`` is
    ``shortfall`` (the interval lies below zero, or a typed gap < 0), ``surplus`` (above zero), ``on_par``
    (the interval holds zero, or a typed gap of 0) or ``incomplete`` (a rating missing).
    """
    df = attributes.copy()
    for col in GAP_COLUMNS:
        if col not in df.columns:
            df[col] = np.nan
    df["label"] = df["label"].where(df["label"].notna() & (df["label"].astype(str) != ""), df["attribute"])
    for col in ("importance", "expectation", "performance"):
        df[col] = pd.to_numeric(df[col], errors="coerce")
    typed = df["gap_n"].fillna(0).astype(int) == 0
    df.loc[typed, "gap"] = df.loc[typed, "performance"] - df.loc[typed, "expectation"]
    df["gap_n"] = df["gap_n"].fillna(0).astype(int)
    df["priority"] = df["importance"] * -df["gap"]
    low = df["gap_low"].where(~typed, df["gap"])
    high = df["gap_high"].where(~typed, df["gap"])
    df["status"] = np.select(
        [df["priority"].isna(), high < 0, low > 0], ["incomplete", "shortfall", "surplus"], "on_par")
    df = df.sort_values(["priority", "attribute"], ascending=[False, True], na_position="last", kind="stable")
    df["rank"] = np.arange(1, len(df) + 1)
    return df[list(GAP_COLUMNS)].reset_index(drop=True)
