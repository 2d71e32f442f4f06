"""Value-gap analysis: what the room adds to the survey — attribute metadata and typed workshop rows.

One row per attribute, whether it came from the survey (``origin = 'survey'``: only its metadata is stored
here, the ratings stay in ``survey``) or was typed in a workshop (``origin = 'typed'``: its importance,
expectation and performance are stored here too). Named competitors' ratings of the attribute are a small
JSON object ``{"competitor name": rating}`` on the same row, so one revision covers everything the row shows.

``revision`` goes up by one with every saved edit of the row. A save names the revision it was based on; when
the stored revision differs, another participant saved the row in between and the save is refused instead of
overwriting their edit (as journey maps do).
"""

VERSION = 9


def upgrade(cur) -> None:
    cur.execute(
        """
        CREATE TABLE value_gap_attributes (
            attribute     VARCHAR PRIMARY KEY,  -- the survey's attribute text, or the typed row's name
            origin        VARCHAR NOT NULL,     -- survey | typed
            display_name  VARCHAR,              -- shown instead of the attribute text when set
            dimension     VARCHAR,              -- functional | emotional | social | time_cost | money_cost
            layer         VARCHAR,              -- basic | value_added | differentiation | experience | ...
            importance    DOUBLE,               -- typed rows only (survey rows: the respondents' mean)
            expectation   DOUBLE,
            performance   DOUBLE,
            competitors   JSON,                 -- {"competitor name": rating}
            kano_category VARCHAR,              -- set by hand: A O M I R Q
            is_overall    BOOLEAN NOT NULL DEFAULT false,  -- the overall measure for derived importance
            position      INTEGER NOT NULL DEFAULT 0,
            revision      INTEGER NOT NULL DEFAULT 1,
            updated_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
        )
        """
    )
