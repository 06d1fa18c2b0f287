package io.akshybrid.gateway.schema;

import io.akshybrid.gateway.regions.ShardLocation;
import io.akshybrid.gateway.retention.RetentionWindow;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;

/**
 * Schema migrations and day partitions over JDBC, for databases chosen at run time (the shards of
 * regions.yaml and the central store). Migrations live in {@code db/shard}, {@code db/central} and
 * {@code db/common} (shared by both: the partition function).
 *
 * <p>Everything here blocks. Call it from startup or worker threads only, never from an event loop.
 */
public final class Migrations {

    public static final String SHARD = "classpath:db/shard";
    public static final String CENTRAL = "classpath:db/central";
    private static final String COMMON = "classpath:db/common";

    /** Calls the partition function of db/common; the reactive jobs use the same statement. */
    public static final String ENSURE_PARTITIONS_SQL = "SELECT ensure_day_partitions($1, $2, $3)";

    /**
     * Re-anchors a shard's forwarding order when it moved to a server whose transaction counter stands
     * behind its data (db/shard V4); returns by how much, 0 when it did not need to.
     */
    public static final String REANCHOR_FORWARDING = "SELECT forwarding_reanchor()";

    private Migrations() {}

    public static void migrate(ShardLocation.Remote db, String location) {
        Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(jdbcUrl(db), db.loginUser(), db.password())
                .locations(location, COMMON)
                .connectRetries(0)
                .load()
                .migrate();
    }

    /**
     * Migrates {@code location} (plus the common migrations) and creates the day partitions of
     * {@code tables} for every day the retention window keeps, so that the database can take traffic.
     */
    public static void prepare(ShardLocation.Remote db, String location, String[] tables, RetentionWindow window)
            throws SQLException {
        migrate(db, location);
        LocalDate today = window.today();
        ensurePartitions(db, tables, window.oldestRawDay(today), window.newestPartitionDay(today));
    }

    /** Creates the missing day partitions [from, to] of {@code tables}; returns how many it created. */
    public static int ensurePartitions(ShardLocation.Remote db, String[] tables, LocalDate from, LocalDate to)
            throws SQLException {
        try (Connection c = connect(db);
                PreparedStatement ps = c.prepareStatement(ENSURE_PARTITIONS_SQL
                        .replace("$1", "?")
                        .replace("$2", "?")
                        .replace("$3", "?"))) {
            ps.setArray(1, c.createArrayOf("text", tables));
            ps.setObject(2, from);
            ps.setObject(3, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** A JDBC connection through the driver itself (DriverManager cannot see drivers of other class loaders). */
    public static Connection connect(ShardLocation.Remote db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", db.loginUser());
        if (db.password() != null) {
            p.setProperty("password", db.password());
        }
        return new org.postgresql.Driver().connect(jdbcUrl(db), p);
    }

    /**
     * The JDBC URL of {@code db}, with pgjdbc's names for libpq's settings: every host, and with
     * several (or {@code target_session_attrs=read-write}) {@code targetServerType=primary}; sslmode
     * and the certificate files as given; the JVM's trust store for {@code sslrootcert=system} or a
     * verifying mode without one. Holds no password.
     */
    public static String jdbcUrl(ShardLocation.Remote db) {
        StringBuilder url = new StringBuilder("jdbc:postgresql://")
                .append(String.join(
                        ",",
                        db.hosts().stream()
                                .map(ShardLocation.HostPort::toString)
                                .toList()))
                .append('/')
                .append(URLEncoder.encode(db.database(), StandardCharsets.UTF_8))
                // connectTimeout bounds the TCP connect, loginTimeout the startup handshake of a
                // server that accepts connections and then says nothing.
                .append("?connectTimeout=5&loginTimeout=5&ApplicationName=telemetry-gateway");
        Map<String, String> p = db.params();
        if (!"any".equals(p.get("target_session_attrs"))) {
            url.append("&targetServerType=primary");
        }
        String sslMode = p.get("sslmode");
        if (sslMode != null) {
            url.append("&sslmode=").append(sslMode);
            String root = p.get("sslrootcert");
            if (sslMode.startsWith("verify") && (root == null || root.equals("system"))) {
                url.append("&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory");
            } else if (root != null) {
                url.append("&sslrootcert=").append(URLEncoder.encode(root, StandardCharsets.UTF_8));
            }
            for (String file : List.of("sslcert", "sslkey")) {
                if (p.containsKey(file)) {
                    url.append('&')
                            .append(file)
                            .append('=')
                            .append(URLEncoder.encode(p.get(file), StandardCharsets.UTF_8));
                }
            }
        }
        return url.toString();
    }
}
