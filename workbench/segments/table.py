"""The segment table (every framework's labels, one row per customer) and profiles of its segments.

:func:`segment_all` runs every rule of the registry on the per-customer summary; :func:`members_of` and
:func:`segment_profile` read the table. The table is row-aligned with the summary it was computed from.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from workbench.core.errors import WorkbenchError
from workbench.customers.kpis import history_columns, history_figures
from workbench.segments.labels import segment_label
from workbench.segments.registry import REGISTRY, get

__all__ = ["PROFILE_COLUMNS", "segment_all", "segment_column", "members_of", "present_segments",
           "segment_profile"]

#: Columns of :func:`segment_profile`, and the whole-history figure (``customers.kpis.KPIS``) behind each.
PROFILE_FIGURES: Mapping[str, str] = {
    "customers": "group_customers", "customer_share": "group_customer_share", "revenue": "group_revenue",
    "revenue_share": "group_revenue_share", "aov": "group_aov",
    "purchases_per_customer": "group_orders_per_customer", "repeat_share": "repeat_share",
    "csat": "mean_csat", "nps": "mean_nps_answer",
}
PROFILE_COLUMNS: tuple[str, ...] = ("segment", "label", "customers", "customer_share", "revenue", "revenue_share",
                                    "aov", "purchases_per_customer", "repeat_share", "clv", "csat", "nps")


def segment_all(
    summary: pd.DataFrame, params: Mapping[str, Mapping[str, Any]] | None = None,
    rfm_patterns: tuple[tuple[str, str], ...] | list | None = None,
    run_rule: Callable[[Any, pd.DataFrame, Any], tuple[pd.DataFrame, dict[str, Any]]] | None = None,
) -> tuple[pd.DataFrame, dict[str, dict[str, Any]]]:
    """Every segmentation at once: a per-customer table of labels and flags, and each one's ``info``.

    The table has ``customer_id``, the RFM scores, one column per segmentation of the registry (tags as
    ``tag_<name>`` booleans), the churn flags, ``pyramid_value`` and ``growth``. ``params`` maps a settings
    name to its parameters (missing ones get the defaults); ``rfm_patterns`` overrides the RFM naming rules.
    ``run_rule(record, summary, params)`` runs one rule (default: ``record.rule(summary, params)``); the
    snapshot passes one that remembers each rule's result, so a parameter saved for one segmentation
    recomputes that one only.
    """
    run_rule = run_rule or (lambda record, frame, p: record.rule(frame, p))
    params = {k: dict(v) for k, v in (params or {}).items()}
    if rfm_patterns is not None:
        params.setdefault("rfm", {})["patterns"] = [list(r) for r in rfm_patterns]
    frames, infos = [], {}
    for record in REGISTRY.values():
        if record.rule is None:
            continue
        frame, info = run_rule(record, summary, params.get(record.name))
        frames.append(frame if not frames else frame.drop(columns="customer_id"))
        infos[record.name] = info
    for record in REGISTRY.values():
        if record.computed_by is not None:
            infos[record.name] = infos[record.computed_by]
    table = pd.concat(frames, axis=1).reset_index(drop=True)
    return table, infos


def segment_column(segmentation: str, segment: str) -> str:
    """The column of :func:`segment_all`'s table holding that segmentation (``tag_<name>`` for tags)."""
    return get(segmentation).column(segment)


def members_of(table: pd.DataFrame, segmentation: str, segment: str) -> pd.Series:
    """Boolean mask of the customers in ``segment`` of ``segmentation``."""
    record = get(segmentation)
    column = record.column(segment)
    if record.multi:
        if column not in table.columns:
            raise WorkbenchError("segments.error.unknown_segment", name=segment)
        return table[column].astype(bool)
    return table[column] == segment


def present_segments(table: pd.DataFrame, segmentation: str) -> list[str]:
    """Segment codes of a segmentation in framework order, then any other value present; RFM: the naming
    rules in use, in rule order (user-named segments included)."""
    record = get(segmentation)
    known = list(record.labels)
    if record.multi:
        return known
    column = table[record.column()]
    if record.optional:
        held = set(pd.unique(column[column.isin(record.optional)]))
        known = [s for s in known if s not in record.optional or s in held]
    if record.ranked_by_revenue and isinstance(column.dtype, pd.CategoricalDtype):
        return [str(c) for c in column.cat.categories]  # the patterns in use, in their order
    present = [s for s in pd.unique(column) if s not in known]
    return known + sorted(map(str, present))


def segment_profile(
    table: pd.DataFrame, summary: pd.DataFrame, segmentation: str, lang: str = "en",
    clv: pd.Series | None = None,
) -> pd.DataFrame:
    """Profile per segment: size, shares, revenue, AOV, orders per customer, repeat share, CLV and
    satisfaction, over each customer's whole history (the figures of ``customers.kpis``, see
    ``PROFILE_FIGURES``). ``table`` and ``summary`` are row-aligned (as :func:`segment_all` returns them).

    Columns ``PROFILE_COLUMNS``. Satisfaction columns are the means over customers with a score.
    """
    record = get(segmentation)
    columns = history_columns(summary)
    clv_values = None if clv is None else np.asarray(clv, dtype=float)
    rows = []
    for seg in present_segments(table, segmentation):
        mask = members_of(table, segmentation, seg).to_numpy()
        if not mask.any() and not record.multi and seg not in record.labels:
            continue
        figures = history_figures(columns, mask, tuple(PROFILE_FIGURES.values()))
        row = {"segment": seg, "label": segment_label(segmentation, seg, lang)}
        row.update({col: figures[name] for col, name in PROFILE_FIGURES.items()})
        row["customers"] = int(row["customers"])
        row["clv"] = _mean(clv_values[mask]) if clv_values is not None else float("nan")
        rows.append(row)
    return pd.DataFrame(rows, columns=list(PROFILE_COLUMNS))


def _mean(values: np.ndarray) -> float:
    """Mean of the finite values, NaN (and no warning) when there is none."""
    finite = values[np.isfinite(values)]
    return float(finite.mean()) if len(finite) else float("nan")
