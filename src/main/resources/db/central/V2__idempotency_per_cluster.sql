-- Forwarded rows are identified by region, cluster, id and time, as on the shards (V3 there): two
-- clusters' events with the same id and time are two rows here too.
ALTER TABLE forwarded_telemetry DROP CONSTRAINT forwarded_telemetry_pkey;
ALTER TABLE forwarded_telemetry ADD PRIMARY KEY (region, cluster_id, event_id, event_time);
