package io.akshybrid.gateway.jobs;

import static io.akshybrid.gateway.support.Agent.post;
import static io.akshybrid.gateway.support.Events.body;
import static io.akshybrid.gateway.support.ShardDatabases.count;
import static io.akshybrid.gateway.support.ShardDatabases.query;
import static io.akshybrid.gateway.support.ShardDatabases.update;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akshybrid.gateway.support.Events;
import io.akshybrid.gateway.support.Management;
import io.akshybrid.gateway.support.Metrics;
import io.akshybrid.gateway.support.ShardDatabases;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The scheduled jobs against real shards and a real central store, run by hand through the admin API. */
@QuarkusTest
class JobsTest {

    static final String ADMIN = "Bearer dev-admin-token";
    static final String EAST = "shard_eastus";
    static final String WEST = "shard_westeurope";
    static final String CENTRAL = "central";

    static JsonPath runJob(String job) {
        return given().port(Management.port())
                .header("Authorization", ADMIN)
                .when()
                .post("/admin/jobs/" + job + "/run")
                .then()
                .statusCode(200)
                .body("job", equalTo(job))
                .extract()
                .jsonPath();
    }

    static Map<String, Object> target(JsonPath summary, String target) {
        List<Map<String, Object>> targets = summary.getList("targets");
        return targets.stream()
                .filter(t -> target.equals(t.get("target")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + target + " in " + targets));
    }

    static long central(UUID id) {
        return count(CENTRAL, "SELECT count(*) FROM forwarded_telemetry WHERE event_id = '" + id + "'");
    }

    static String region(UUID id) {
        return (String) query(CENTRAL, "SELECT region FROM forwarded_telemetry WHERE event_id = '" + id + "'")
                .get(0)
                .get("region");
    }

    @Test
    void givenTelemetryAndBillingInTwoRegions_whenForwarded_thenTelemetryArrivesTaggedWithItsRegionAndBillingStays() {
        List<ObjectNode> east = Events.oneOfEach();
        List<ObjectNode> west = Events.oneOfEach();
        post("east-1-token", body(east)).statusCode(200).body("accepted", equalTo(6));
        post("west-1-token", body(west)).statusCode(200).body("accepted", equalTo(6));

        JsonPath summary = runJob("forwarding");

        assertEquals("ok", target(summary, "eastus").get("outcome"));
        assertEquals("ok", target(summary, "westeurope").get("outcome"));
        for (ObjectNode e : east) {
            boolean billing = e.get("type").asText().equals("billing");
            assertEquals(billing ? 0 : 1, central(Events.id(e)), e.get("type").asText());
            if (!billing) {
                assertEquals("eastus", region(Events.id(e)));
            }
        }
        for (ObjectNode e : west) {
            boolean billing = e.get("type").asText().equals("billing");
            assertEquals(billing ? 0 : 1, central(Events.id(e)), e.get("type").asText());
            if (!billing) {
                assertEquals("westeurope", region(Events.id(e)));
            }
        }
        assertEquals(0, count(CENTRAL, "SELECT count(*) FROM forwarded_telemetry WHERE type = 'billing'"));
        Map<String, Object> row = query(
                        CENTRAL,
                        "SELECT cluster_id, type, source, payload->>'osVersion' AS v "
                                + "FROM forwarded_telemetry WHERE event_id = '" + Events.id(east.get(0)) + "'")
                .get(0);
        assertEquals("east-1", row.get("cluster_id"));
        assertEquals("10.0.20348.2461", row.get("v"));
    }

    @Test
    void givenARunThatDiedBeforeMovingItsCursor_whenRepeated_thenNothingIsForwardedTwice() {
        List<ObjectNode> events = List.of(Events.hostOs(), Events.security(), Events.hostError());
        post("east-1-token", body(events)).statusCode(200).body("accepted", equalTo(3));
        runJob("forwarding");
        events.forEach(e -> assertEquals(1, central(Events.id(e))));

        // As if the run had crashed after the central store committed and before the shard's cursor moved.
        update(EAST, "UPDATE forwarding_cursor SET tx_id = 0, event_id = '00000000-0000-0000-0000-000000000000'");
        JsonPath again = runJob("forwarding");

        assertTrue(((Number) target(again, "eastus").get("rows")).longValue() >= 3, "the rows were sent again");
        events.forEach(e -> assertEquals(1, central(Events.id(e)), "still once"));
    }

