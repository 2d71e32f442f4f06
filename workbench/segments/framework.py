"""What a segmentation is, as data: one :class:`Segmentation` record per framework, and the helpers every
rule shares (required columns, thresholds, fast categorical labels).

A record holds everything the rest of the workbench needs to know about a framework: its labels in
framework order, its editable parameters and their defaults, the summary columns it reads, the rule that
labels customers, a consistency check of its parameters, what its tab says and which charts it draws. The
registry (:mod:`workbench.segments.registry`) lists the records in page order; the segment table, the
parameter store, the page's tabs and the exports are all driven by it, so adding a framework is one module
in ``rules/`` and its catalog entries.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.core.params import Param, check_choices, merge

__all__ = ["Segmentation", "Note", "BY_CHOICES", "require", "threshold", "ids", "select", "growth", "inactive_12m",
           "threshold_flags"]

#: What a tab says: ``(kind, text)`` with kind ``markdown``, ``info``, ``warning`` or ``caption``.
Note = tuple[str, str]


def _no_notes(info: Mapping[str, Any], n_customers: int, lang: str, currency: str) -> list[Note]:
    return []


def _no_check(params: Mapping[str, Any]) -> None:
    return None


def _no_chart_notes(table: pd.DataFrame, summary: pd.DataFrame, info: Mapping[str, Any], lang: str) -> list[Note]:
    return []


@dataclass(frozen=True)
class Segmentation:
    """One segmentation framework.

    ``rule(summary, params) -> (frame, info)`` labels every customer: ``frame`` has ``customer_id`` and the
    framework's columns (the label column is named like the framework; ``multi`` frameworks such as tags
    have one boolean ``<name>_<label>``-style column per label instead), ``info`` says what the page must
    explain. A framework whose labels another framework's rule computes (member tiers come with RFM) has
    ``rule=None`` and ``computed_by`` naming that framework; ``settings`` names whose parameters it uses.
    ``notes(info, n_customers, lang, currency)`` says what its tab explains; ``charts(table, summary, info,
    profile, lang, currency)`` draws it; ``chart_notes(table, summary, info, lang)`` says what the charts
    leave out or bend (a sample, clipped values, empty scores). ``optional`` labels are classes only some
    data or settings produce (customers with no purchase in 12 months, too little history, no score): listed
    only when some customer has them, so a table never shows a row that cannot have anyone in it.
    """

    name: str
    labels: tuple[str, ...]
    rule: Callable[[pd.DataFrame, Mapping[str, Any]], tuple[pd.DataFrame, dict[str, Any]]] | None
    params: tuple[Param, ...] = ()
    defaults: Mapping[str, Any] = field(default_factory=dict)
    required: tuple[str, ...] = ("customer_id",)
    check: Callable[[Mapping[str, Any]], None] = _no_check
    notes: Callable[[Mapping[str, Any], int, str, str], list[Note]] = _no_notes
    charts: Callable[..., list] | None = None
    chart_notes: Callable[[pd.DataFrame, pd.DataFrame, Mapping[str, Any], str], list[Note]] = _no_chart_notes
    computed_by: str | None = None
    settings_name: str | None = None
    tab: bool = True
    multi: bool = False
    ranked_by_revenue: bool = False
    optional: tuple[str, ...] = ()

    def resolve(self, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The defaults updated with ``params``, or a ``WorkbenchError`` saying what is inconsistent."""
        p = merge(self.defaults, params)
        self.check(p)
        check_choices(self.params, p)
        return p

    @property
    def settings(self) -> str:
        """The name its parameters are stored under (its own, or the framework that computes it)."""
        return self.settings_name or self.computed_by or self.name

    def column(self, label: str | None = None) -> str:
        """The segment table's column of this framework (of one label for ``multi`` frameworks)."""
        return f"tag_{label}" if self.multi else self.name


def require(summary: pd.DataFrame, columns: tuple[str, ...]) -> None:
    """Raise a translated error naming the summary columns a rule needs but did not get."""
    missing = [c for c in columns if c not in summary.columns]
    if missing:
        raise WorkbenchError("segments.error.missing_columns", columns=", ".join(missing))


def threshold(values: pd.Series, by: str, q: float, absolute: float) -> float:
    """A cut-off: the ``q`` quantile of the (non-missing) values, or the fixed ``absolute`` value."""
    if by == "absolute":
        return float(absolute)
    clean = pd.to_numeric(values, errors="coerce").dropna()
    return float(clean.quantile(float(q))) if len(clean) else float("nan")


def ids(summary: pd.DataFrame) -> pd.DataFrame:
    """A frame with just the customer ids, sharing the summary's (Arrow) strings instead of converting them."""
    return summary[["customer_id"]].copy(deep=False)


def select(conditions: list, choices: tuple[str, ...], default: str, index) -> pd.Series:
    """``np.select`` for labels, returned as a categorical Series: a million labels stay small and fast."""
    codes = np.select([np.asarray(c, dtype=bool) for c in conditions], list(range(len(choices))),
                      default=len(choices))
    return pd.Series(pd.Categorical.from_codes(codes, list(choices) + [default]), index=index)


def inactive_12m(summary: pd.DataFrame) -> pd.Series:
    """Customers with no purchase in the last 12 months (``purchase_days_12m`` = 0): their recent spend is no
    measure of value or potential, so every segmentation on recent spend gives them their own class and
    computes its thresholds among the others (on retail data two thirds of a file can be in it)."""
    return summary["purchase_days_12m"].astype(float).fillna(0) <= 0


def growth(summary: pd.DataFrame) -> pd.Series:
    """Spend growth on the previous 12 months, (this - previous) / previous; NaN without previous spend."""
    prev = summary["spend_prev_12m"].astype(float)
    return ((summary["spend_12m"].astype(float) - prev) / prev.where(prev > 0)).rename("growth")


def threshold_flags(value_cut: float | None = None, growth_cut: float | None = None) -> list[str]:
    """Thresholds that cannot separate anyone: a spend cut at or below 0 (everyone active is "high value")
    or a growth cut at or below -100% (everyone has "potential"). The page shows each as a warning."""
    flags = []
    if value_cut is not None and not value_cut > 0:
        flags.append("value_threshold_zero")
    if growth_cut is not None and not growth_cut > -1:
        flags.append("growth_threshold_floor")
    return flags


#: The two ways a threshold is set: from a data quantile or as a fixed value.
BY_CHOICES: tuple[str, ...] = ("quantile", "absolute")
