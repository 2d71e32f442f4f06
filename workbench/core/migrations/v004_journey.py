"""Journey maps: maps (with a revision number), their stages, the items in each stage × lane cell, and an
undo log per map.

Why this shape:

- An edit changes one cell or one stage, so stages and items are rows of their own and a save rewrites only
  the cells that changed, inside one small transaction.
- ``journey_maps.revision`` goes up by one with every saved edit. A save names the revision it was based
  on; when the stored revision differs, another session saved in between and the save is refused (the page
  offers a reload) instead of overwriting the other session's work.
- ``journey_undo`` keeps, per map, the map as it was before each edit (a small JSON document), so "undo the
  last change" restores exactly that state. The log is capped per map by the journey module.
"""

VERSION = 4


def upgrade(cur) -> None:
    cur.execute("CREATE SEQUENCE journey_map_id_seq START 1")
    cur.execute(
        """
        CREATE TABLE journey_maps (
            map_id       INTEGER PRIMARY KEY,
            name         VARCHAR NOT NULL,
            revision     INTEGER NOT NULL DEFAULT 1,
            persona      JSON,              -- name, role, age_band, goals, needs, channels, disc
            hidden_lanes JSON,              -- list of lane keys not shown in the grid
            segmentation VARCHAR,           -- linked segment, e.g. ('rfm', 'at_risk'); NULL when none
            segment      VARCHAR,
            template     VARCHAR,           -- template key the map started from, if any
            created_at   TIMESTAMP NOT NULL DEFAULT current_timestamp,
            updated_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
        )
        """
    )
    cur.execute(
        """
        CREATE TABLE journey_stages (
            map_id        INTEGER NOT NULL,
            stage_id      VARCHAR NOT NULL,   -- stable within a map: 's1', 's2', ...
            position      INTEGER NOT NULL,   -- 0-based order of the columns
            name          VARCHAR NOT NULL,
            evidence      VARCHAR NOT NULL DEFAULT 'assumed',  -- assumed | some | data
            emotion_as_is DOUBLE,             -- -2 .. +2
            emotion_to_be DOUBLE,             -- -2 .. +2
            PRIMARY KEY (map_id, stage_id)
        )
        """
    )
    cur.execute(
        """
        CREATE TABLE journey_items (
            map_id   INTEGER NOT NULL,
            stage_id VARCHAR NOT NULL,
            lane     VARCHAR NOT NULL,        -- touchpoints | actions | thoughts | pain_points | ...
            position INTEGER NOT NULL,        -- order inside the cell
            item_id  VARCHAR NOT NULL,        -- stable, so initiatives can point at an item
            text     VARCHAR NOT NULL,
            owner    VARCHAR,                 -- opportunities: who owns it
            status   VARCHAR,                 -- opportunities: open | planned | done
            PRIMARY KEY (map_id, stage_id, lane, position)
        )
        """
    )
    cur.execute(
        """
        CREATE TABLE journey_undo (
            map_id     INTEGER NOT NULL,
            revision   INTEGER NOT NULL,      -- the revision the snapshot restores
            snapshot   JSON NOT NULL,         -- the whole map before the edit
            created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
            PRIMARY KEY (map_id, revision)
        )
        """
    )