    @Test
    void givenTransactionsCommittingOutOfOrder_whenForwardedBetweenTheCommits_thenNoRowIsSkipped() throws Exception {
        UUID early = UUID.randomUUID();
        UUID late = UUID.randomUUID();
        String insert =
                "INSERT INTO telemetry_events (event_id, cluster_id, subscription_id, type, source, event_time, payload) "
                        + "VALUES ('%s', 'east-1', 's', 'host-error', 'UTC', now(), '{\"platform\":\"WindowsServer\",\"message\":\"m\"}')";
        try (Connection slow = ShardDatabases.open(EAST);
                Connection fast = ShardDatabases.open(EAST)) {
            slow.setAutoCommit(false);
            try (Statement s = slow.createStatement()) {
                s.execute(insert.formatted(early)); // the older transaction, still open
            }
            try (Statement s = fast.createStatement()) {
                s.execute(insert.formatted(late)); // a younger one, committed first
            }

            runJob("forwarding");
            assertEquals(0, central(early), "not committed yet");

            slow.commit();
        }
        runJob("forwarding");

        assertEquals(1, central(early), "the late commit of the older transaction is forwarded");
        assertEquals(1, central(late), "the younger transaction's row is forwarded too");
    }

    @Test
    void givenOneIdFromManyClustersInOneTransaction_whenForwardedOverSeveralPages_thenEveryRowArrives() {
        // 6,000 rows of one transaction share one event id (clusters c-0 ... c-5999): more than a page
        // (5,000), so rows with the same (transaction, id) lie on both sides of a page boundary.
        UUID shared = UUID.randomUUID();
        update(
                EAST,
                "INSERT INTO telemetry_events (event_id, cluster_id, subscription_id, type, source, event_time, payload) "
                        + "SELECT '" + shared + "', 'c-' || n, 's', 'host-os', 'UTC', now(), '{}' "
                        + "FROM generate_series(0, 5999) AS n");

        runJob("forwarding");

        assertEquals(6000, central(shared), "no row of the shared id was passed over at a page boundary");
    }

    @Test
    void givenACentralStoreThatFailsOnTheSecondPage_whenForwarded_thenTheRunReportsThePageItMovedAndTheLagStays()
            throws Exception {
        runJob("forwarding"); // nothing older waits
        String lag = "gateway_forwarding_lag_seconds{region=\"westeurope\"}";
        String lastSuccess = "gateway_job_last_success_timestamp_seconds{job=\"forwarding\",target=\"westeurope\"}";
        // 6,000 rows received an hour ago, in id order; the 5,501st makes the central store refuse its page.
        update(
                WEST,
                "INSERT INTO telemetry_events (event_id, cluster_id, subscription_id, type, source, event_time, "
                        + "received_at, payload) SELECT ('00000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, "
                        + "CASE WHEN n = 5500 THEN 'poison' ELSE 'w-' || n END, 's', 'host-os', 'UTC', now(), "
                        + "now() - interval '1 hour', '{}' FROM generate_series(0, 5999) AS n");
        update(CENTRAL, """
                CREATE OR REPLACE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.cluster_id = 'poison' THEN RAISE EXCEPTION 'central store refuses the page'; END IF;
                  RETURN NEW;
                END $$""");
        update(
                CENTRAL,
                "CREATE TRIGGER poison BEFORE INSERT ON forwarded_telemetry FOR EACH ROW EXECUTE FUNCTION refuse_poison()");
        double successBefore;
        try {
            successBefore = Metrics.value(Metrics.scrape(), lastSuccess);

            JsonPath failed = runJob("forwarding");

            assertEquals("failed", target(failed, "westeurope").get("outcome"));
            assertEquals(
                    5000, ((Number) target(failed, "westeurope").get("rows")).longValue(), "the first page was moved");
            String scrape = Metrics.scrape();
            assertTrue(Metrics.value(scrape, lag) >= 3500, "the lag shows the hour-old rows still waiting: " + lag);
            assertEquals(successBefore, Metrics.value(scrape, lastSuccess), "a failed run is not a success");
        } finally {
            update(CENTRAL, "DROP TRIGGER IF EXISTS poison ON forwarded_telemetry");
        }

        JsonPath again = runJob("forwarding");

        assertEquals("ok", target(again, "westeurope").get("outcome"));
        assertEquals(1000, ((Number) target(again, "westeurope").get("rows")).longValue(), "the rest, nothing twice");
        assertEquals(
                6000,
                count(
                        CENTRAL,
                        "SELECT count(*) FROM forwarded_telemetry WHERE region = 'westeurope' AND event_id "
                                + "BETWEEN '00000000-0000-4000-8000-000000000000' AND '00000000-0000-4000-8000-000000005999'"));
        String scrape = Metrics.scrape();
        assertEquals(0, Metrics.value(scrape, lag), 0.5);
        assertTrue(Metrics.value(scrape, lastSuccess) > successBefore, "the success is recorded");
    }

