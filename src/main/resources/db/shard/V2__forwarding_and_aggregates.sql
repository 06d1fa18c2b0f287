-- Forwarding to the central store reads telemetry in the order of the transactions that wrote it.
-- tx_id is the writing transaction's id (64-bit, never wraps). A run forwards only rows of
-- transactions older than the oldest one still running (pg_snapshot_xmin), so a transaction that
-- commits late can never be passed over, as an "id > last id" cursor would.
ALTER TABLE telemetry_events ADD COLUMN tx_id bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint);
CREATE INDEX telemetry_events_forwarding ON telemetry_events (tx_id, event_id);

-- Everything up to (tx_id, event_id) has been forwarded. One row; moved only after the central
-- store committed the rows, so a crash in between makes the next run resend them, and the central
-- store's primary key absorbs the repeat.
CREATE TABLE forwarding_cursor (
    singleton  boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    tx_id      bigint      NOT NULL,
    event_id   uuid        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO forwarding_cursor (tx_id, event_id) VALUES (0, '00000000-0000-0000-0000-000000000000');

-- De-identified daily rollups, kept after the raw day is dropped. No cluster, subscription or device
-- identifier; a cell from fewer than k distinct clusters is never written.
-- dimension/value: 'all'/'' for a type's totals, else a field such as osVersion and its value;
-- total is a sum where one makes sense (cores, podCount, ...).
CREATE TABLE daily_aggregates (
    day        date             NOT NULL,
    region     text             NOT NULL,
    event_type text             NOT NULL,
    dimension  text             NOT NULL,
    value      text             NOT NULL,
    events     bigint           NOT NULL,
    clusters   integer          NOT NULL,
    total      double precision,
    PRIMARY KEY (day, region, event_type, dimension, value)
);
