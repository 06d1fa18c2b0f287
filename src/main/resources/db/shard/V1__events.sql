-- Regional shard schema. Raw events are range-partitioned by UTC day of event_time, so retention drops
-- whole partitions instead of deleting rows. The primary key includes event_time (PostgreSQL requires
-- the partition key in it), so a resent event, which carries the same id and time, meets its first copy.

CREATE TABLE telemetry_events (
    event_id        uuid        NOT NULL,
    cluster_id      text        NOT NULL,
    subscription_id text        NOT NULL,
    type            text        NOT NULL,
    source          text        NOT NULL,
    event_time      timestamptz NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT now(),
    payload         jsonb       NOT NULL,
    PRIMARY KEY (event_id, event_time)
) PARTITION BY RANGE (event_time);

CREATE TABLE billing_events (
    event_id        uuid             NOT NULL,
    cluster_id      text             NOT NULL,
    subscription_id text             NOT NULL,
    source          text             NOT NULL,
    event_time      timestamptz      NOT NULL,
    received_at     timestamptz      NOT NULL DEFAULT now(),
    cores           double precision NOT NULL CHECK (cores >= 0 AND cores < 'Infinity'),
    PRIMARY KEY (event_id, event_time)
) PARTITION BY RANGE (event_time);
