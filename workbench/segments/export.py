"""The per-customer table for CRM tools, and a segment's member list: model inputs and outputs under the
names analysts know, history, RFM scores, every segment label, churn flags and tags.

These build frames; writing them (CSV with a BOM, xlsx, formulas neutralised) is ``report.files``.
"""

from __future__ import annotations

import pandas as pd

from workbench.segments.labels import segment_label
from workbench.segments.registry import REGISTRY
from workbench.segments.rules.churn import CHURN_DIMENSIONS

__all__ = ["export_table", "member_table", "member_file_name"]

_LABEL_COLUMNS = tuple(name for name, record in REGISTRY.items() if not record.multi)
_TAG_COLUMNS = tuple(record.column(label) for record in REGISTRY.values() if record.multi for label in record.labels)


def export_table(
    summary: pd.DataFrame, table: pd.DataFrame, value: pd.DataFrame | None = None, lang: str | None = None,
) -> pd.DataFrame:
    """The per-customer table for CRM tools: model inputs and outputs under the names analysts know
    (``customer_id, frequency, recency, T, monetary_value, p_alive, expected_purchases,
    expected_spend, clv, simple_clv``), history,
    RFM scores, every segment label, churn flags and tags. Segment values are codes (stable for
    automation) unless ``lang`` is given, in which case they are translated names."""
    parts = [summary[["customer_id", "frequency", "recency", "T", "monetary_value"]].reset_index(drop=True)]
    if value is not None:
        parts.append(value[["p_alive", "expected_purchases", "expected_spend", "clv", "simple_clv"]]
                     .reset_index(drop=True))
    parts.append(summary[["orders", "revenue", "aov", "first_purchase", "last_purchase", "days_since_last",
                          "spend_12m", "spend_prev_12m"]].reset_index(drop=True))
    labels = table[["r_score", "f_score", "m_score", "rfm_score", *_LABEL_COLUMNS, "growth"]].reset_index(drop=True)
    if lang:
        for segmentation in _LABEL_COLUMNS:
            values = labels[segmentation].astype("category")
            labels[segmentation] = values.cat.rename_categories(
                [segment_label(segmentation, str(code), lang) for code in values.cat.categories])
    parts.append(labels)
    parts.append(table[[f"churn_{dim}" for dim in CHURN_DIMENSIONS] + ["churn_flags", *_TAG_COLUMNS]]
                 .reset_index(drop=True))
    return pd.concat(parts, axis=1)


def member_table(snapshot, value: pd.DataFrame, segmentation: str, segment: str, lang: str) -> pd.DataFrame:
    """One segment's members as :func:`export_table` rows, segment names in the user's language."""
    mask = snapshot.members(segmentation, segment)
    return export_table(snapshot.summary[mask], snapshot.table[mask], value[mask], lang=lang)


def member_file_name(segmentation: str, segment: str, suffix: str = ".csv") -> str:
    """File name of a member list: ``<segmentation>_<segment>.csv``, with anything but letters (any script),
    digits, ``-`` and ``_`` replaced so a user-named RFM segment cannot make a bad path."""
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in f"{segmentation}_{segment}") + suffix
