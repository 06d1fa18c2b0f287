package io.akshybrid.gateway.jobs;

import static io.akshybrid.gateway.jobs.JobsTest.runJob;
import static io.akshybrid.gateway.jobs.JobsTest.target;
import static io.akshybrid.gateway.support.Agent.post;
import static io.akshybrid.gateway.support.Events.body;
import static io.akshybrid.gateway.support.ShardDatabases.count;
import static io.akshybrid.gateway.support.ShardDatabases.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akshybrid.gateway.embedded.EmbeddedPostgresServer;
import io.akshybrid.gateway.support.Events;
import io.akshybrid.gateway.support.Metrics;
import io.akshybrid.gateway.support.ShardDatabases;
import io.akshybrid.gateway.support.TcpProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Forwarding of backlogs many pages long, with small pages (100 rows) so that a test holds hundreds
 * of them, and with the central store behind a proxy that a test can take down.
 */
@QuarkusTest
@QuarkusTestResource(value = ForwardingAtScaleTest.CentralBehindProxy.class, restrictToAnnotatedClass = true)
class ForwardingAtScaleTest {

    static final String CENTRAL = "central_proxied";
    static final int PAGE = 100;
    static TcpProxy proxy;

    /** A central store of its own, reached through a proxy. */
    public static class CentralBehindProxy implements QuarkusTestResourceLifecycleManager {
        private TcpProxy running;

        @Override
        public Map<String, String> start() {
            try {
                running = new TcpProxy(EmbeddedPostgresServer.database(CENTRAL, Optional.empty(), false));
                running.start();
                proxy = running;
                return Map.of(
                        "quarkus.datasource.reactive.url",
                        "postgresql://127.0.0.1:" + running.port() + "/" + CENTRAL,
                        "quarkus.datasource.username",
                        EmbeddedPostgresServer.USER,
                        "quarkus.datasource.password",
                        EmbeddedPostgresServer.PASSWORD,
                        "gateway.forwarding.page-size",
                        Integer.toString(PAGE),
                        "gateway.forwarding.max-pages-per-run",
                        "1000");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
            try {
                running.stop();
            } catch (IOException ignored) {
                // the JVM is ending
            }
        }
    }

    @Inject
    ForwardingJob forwarding;

    @Test
    void givenABacklogOfTwoHundredPages_whenForwarded_thenEveryRowArrivesOnceAndARunHoldsOnePageAtATime() {
        runJob("forwarding"); // what earlier tests left
        // 20,000 rows in four transactions: 200 pages.
        for (int t = 0; t < 4; t++) {
            update(
                    JobsTest.EAST,
                    "INSERT INTO telemetry_events (event_id, cluster_id, subscription_id, type, source, event_time, "
                            + "payload) SELECT gen_random_uuid(), 'scale-' || n, 's', 'host-os', 'UTC', now(), "
                            + "'{\"n\": 1}' FROM generate_series(" + (t * 5000) + ", " + (t * 5000 + 4999) + ") AS n");
        }

        JsonPath run = runJob("forwarding");

        assertEquals("ok", target(run, "eastus").get("outcome"));
        assertEquals(20_000, ((Number) target(run, "eastus").get("rows")).longValue());
        assertEquals(
                20_000,
                count(
                        CENTRAL,
                        "SELECT count(DISTINCT (cluster_id, event_id)) FROM forwarded_telemetry "
                                + "WHERE cluster_id LIKE 'scale-%'"),
                "every row arrived");
        assertEquals(
                20_000,
                count(CENTRAL, "SELECT count(*) FROM forwarded_telemetry WHERE cluster_id LIKE 'scale-%'"),
                "none twice");
        int held = forwarding.mostRowsHeldByARun();
        assertEquals(PAGE, held, "a run held one page at most, not the backlog");
    }

