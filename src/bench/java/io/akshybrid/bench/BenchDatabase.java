package io.akshybrid.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The PostgreSQL server of a benchmark run: by default an embedded server of its own (durable: fsync
 * and synchronous_commit on, as a real shard), or the one {@code BENCH_PG_URL} names. It holds the
 * databases {@value #SHARD} (the region's shard), {@value #SHARD2} (a second region's, for the forwarding
 * phases) and {@value #CENTRAL} (the central store).
 */
final class BenchDatabase implements AutoCloseable {

    static final String SHARD = "shard_bench";
    /** The second region's shard: only the forwarding phases write to it (directly, no clusters send). */
    static final String SHARD2 = "shard_bench2";

    static final String CENTRAL = "central";

    /** Settings printed with the results, so that a reader sees what durability was measured. */
    private static final List<String> SHOWN = List.of(
            "server_version", "fsync", "synchronous_commit", "full_page_writes", "shared_buffers", "max_wal_size");

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    /** user:password as given (still percent-encoded), for the shard URL in regions.yaml. */
    private final String rawUserInfo;
    /** Where CREATE DATABASE is run: {@code postgres}, or the database of BENCH_PG_URL. */
    private final String adminDatabase;

    private final EmbeddedPostgres embedded;
    private boolean closed;
    private boolean checkpointRefused;

    private BenchDatabase(
            String host,
            int port,
            String user,
            String password,
            String rawUserInfo,
            String adminDatabase,
            EmbeddedPostgres embedded) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.rawUserInfo = rawUserInfo;
        this.adminDatabase = adminDatabase;
        this.embedded = embedded;
    }

    /**
     * Starts an embedded server on a fresh temporary data directory (its path is written to
     * {@code dataDirFile}, for bench/run's trap to clean up if this JVM is killed hard).
     */
    static BenchDatabase embedded(Path log, Path dataDirFile) throws IOException, SQLException {
        // Appended to by initdb, pg_ctl and the server; one run's output only.
        Files.deleteIfExists(log);
        Path dataDir = Files.createTempDirectory("bench-pg-");
        Files.writeString(dataDirFile, dataDir.toString());
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                // The library's defaults are fsync and synchronous_commit off; a shard that acknowledges
                // an event before it is on disk would make every figure here meaningless.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                // Fewer checkpoints under a write-heavy load, and room for the gateway's and the
                // ceiling's connections, as the gateway's own embedded server is configured.
                .setServerConfig("max_wal_size", "2GB")
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("max_connections", "300")
                .setLocaleConfig("locale", "C")
                .setLocaleConfig("encoding", "UTF8")
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(true)
                // Stopped by close() after the gateway, not by a hook of its own that may run first.
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        // Trust authentication: any password is accepted; the gateway is given this one.
        BenchDatabase db = new BenchDatabase(
                "localhost", pg.getPort(), "postgres", "postgres", "postgres:postgres", "postgres", pg);
        try {
            db.createDatabases(false);
        } catch (SQLException e) {
            db.close();
            throw e;
        }
        return db;
    }

    /**
     * Uses the server of {@code url} (postgresql://user:password@host:port/database, the database being
     * one to connect to for CREATE DATABASE). With {@code recreate} the benchmark's two databases are
     * dropped first; otherwise existing ones are reused (each phase truncates the event tables anyway).
     */
    static BenchDatabase external(String url, boolean recreate) throws SQLException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("BENCH_PG_URL: " + e.getMessage(), e);
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("BENCH_PG_URL must be postgresql://user:password@host:port/database");
        }
        String rawUserInfo = Optional.ofNullable(uri.getRawUserInfo()).orElse("postgres");
        String[] userInfo = rawUserInfo.split(":", 2);
        String path = uri.getPath();
        BenchDatabase db = new BenchDatabase(
                uri.getHost(),
                uri.getPort() > 0 ? uri.getPort() : 5432,
                decode(userInfo[0]),
                userInfo.length > 1 ? decode(userInfo[1]) : "",
                rawUserInfo,
                path == null || path.length() < 2 ? "postgres" : path.substring(1),
                null);
        db.createDatabases(recreate);
        return db;
    }

    private void createDatabases(boolean recreate) throws SQLException {
        try (Connection c = connect(adminDatabase);
                Statement s = c.createStatement()) {
            for (String name : List.of(SHARD, SHARD2, CENTRAL)) {
                if (recreate) {
                    s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                }
                try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                    if (rs.next()) {
                        continue;
                    }
                }
                s.execute("CREATE DATABASE " + name);
            }
        }
    }

    Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("ApplicationName", "bench");
        // No wait on the server may hang the run: seconds.
        props.setProperty("connectTimeout", "10");
        props.setProperty("socketTimeout", "120");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, props);
    }

    /** A shard for regions.yaml: postgresql://user:password@host:port/database. */
    String shardUrl(String database) {
        return "postgresql://" + rawUserInfo + "@" + host + ":" + port + "/" + database;
    }

    /** The central store for quarkus.datasource.reactive.url (credentials go separately). */
    String centralUrl() {
        return "postgresql://" + host + ":" + port + "/" + CENTRAL;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    String describe() {
        return embedded != null ? "embedded PostgreSQL on port " + port : "PostgreSQL at " + host + ":" + port;
    }

    /** {@code SHOW} of the durability and sizing settings, as the shard database sees them. */
    Map<String, String> settings() throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = connect(SHARD);
                Statement s = c.createStatement()) {
            for (String name : SHOWN) {
                try (ResultSet rs = s.executeQuery("SHOW " + name)) {
                    rs.next();
                    out.put(name, rs.getString(1));
                }
            }
        }
        return out;
    }

    /** True once the gateway's Flyway migration created the shard's event table. */
    boolean shardMigrated() throws SQLException {
        try (Connection c = connect(SHARD);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('public.telemetry_events') IS NOT NULL")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /**
     * Empties the shard's event tables and writes a checkpoint, so every phase starts from the same
     * state: a table grown to millions of random-UUID keys (index pages no longer in cache) slows
     * whatever is measured after it. Waits for transactions still committing (TRUNCATE's lock).
     */
    void resetShard() throws SQLException {
        resetShard(SHARD);
    }

    void resetShard(String database) throws SQLException {
        try (Connection c = connect(database);
                Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '60s'");
            s.execute("TRUNCATE telemetry_events, billing_events");
        }
        checkpoint();
    }

    void checkpoint() throws SQLException {
        if (checkpointRefused) {
            return;
        }
        try (Connection c = connect(SHARD);
                Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        } catch (SQLException e) {
            // Needs superuser or pg_checkpoint on a server given by BENCH_PG_URL; a benchmark
            // without it is still valid, only noisier.
            checkpointRefused = true;
            System.out.println("note: CHECKPOINT refused (" + e.getMessage().strip() + "); phases start without one");
        }
    }

    long shardRows() throws SQLException {
        return shardRows(SHARD);
    }

    long shardRows(String database) throws SQLException {
        return count(database, "SELECT count(*) FROM telemetry_events");
    }

    /** For a failure's message: each shard's cursor, what lies beyond it, and the transactions running. */
    String forwardingState(List<String> shards) throws SQLException {
        StringBuilder out = new StringBuilder();
        for (String shard : shards) {
            try (Connection c = connect(shard);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("""
                            SELECT f.tx_id, pg_snapshot_xmin(pg_current_snapshot())::text,
                                   (SELECT count(*) FROM telemetry_events t WHERE t.tx_id >= f.tx_id),
                                   (SELECT min(t.tx_id) FROM telemetry_events t WHERE t.tx_id >= f.tx_id),
                                   (SELECT string_agg(datname || ':' || coalesce(backend_xid::text, '-') || '/'
                                           || coalesce(backend_xmin::text, '-') || ' ' || left(query, 60), '; ')
                                    FROM pg_stat_activity WHERE backend_xid IS NOT NULL OR backend_xmin IS NOT NULL)
                            FROM forwarding_cursor f""")) {
                rs.next();
                out.append(String.format(
                        "%s: cursor tx %d, horizon %s, %d rows from the cursor's tx on (first tx %s), running: %s. ",
                        shard, rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5)));
            }
        }
        return out.toString();
    }

    /** Empties the central store's forwarded rows (the forwarding phases count what arrives). */
    void resetCentral() throws SQLException {
        try (Connection c = connect(CENTRAL);
                Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '60s'");
            s.execute("TRUNCATE forwarded_telemetry");
        }
    }

    long centralRows() throws SQLException {
        return count(CENTRAL, "SELECT count(*) FROM forwarded_telemetry");
    }

    private long count(String database, String query) throws SQLException {
        try (Connection c = connect(database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (embedded != null) {
            embedded.close();
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
