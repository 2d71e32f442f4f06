"""The segmentations of the workbench, in page order: one :class:`Segmentation` record per framework.

Everything that iterates over segmentations — the segment table, the stored parameters, the page's tabs,
pickers elsewhere, the exports — reads :data:`REGISTRY`. Sources: the member tiers 青铜/白银/黄金/铂金 from
RFM, the pyramid 关键/普通/小/负价值客户, the value × potential quadrants (B2B example: annual spend > 100k,
growth > 30%), core / strategic / radiant customers, the satisfaction × loyalty matrix, the five-dimension
churn warning and the tags 价格敏感型/品质追求型/社交传播型 with their treatments, all from the source material.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from workbench.core.errors import WorkbenchError
from workbench.segments.framework import Segmentation
from workbench.segments.rules import churn, csr, pyramid, quadrant, rfm, sat_loyalty, tags

__all__ = ["REGISTRY", "SEGMENTATIONS", "SEGMENTS", "DEFAULT_PARAMS", "PARAM_SPECS", "get"]

REGISTRY: Mapping[str, Segmentation] = MappingProxyType({
    s.name: s for s in (rfm.SEGMENTATION, rfm.TIERS, pyramid.SEGMENTATION, quadrant.SEGMENTATION,
                        csr.SEGMENTATION, sat_loyalty.SEGMENTATION, churn.SEGMENTATION, tags.SEGMENTATION)
})

#: Segmentation names in page order; each has a column of the same name in the segment table, except
#: ``tags`` (several boolean ``tag_<name>`` columns, a customer may carry several tags).
SEGMENTATIONS: tuple[str, ...] = tuple(REGISTRY)

#: The labels of every segmentation, in framework order.
SEGMENTS: Mapping[str, tuple[str, ...]] = MappingProxyType({s.name: s.labels for s in REGISTRY.values()})

#: Default parameters per settings name (a framework computed by another shares that one's parameters).
DEFAULT_PARAMS: Mapping[str, Mapping[str, Any]] = MappingProxyType(
    {s.name: MappingProxyType(dict(s.defaults)) for s in REGISTRY.values() if s.computed_by is None}
)

#: The editable parameters of each settings name, in display order (labels ``segments.param.<name>.<param>``).
PARAM_SPECS = MappingProxyType({s.name: s.params for s in REGISTRY.values() if s.computed_by is None})


def get(name: str) -> Segmentation:
    """The record of a segmentation; a translated error for an unknown name."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise WorkbenchError("segments.error.unknown_segmentation", name=name) from None
