package io.akshybrid.gateway.api;

import static io.akshybrid.gateway.api.EventsIngestTest.rows;
import static io.akshybrid.gateway.support.Agent.post;
import static io.akshybrid.gateway.support.Events.body;
import static io.akshybrid.gateway.support.ShardDatabases.update;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akshybrid.gateway.support.Events;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A write that PostgreSQL rolls back as a serialization failure or a deadlock victim (40001, 40P01)
 * is run again, which is safe because the write is idempotent; one that keeps failing gets 503 with
 * Retry-After, never 500. The failures come from a trigger that raises them for chosen events a
 * given number of times (a sequence counts them, since a rolled-back transaction keeps no row).
 */
@QuarkusTest
class RetryableWriteTest {

    static final String EAST = "shard_eastus";

    @BeforeEach
    void installTrigger() {
        update(EAST, """
                CREATE TABLE IF NOT EXISTS test_flaky (event_id uuid PRIMARY KEY, sqlstate text, times int);
                CREATE SEQUENCE IF NOT EXISTS test_flaky_seq;
                CREATE OR REPLACE FUNCTION test_flaky() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE f test_flaky%ROWTYPE;
                BEGIN
                  SELECT * INTO f FROM test_flaky WHERE event_id = NEW.event_id;
                  IF FOUND AND nextval('test_flaky_seq') <= f.times THEN
                    RAISE EXCEPTION 'injected' USING ERRCODE = f.sqlstate;
                  END IF;
                  RETURN NEW;
                END $$;
                DROP TRIGGER IF EXISTS test_flaky ON telemetry_events;
                CREATE TRIGGER test_flaky BEFORE INSERT ON telemetry_events FOR EACH ROW EXECUTE FUNCTION test_flaky()""");
    }

    @AfterEach
    void removeTrigger() {
        update(
                EAST,
                "DROP TRIGGER IF EXISTS test_flaky ON telemetry_events; DROP TABLE IF EXISTS test_flaky;"
                        + " DROP SEQUENCE IF EXISTS test_flaky_seq");
    }

    static ObjectNode failing(String sqlstate, int times) {
        ObjectNode event = Events.hostOs();
        update(EAST, "ALTER SEQUENCE test_flaky_seq RESTART");
        update(EAST, "INSERT INTO test_flaky VALUES ('" + Events.id(event) + "', '" + sqlstate + "', " + times + ")");
        return event;
    }

    @Test
    void givenASerializationFailureOrDeadlock_whenItPassesOnARetry_thenTheEventIsStoredOnce() {
        for (String state : new String[] {"40001", "40P01"}) {
            ObjectNode event = failing(state, 2);
            post("east-1-token", body(event)).statusCode(200).body("accepted", equalTo(1));
            assertEquals(1, rows(EAST, "telemetry_events", Events.id(event)), state);
        }
    }

    @Test
    void givenASerializationFailureThatKeepsComing_whenPosted_then503WithRetryAfter() {
        ObjectNode event = failing("40001", 100);
        WholeRequestErrorsTest.assertProblem(post("east-1-token", body(event)), 503, "shard-unavailable")
                .header("Retry-After", notNullValue());
        assertEquals(0, rows(EAST, "telemetry_events", Events.id(event)));
    }
}
