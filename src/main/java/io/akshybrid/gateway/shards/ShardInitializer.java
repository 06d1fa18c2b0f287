package io.akshybrid.gateway.shards;

import io.akshybrid.gateway.config.GatewayConfig;
import io.akshybrid.gateway.embedded.EmbeddedPostgresServer;
import io.akshybrid.gateway.regions.ShardLocation;
import io.akshybrid.gateway.retention.RetentionWindow;
import io.akshybrid.gateway.schema.Migrations;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.PoolOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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

    public static final String[] PARTITIONED_TABLES = {"telemetry_events", "billing_events"};

    private final GatewayConfig config;
    private final RetentionWindow window;
    private final Vertx vertx;

    public ShardInitializer(GatewayConfig config, RetentionWindow window, Vertx vertx) {
        this.config = config;
        this.window = window;
        this.vertx = vertx;
    }

    /** Resolves {@code embedded} to the embedded server (starting it if needed). */
    public ShardLocation.Remote resolve(ShardLocation location) {
        if (location instanceof ShardLocation.Embedded e) {
            int port = EmbeddedPostgresServer.database(
                    e.database(),
                    config.embedded().dataDirectory(),
                    config.embedded().durable());
            return new ShardLocation.Remote(
                    "localhost",
                    port,
                    e.database(),
                    EmbeddedPostgresServer.USER,
                    EmbeddedPostgresServer.PASSWORD,
                    Map.of());
        }
        return (ShardLocation.Remote) location;
    }

    /** Migrates the schema and creates the partitions of every day ingest accepts. Blocking. */
    void prepare(ShardLocation.Remote db) throws SQLException {
        Migrations.prepare(db, Migrations.SHARD, PARTITIONED_TABLES, window);
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
                .setProperties(
                        Map.of("application_name", db.params().getOrDefault("application_name", "telemetry-gateway")));
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
}
