"""The roadmap planner: revisions, RICE and weighted-criteria inputs, target segments and source identities on
initiatives; their dependencies; the plan's own settings; an undo log per participant.

Why this shape:

- ``initiatives.revision`` goes up by one with every saved edit. A save names the revision it was based on;
  when the stored one differs, another participant saved in between and the save is refused (the page offers a
  reload) instead of overwriting their work, as the journey editor does.
- ``effort`` becomes person-months (RICE's unit, Intercom's scale allows 0.5 for "under a month"), so it is
  a DOUBLE now; it held nothing else before (no view wrote it). ``reach`` (customers per quarter), ``impact``
  (3 massive … 0.25 minimal) and ``scores`` (the user's own weighted criteria, 1–5 each) complete the inputs.
- ``segmentation`` / ``segment`` name the target segment by code (``target_segment`` keeps the label as
  written), so the plan can tell when a segment no longer exists.
- ``source_key`` is the identity of what motivated the initiative (a segment, a journey item, a value gap):
  one insight becomes one initiative. Existing rows get theirs here; duplicates made before stay listed.
- ``initiative_dependencies``: one row per "A depends on B".
- ``roadmap_settings``: phases, capacity, priority criteria, the headline goal and the plan's start month,
  each a JSON value with its own revision (the same conflict rule as initiatives); ``_version`` counts every
  write to the plan, so a page knows its editors are stale.
- ``roadmap_undo``: per participant (``actor``), the state before each change, so "undo" reverts only that
  participant's own last change, and only while nobody has changed the same thing since.
"""

VERSION = 8


def upgrade(cur) -> None:
    cur.execute("ALTER TABLE initiatives ADD COLUMN revision INTEGER NOT NULL DEFAULT 1")
    cur.execute("ALTER TABLE initiatives ALTER effort TYPE DOUBLE")
    for column, kind in (("reach", "DOUBLE"), ("impact", "DOUBLE"), ("scores", "JSON"), ("kpi_baseline", "VARCHAR"),
                         ("segmentation", "VARCHAR"), ("segment", "VARCHAR"), ("source_key", "VARCHAR")):
        cur.execute(f"ALTER TABLE initiatives ADD COLUMN {column} {kind}")
    # identities as workbench.roadmap.initiatives.source_key writes them: kind family + identifying fields
    cur.execute(
        """
        UPDATE initiatives SET
            segmentation = CASE WHEN source_kind = 'segment' THEN json_extract_string(source_ref, '$.segmentation') END,
            segment = CASE WHEN source_kind = 'segment' THEN json_extract_string(source_ref, '$.segment') END,
            source_key = CASE source_kind
                WHEN 'segment' THEN 'segment:' || to_json([json_extract_string(source_ref, '$.segmentation'),
                                                          json_extract_string(source_ref, '$.segment')])
                WHEN 'journey_pain' THEN 'journey:' || to_json([json_extract_string(source_ref, '$.map_id'),
                                                               json_extract_string(source_ref, '$.item')])
                WHEN 'journey_opportunity' THEN 'journey:' || to_json([json_extract_string(source_ref, '$.map_id'),
                                                                      json_extract_string(source_ref, '$.item')])
                WHEN 'value_gap' THEN 'value_gap:' || to_json([json_extract_string(source_ref, '$.attribute'),
                                                              json_extract_string(source_ref, '$.segmentation'),
                                                              json_extract_string(source_ref, '$.segment')])
            END
        WHERE source_ref IS NOT NULL
        """
    )
    cur.execute(
        """
        CREATE TABLE initiative_dependencies (
            initiative_id INTEGER NOT NULL,   -- this initiative ...
            depends_on    INTEGER NOT NULL,   -- ... cannot start before this one ends
            PRIMARY KEY (initiative_id, depends_on)
        )
        """
    )
    cur.execute(
        """
        CREATE TABLE roadmap_settings (
            key        VARCHAR PRIMARY KEY,   -- plan (start, phases with capacity) | priority | goal | _version
            value      JSON NOT NULL,
            revision   INTEGER NOT NULL DEFAULT 1,
            updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp
        )
        """
    )
    cur.execute("CREATE SEQUENCE roadmap_undo_seq START 1")
    cur.execute(
        """
        CREATE TABLE roadmap_undo (
            seq        INTEGER PRIMARY KEY,
            actor      VARCHAR NOT NULL,      -- the participant (browser session) who made the change
            kind       VARCHAR NOT NULL,      -- initiative | setting
            ref        VARCHAR NOT NULL,      -- initiative id or setting key
            revision   INTEGER,               -- its revision after the change (NULL: it was deleted)
            before     JSON,                  -- its state before the change (NULL: it was created)
            created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
        )
        """
    )
