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
import org.jboss.logging.Logger;

/**
 * The one embedded PostgreSQL server of this process: a real PostgreSQL started from binaries
 * shipped in a Maven artifact, for a local run and tests. Every {@code shard: embedded} region and
 * an unset central store URL get a database of their own in it.
 *
 * <p>Started lazily, at most once per JVM (it survives Quarkus dev-mode restarts, which reuse the
 * class loader of this library), and stopped by a JVM shutdown hook. Everything here blocks (process
 * start, JDBC): call it from startup or worker threads, never from an event loop.
 */
public final class EmbeddedPostgresServer {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class);
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private static EmbeddedPostgres server;

    private EmbeddedPostgresServer() {}

    /**
     * Starts the server if it is not running and makes sure {@code database} exists in it.
     *
     * @param dataDirectory where the server keeps its files; empty for a temporary directory removed on exit
     * @return the port the server listens on (localhost); user and password are {@link #USER} and {@link #PASSWORD}
     */
    public static synchronized int database(String database, Optional<String> dataDirectory) {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        EmbeddedPostgres pg = start(dataDirectory);
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE " + database);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create embedded database " + database + ": " + e.getMessage(), e);
        }
        return pg.getPort();
    }

    private static EmbeddedPostgres start(Optional<String> dataDirectory) {
        if (server != null) {
            return server;
        }
        long t0 = System.nanoTime();
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    // Ingest is write-heavy; fewer checkpoints under load, as on a real shard.
                    .setServerConfig("max_wal_size", "2GB")
                    .setServerConfig("max_connections", "300")
                    .setLocaleConfig("locale", "C")
                    .setLocaleConfig("encoding", "UTF8");
            if (dataDirectory.isPresent() && !dataDirectory.get().isBlank()) {
                Path dir = Path.of(dataDirectory.get()).toAbsolutePath();
                builder.setDataDirectory(dir).setCleanDataDirectory(false);
            }
            server = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL server (are its binaries for this "
                    + "platform on the class path? a -Dproduction build leaves them out): " + e.getMessage(), e);
        }
        LOG.infof("Embedded PostgreSQL started on port %d in %d ms", server.getPort(), (System.nanoTime() - t0) / 1_000_000);
        return server;
    }
}
