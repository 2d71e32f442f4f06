"""Names of segmentations and segments in the user's language (a user-defined RFM segment keeps its name)."""

from __future__ import annotations

from workbench.i18n import has_key, t

__all__ = ["segment_label", "segmentation_label"]


def segment_label(segmentation: str, segment: str, lang: str) -> str:
    """Translated name of a segment; a user-defined RFM segment keeps the name the user gave it."""
    key = f"segments.seg.{segmentation}.{segment}"
    return t(key, lang) if has_key(key) else str(segment)


def segmentation_label(segmentation: str, lang: str) -> str:
    return t(f"segments.segmentation.{segmentation}", lang)
