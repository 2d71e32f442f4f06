"""Value-gap analysis (价值差距分析): where we fall short of what customers expect, which gaps matter most,
where we may be over-investing, and whether it differs by segment.

Modules: ``survey`` (aggregation per attribute), ``gaps`` (gap, 95% interval, priority), ``ipa``
(importance–performance quadrants), ``importance`` (derived importance: Johnson's relative weights and
correlation; stated vs derived), ``competitors``, ``value`` (perceived value = benefits − costs, gaps per
value layer), ``kano``, ``by_segment``, ``analysis`` (every view of one segment at once), ``editor`` (the
attribute editors' frames and edits), ``config`` (the stored choices), ``store`` (the only SQL of the area),
``charts``, ``display``, ``demo``. Segments of the Segments page arrive as a ``customer_id, segment`` frame
from the caller: this area does not import the segments area.
"""

from workbench.value_gap.analysis import ALL, Analysis, analyse, merged_attributes, overall_attribute
from workbench.value_gap.by_segment import SURVEY_SEGMENT, segment_differences, segment_values, with_segments
from workbench.value_gap.competitors import benchmark, competitor_long, unrated
from workbench.value_gap.config import DEFAULTS, OVERALL_SOURCES, load_settings, save_settings
from workbench.value_gap.demo import seed_demo
from workbench.value_gap.editor import (
    apply_delta,
    apply_edits,
    competitor_column,
    edit_version,
    editor_frames,
    has_edits,
    save_edits,
    save_pending,
    survey_changes,
    survey_frame,
    typed_changes,
    typed_frame,
)
from workbench.value_gap.gaps import GAP_COLUMNS, gap_stats, gap_table
from workbench.value_gap.importance import (
    METHODS,
    correlations,
    derived_importance,
    min_respondents,
    relative_weights,
    stated_vs_derived,
)
from workbench.value_gap.ipa import CROSSHAIRS, QUADRANTS, crosshairs, ipa_table
from workbench.value_gap.kano import (
    CATEGORIES,
    KANO_TABLE,
    fong_significant,
    kano_category,
    kano_coefficients,
    kano_summary,
    kano_table,
)
from workbench.value_gap.model import DIMENSIONS, LAYER_MODELS, LAYERS, ValueGapConflict
from workbench.value_gap.store import read_attributes, read_survey
from workbench.value_gap.survey import aggregate, kano_answers, survey_scale, wide_performance
from workbench.value_gap.value import layer_gaps, perceived_value

__all__ = [
    "ALL", "Analysis", "analyse", "merged_attributes", "overall_attribute", "SURVEY_SEGMENT", "segment_differences",
    "segment_values", "with_segments", "benchmark", "competitor_long", "unrated", "DEFAULTS", "OVERALL_SOURCES",
    "load_settings", "save_settings", "seed_demo", "apply_delta", "apply_edits", "competitor_column",
    "edit_version", "editor_frames", "has_edits", "save_edits", "save_pending", "survey_changes", "survey_frame",
    "typed_changes", "typed_frame", "GAP_COLUMNS", "gap_stats", "gap_table", "METHODS", "correlations",
    "derived_importance", "min_respondents", "relative_weights", "stated_vs_derived", "CROSSHAIRS", "QUADRANTS",
    "crosshairs", "ipa_table", "CATEGORIES", "KANO_TABLE", "fong_significant", "kano_category", "kano_coefficients",
    "kano_summary", "kano_table", "DIMENSIONS", "LAYERS", "LAYER_MODELS", "ValueGapConflict", "read_attributes",
    "read_survey", "aggregate", "kano_answers", "survey_scale", "wide_performance", "layer_gaps", "perceived_value",
]
