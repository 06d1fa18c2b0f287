-- The central US store: telemetry forwarded from every region (never billing), and the gateway's
-- own records. forwarded_telemetry is partitioned by UTC day of event_time like the shards, so
-- retention drops whole days here too.
CREATE TABLE forwarded_telemetry (
    region       text        NOT NULL,
    event_id     uuid        NOT NULL,
    cluster_id   text        NOT NULL,
    type         text        NOT NULL,
    source       text        NOT NULL,
    event_time   timestamptz NOT NULL,
    received_at  timestamptz NOT NULL,
    forwarded_at timestamptz NOT NULL DEFAULT now(),
    payload      jsonb       NOT NULL,
    PRIMARY KEY (region, event_id, event_time)
) PARTITION BY RANGE (event_time);

CREATE SEQUENCE job_runs_seq INCREMENT BY 50;
CREATE TABLE job_runs (
    id                 bigint      PRIMARY KEY,
    job                text        NOT NULL,
    target             text        NOT NULL,
    replica            text        NOT NULL,
    started_at         timestamptz NOT NULL,
    finished_at        timestamptz NOT NULL,
    duration_ms        bigint      NOT NULL,
    outcome            text        NOT NULL,
    rows_moved         bigint      NOT NULL DEFAULT 0,
    partitions_created integer     NOT NULL DEFAULT 0,
    partitions_dropped integer     NOT NULL DEFAULT 0,
    lag_seconds        double precision,
    detail             text
);
CREATE INDEX job_runs_recent ON job_runs (started_at DESC);

CREATE SEQUENCE region_map_revisions_seq INCREMENT BY 50;
CREATE TABLE region_map_revisions (
    id           bigint      PRIMARY KEY,
    content_hash text        NOT NULL,
    applied      boolean     NOT NULL,
    seen_at      timestamptz NOT NULL,
    replica      text        NOT NULL,
    summary      text        NOT NULL
);
