"""Kano classification (Kano et al. 1984) of paired functional / dysfunctional answers.

Answers are coded 1 like (喜欢), 2 must-be (理应如此), 3 neutral (无所谓), 4 live-with (能忍受), 5 dislike (不喜欢).
:data:`KANO_TABLE` is the standard evaluation table (Berger et al. 1993): the functional answer picks the row,
the dysfunctional answer the column. Categories: A attractive (欣喜需求), O one-dimensional (期望需求), M must-be
(基础需求), I indifferent (无差异), R reverse (反向), Q questionable (可疑).

Per attribute :func:`kano_summary` gives the counts, the most frequent category, the category by the
M > O > A > I rule of Matzler et al. (1996) when the top categories lie within ``band``, total strength and
category strength (Lee & Newcomb 1997), the satisfaction coefficients better CS+ = (A+O)/(A+O+M+I) and worse
CS− = −(O+M)/(A+O+M+I) (Berger et al. 1993) and Fong's (1996) test of the top two categories:
|a − b| < 1.65·√((a+b)(2n−a−b)/(2n)) means the difference is not significant (α = 0.1).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from workbench.core.errors import WorkbenchError

__all__ = ["CATEGORIES", "ANSWERS", "KANO_TABLE", "RULE_ORDER", "SUMMARY_COLUMNS", "kano_category",
           "kano_coefficients", "fong_significant", "kano_summary", "kano_table"]

CATEGORIES: tuple[str, ...] = ("A", "O", "M", "I", "R", "Q")
ANSWERS: tuple[int, ...] = (1, 2, 3, 4, 5)
# Rows: functional answer 1..5; columns: dysfunctional answer 1..5.
KANO_TABLE: tuple[str, ...] = (
    "QAAAO",  # like
    "RIIIM",  # must-be
    "RIIIM",  # neutral
    "RIIIM",  # live-with
    "RRRRQ",  # dislike
)
# When the top categories are within the band: the one with the most influence on the product wins
# (Matzler et al. 1996); R and Q only when nothing else is in the band.
RULE_ORDER: tuple[str, ...] = ("M", "O", "A", "I", "R", "Q")
SUMMARY_COLUMNS: tuple[str, ...] = (
    "attribute", "A", "O", "M", "I", "R", "Q", "n", "category", "category_rule", "total_strength",
    "category_strength", "better", "worse", "fong_significant",
)
_FONG_Z = 1.65


def kano_category(functional: int, dysfunctional: int) -> str:
    """The category (one of ``A O M I R Q``) of one answer pair, each answer coded 1..5."""
    try:
        f, d = int(functional), int(dysfunctional)
    except (TypeError, ValueError):
        raise WorkbenchError("value_gap.error.kano_answer", functional=functional,
                             dysfunctional=dysfunctional) from None
    if f not in ANSWERS or d not in ANSWERS or f != functional or d != dysfunctional:
        raise WorkbenchError("value_gap.error.kano_answer", functional=functional, dysfunctional=dysfunctional)
    return KANO_TABLE[f - 1][d - 1]


def kano_coefficients(categories: Iterable[str] | Mapping[str, float]) -> tuple[float, float]:
    """``(better, worse)`` of a list of categories or of counts per category (Berger et al. 1993):
    better = (A+O)/(A+O+M+I), worse = −(O+M)/(A+O+M+I); R and Q do not count. NaN when no A, O, M or I."""
    if isinstance(categories, Mapping):
        counts = {c: float(categories.get(c, 0) or 0) for c in CATEGORIES}
    else:
        counts = dict.fromkeys(CATEGORIES, 0.0)
        for c in categories:
            if c not in counts:
                raise WorkbenchError("value_gap.error.kano_category", category=str(c))
            counts[c] += 1
    base = counts["A"] + counts["O"] + counts["M"] + counts["I"]
    if base == 0:
        return float("nan"), float("nan")
    return (counts["A"] + counts["O"]) / base, -(counts["O"] + counts["M"]) / base


def fong_significant(a: float, b: float, n: float) -> bool:
    """Fong (1996): is the most frequent category (``a`` answers) significantly ahead of the second (``b``)
    among ``n`` answers? True when |a − b| ≥ 1.65·√((a+b)(2n−a−b)/(2n))."""
    if n <= 0:
        return False
    return abs(a - b) >= _FONG_Z * math.sqrt((a + b) * (2 * n - a - b) / (2 * n))


def _row(attribute: str, counts: Mapping[str, int], band: float) -> dict:
    n = int(sum(counts.values()))
    row = {"attribute": attribute, **{c: int(counts.get(c, 0)) for c in CATEGORIES}, "n": n}
    if n == 0:
        return {**row, "category": None, "category_rule": "none", "total_strength": np.nan,
                "category_strength": np.nan, "better": np.nan, "worse": np.nan, "fong_significant": False}
    share = {c: row[c] / n for c in CATEGORIES}
    ranked = sorted(CATEGORIES, key=lambda c: (-row[c], RULE_ORDER.index(c)))
    top, second = ranked[0], ranked[1]
    within = [c for c in RULE_ORDER if share[top] - share[c] <= band + 1e-12]
    category = within[0]
    better, worse = kano_coefficients(row)
    return {**row, "category": category, "category_rule": "mode" if len(within) == 1 else "moai",
            "total_strength": share["A"] + share["O"] + share["M"],
            "category_strength": share[top] - share[second], "better": better, "worse": worse,
            "fong_significant": fong_significant(row[top], row[second], n)}


def kano_summary(answers: pd.DataFrame, band: float = 0.05) -> pd.DataFrame:
    """One row per attribute (:data:`SUMMARY_COLUMNS`) from answer pairs.

    ``answers`` has columns ``attribute, functional, dysfunctional`` (answers 1..5); rows where either answer
    is missing are skipped. ``category`` is the most frequent category, or — when other categories' shares lie
    within ``band`` (a fraction: 0.05 = 5 percentage points) of the top one — the first of those in the order
    M > O > A > I (> R > Q); ``category_rule`` says which: ``mode`` or ``moai``. Shares and strengths are
    fractions of ``n`` (all answered pairs, R and Q included).
    """
    missing = [c for c in ("attribute", "functional", "dysfunctional") if c not in answers.columns]
    if missing:
        raise WorkbenchError("value_gap.error.missing_columns", columns=", ".join(missing))
    if not 0 <= float(band) < 1:
        raise WorkbenchError("value_gap.error.kano_band", band=band)
    pairs = answers.dropna(subset=["functional", "dysfunctional"])
    rows = []
    for attribute, group in pairs.groupby("attribute", sort=False):
        cats = [kano_category(f, d) for f, d in zip(group["functional"], group["dysfunctional"])]
        counts = pd.Series(cats, dtype=object).value_counts().to_dict()
        rows.append(_row(str(attribute), counts, float(band)))
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))


def kano_table(summary: pd.DataFrame, manual: Mapping[str, str]) -> pd.DataFrame:
    """The summary plus the categories set by hand: ``manual`` maps attribute → category. An attribute with
    answers keeps its answers' category and shows the hand-set one in ``manual``; an attribute with no
    answers gets a row with the hand-set category (``category_rule = "hand"``, no counts or coefficients)."""
    table = summary.copy()
    table["manual"] = table["attribute"].map(lambda a: manual.get(a))
    extra = [{"attribute": a, "category": c, "category_rule": "hand", "manual": c, "n": 0,
              "fong_significant": False}
             for a, c in manual.items() if c and a not in set(table["attribute"])]
    if extra:
        table = pd.concat([table, pd.DataFrame(extra)], ignore_index=True) if len(table) else pd.DataFrame(extra)
    for col in (*SUMMARY_COLUMNS, "manual"):
        if col not in table.columns:
            table[col] = np.nan
    return table[[*SUMMARY_COLUMNS, "manual"]]
