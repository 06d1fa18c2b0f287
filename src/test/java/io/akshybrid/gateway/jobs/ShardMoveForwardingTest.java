package io.akshybrid.gateway.jobs;

import static io.akshybrid.gateway.jobs.JobsTest.central;
import static io.akshybrid.gateway.jobs.JobsTest.runJob;
import static io.akshybrid.gateway.jobs.JobsTest.target;
import static io.akshybrid.gateway.support.Agent.post;
import static io.akshybrid.gateway.support.Events.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akshybrid.gateway.hashing.Sha256;
import io.akshybrid.gateway.regions.ShardLocation;
import io.akshybrid.gateway.schema.Migrations;
import io.akshybrid.gateway.support.Events;
import io.akshybrid.gateway.support.PgServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * A shard moved to a fresh server by a logical copy (schema by the gateway's migrations, rows by
 * COPY, which is what a pg_dump | psql restore does): the old server's transaction counter had run
 * far ahead of the new one's, and every event written after the move must still be forwarded.
 */
@QuarkusTest
@QuarkusTestResource(value = ShardMoveForwardingTest.TwoServers.class, restrictToAnnotatedClass = true)
class ShardMoveForwardingTest {

    static EmbeddedPostgres oldServer;
    static EmbeddedPostgres newServer;
    static Path regionsFile;

    static String regions(int port) {
        return """
                regions:
                  moved:
                    shard: postgresql://postgres@127.0.0.1:%d/telemetry
                clusters:
                  mover-1:
                    region: moved
                    subscription: "0b5e7c1e-3a4f-4d2b-8c6e-1f2a3b4c5d6e"
                    tokenSha256: "%s"
                """.formatted(port, Sha256.hex("mover-1-token"));
    }

    public static class TwoServers implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                oldServer = EmbeddedPostgres.builder().start();
                newServer = EmbeddedPostgres.builder().start();
                for (EmbeddedPostgres s : List.of(oldServer, newServer)) {
                    sql(s.getPort(), "postgres", "CREATE DATABASE telemetry");
                }
                // A shard that has run for a while: its counter stands far ahead of a fresh server's.
                sql(oldServer.getPort(), "postgres", """
                        CREATE TABLE burn (x int);
                        DO $$ BEGIN FOR i IN 1..30000 LOOP
                          BEGIN INSERT INTO burn VALUES (i); EXCEPTION WHEN OTHERS THEN NULL; END;
                        END LOOP; END $$""");
                regionsFile = Files.createTempFile("regions-moved", ".yaml");
                Files.writeString(regionsFile, regions(oldServer.getPort()));
                return Map.of("gateway.regions-file", regionsFile.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
            for (EmbeddedPostgres s : new EmbeddedPostgres[] {oldServer, newServer}) {
                try {
                    s.close();
                } catch (IOException | RuntimeException ignored) {
                    // the JVM is ending
                }
            }
        }
    }

    static Connection connect(int port, String database) throws SQLException {
        return PgServer.connect(port, database);
    }

    static void sql(int port, String database, String statement) throws SQLException {
        PgServer.sql(port, database, statement);
    }

    static long count(int port, String query) throws SQLException {
        return PgServer.count(port, "telemetry", query);
    }

    /** Copies a table's rows from the old server to the new one, as a restore of a dump does. */
    static void copy(String table) throws Exception {
        try (Connection from = connect(oldServer.getPort(), "telemetry");
                Connection to = connect(newServer.getPort(), "telemetry");
                PipedInputStream in = new PipedInputStream(1 << 16);
                PipedOutputStream out = new PipedOutputStream(in)) {
            CompletableFuture<Long> reading = CompletableFuture.supplyAsync(() -> {
                try (out) {
                    return from.unwrap(PGConnection.class)
                            .getCopyAPI()
                            .copyOut("COPY (SELECT * FROM " + table + ") TO STDOUT", out);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            to.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN", in);
            reading.get();
        }
    }

    static List<UUID> postEvents(int n) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ObjectNode e = Events.hostOs();
            post("mover-1-token", body(e)).statusCode(200);
            ids.add(Events.id(e));
        }
        return ids;
    }

    @Test
    void givenAShardRestoredIntoAFreshServer_whenEventsArriveAfterTheMove_thenEveryOneIsForwarded() throws Exception {
        List<UUID> before = postEvents(3);
        runJob("forwarding");
        runJob("forwarding");
        for (UUID id : before) {
            assertEquals(1, central(id), "forwarded before the move");
        }
        assertEquals(
                0,
                count(oldServer.getPort(), "SELECT xid_offset FROM forwarding_cursor"),
                "a shard that stays on its server is never re-anchored");

        // The move: the new server gets the schema and every row (the cursor too), then the map points at it.
        int newPort = newServer.getPort();
        Migrations.migrate(
                new ShardLocation.Remote("127.0.0.1", newPort, "telemetry", "postgres", null, Map.of()),
                Migrations.SHARD);
        sql(
                newPort,
                "telemetry",
                "SELECT ensure_day_partitions(ARRAY['telemetry_events','billing_events'], "
                        + "current_date - 40, current_date + 5)");
        sql(newPort, "telemetry", "DELETE FROM forwarding_cursor");
        for (String table : List.of("telemetry_events", "billing_events", "forwarding_cursor", "daily_aggregates")) {
            copy(table);
        }
        assertTrue(
                count(newPort, "SELECT pg_current_xact_id()::text::bigint")
                        < count(newPort, "SELECT tx_id FROM forwarding_cursor"),
                "the new server's counter stands behind the forwarded rows");
        Path next = Files.createTempFile(regionsFile.getParent(), "regions-next", ".yaml");
        Files.writeString(next, regions(newPort));
        Files.move(next, regionsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    UUID probe = postEvents(1).get(0);
                    return count(newPort, "SELECT count(*) FROM telemetry_events WHERE event_id = '" + probe + "'")
                            == 1;
                });

        List<UUID> after = postEvents(5);
        var summary = runJob("forwarding");

        assertEquals("ok", target(summary, "moved").get("outcome"), summary.prettify());
        for (UUID id : after) {
            assertEquals(1, central(id), "an event written after the move is forwarded: " + id);
        }
        assertTrue(count(newPort, "SELECT xid_offset FROM forwarding_cursor") > 0, "the order was re-anchored");
        assertEquals(
                0.0,
                ((Number) target(summary, "moved").get("lagSeconds")).doubleValue(),
                "nothing waits after the run");
    }
}