    @Test
    void givenIngestKeepingEveryWriterBusy_whenForwarding_thenItPausesAfterEachPageAndStillForwardsEverything()
            throws Exception {
        runJob("forwarding");
        String pauses = "gateway_forwarding_yield_seconds_count{region=\"eastus\"}";
        insertScaleRows("busy-", 1000); // 10 pages
        ExecutorService agents = Executors.newFixedThreadPool(2);
        List<CompletableFuture<Integer>> blocked = new ArrayList<>();
        double before;
        try (Connection lock = ShardDatabases.open(JobsTest.EAST)) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                // SHARE: forwarding still reads the table, ingest's INSERTs wait.
                s.execute("LOCK TABLE telemetry_events IN SHARE MODE");
            }
            for (String token : List.of("east-1-token", "east-2-token")) {
                String json = body(Events.hostOs());
                blocked.add(CompletableFuture.supplyAsync(
                        () -> post(token, json).extract().statusCode(), agents));
                int waiting = blocked.size();
                Awaitility.await()
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> count(
                                        JobsTest.EAST,
                                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                                + "AND query LIKE 'INSERT INTO telemetry_events%'")
                                == waiting);
            }
            before = Metrics.value(Metrics.scrape(), pauses);

            JsonPath busy = runJob("forwarding");

            assertEquals(1000, ((Number) target(busy, "eastus").get("rows")).longValue(), "paced, not stopped");
            double paused = Metrics.value(Metrics.scrape(), pauses) - before;
            assertTrue(paused >= 9, "a pause after every page but the last while both writers were busy: " + paused);
            lock.commit();
        } finally {
            agents.shutdown();
        }
        for (CompletableFuture<Integer> r : blocked) {
            assertEquals(200, r.get(30, TimeUnit.SECONDS), "the blocked requests are written once the lock goes");
        }

        runJob("forwarding"); // the two requests written since

        insertScaleRows("quiet-", 1000);
        double quietBefore = Metrics.value(Metrics.scrape(), pauses);
        JsonPath quiet = runJob("forwarding");
        assertEquals(1000, ((Number) target(quiet, "eastus").get("rows")).longValue());
        assertEquals(quietBefore, Metrics.value(Metrics.scrape(), pauses), "no pause while ingest is quiet");
    }

    static void insertScaleRows(String prefix, int n) {
        update(
                JobsTest.EAST,
                "INSERT INTO telemetry_events (event_id, cluster_id, subscription_id, type, source, event_time, "
                        + "payload) SELECT gen_random_uuid(), '" + prefix + "' || n, 's', 'host-os', 'UTC', now(), "
                        + "'{}' FROM generate_series(1, " + n + ") AS n");
    }

    @Test
    void givenTheCentralStoreGoesDown_whenForwardingRuns_thenTheLagGrowsAndLastSuccessStaysUntilItIsBack()
            throws Exception {
        runJob("forwarding");
        String lag = "gateway_forwarding_lag_seconds{region=\"westeurope\"}";
        String lastSuccess = "gateway_job_last_success_timestamp_seconds{job=\"forwarding\",target=\"westeurope\"}";
        double successBefore = Metrics.value(Metrics.scrape(), lastSuccess);
        update(
                JobsTest.WEST,
                "INSERT INTO telemetry_events (event_id, cluster_id, subscription_id, type, source, event_time, "
                        + "received_at, payload) SELECT gen_random_uuid(), 'outage-' || n, 's', 'host-os', 'UTC', "
                        + "now(), now() - interval '1 hour', '{}' FROM generate_series(1, 300) AS n");

        proxy.stop();
        try {
            for (int i = 0; i < 2; i++) {
                JsonPath failed = runJob("forwarding");
                assertEquals("failed", target(failed, "westeurope").get("outcome"), failed.prettify());
                assertEquals(0, ((Number) target(failed, "westeurope").get("rows")).longValue());
                String scrape = Metrics.scrape();
                assertTrue(
                        Metrics.value(scrape, lag) >= 3500,
                        "the lag shows the hour-old rows while the central store is down: "
                                + Metrics.value(scrape, lag));
                assertEquals(successBefore, Metrics.value(scrape, lastSuccess), "no success while it is down");
            }
        } finally {
            proxy.start();
        }

        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() ->
                        "ok".equals(target(runJob("forwarding"), "westeurope").get("outcome")));
        String scrape = Metrics.scrape();
        assertEquals(0, Metrics.value(scrape, lag), 5, "nothing old waits once it is back");
        assertTrue(Metrics.value(scrape, lastSuccess) > successBefore, "the success is recorded");
        assertEquals(300, count(CENTRAL, "SELECT count(*) FROM forwarded_telemetry WHERE cluster_id LIKE 'outage-%'"));
    }
}
