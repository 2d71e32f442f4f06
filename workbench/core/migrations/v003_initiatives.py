"""Roadmap initiatives, created from insights (segments, journey pain points, value gaps) or by hand.

``source_kind``/``source_ref`` keep the link back to what motivated the initiative, so the roadmap can show
it and the report can trace it.
"""

VERSION = 3


def upgrade(cur) -> None:
    cur.execute("CREATE SEQUENCE initiative_id_seq START 1")
    cur.execute(
        """
        CREATE TABLE initiatives (
            initiative_id    INTEGER PRIMARY KEY,
            title            VARCHAR NOT NULL,
            description      VARCHAR,
            strategy         VARCHAR,
            source_kind      VARCHAR,   -- segment | journey_pain | journey_opportunity | value_gap | NULL
            source_ref       JSON,      -- e.g. {"segmentation": "rfm", "segment": "at_risk"}
            target_segment   VARCHAR,
            owner            VARCHAR,
            budget           DECIMAL(18, 2),
            headcount        DOUBLE,
            start_month      INTEGER,   -- months from roadmap start
            duration_months  INTEGER,
            kpi              VARCHAR,
            kpi_target       VARCHAR,
            effect_retention DOUBLE,    -- percentage points
            effect_frequency DOUBLE,    -- relative change, 0.05 = +5%
            effect_aov       DOUBLE,    -- relative change
            effort           INTEGER,   -- 1..5
            confidence       DOUBLE,    -- 0..1
            status           VARCHAR NOT NULL DEFAULT 'idea',
            created_at       TIMESTAMP NOT NULL DEFAULT current_timestamp,
            updated_at       TIMESTAMP NOT NULL DEFAULT current_timestamp
        )
        """
    )
