-- Forwarding orders rows by tx_id, the writing transaction's id. A transaction id belongs to a server,
-- not to the data: after a dump and restore, or a logical migration, into another server, that
-- server's counter may stand far below the tx_id of rows already there, and every row written
-- afterwards would sort before the forwarding cursor and never be forwarded.
--
-- So tx_id is the server's transaction id plus an offset that belongs to the data. When the counter is
-- found behind the data (the shard moved), forwarding_reanchor() raises the offset above every tx_id
-- the table holds, and moves the rows this server wrote before it noticed (their tx_id is their own
-- xmin) above them too. It runs before a shard takes traffic and at the start of every forwarding run.
ALTER TABLE forwarding_cursor ADD COLUMN xid_offset bigint NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION forwarding_reanchor() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    now_xid  bigint := pg_current_xact_id()::text::bigint;
    c        forwarding_cursor%ROWTYPE;
    top      bigint;
    delta    bigint;
BEGIN
    SELECT * INTO c FROM forwarding_cursor;
    SELECT greatest(coalesce(max(tx_id), 0), c.tx_id) INTO top FROM telemetry_events;
    -- Equal is ahead too: the cursor may stand just before the next id (an idle shard), and a row of
    -- that id sorts after it. Only a counter truly behind the data (another server) goes on.
    IF now_xid + c.xid_offset >= top THEN
        RETURN 0; -- new rows sort after every row there is
    END IF;
    delta := top + 1 - (now_xid + c.xid_offset);
    -- Waits for the inserts in flight and holds new ones until commit; bounded, a later run tries again.
    SET LOCAL lock_timeout = '2s';
    EXECUTE format('ALTER TABLE telemetry_events ALTER COLUMN tx_id SET DEFAULT (pg_current_xact_id()::text::bigint + %s)',
                   c.xid_offset + delta);
    -- Rows this server wrote before now carry its own (small) ids: their tx_id is their xmin.
    UPDATE telemetry_events SET tx_id = tx_id + delta
     WHERE tx_id <= now_xid + c.xid_offset
       AND (tx_id - c.xid_offset) % 4294967296 = xmin::text::bigint;
    UPDATE forwarding_cursor SET xid_offset = c.xid_offset + delta;
    RETURN delta;
END
$$;
