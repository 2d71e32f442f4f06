"""By segment: the survey restricted to one segment, and where segments differ most.

A segment is the survey's own ``segment`` column, or any segmentation of the Segments page: the caller (the
page) passes a frame ``customer_id, segment`` built from the segment snapshot, because this area may not
import the segments area. Respondents without a customer id (or not found) cannot be placed and are counted.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["SURVEY_SEGMENT", "DIFF_COLUMNS", "with_segments", "segment_values", "segment_differences"]

SURVEY_SEGMENT = "survey"  # the ``by`` value for the survey's own segment column
DIFF_COLUMNS: tuple[str, ...] = ("attribute", "label", "measure", "highest_segment", "highest", "lowest_segment",
                                 "lowest", "spread")


def with_segments(survey: pd.DataFrame, mapping: pd.DataFrame | None) -> tuple[pd.DataFrame, int]:
    """The survey with its ``segment`` column taken from ``mapping`` (``customer_id, segment``) when given,
    and the number of respondents left without a segment (they stay in "all" but in no segment)."""
    if mapping is None:
        unplaced = survey.loc[survey["segment"].isna(), "respondent_id"].nunique()
        return survey, int(unplaced)
    lookup = mapping.dropna(subset=["customer_id"]).drop_duplicates("customer_id").set_index("customer_id")["segment"]
    seg = survey["customer_id"].map(lookup)
    out = survey.assign(segment=seg.where(seg.notna(), None))
    return out, int(out.loc[out["segment"].isna(), "respondent_id"].nunique())


def segment_values(survey: pd.DataFrame, mapping: pd.DataFrame | None) -> list[str]:
    """The segments that hold at least one respondent (sorted), for the page's picker."""
    placed, _ = with_segments(survey, mapping)
    return sorted(str(v) for v in placed["segment"].dropna().unique())


def segment_differences(per_segment: pd.DataFrame, labels: dict | None = None, top: int = 5) -> pd.DataFrame:
    """The largest differences between segments (:data:`DIFF_COLUMNS`): per attribute and measure (``gap``,
    ``importance``) the segment with the highest and the lowest value and the spread between them; the
    ``top`` largest spreads of each measure, largest first. Needs two segments or more."""
    rows = []
    if per_segment.empty or per_segment["segment"].nunique() < 2:
        return pd.DataFrame(columns=list(DIFF_COLUMNS))
    for measure in ("gap", "importance"):
        for attribute, g in per_segment.dropna(subset=[measure]).groupby("attribute", sort=False):
            if g["segment"].nunique() < 2:
                continue
            hi, lo = g.loc[g[measure].idxmax()], g.loc[g[measure].idxmin()]
            rows.append((attribute, (labels or {}).get(attribute, attribute), measure, hi["segment"], hi[measure],
                         lo["segment"], lo[measure], hi[measure] - lo[measure]))
    df = pd.DataFrame(rows, columns=list(DIFF_COLUMNS))
    df = df.sort_values("spread", ascending=False, kind="stable")
    return df.groupby("measure", sort=False).head(top).reset_index(drop=True)
