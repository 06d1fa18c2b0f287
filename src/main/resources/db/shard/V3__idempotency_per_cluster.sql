-- Idempotency per cluster: an event is identified by its cluster, id and time. With (event_id,
-- event_time) alone, a cluster that sent another cluster's id and time was told "duplicate" and its
-- event was lost, and learnt that the other cluster had sent it. Existing rows keep their place:
-- (cluster_id, event_id, event_time) is unique wherever (event_id, event_time) was.
ALTER TABLE telemetry_events DROP CONSTRAINT telemetry_events_pkey;
ALTER TABLE telemetry_events ADD PRIMARY KEY (cluster_id, event_id, event_time);
ALTER TABLE billing_events DROP CONSTRAINT billing_events_pkey;
ALTER TABLE billing_events ADD PRIMARY KEY (cluster_id, event_id, event_time);

-- Forwarding reads in the order of a row's full key within its transaction, so that two rows of one
-- transaction with the same id (two clusters, or two times) can never straddle a page boundary and
-- be passed over. A cursor saved before this migration resumes at the start of its (tx_id, event_id):
-- at worst a few rows are sent again, which the central key absorbs.
DROP INDEX telemetry_events_forwarding;
CREATE INDEX telemetry_events_forwarding ON telemetry_events (tx_id, event_id, cluster_id, event_time);
ALTER TABLE forwarding_cursor ADD COLUMN cluster_id text NOT NULL DEFAULT '';
ALTER TABLE forwarding_cursor ADD COLUMN event_time timestamptz NOT NULL DEFAULT '1970-01-01 00:00:00+00';