    @Test
    void givenAnotherReplicaHoldsTheLock_whenForwarding_thenThatShardIsSkippedAndTheOthersRun() throws Exception {
        try (Connection other = ShardDatabases.open(EAST);
                Statement s = other.createStatement()) {
            s.execute("SELECT pg_advisory_lock(hashtextextended('telemetry-gateway.job.forwarding', 0))");
            JsonPath summary = runJob("forwarding");
            assertEquals("skipped", target(summary, "eastus").get("outcome"));
            assertEquals("ok", target(summary, "westeurope").get("outcome"));
            s.execute("SELECT pg_advisory_unlock(hashtextextended('telemetry-gateway.job.forwarding', 0))");
        }
    }

    @Test
    void givenTwoRunnersAtOnce_whenBothForward_thenEachRowIsForwardedOnce() {
        runJob("forwarding"); // nothing left over from other tests
        List<ObjectNode> events = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            events.add(Events.hostOs());
        }
        post("east-2-token", body(events)).statusCode(200).body("accepted", equalTo(300));

        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<Map<String, Object>> east;
        try {
            CompletableFuture<JsonPath> a = CompletableFuture.supplyAsync(() -> runJob("forwarding"), two);
            CompletableFuture<JsonPath> b = CompletableFuture.supplyAsync(() -> runJob("forwarding"), two);
            east = List.of(target(a.join(), "eastus"), target(b.join(), "eastus"));
        } finally {
            two.shutdown();
        }

