"""Core tables: workspace metadata and the key/value settings users change as they work."""

VERSION = 1


def upgrade(cur) -> None:
    cur.execute(
        """
        CREATE TABLE IF NOT EXISTS meta (
            key   VARCHAR PRIMARY KEY,
            value VARCHAR NOT NULL
        )
        """
    )
    # Settings are JSON values under a dotted key, e.g. 'segments.rfm.tier_cutoffs'.
    cur.execute(
        """
        CREATE TABLE settings (
            key        VARCHAR PRIMARY KEY,
            value      JSON NOT NULL,
            updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp
        )
        """
    )
