"""Customer segmentation (客户分层): every framework as a rule on the per-customer summary, registered in one
place, and the one owner of segment data every other area reads.

Modules: ``framework`` (what a segmentation is), ``rules/`` (one module per framework), ``registry`` (the
frameworks in page order), ``params`` (stored parameters), ``table`` (the segment table and profiles),
``provider`` (the snapshot, computed once per data and settings version, served to everyone), ``labels``, ``display``
(what the Segments page shows), ``charts``, ``export`` (the per-customer table for CRM tools).
"""

from workbench.segments.framework import Segmentation
from workbench.segments.labels import segment_label, segmentation_label
from workbench.segments.params import (
    load_params,
    load_rfm_patterns,
    merge_params,
    save_params,
    save_rfm_patterns,
    validate_params,
)
from workbench.segments.provider import Snapshot, snapshot, snapshot_as_of
from workbench.segments.registry import DEFAULT_PARAMS, PARAM_SPECS, REGISTRY, SEGMENTATIONS, SEGMENTS
from workbench.segments.rules.churn import CHURN_DIMENSIONS, churn_warning
from workbench.segments.rules.csr import core_strategic_radiant
from workbench.segments.rules.pyramid import customer_pyramid, gini, lorenz_curve, top_share
from workbench.segments.rules.quadrant import value_potential
from workbench.segments.rules.rfm import RFM_SEGMENTS, rfm_scores, rfm_segments
from workbench.segments.rules.sat_loyalty import satisfaction_loyalty
from workbench.segments.rules.tags import TAG_TREATMENTS, customer_tags
from workbench.segments.table import PROFILE_COLUMNS, members_of, segment_all, segment_column, segment_profile

__all__ = [
    "Segmentation", "REGISTRY", "SEGMENTATIONS", "SEGMENTS", "DEFAULT_PARAMS", "PARAM_SPECS",
    "RFM_SEGMENTS", "TAG_TREATMENTS", "CHURN_DIMENSIONS",
    "rfm_scores", "rfm_segments", "gini", "lorenz_curve", "top_share", "customer_pyramid", "value_potential",
    "core_strategic_radiant", "satisfaction_loyalty", "churn_warning", "customer_tags",
    "segment_all", "segment_column", "members_of", "segment_profile", "PROFILE_COLUMNS",
    "segment_label", "segmentation_label",
    "merge_params", "validate_params", "load_params", "save_params", "load_rfm_patterns", "save_rfm_patterns",
    "Snapshot", "snapshot", "snapshot_as_of",
]
