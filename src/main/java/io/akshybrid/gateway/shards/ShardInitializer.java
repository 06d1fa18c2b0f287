package io.akshybrid.gateway.shards;

import io.akshybrid.gateway.config.GatewayConfig;
import io.akshybrid.gateway.embedded.EmbeddedPostgresServer;
import io.akshybrid.gateway.regions.ShardLocation;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.PoolOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;

/**
 * Brings a shard to the point where it can take traffic: its database exists (embedded), its schema
 * is migrated by Flyway, the day partitions for every acceptable event time exist, and its reactive
 * pool is built.
 *
 * <p>Every method here blocks (JDBC, process start). Never call it on an event-loop thread; the
 * {@link ShardRegistry} runs it on worker threads.
 */
@ApplicationScoped
public class ShardInitializer {

    static final String[] PARTITIONED_TABLES = {"telemetry_events", "billing_events"};

    private final GatewayConfig config;
    private final Vertx vertx;

    public ShardInitializer(GatewayConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
    }

    /** Resolves {@code embedded} to the embedded server (starting it if needed). */
    ShardLocation.Remote resolve(ShardLocation location) {
        if (location instanceof ShardLocation.Embedded e) {
            int port = EmbeddedPostgresServer.database(e.database(), config.embedded().dataDirectory());
            return new ShardLocation.Remote("localhost", port, e.database(), EmbeddedPostgresServer.USER,
                    EmbeddedPostgresServer.PASSWORD, Map.of());
        }
        return (ShardLocation.Remote) location;
    }

    /** Migrates the schema and creates partitions. Blocking. */
    void prepare(ShardLocation.Remote db) throws SQLException {
        Flyway.configure(ShardInitializer.class.getClassLoader())
                .dataSource(jdbcUrl(db), db.user(), db.password())
                .locations("classpath:db/shard")
                .connectRetries(0)
                .load()
                .migrate();
        try (Connection c = connect(db)) {
            ensurePartitions(c);
        }
    }

    /** Creates missing partitions from the oldest acceptable day to {@code partitionDaysAhead} days ahead. */
    int ensurePartitions(Connection c) throws SQLException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try (PreparedStatement ps = c.prepareStatement("SELECT ensure_day_partitions(?, ?, ?)")) {
            ps.setArray(1, c.createArrayOf("text", PARTITIONED_TABLES));
            ps.setObject(2, oldestDay(today));
            ps.setObject(3, today.plusDays(config.shards().partitionDaysAhead()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The first day whose events are still inside the retention period (with a day of slack for clock skew). */
    LocalDate oldestDay(LocalDate today) {
        return today.minus(config.retention().period()).minusDays(1);
    }

    io.vertx.mutiny.sqlclient.Pool pool(ShardLocation.Remote db, String region) {
        PgConnectOptions connect = new PgConnectOptions()
                .setHost(db.host())
                .setPort(db.port())
                .setDatabase(db.database())
                .setUser(db.user())
                .setPassword(db.password())
                .setConnectTimeout((int) config.shards().connectTimeout().toMillis())
                .setReconnectAttempts(0)
                .setCachePreparedStatements(true)
                .setProperties(Map.of("application_name", db.params().getOrDefault("application_name", "telemetry-gateway")));
        String sslMode = db.params().get("sslmode");
        if (sslMode != null) {
            connect.setSslMode(SslMode.of(sslMode));
            if (!sslMode.startsWith("verify")) {
                // libpq semantics: require/prefer/allow encrypt without verifying the server's certificate.
                connect.setTrustAll(true);
            }
        }
        PoolOptions pool = new PoolOptions()
                .setName("shard-" + region)
                .setMaxSize(config.shards().poolSize())
                .setConnectionTimeout((int) config.shards().acquireTimeout().toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
                .setIdleTimeout(5)
                .setIdleTimeoutUnit(TimeUnit.MINUTES);
        return io.vertx.mutiny.sqlclient.Pool.newInstance(
                PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build());
    }

    static String jdbcUrl(ShardLocation.Remote db) {
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(db.host()).append(':').append(db.port())
                .append('/').append(URLEncoder.encode(db.database(), StandardCharsets.UTF_8))
                .append("?connectTimeout=5&ApplicationName=telemetry-gateway");
        if (db.params().containsKey("sslmode")) {
            url.append("&sslmode=").append(db.params().get("sslmode"));
        }
        return url.toString();
    }

    /** A JDBC connection through the driver itself (DriverManager cannot see drivers of other class loaders). */
    static Connection connect(ShardLocation.Remote db) throws SQLException {
        return new org.postgresql.Driver().connect(jdbcUrl(db), credentials(db));
    }

    private static Properties credentials(ShardLocation.Remote db) {
        Properties p = new Properties();
        if (db.user() != null) {
            p.setProperty("user", db.user());
        }
        if (db.password() != null) {
            p.setProperty("password", db.password());
        }
        return p;
    }
}
