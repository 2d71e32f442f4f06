"""A random identity per workspace file, so that caches keyed on (file, identity, data version) never mix a
deleted workspace with a new one created under the same name (its data version starts again at 0)."""

VERSION = 5


def upgrade(cur) -> None:
    cur.execute("INSERT OR IGNORE INTO meta VALUES ('workspace_id', CAST(uuid() AS VARCHAR))")
