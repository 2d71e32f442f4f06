"""The value-gap vocabulary as data: value dimensions, value layers, the attribute row and its limits.

From the source material: perceived value = customer benefits − customer costs (感知价值 = 顾客利益 − 顾客成本),
benefits being functional, emotional and social value (功能价值、情感价值、社会价值) and costs time and money
(时间/经济成本); value layers basic / value-added / differentiation (基础层 / 增值层 / 差异化层) or the four-layer
variant basic / experience / emotion / ecosystem (基础层 / 体验层 / 情感层 / 生态层).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from workbench.core.errors import WorkbenchError

__all__ = [
    "DIMENSIONS", "BENEFIT_DIMENSIONS", "COST_DIMENSIONS", "LAYER_MODELS", "LAYERS", "LAYER_SYNONYMS",
    "ORIGINS", "ATTRIBUTE_COLUMNS", "EDITABLE_COLUMNS", "LIMITS", "OVERALL_NAMES", "ValueGapConflict",
    "canonical_layer",
]

DIMENSIONS: tuple[str, ...] = ("functional", "emotional", "social", "time_cost", "money_cost")
BENEFIT_DIMENSIONS: tuple[str, ...] = DIMENSIONS[:3]
COST_DIMENSIONS: tuple[str, ...] = DIMENSIONS[3:]
LAYER_MODELS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "three": ("basic", "value_added", "differentiation"),
    "four": ("basic", "experience", "emotion", "ecosystem"),
})
LAYERS: tuple[str, ...] = ("basic", "value_added", "differentiation", "experience", "emotion", "ecosystem")
# Layer names a survey file may carry, mapped to the layer keys (normalised: lower case, no spaces).
LAYER_SYNONYMS: Mapping[str, str] = MappingProxyType({
    "基础价值": "basic", "基础层": "basic", "基础": "basic", "basic": "basic", "基礎價值": "basic",
    "附加价值": "value_added", "增值层": "value_added", "增值": "value_added", "valueadded": "value_added",
    "value-added": "value_added", "附加價值": "value_added",
    "差异化价值": "differentiation", "差异化层": "differentiation", "差异化": "differentiation",
    "differentiation": "differentiation", "差異化價值": "differentiation",
    "体验层": "experience", "体验": "experience", "experience": "experience",
    "情感层": "emotion", "情感": "emotion", "emotion": "emotion",
    "生态层": "ecosystem", "生态": "ecosystem", "ecosystem": "ecosystem",
})
ORIGINS: tuple[str, ...] = ("survey", "typed")
# The stored attribute row (``value_gap_attributes``); ``competitors`` is a dict name -> rating.
ATTRIBUTE_COLUMNS: tuple[str, ...] = (
    "attribute", "origin", "display_name", "dimension", "layer", "importance", "expectation", "performance",
    "competitors", "kano_category", "is_overall", "position", "revision",
)
EDITABLE_COLUMNS: tuple[str, ...] = (
    "display_name", "dimension", "layer", "importance", "expectation", "performance", "competitors",
    "kano_category", "is_overall",
)
LIMITS: Mapping[str, int] = MappingProxyType({"name": 80, "competitors": 6, "typed_rows": 60})
# Attribute names taken as the overall measure when no attribute is marked as such.
OVERALL_NAMES: tuple[str, ...] = ("总体满意度", "整体满意度", "总体评价", "overall", "overall satisfaction",
                                  "overallsatisfaction", "satisfaction")


class ValueGapConflict(WorkbenchError):
    """Another participant saved this attribute row after this session loaded it; nothing was written."""

    def __init__(self, attribute: str) -> None:
        super().__init__("value_gap.error.conflict", attribute=str(attribute)[:80])
        self.attribute = attribute


def canonical_layer(text: object) -> str | None:
    """The layer key of a layer name from a file or a user (``None`` for blank); unknown names pass
    through unchanged, so a client's own layer wording still groups."""
    if text is None or (isinstance(text, float) and text != text):
        return None
    raw = str(text).strip()
    if not raw:
        return None
    if raw in LAYERS:
        return raw
    return LAYER_SYNONYMS.get(raw.lower().replace(" ", "").replace("_", ""), raw)