        long moved = east.stream()
                .mapToLong(t -> ((Number) t.get("rows")).longValue())
                .sum();
        assertEquals(300, moved, "the 300 rows were moved by one runner, not both: " + east);
        String ids = events.stream().map(e -> "'" + Events.id(e) + "'").collect(Collectors.joining(","));
        assertEquals(300, count(CENTRAL, "SELECT count(*) FROM forwarded_telemetry WHERE event_id IN (" + ids + ")"));
    }

    @Test
    void givenARegionWhoseShardIsDown_whenForwarding_thenItIsSkippedAndTheOtherRegionsForward() {
        ObjectNode e = Events.hostOs();
        post("west-1-token", body(e)).statusCode(200);
        JsonPath summary = runJob("forwarding");
        assertEquals("skipped", target(summary, "unreachable").get("outcome"));
        assertEquals("ok", target(summary, "westeurope").get("outcome"));
        assertEquals(1, central(Events.id(e)));
        assertTrue(target(summary, "westeurope").containsKey("lagSeconds"), "lag is measured per region");
    }

    @Test
    void givenADayPastTheRetentionPeriod_whenRetentionRuns_thenItsAggregatesExistAndItsPartitionsAreGone()
            throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate old = today.minusDays(40);
        String day = old.toString().replace("-", "");
        String partitions = "SELECT ensure_day_partitions(ARRAY[%s], '" + old + "', '" + old + "')";
        update(EAST, "CREATE TEMP TABLE x AS " + partitions.formatted("'telemetry_events','billing_events'"));
        update(CENTRAL, "CREATE TEMP TABLE x AS " + partitions.formatted("'forwarded_telemetry'"));
        // Six clusters on osVersion 10.0.1 (a cell above k = 5), two on 10.0.2 (below k: suppressed).
        for (int c = 0; c < 8; c++) {
            hostOsEvent(c, old, c < 6 ? "10.0.1" : "10.0.2");
            update(
                    EAST,
                    ("INSERT INTO billing_events (event_id, cluster_id, subscription_id, source, event_time, cores) "
                                    + "VALUES (gen_random_uuid(), 'cluster-%d', 'sub-%d', 'UTC', '%s 12:00:00+00', 4)")
                            .formatted(c, c, old));
        }
        update(
                CENTRAL,
                "INSERT INTO forwarded_telemetry (region, event_id, cluster_id, type, source, event_time, received_at, payload) "
                        + "VALUES ('eastus', gen_random_uuid(), 'cluster-0', 'host-os', 'UTC', '" + old
                        + " 12:00:00+00', now(), '{}')");
        update(
                EAST,
                "INSERT INTO daily_aggregates VALUES ('" + today.minusDays(800)
                        + "', 'eastus', 'billing', 'cores', '', 1, 9, 1)");
        update(
                CENTRAL,
                "INSERT INTO job_runs (id, job, target, replica, started_at, finished_at, duration_ms, outcome) "
                        + "VALUES (-1, 'forwarding', 'eastus', 'r', now() - interval '40 days', now() - interval '40 days', 1, 'ok')");

        JsonPath summary = runJob("retention");

        assertEquals("ok", target(summary, "eastus").get("outcome"));
        assertEquals("ok", target(summary, "central").get("outcome"));
        assertEquals(2, ((Number) target(summary, "eastus").get("partitionsDropped")).intValue());
        assertEquals(1, ((Number) target(summary, "central").get("partitionsDropped")).intValue());
        assertEquals(
                0,
                count(
                        EAST,
                        "SELECT count(*) FROM pg_class WHERE relname IN ('telemetry_events_" + day
                                + "', 'billing_events_" + day + "')"));
        assertEquals(
                0, count(CENTRAL, "SELECT count(*) FROM pg_class WHERE relname = 'forwarded_telemetry_" + day + "'"));

        List<Map<String, Object>> cells = query(
                EAST, "SELECT * FROM daily_aggregates WHERE day = '" + old + "' ORDER BY event_type, dimension, value");
        Map<String, Map<String, Object>> byKey = cells.stream()
                .collect(Collectors.toMap(
                        r -> r.get("event_type") + "/" + r.get("dimension") + "/" + r.get("value"), r -> r));
        assertEquals(8L, ((Number) byKey.get("host-os/all/").get("events")).longValue());
        assertFalse(byKey.containsKey("host-os/osVersion/10.0.2"), "a cell from 2 clusters is suppressed (k = 5)");
        assertFalse(
                byKey.containsKey("host-os/osVersion/10.0.1"),
                "the total (8) minus 10.0.1 (6) would give 10.0.2 back: hidden as well");
        assertEquals(8L, ((Number) byKey.get("host-os/osName/Windows Server").get("events")).longValue());
        assertEquals(32.0, ((Number) byKey.get("billing/cores/").get("total")).doubleValue());
        assertEquals(8, ((Number) byKey.get("host-os/countryCode/DE").get("clusters")).intValue());
        for (Map<String, Object> cell : cells) {
            assertFalse(
                    cell.keySet().stream()
                            .anyMatch(k ->
                                    k.contains("cluster_id") || k.contains("subscription") || k.contains("device")),
                    "no identifier columns: " + cell.keySet());
            String text = cell.values().toString();
            assertFalse(
                    text.contains("cluster-") || text.contains("sub-") || text.contains("dev-"),
                    "no identifier values: " + text);
        }
        assertEquals(
                0,
                count(EAST, "SELECT count(*) FROM daily_aggregates WHERE day = '" + today.minusDays(800) + "'"),
                "aggregates past their own retention are deleted");
        assertEquals(
                0,
                count(CENTRAL, "SELECT count(*) FROM job_runs WHERE id = -1"),
                "job runs past the period are deleted");
        assertTrue(
                count(
                                EAST,
                                "SELECT count(*) FROM pg_class WHERE relname = 'telemetry_events_"
                                        + today.minusDays(28).toString().replace("-", "") + "'")
                        == 1,
                "the oldest kept day stays");
    }

    @Test
    void givenThePartitionJob_whenRun_thenEveryShardAndTheCentralStoreHaveTheComingDays() {
        String ahead = LocalDate.now(ZoneOffset.UTC).plusDays(7).toString().replace("-", "");
        JsonPath summary = runJob("partitions");
        assertEquals("ok", target(summary, "eastus").get("outcome"));
        assertEquals("ok", target(summary, "central").get("outcome"));
        assertEquals("skipped", target(summary, "unreachable").get("outcome"));
        assertEquals(1, count(WEST, "SELECT count(*) FROM pg_class WHERE relname = 'billing_events_" + ahead + "'"));
        assertEquals(
                1, count(CENTRAL, "SELECT count(*) FROM pg_class WHERE relname = 'forwarded_telemetry_" + ahead + "'"));
    }

    @Test
    void givenJobsHaveRun_whenListed_thenRecentRunsComeFromJobRuns() {
        runJob("partitions");
        given().port(Management.port())
                .header("Authorization", ADMIN)
                .when()
                .get("/admin/jobs?limit=5")
                .then()
                .statusCode(200)
                .body("size()", equalTo(5))
                .body("[0].job", org.hamcrest.Matchers.notNullValue())
                .body("[0].outcome", org.hamcrest.Matchers.notNullValue());
        assertTrue(
                count(CENTRAL, "SELECT count(*) FROM job_runs WHERE job = 'partitions' AND target = 'central'") >= 1);
    }

    @Test
    void givenNoOrAWrongOperatorToken_whenCallingAdmin_then401() {
        given().port(Management.port())
                .when()
                .post("/admin/jobs/forwarding/run")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        given().port(Management.port())
                .header("Authorization", "Bearer east-1-token")
                .when()
                .get("/admin/jobs")
                .then()
                .statusCode(401);
        given().port(Management.port())
                .header("Authorization", ADMIN)
                .when()
                .post("/admin/jobs/vacuum/run")
                .then()
                .statusCode(404);
    }
    /** One host-os event of cluster {@code c} on {@code day}, straight into the east shard. */
    private static void hostOsEvent(int c, LocalDate day, String version) {
        update(
                EAST,
                ("INSERT INTO telemetry_events (event_id, cluster_id, subscription_id, type, source, event_time, payload) "
                                + "VALUES (gen_random_uuid(), 'cluster-%d', 'sub-%d', 'host-os', 'UTC', '%s 12:00:00+00', "
                                + "'{\"osName\":\"Windows Server\",\"osVersion\":\"%s\",\"eventName\":\"HostBoot\",\"deviceId\":\"dev-%d\","
                                + "\"countryCode\":\"DE\"}')")
                        .formatted(c, c, day, version, c));
    }

    @Test
    void givenADimensionWithOneSuppressedCell_whenRetentionRuns_thenTheTotalMinusThePublishedCellsSpansKClusters() {
        LocalDate old = LocalDate.now(ZoneOffset.UTC).minusDays(41);
        update(
                EAST,
                "CREATE TEMP TABLE y AS SELECT ensure_day_partitions(ARRAY['telemetry_events','billing_events'], '"
                        + old + "', '" + old + "')");
        // osVersion: 10.0.1 from 6 clusters, 10.0.3 from 7, 10.0.2 from 2 (below k = 5).
        for (int c = 0; c < 15; c++) {
            hostOsEvent(c, old, c < 6 ? "10.0.1" : c < 13 ? "10.0.3" : "10.0.2");
        }

        runJob("retention");

        Map<String, Long> events = new HashMap<>();
        for (Map<String, Object> r : query(
                EAST,
                "SELECT dimension, value, events FROM daily_aggregates WHERE day = '" + old
                        + "' AND event_type = 'host-os'")) {
            events.put(r.get("dimension") + "/" + r.get("value"), ((Number) r.get("events")).longValue());
        }
        assertEquals(15L, events.get("all/"), "the total is published");
        assertFalse(events.containsKey("osVersion/10.0.2"), "primary suppression: 2 clusters");
        assertFalse(
                events.containsKey("osVersion/10.0.1"),
                "secondary suppression: the smallest published cell, so that 15 - 7 covers 8 clusters, not 2");
        assertEquals(7L, events.get("osVersion/10.0.3"));
        assertEquals(15L, events.get("osName/Windows Server"), "a dimension with nothing hidden keeps every cell");
        assertEquals(15L, events.get("countryCode/DE"));
    }
}
