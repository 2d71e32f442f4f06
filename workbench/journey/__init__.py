"""Customer-journey maps (客户旅程地图): the model, its store, the editor's frames, JSON files, templates,
the projected HTML and the emotion chart.

Modules: ``model`` (maps as immutable values and the pure edits), ``store`` (the only SQL of the area:
revisions, conflicts, undo), ``editor`` (frames for the grid editors and back), ``io`` (JSON), ``templates``,
``render`` (HTML and the report's grid), ``charts``. Figures of a linked segment come from the segment
snapshot the caller passes in; initiatives are made by the roadmap from :func:`initiative_fields`.
"""

from workbench.journey.editor import (
    actionable_items,
    apply_grid,
    apply_opportunities,
    apply_stages,
    conflict_text,
    grid_frame,
    initiative_fields,
    item_label,
    linked_item_ids,
    opportunity_frame,
    stage_frame,
)
from workbench.journey.io import SCHEMA, SCHEMA_VERSION, from_json, map_from_dict, map_to_dict, to_json
from workbench.journey.merge import Conflict, apply_unit, merge3
from workbench.journey.model import (
    DISC_TYPES,
    EMOTION_MAX,
    EMOTION_MIN,
    EVIDENCE_COLOURS,
    EVIDENCE_LEVELS,
    HIDEABLE_LANES,
    LANES,
    LIMITS,
    OPPORTUNITY_STATUSES,
    PERSONA_FIELDS,
    UNDO_DEPTH,
    Item,
    JourneyConflict,
    JourneyMap,
    Persona,
    Stage,
    add_stage,
    delete_stage,
    move_stage,
    new_map,
    rename_stage,
    set_cell,
    set_emotion,
    set_evidence,
    set_hidden_lanes,
    visible_lanes,
)
from workbench.journey.render import figure_rows, figures_line, persona_html, render_html, report_frame
from workbench.journey.store import (
    SaveResult,
    create_map,
    delete_map,
    duplicate_map,
    import_map,
    list_maps,
    load_map,
    revision,
    save_edit,
    save_map,
    undo,
    undo_depth,
)
from workbench.journey.templates import TEMPLATE_KEYS, build_template, default_stage_names

__all__ = [
    "LANES", "HIDEABLE_LANES", "EVIDENCE_LEVELS", "EVIDENCE_COLOURS", "OPPORTUNITY_STATUSES", "DISC_TYPES",
    "PERSONA_FIELDS", "EMOTION_MIN", "EMOTION_MAX", "SCHEMA", "SCHEMA_VERSION", "UNDO_DEPTH", "LIMITS",
    "Item", "Stage", "Persona", "JourneyMap", "JourneyConflict",
    "new_map", "add_stage", "rename_stage", "move_stage", "delete_stage", "set_cell", "set_emotion",
    "set_evidence", "set_hidden_lanes", "visible_lanes",
    "list_maps", "load_map", "revision", "create_map", "save_map", "save_edit", "SaveResult", "undo", "undo_depth",
    "duplicate_map", "delete_map", "import_map", "Conflict", "merge3", "apply_unit",
    "grid_frame", "apply_grid", "stage_frame", "apply_stages", "opportunity_frame", "apply_opportunities",
    "actionable_items", "initiative_fields", "linked_item_ids", "item_label", "conflict_text",
    "map_to_dict", "map_from_dict", "to_json", "from_json",
    "figure_rows", "figures_line", "report_frame", "render_html", "persona_html",
    "TEMPLATE_KEYS", "build_template", "default_stage_names",
]
