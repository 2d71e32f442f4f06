"""Making user and file text safe to show and to export: Streamlit renders messages as markdown (a hostile
cell must not become a link or an image), and Excel runs cells starting with = + - @ as formulas (CSV
injection), so every file written goes through :func:`neutralise_formulas` (in ``report.files``)."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

__all__ = ["md_escape", "neutralise_cell", "neutralise_formulas"]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~$])")


def md_escape(value: Any, limit: int = 80) -> str:
    """User or file text made safe to show in a Streamlit message: one line, shortened, markdown escaped."""
    text = str(value).replace("\r", " ").replace("\n", " ")
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return _MD_SPECIAL.sub(r"\\\1", text)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def neutralise_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, prefixed with an apostrophe (numbers left alone)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """A copy where text cells that a spreadsheet would run as a formula start with an apostrophe.

    Cells beginning with = + - @ (or a tab / carriage return) are prefixed with ``'`` unless they are a
    plain number such as "-12.5"; this is the usual defence against CSV injection in Excel. Vectorised:
    only the few flagged cells are touched, and categorical columns are fixed in their categories.
    """
    out = df.copy(deep=False)  # columns are replaced, never changed in place
    for col in out.columns:
        series = out[col]
        if isinstance(series.dtype, pd.CategoricalDtype):
            categories = [neutralise_cell(c) for c in series.cat.categories]
            if categories == list(series.cat.categories):
                continue
            if len(set(categories)) == len(categories):
                out[col] = series.cat.rename_categories(categories)
                continue
            series = series.astype(object)  # a fixed category would equal another: fix the cells instead
        if not (pd.api.types.is_string_dtype(series) or series.dtype == object):
            continue
        try:
            flagged = series.str[:1].isin(_FORMULA_START).to_numpy(dtype=bool)
        except AttributeError:  # an object column without text (e.g. dates)
            continue
        if flagged.any():
            fixed = series.astype(object).to_numpy(copy=True)
            fixed[flagged] = [neutralise_cell(v) for v in fixed[flagged]]
            out[col] = pd.Series(fixed, index=series.index, dtype=series.dtype)
    return out
