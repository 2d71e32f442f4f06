"""Settings versions and a stored stage sequence.

- The CLV valuation settings move from ``segments.clv`` to ``clv.settings``: results cached on the segments
  settings (the segment snapshot) are no longer recomputed when only a CLV setting changes. Settings
  versions themselves live in ``meta`` (``settings_version:<prefix>``) and start at 0, so nothing is needed.
- ``journey_maps.stage_seq``: the highest stage number a map has stored, so a new stage never reuses the id
  of a deleted one that the undo log or an initiative still points at (it was derived on every load from
  those tables; the journey area no longer reads the initiatives table).
"""

VERSION = 6


def upgrade(cur) -> None:
    cur.execute(
        "INSERT OR IGNORE INTO settings (key, value, updated_at) "
        "SELECT 'clv.settings', value, updated_at FROM settings WHERE key = 'segments.clv'"
    )
    cur.execute("DELETE FROM settings WHERE key = 'segments.clv'")
    cur.execute("ALTER TABLE journey_maps ADD COLUMN stage_seq INTEGER NOT NULL DEFAULT 0")
    cur.execute(
        """
        UPDATE journey_maps m SET stage_seq = COALESCE((
            SELECT max(TRY_CAST(substr(sid, 2) AS INTEGER)) FROM (
                SELECT stage_id AS sid FROM journey_stages s WHERE s.map_id = m.map_id
                UNION ALL
                SELECT unnest(json_extract_string(snapshot, '$.stages[*].id')) FROM journey_undo u
                WHERE u.map_id = m.map_id
                UNION ALL
                SELECT json_extract_string(source_ref, '$.stage_id') FROM initiatives i
                WHERE i.source_kind IN ('journey_pain', 'journey_opportunity')
                  AND TRY_CAST(json_extract_string(i.source_ref, '$.map_id') AS INTEGER) = m.map_id
            ) WHERE regexp_full_match(sid, 's[0-9]+')
        ), 0)
        """
    )
