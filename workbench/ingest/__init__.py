"""Reading client files into the workspace: formats and encodings, column mapping, validation, quarantine.

One concept per module: :mod:`.fields` (the canonical fields, as data), :mod:`.readers` (files → text rows
DuckDB can scan), :mod:`.parse_sql` (text → typed values, as SQL), :mod:`.validation` (the checks of a row,
as SQL), :mod:`.dedupe` (keys that must not repeat), :mod:`.dates` (day/month order), :mod:`.quarantine`
(reasons, row numbers, the download), :mod:`.mapping` (suggested and saved mappings), :mod:`.engine` (the
orchestration of one import), :mod:`.profile` (what is in the workspace, the import log, deleting a
dataset), :mod:`.display` and :mod:`.charts` (what the Data page shows), :mod:`.uploads` (where files come
from). :mod:`.store` runs every SQL statement of the area; no other module does.
"""

from workbench.ingest.engine import (
    DATE_ORDER_CHOICES,
    MODES,
    NEGATIVE_AMOUNTS,
    ON_DUPLICATE,
    REASONS,
    ImportResult,
    default_options,
    file_hash,
    find_duplicate,
    import_path,
    overall_progress,
    set_negative_amounts,
)
from workbench.ingest.fields import FIELDS, KINDS, Field, fields_for, required_fields
from workbench.ingest.mapping import header_signature, saved_mapping, suggest_mapping, validate_mapping
from workbench.ingest.readers import FORMATS, default_sheet, preview, sheet_names

__all__ = [
    "import_path", "overall_progress", "ImportResult", "default_options", "set_negative_amounts", "file_hash",
    "find_duplicate", "MODES", "ON_DUPLICATE", "DATE_ORDER_CHOICES",
    "NEGATIVE_AMOUNTS", "REASONS", "FIELDS", "KINDS", "Field", "fields_for", "required_fields",
    "header_signature", "saved_mapping", "suggest_mapping", "validate_mapping", "FORMATS", "preview",
    "sheet_names", "default_sheet",
]
