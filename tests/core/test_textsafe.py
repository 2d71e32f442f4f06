"""Text made safe for Streamlit messages (markdown) and for spreadsheet downloads (CSV injection)."""

from __future__ import annotations

import pandas as pd
import pytest

from workbench.core.textsafe import md_escape, neutralise_cell, neutralise_formulas


def test_md_escape_neutralises_links_images_and_latex():
    assert md_escape("![x](http://e.invalid/a.png)") == r"\!\[x\]\(http://e\.invalid/a\.png\)"
    assert md_escape("$x$ *b*") == r"\$x\$ \*b\*"
    assert md_escape("line1\nline2") == "line1 line2"
    assert md_escape("a" * 100, limit=10) == "a" * 9 + "…"


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+86 138 0000", "'+86 138 0000"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-cmd", "'-cmd"),
        ("\t=1", "'\t=1"),
        ("-12.5", "-12.5"),  # a plain number stays a number
        ("+3e5", "+3e5"),
        ("咖啡", "咖啡"),
        (12, 12),
        (None, None),
    ],
)
def test_neutralise_cell(cell, expected):
    assert neutralise_cell(cell) == expected


def test_neutralise_formulas_fixes_text_and_categorical_columns_only():
    df = pd.DataFrame({
        "name": ["=1+1", "ok"],
        "segment": pd.Categorical(["@risk", "fine"]),
        "amount": [-5.0, 3.0],
    })
    out = neutralise_formulas(df)
    assert out["name"].tolist() == ["'=1+1", "ok"]
    assert out["segment"].tolist() == ["'@risk", "fine"]
    assert out["amount"].tolist() == [-5.0, 3.0]
    assert df["name"].tolist() == ["=1+1", "ok"]  # the input is not changed


def test_a_categorical_whose_fixed_category_would_collide_is_still_defused():
    # '=X' fixed is "'=X", which is already a category: renaming cannot work, the cells are fixed instead
    link = '=HYPERLINK("http://x","a")'
    df = pd.DataFrame({"note": pd.Categorical([link, "'" + link, "plain"])})
    assert neutralise_formulas(df)["note"].tolist() == ["'" + link, "'" + link, "plain"]
