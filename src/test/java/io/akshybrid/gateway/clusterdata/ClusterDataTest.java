package io.akshybrid.gateway.clusterdata;

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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akshybrid.gateway.cli.Commands;
import io.akshybrid.gateway.embedded.EmbeddedPostgresServer;
import io.akshybrid.gateway.support.Events;
import io.akshybrid.gateway.support.Management;
import io.akshybrid.gateway.support.ShardDatabases;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A cluster's data on the admin API (export, erasure) and the audit, on stores of this class's own
 * (shards of regions cd-east and cd-west, and a central store), so that "clean" means clean.
 */
@QuarkusTest
@QuarkusTestResource(value = ClusterDataTest.IsolatedStores.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterDataTest {

    static final String ADMIN = "Bearer dev-admin-token";
    static final String EAST = "shard_cd_east";
    static final String WEST = "shard_cd_west";
    static final String CENTRAL = "central_clusterdata";

    public static class IsolatedStores implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            int port = EmbeddedPostgresServer.database(CENTRAL, Optional.empty(), false);
            return Map.of(
                    "gateway.regions-file",
                    "src/test/resources/regions-clusterdata.yaml",
                    "quarkus.datasource.reactive.url",
                    "postgresql://localhost:" + port + "/" + CENTRAL,
                    "quarkus.datasource.username",
                    EmbeddedPostgresServer.USER,
                    "quarkus.datasource.password",
                    EmbeddedPostgresServer.PASSWORD);
        }

        @Override
        public void stop() {}
    }

    static RequestSpecification admin() {
        return given().port(Management.port()).header("Authorization", ADMIN);
    }

    static JsonPath runForwarding() {
        return admin().when()
                .post("/admin/jobs/forwarding/run")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static List<JsonNode> export(String cluster) throws Exception {
        Response r = admin().when().get("/admin/clusters/" + cluster + "/events");
        assertEquals(200, r.statusCode(), r.asString());
        assertTrue(r.contentType().startsWith("application/x-ndjson"), r.contentType());
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.asString().split("\n")) {
            if (!line.isEmpty()) {
                lines.add(Events.JSON.readTree(line));
            }
        }
        return lines;
    }

    static JsonPath erase(String cluster) {
        return admin().when()
                .delete("/admin/clusters/" + cluster + "/events")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static JsonPath audit() {
        return admin().when()
                .get("/admin/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static long rowsOf(String database, String cluster) {
        String table = database.equals(CENTRAL) ? "forwarded_telemetry" : "telemetry_events";
        long n = count(database, "SELECT count(*) FROM " + table + " WHERE cluster_id = '" + cluster + "'");
        return database.equals(CENTRAL)
                ? n
                : n + count(database, "SELECT count(*) FROM billing_events WHERE cluster_id = '" + cluster + "'");
    }

    @Test
    @Order(1)
    void givenACleanSystem_whenAudited_thenItIsOkWithNoFindings() {
        post("keep-1-token", body(Events.oneOfEach())).statusCode(200);
        runForwarding();

        JsonPath report = audit();

        assertEquals(true, report.getBoolean("ok"), report.prettify());
        assertEquals(List.of(), report.getList("findings"), report.prettify());
    }

    @Test
    @Order(2)
    void givenAClusterWithEventsInTwoShards_whenExported_thenEveryEventOfItAndNoOtherComesOneALine() throws Exception {
        List<ObjectNode> posted = Events.oneOfEach();
        post("mover-1-token", body(posted)).statusCode(200).body("accepted", equalTo(6));
        post("keep-1-token", body(Events.oneOfEach())).statusCode(200);
        // 1,200 rows in cd-east from before mover-1 moved to cd-west: more than two reads of a cursor.
        update(
                EAST,
                "INSERT INTO telemetry_events (event_id, cluster_id, subscription_id, type, source, event_time, payload) "
                        + "SELECT gen_random_uuid(), 'mover-1', 's', 'host-os', 'UTC', now() - interval '1 day', "
                        + "'{\"osName\":\"Windows Server\"}' FROM generate_series(1, 1200)");
        Set<String> expected = new HashSet<>();
        posted.forEach(e -> expected.add(e.get("id").asText()));
        query(EAST, "SELECT event_id::text AS id FROM telemetry_events WHERE cluster_id = 'mover-1'")
                .forEach(r -> expected.add((String) r.get("id")));

        List<JsonNode> lines = export("mover-1");

        Set<String> ids = new HashSet<>();
        lines.forEach(l -> ids.add(l.get("id").asText()));
        assertEquals(1206, lines.size(), "one line per event, none twice");
        assertEquals(expected, ids, "every event of the cluster, from both shards, and no other cluster's");
        JsonNode billing = lines.stream()
                .filter(l -> l.get("type").asText().equals("billing"))
                .findFirst()
                .orElseThrow();
        assertEquals(16.5, billing.get("data").get("quantity").asDouble());
        assertEquals("cd-west", billing.get("region").asText());
        JsonNode old = lines.stream()
                .filter(l -> l.get("region").asText().equals("cd-east"))
                .findFirst()
                .orElseThrow();
        assertEquals("Windows Server", old.get("data").get("osName").asText());
        for (String field : List.of("id", "type", "source", "time", "receivedAt", "region", "data")) {
            assertTrue(old.has(field), field + " in " + old);
        }
    }

    @Test
    @Order(3)
    void givenBadExportRequests_whenAsked_thenTheyAreRefusedInTheGatewaysWords() {
        given().port(Management.port())
                .when()
                .get("/admin/clusters/keep-1/events")
                .then()
                .statusCode(401);
        admin().when()
                .get("/admin/clusters/-not-an-id/events")
                .then()
                .statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("cluster id"));
        admin().when()
                .delete("/admin/clusters/" + "x".repeat(200) + "/events")
                .then()
                .statusCode(400);
        // A cluster with no data: an empty export, not an error.
        assertEquals(200, admin().when().get("/admin/clusters/nobody-1/events").statusCode());
    }

    @Test
    @Order(4)
    void givenAClusterWithForwardedAndWaitingRows_whenErased_thenNothingIsLeftAnywhereAndNothingReappears()
            throws Exception {
        List<ObjectNode> first = Events.oneOfEach();
        post("erase-1-token", body(first)).statusCode(200).body("accepted", equalTo(6));
        runForwarding(); // five telemetry rows now in the central store too
        List<ObjectNode> waiting = List.of(Events.hostOs(), Events.security());
        post("erase-1-token", body(waiting)).statusCode(200).body("accepted", equalTo(2)); // not forwarded yet
        long keepShard = rowsOf(EAST, "keep-1");
        long keepCentral = rowsOf(CENTRAL, "keep-1");
        assertEquals(5, rowsOf(CENTRAL, "erase-1"));

        JsonPath erased = erase("erase-1");

        assertEquals(8, erased.getLong("deleted.'cd-east'"), erased.prettify());
        assertEquals(0, erased.getLong("deleted.'cd-west'"));
        assertEquals(5, erased.getLong("deleted.central"));
        assertEquals(0, rowsOf(EAST, "erase-1"));
        assertEquals(0, rowsOf(CENTRAL, "erase-1"));

        runForwarding();
        assertEquals(0, rowsOf(CENTRAL, "erase-1"), "a row erased before it was forwarded is never forwarded");
        assertEquals(keepShard, rowsOf(EAST, "keep-1"), "other clusters are untouched");
        assertEquals(keepCentral, rowsOf(CENTRAL, "keep-1"));

        JsonPath again = erase("erase-1");
        assertEquals(0, again.getLong("deleted.'cd-east'"), "a repeat erases nothing and does no harm");
        assertEquals(0, again.getLong("deleted.central"));
        List<Map<String, Object>> records = query(
                CENTRAL,
                "SELECT counts::text AS counts, requested_by FROM erasures WHERE cluster_id = 'erase-1' ORDER BY id");
        assertEquals(2, records.size(), "each erasure is recorded");
        assertTrue(((String) records.get(0).get("counts")).contains("\"cd-east\": 8"), records.toString());
        // Which operator credential asked: the start of its SHA-256 (that of dev-admin-token), never the token.
        assertEquals("1734d503f6aa", records.get(0).get("requested_by"), records.toString());
        assertFalse(records.toString().contains("dev-admin-token"));

        // The cluster sends again afterwards, even the same events: they are new to the gateway now.
        post("erase-1-token", body(first)).statusCode(200).body("accepted", equalTo(6));
        assertEquals(6, rowsOf(EAST, "erase-1"));
        assertEquals(6, export("erase-1").size());
    }

    @Test
    @Order(5)
    void givenAForwardingRunInProgress_whenErasing_thenTheErasureWaitsForItAndRemovesWhatItForwarded()
            throws Exception {
        ObjectNode event = Events.hostOs();
        post("erase-1-token", body(event)).statusCode(200);
        String lock = "SELECT pg_advisory_lock(hashtextextended('telemetry-gateway.job.forwarding', 0))";
        CompletableFuture<Response> erasure;
        try (Connection run = ShardDatabases.open(EAST);
                Statement s = run.createStatement()) {
            // Stands for a forwarding run between reading its page (with this event) and writing it.
            s.execute(lock);
            erasure = CompletableFuture.supplyAsync(() -> admin().when().delete("/admin/clusters/erase-1/events"));
            Thread.sleep(1500);
            assertFalse(erasure.isDone(), "the erasure waits while a forwarding run holds the shard");
            // Meanwhile another export or erasure is refused: one at a time, on the pool's one spare connection.
            admin().when()
                    .get("/admin/clusters/keep-1/events")
                    .then()
                    .statusCode(429)
                    .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                    .body("type", org.hamcrest.Matchers.endsWith("cluster-data-busy"));
            admin().when().delete("/admin/clusters/keep-1/events").then().statusCode(429);
            // The run writes its page to the central store, then ends.
            update(
                    CENTRAL,
                    "INSERT INTO forwarded_telemetry (region, event_id, cluster_id, type, source, event_time, "
                            + "received_at, payload) VALUES ('cd-east', '" + Events.id(event)
                            + "', 'erase-1', 'host-os', 'UTC', now(), now(), '{}')");
            s.execute("SELECT pg_advisory_unlock(hashtextextended('telemetry-gateway.job.forwarding', 0))");
        }
        Response r = erasure.get(30, TimeUnit.SECONDS);

        assertEquals(200, r.statusCode(), r.asString());
        assertEquals(0, rowsOf(CENTRAL, "erase-1"), "what the run forwarded is erased too");
        assertEquals(0, rowsOf(EAST, "erase-1"));
        runForwarding();
        assertEquals(0, rowsOf(CENTRAL, "erase-1"));
    }

    @Test
    @Order(6)
    void givenEachKindOfViolation_whenAudited_thenEachIsReportedByTheApiAndByTheCommand() throws Exception {
        LocalDate old = LocalDate.now(ZoneOffset.UTC).minusDays(40);
        update(
                EAST,
                "CREATE TEMP TABLE p AS SELECT ensure_day_partitions(ARRAY['telemetry_events'], '" + old + "', '" + old
                        + "')");
        update(
                EAST,
                "INSERT INTO telemetry_events (event_id, cluster_id, subscription_id, type, source, event_time, payload) "
                        + "VALUES (gen_random_uuid(), 'keep-1', 's', 'host-os', 'UTC', '" + old
                        + " 12:00:00+00', '{}')");
        update(
                EAST,
                "INSERT INTO daily_aggregates VALUES (current_date - 2, 'cd-east', 'host-os', 'all', '', 3, 2, NULL)");
        update(
                CENTRAL,
                "INSERT INTO forwarded_telemetry (region, event_id, cluster_id, type, source, event_time, received_at, "
                        + "payload) VALUES ('cd-east', gen_random_uuid(), 'keep-1', 'billing', 'UTC', now(), now(), "
                        + "'{\"quantity\": 4}'), ('atlantis', gen_random_uuid(), 'keep-1', 'host-os', 'UTC', now(), "
                        + "now(), '{}')");
        try {
            JsonPath report = audit();

            assertEquals(false, report.getBoolean("ok"), report.prettify());
            List<String> found = report.getList("findings.collect { it.store + ' ' + it.check }");
            assertTrue(found.contains("central billing-in-central"), found.toString());
            assertTrue(found.contains("central unknown-region"), found.toString());
            assertTrue(found.contains("cd-east past-retention"), found.toString());
            assertTrue(found.contains("cd-east small-aggregate-cell"), found.toString());
            assertTrue(found.contains("cd-east moved-cluster"), "mover-1's rows from before it moved: " + found);

            // The command, with no server: the same stores by URL, from the gateway's environment variables.
            int port = EmbeddedPostgresServer.database(EAST, Optional.empty(), false);
            Path regions = Files.createTempFile("regions-audit", ".yaml");
            Files.writeString(
                    regions,
                    Files.readString(Path.of("src/test/resources/regions-clusterdata.yaml"))
                            .replace(
                                    "cd-east:\n    shard: embedded",
                                    "cd-east:\n    shard: postgresql://postgres:postgres@localhost:" + port + "/"
                                            + EAST)
                            .replace(
                                    "cd-west:\n    shard: embedded",
                                    "cd-west:\n    shard: postgresql://postgres:postgres@localhost:" + port + "/"
                                            + WEST));
            Map<String, String> env = Map.of(
                    "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://localhost:" + port + "/" + CENTRAL,
                    "QUARKUS_DATASOURCE_USERNAME", EmbeddedPostgresServer.USER,
                    "QUARKUS_DATASOURCE_PASSWORD", EmbeddedPostgresServer.PASSWORD);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = Commands.run(
                    new String[] {"audit", regions.toString()},
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    env::get);
            String printed = out.toString(StandardCharsets.UTF_8);
            assertEquals(1, status, printed + err);
            JsonNode command = Events.JSON.readTree(printed);
            assertFalse(command.get("ok").asBoolean());
            Set<String> commandFound = new HashSet<>();
            command.get("findings")
                    .forEach(f -> commandFound.add(
                            f.get("store").asText() + " " + f.get("check").asText()));
            assertEquals(new HashSet<>(found), commandFound, "the command finds what the API finds");

            update(CENTRAL, "DELETE FROM forwarded_telemetry WHERE region = 'atlantis' OR type = 'billing'");
            update(EAST, "DELETE FROM daily_aggregates WHERE region = 'cd-east'");
            update(EAST, "DELETE FROM telemetry_events WHERE event_time < now() - interval '30 days'");
            ByteArrayOutputStream clean = new ByteArrayOutputStream();
            int cleanStatus = Commands.run(
                    new String[] {"audit", regions.toString()},
                    new PrintStream(clean, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    env::get);
            assertEquals(0, cleanStatus, "ok again: the moved cluster alone does not fail it; " + clean);
            assertTrue(clean.toString(StandardCharsets.UTF_8).contains("moved-cluster"), clean.toString());
        } finally {
            update(CENTRAL, "DELETE FROM forwarded_telemetry WHERE region = 'atlantis' OR type = 'billing'");
            update(EAST, "DELETE FROM daily_aggregates WHERE region = 'cd-east'");
            update(EAST, "DELETE FROM telemetry_events WHERE event_time < now() - interval '30 days'");
        }
    }
}
