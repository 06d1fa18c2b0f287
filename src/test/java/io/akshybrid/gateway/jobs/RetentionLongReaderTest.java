package io.akshybrid.gateway.jobs;

import static io.akshybrid.gateway.jobs.JobsTest.runJob;
import static io.akshybrid.gateway.jobs.JobsTest.target;
import static io.akshybrid.gateway.support.Agent.post;
import static io.akshybrid.gateway.support.Events.body;
import static io.akshybrid.gateway.support.ShardDatabases.count;
import static io.akshybrid.gateway.support.ShardDatabases.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akshybrid.gateway.support.Events;
import io.akshybrid.gateway.support.Metrics;
import io.akshybrid.gateway.support.ShardDatabases;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Retention while a long transaction reads the events (a backup, an export cursor, an analyst's
 * query): the drop of an expired day waits at most {@code lock_timeout} per attempt, so ingest is
 * never held up behind it; the day is left for the next run, which drops it once the reader is gone.
 */
@QuarkusTest
class RetentionLongReaderTest {

    static final String EAST = "shard_eastus";

    @Test
    void givenALongReaderOnTheEvents_whenRetentionRuns_thenIngestStaysFastAndTheDayIsDroppedNextRun() throws Exception {
        LocalDate old = LocalDate.now(ZoneOffset.UTC).minusDays(45);
        String day = old.toString().replace("-", "");
        update(
                EAST,
                "CREATE TEMP TABLE x AS SELECT ensure_day_partitions(ARRAY['telemetry_events','billing_events'], '"
                        + old + "', '" + old + "')");
        String series = "gateway_retention_drops_deferred_total{target=\"eastus\"}";
        double deferredBefore = Metrics.value(Metrics.scrape(), series);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong slowest = new AtomicLong();
        AtomicLong posted = new AtomicLong();
        Thread agent = new Thread(() -> {
            while (running.get()) {
                long t0 = System.nanoTime();
                post("east-1-token", body(List.of(Events.hostOs()))).statusCode(200);
                slowest.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                posted.incrementAndGet();
            }
        });
        JsonPath held;
        try (Connection reader = ShardDatabases.open(EAST)) {
            reader.setAutoCommit(false);
            try (Statement s = reader.createStatement()) {
                s.executeQuery("SELECT count(*) FROM telemetry_events").close();
            }
            agent.start();
            // The reader's transaction stays open for the whole run: every drop attempt meets it.
            held = runJob("retention");
            running.set(false);
            agent.join(10_000);
            reader.commit();
        }

        assertEquals("failed", target(held, "eastus").get("outcome"), held.prettify());
        assertTrue(String.valueOf(target(held, "eastus").get("detail")).contains("lock_timeout"), held.prettify());
        assertEquals(
                2,
                count(
                        EAST,
                        "SELECT count(*) FROM pg_class WHERE relname IN ('telemetry_events_" + day
                                + "', 'billing_events_" + day + "')"),
                "the day is still there");
        assertTrue(Metrics.value(Metrics.scrape(), series) > deferredBefore, "the deferred drop is counted");
        assertTrue(posted.get() > 0, "ingest ran during the retention run");
        assertTrue(slowest.get() < 2000, "no ingest request waited behind the drop: slowest " + slowest + " ms");

        JsonPath next = runJob("retention");
        assertEquals("ok", target(next, "eastus").get("outcome"), next.prettify());
        assertEquals(
                0,
                count(
                        EAST,
                        "SELECT count(*) FROM pg_class WHERE relname IN ('telemetry_events_" + day
                                + "', 'billing_events_" + day + "')"),
                "the next run catches up");
    }
}
