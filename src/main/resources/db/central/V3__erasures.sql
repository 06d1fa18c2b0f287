-- A cluster's erasures, done on a customer's request (DELETE /admin/clusters/{cluster}/events): the
-- cluster, when, and how many rows each store deleted. Nothing else about the data is kept.
CREATE TABLE erasures (
    id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cluster_id text       NOT NULL,
    erased_at timestamptz NOT NULL,
    counts    jsonb       NOT NULL
);
CREATE INDEX erasures_cluster ON erasures (cluster_id, erased_at);

-- The audit counts billing rows in the central store, which must hold none: a partial index keeps
-- that count free of a full scan (it stays empty, and costs an insert nothing but the predicate).
CREATE INDEX forwarded_telemetry_billing ON forwarded_telemetry (event_id) WHERE type = 'billing';
