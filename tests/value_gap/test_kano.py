"""Kano: the 5×5 evaluation table cell by cell, the coefficients, Fong's test and the per-attribute summary
checked against a published worked example."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from workbench.core.errors import WorkbenchError
from workbench.value_gap import kano_category, kano_coefficients, kano_summary, kano_table
from workbench.value_gap.kano import fong_significant

LIKE, MUST_BE, NEUTRAL, LIVE_WITH, DISLIKE = 1, 2, 3, 4, 5

# The standard evaluation table (Berger et al. 1993, Table 2), written out cell by cell from the paper's
# layout: functional answer (row) × dysfunctional answer (column).
EXPECTED = {
    (LIKE, LIKE): "Q", (LIKE, MUST_BE): "A", (LIKE, NEUTRAL): "A", (LIKE, LIVE_WITH): "A", (LIKE, DISLIKE): "O",
    (MUST_BE, LIKE): "R", (MUST_BE, MUST_BE): "I", (MUST_BE, NEUTRAL): "I", (MUST_BE, LIVE_WITH): "I",
    (MUST_BE, DISLIKE): "M",
    (NEUTRAL, LIKE): "R", (NEUTRAL, MUST_BE): "I", (NEUTRAL, NEUTRAL): "I", (NEUTRAL, LIVE_WITH): "I",
    (NEUTRAL, DISLIKE): "M",
    (LIVE_WITH, LIKE): "R", (LIVE_WITH, MUST_BE): "I", (LIVE_WITH, NEUTRAL): "I", (LIVE_WITH, LIVE_WITH): "I",
    (LIVE_WITH, DISLIKE): "M",
    (DISLIKE, LIKE): "R", (DISLIKE, MUST_BE): "R", (DISLIKE, NEUTRAL): "R", (DISLIKE, LIVE_WITH): "R",
    (DISLIKE, DISLIKE): "Q",
}


@pytest.mark.parametrize(("pair", "category"), sorted(EXPECTED.items()))
def test_every_cell_of_the_evaluation_table(pair, category):
    assert kano_category(*pair) == category


def test_like_like_and_dislike_dislike_are_questionable():
    assert kano_category(LIKE, LIKE) == "Q"
    assert kano_category(DISLIKE, DISLIKE) == "Q"
    assert len(EXPECTED) == 25


@pytest.mark.parametrize("bad", [(0, 3), (6, 1), (2.5, 3), (None, 2), ("like", 5)])
def test_answers_outside_1_to_5_are_refused_clearly(bad):
    with pytest.raises(WorkbenchError) as err:
        kano_category(*bad)
    assert err.value.key == "value_gap.error.kano_answer"


def test_coefficients_berger_1993():
    # 3 A, 2 O, 4 M, 1 I, plus an R and a Q that do not count: better = 5/10, worse = -6/10
    cats = ["A"] * 3 + ["O"] * 2 + ["M"] * 4 + ["I", "R", "Q"]
    assert kano_coefficients(cats) == pytest.approx((0.5, -0.6))
    assert kano_coefficients({"A": 3, "O": 2, "M": 4, "I": 1}) == pytest.approx((0.5, -0.6))
    better, worse = kano_coefficients(["R", "Q"])
    assert math.isnan(better) and math.isnan(worse)
    with pytest.raises(WorkbenchError):
        kano_coefficients(["X"])


# Published worked example: W. Peter, "Kano Analyse" (README of the R package stp25kano, 2024), table of five
# attributes of a cleaning-products maker, n = 296 each, with max category, the M>O>A>I category (5-point
# band), total strength, category strength, CS+, CS− and Fong's test. Counts M, O, A, I, R, Q as printed.
PUBLISHED = {
    #                      M    O    A    I   R  Q  max  M>O>A>I total cat   CS+     CS-     Fong
    "Service app":        (95, 123, 45, 33, 0, 0, "O", "O", 0.89, 0.09, 0.568, -0.736, True),
    "Excellent service": (101, 54, 54, 81, 3, 3, "M", "M", 0.71, 0.07, 0.372, -0.534, True),
    "Hotline":            (15, 24, 121, 124, 6, 6, "I", "A", 0.54, 0.01, 0.511, -0.137, False),
    "Loan machine":       (65, 87, 93, 51, 0, 0, "A", "O", 0.83, 0.02, 0.608, -0.514, False),
    "Ready-to-use return": (9, 18, 83, 177, 6, 3, "I", "I", 0.37, 0.32, 0.352, -0.094, True),
}
# One answer pair per category (any cell of the table holding it).
PAIR = {"A": (LIKE, NEUTRAL), "O": (LIKE, DISLIKE), "M": (NEUTRAL, DISLIKE), "I": (NEUTRAL, NEUTRAL),
        "R": (DISLIKE, LIKE), "Q": (LIKE, LIKE)}


def _answers(counts: dict[str, dict[str, int]]) -> pd.DataFrame:
    rows = [(name, *PAIR[c]) for name, per in counts.items() for c, k in per.items() for _ in range(k)]
    return pd.DataFrame(rows, columns=["attribute", "functional", "dysfunctional"]).sample(frac=1, random_state=3)


@pytest.fixture
def published_summary():
    counts = {name: dict(zip("MOAIRQ", row[:6])) for name, row in PUBLISHED.items()}
    return kano_summary(_answers(counts), band=0.05).set_index("attribute")


def test_summary_matches_the_published_example(published_summary):
    s = published_summary
    assert list(s.reset_index().columns) == ["attribute", "A", "O", "M", "I", "R", "Q", "n", "category",
                                             "category_rule", "total_strength", "category_strength", "better",
                                             "worse", "fong_significant"]
    for name, (m, o, a, i, r, q, top, rule_cat, total, strength, better, worse, fong) in PUBLISHED.items():
        row = s.loc[name]
        assert (row["M"], row["O"], row["A"], row["I"], row["R"], row["Q"], row["n"]) == (m, o, a, i, r, q, 296)
        assert row["category"] == rule_cat, name
        assert row["category_rule"] == ("mode" if top == rule_cat else "moai"), name
        assert round(row["total_strength"], 2) == total, name
        assert round(row["category_strength"], 2) == strength, name
        assert round(row["better"], 3) == better, name
        assert round(row["worse"], 3) == worse, name
        assert bool(row["fong_significant"]) is fong, name


def test_fong_threshold_as_published():
    # Service app: |123 - 95| = 28 against 1.65·√((218·374)/592) = 19.4 (published "28 < 19.4 sig.")
    q = 1.65 * math.sqrt((123 + 95) * (2 * 296 - 123 - 95) / (2 * 296))
    assert round(q, 1) == 19.4
    assert fong_significant(123, 95, 296)
    # Hotline: |124 - 121| = 3 against 19.8: not significant
    assert not fong_significant(124, 121, 296)
    assert not fong_significant(0, 0, 0)


def test_band_zero_takes_the_most_frequent_category(published_summary):
    counts = {"Hotline": dict(zip("MOAIRQ", PUBLISHED["Hotline"][:6]))}
    s = kano_summary(_answers(counts), band=0.0).set_index("attribute")
    assert s.loc["Hotline", "category"] == "I" and s.loc["Hotline", "category_rule"] == "mode"


def test_missing_answers_are_skipped_and_columns_checked():
    df = pd.DataFrame({"attribute": ["x", "x", "x"], "functional": [1, np.nan, 3],
                       "dysfunctional": [5, 2, np.nan]})
    s = kano_summary(df)
    assert s.loc[0, "n"] == 1 and s.loc[0, "category"] == "O"
    assert kano_summary(df.iloc[1:]).empty
    with pytest.raises(WorkbenchError) as err:
        kano_summary(df.drop(columns="dysfunctional"))
    assert "dysfunctional" in err.value.params["columns"]


def test_hand_set_categories_join_the_table():
    summary = kano_summary(_answers({"taste": {"M": 3, "O": 1}}))
    table = kano_table(summary, {"taste": "O", "lockers": "A"}).set_index("attribute")
    assert table.loc["taste", "category"] == "M" and table.loc["taste", "manual"] == "O"
    assert table.loc["lockers", "category"] == "A" and table.loc["lockers", "category_rule"] == "hand"
    assert kano_table(summary.iloc[0:0], {"lockers": "A"})["category"].tolist() == ["A"]
