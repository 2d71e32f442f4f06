"""What-if scenarios: the saved scenarios and the overrides typed over a segmentation's baseline.

Why this shape:

- ``scenarios``: one row per saved scenario, its name and its whole definition (segmentation, horizon,
  discount rate, levers per segment, ranges, whether the roadmap acts in it) as one JSON value, so one
  revision covers everything the scenario holds. ``revision`` goes up by one with every saved edit; a save
  names the revision it was based on, and when the stored one differs another participant saved in between:
  the save is refused (the page offers a reload), never silently overwritten. Names are unique per workspace
  (checked by the writer, ignoring case), so a comparison never shows two columns of the same name.
- ``scenario_baselines``: per segmentation, the figures typed over the data's baseline (customers,
  retention, frequency, order value, margin, new customers per segment), kept apart from the computed ones and
  shared by every scenario on that segmentation, with the same revision rule.
"""

VERSION = 10


def upgrade(cur) -> None:
    cur.execute("CREATE SEQUENCE scenario_id_seq START 1")
    cur.execute(
        """
        CREATE TABLE scenarios (
            scenario_id INTEGER PRIMARY KEY,
            name        VARCHAR NOT NULL,
            spec        JSON NOT NULL,           -- workbench.scenarios.saved.SPEC_DEFAULTS' keys
            revision    INTEGER NOT NULL DEFAULT 1,
            created_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
            updated_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
        )
        """
    )
    cur.execute(
        """
        CREATE TABLE scenario_baselines (
            segmentation VARCHAR PRIMARY KEY,
            overrides    JSON NOT NULL,          -- {segment: {field: value}}
            revision     INTEGER NOT NULL DEFAULT 1,
            updated_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
        )
        """
    )
