"""Imported data: orders, customers, survey responses, the import log, quarantine and saved mappings.

Column names here are the canonical fields every analysis reads; README's "Data format" lists them.
Primary keys are not declared on the bulk tables: they slow bulk loads, and uniqueness is checked (and
offending rows quarantined) by the import path instead.
"""

VERSION = 2


def upgrade(cur) -> None:
    cur.execute("CREATE SEQUENCE import_id_seq START 1")
    cur.execute(
        """
        CREATE TABLE imports (
            import_id        INTEGER PRIMARY KEY,
            kind             VARCHAR NOT NULL,      -- orders | customers | survey
            file_name        VARCHAR NOT NULL,
            content_hash     VARCHAR NOT NULL,
            mode             VARCHAR NOT NULL,      -- append | replace
            imported_at      TIMESTAMP NOT NULL DEFAULT current_timestamp,
            rows_read        BIGINT NOT NULL,
            rows_kept        BIGINT NOT NULL,
            rows_quarantined BIGINT NOT NULL,
            status           VARCHAR NOT NULL DEFAULT 'active',  -- active | replaced | deleted
            mapping          JSON,
            options          JSON,   -- what was chosen: date order, negative amounts, sheet, ...
            source           JSON    -- what was detected: format, encoding, delimiter, header line
        )
        """
    )
    cur.execute(
        """
        CREATE TABLE orders (
            order_id    VARCHAR,
            customer_id VARCHAR NOT NULL,
            order_ts    TIMESTAMP NOT NULL,
            amount      DECIMAL(18, 2) NOT NULL,
            channel     VARCHAR,
            city        VARCHAR,
            category    VARCHAR,
            discount    DECIMAL(18, 2),
            import_id   INTEGER NOT NULL
        )
        """
    )
    cur.execute(
        """
        CREATE TABLE customers (
            customer_id         VARCHAR NOT NULL,
            signup_date         DATE,
            city                VARCHAR,
            age_band            VARCHAR,
            gender              VARCHAR,
            nps                 DOUBLE,   -- 0..10 likelihood to recommend
            csat                DOUBLE,   -- 1..5
            ces                 DOUBLE,   -- 1..7
            feature_usage       DOUBLE,   -- share 0..1 of core features used
            community_prev      DOUBLE,   -- interactions, previous 90-day window
            community_recent    DOUBLE,   -- interactions, most recent 90-day window
            referrals           DOUBLE,
            acquisition_channel VARCHAR,
            cost_to_serve       DECIMAL(18, 2),
            import_id           INTEGER NOT NULL
        )
        """
    )
    cur.execute(
        """
        CREATE TABLE survey (
            respondent_id      VARCHAR NOT NULL,
            customer_id        VARCHAR,
            segment            VARCHAR,
            attribute          VARCHAR NOT NULL,
            layer              VARCHAR,
            importance         DOUBLE,
            expectation        DOUBLE,
            performance        DOUBLE,
            competitor         DOUBLE,
            kano_functional    INTEGER,
            kano_dysfunctional INTEGER,
            import_id          INTEGER NOT NULL
        )
        """
    )
    cur.execute(
        """
        CREATE TABLE quarantine (
            import_id  INTEGER NOT NULL,
            row_number BIGINT NOT NULL,   -- line in the file / row in the sheet, 1-based, header line counted
            reason     VARCHAR NOT NULL,  -- a catalog key, e.g. ingest.reason.missing_customer_id
            detail     VARCHAR,
            raw        JSON               -- the original cells, as read
        )
        """
    )
    cur.execute(
        """
        CREATE TABLE column_mappings (
            kind             VARCHAR NOT NULL,
            header_signature VARCHAR NOT NULL,
            mapping          JSON NOT NULL,
            updated_at       TIMESTAMP NOT NULL DEFAULT current_timestamp,
            PRIMARY KEY (kind, header_signature)
        )
        """
    )
