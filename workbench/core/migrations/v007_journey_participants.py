"""Journey maps for several participants at once.

- ``journey_undo`` records who made each change (``participant``, a per-browser id) and the map right
  after it (``after``), so one participant's undo reverts their own change only, merged with what others
  did since.
- Map names are unique per workspace (case-insensitive): an edit addressed a map by the name a picker
  showed, and two maps of one name swapped. Existing duplicates get " (2)", " (3)", … in id order.
"""

VERSION = 7


def upgrade(cur) -> None:
    cur.execute("ALTER TABLE journey_undo ADD COLUMN participant VARCHAR")
    cur.execute("ALTER TABLE journey_undo ADD COLUMN after JSON")
    cur.execute(
        """
        UPDATE journey_maps m SET name = m.name || ' (' || d.n || ')'
        FROM (
            SELECT map_id, ROW_NUMBER() OVER (PARTITION BY lower(name) ORDER BY map_id) AS n
            FROM journey_maps
        ) d
        WHERE d.map_id = m.map_id AND d.n > 1
        """
    )
