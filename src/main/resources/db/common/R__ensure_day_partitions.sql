-- Shared by the regional shards and the central store (a repeatable migration in both).
-- Creates the missing day partitions [p_from, p_to] of each table in p_tables; returns how many it made.
-- Day bounds are UTC midnights whatever the session's time zone. Serialised by an advisory lock so that
-- replicas starting together do not race on the same partition.
CREATE OR REPLACE FUNCTION ensure_day_partitions(p_tables text[], p_from date, p_to date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    t       text;
    d       date;
    part    text;
    created integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('gateway.ensure_day_partitions'));
    FOREACH t IN ARRAY p_tables LOOP
        d := p_from;
        WHILE d <= p_to LOOP
            part := t || '_' || to_char(d, 'YYYYMMDD');
            IF to_regclass(quote_ident(part)) IS NULL THEN
                EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                               part, t, d::timestamp AT TIME ZONE 'UTC', (d + 1)::timestamp AT TIME ZONE 'UTC');
                created := created + 1;
            END IF;
            d := d + 1;
        END LOOP;
    END LOOP;
    RETURN created;
END
$$;
