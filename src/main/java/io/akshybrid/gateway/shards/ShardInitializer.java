package io.akshybrid.gateway.shards;

import io.akshybrid.gateway.config.GatewayConfig;
import io.akshybrid.gateway.embedded.EmbeddedPostgresServer;
import io.akshybrid.gateway.regions.ShardLocation;
import io.akshybrid.gateway.retention.RetentionWindow;
import io.akshybrid.gateway.schema.Migrations;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.ClientBuilder;
import io.vertx.sqlclient.PoolOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;

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

    /**
     * Resolves {@code embedded} to the embedded server (starting it if needed), and a URL without a
     * password to one with the password libpq would use ({@link PasswordFile}), if any.
     */
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
        return PasswordFile.fill((ShardLocation.Remote) location, System::getenv);
    }

    /**
     * Migrates the schema, creates the partitions of every day ingest accepts, and re-anchors the
     * forwarding order if the shard moved to a server whose transaction counter stands behind its
     * data, before any row is written there. Blocking.
     */
    void prepare(ShardLocation.Remote db) throws SQLException {
        Migrations.prepare(db, Migrations.SHARD, PARTITIONED_TABLES, window);
        try (Connection c = Migrations.connect(db);
                Statement s = c.createStatement()) {
            s.execute(Migrations.REANCHOR_FORWARDING);
        }
    }

    io.vertx.mutiny.sqlclient.Pool pool(ShardLocation.Remote db, String region) {
        List<PgConnectOptions> hosts =
                connectOptions(db, (int) config.shards().connectTimeout().toMillis());
        PoolOptions pool = new PoolOptions()
                .setName("shard-" + region)
                .setMaxSize(config.shards().poolSize())
                .setConnectionTimeout((int) config.shards().acquireTimeout().toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
                .setIdleTimeout(5)
                .setIdleTimeoutUnit(TimeUnit.MINUTES);
        ClientBuilder<io.vertx.sqlclient.Pool> builder =
                PgBuilder.pool().with(pool).using(vertx);
        if ("any".equals(db.params().get("target_session_attrs"))) {
            builder.connectingTo(List.copyOf(hosts));
        } else {
            // The gateway writes: unless told otherwise, a connection goes only to a host that takes writes.
            builder.connectingTo(new PrimarySelection(
                    vertx,
                    hosts,
                    config.shards().connectTimeout().multipliedBy(2).toMillis()));
        }
        return io.vertx.mutiny.sqlclient.Pool.newInstance(builder.build());
    }

    /**
     * The reactive client's options for each host of {@code db}, with libpq's sslmode semantics:
     * {@code require} and below encrypt without checking the certificate; {@code verify-ca} checks it
     * against {@code sslrootcert} (the JVM's trust store when absent or {@code system});
     * {@code verify-full} also checks that it names the host. {@code sslcert}/{@code sslkey} (PEM
     * files) are the client's certificate. Files are read when a connection is made, so a rotated
     * Secret is picked up by the next pool.
     */
    static List<PgConnectOptions> connectOptions(ShardLocation.Remote db, int connectTimeoutMillis) {
        List<PgConnectOptions> out = new ArrayList<>();
        for (ShardLocation.HostPort h : db.hosts()) {
            PgConnectOptions connect = new PgConnectOptions()
                    .setHost(h.host())
                    .setPort(h.port())
                    .setDatabase(db.database())
                    .setUser(db.loginUser())
                    .setConnectTimeout(connectTimeoutMillis)
                    .setReconnectAttempts(0)
                    .setCachePreparedStatements(true)
                    .setProperties(new HashMap<>(Map.of(
                            "application_name", db.params().getOrDefault("application_name", "telemetry-gateway"))));
            if (db.password() != null) {
                connect.setPassword(db.password());
            }
            String sslMode = db.params().get("sslmode");
            if (sslMode != null) {
                connect.setSslMode(SslMode.of(sslMode));
                if (sslMode.startsWith("verify")) {
                    String root = db.params().get("sslrootcert");
                    if (root == null || root.equals("system")) {
                        connect.setTrustOptions(TrustOptions.wrap(systemTrust()));
                    } else {
                        connect.setPemTrustOptions(new PemTrustOptions().addCertPath(root));
                    }
                    connect.setHostnameVerificationAlgorithm(sslMode.equals("verify-full") ? "HTTPS" : "");
                } else {
                    // libpq semantics: require/prefer/allow encrypt without verifying the server's certificate.
                    connect.setTrustAll(true);
                }
                if (db.params().containsKey("sslcert")) {
                    connect.setPemKeyCertOptions(new PemKeyCertOptions()
                            .setCertPath(db.params().get("sslcert"))
                            .setKeyPath(db.params().get("sslkey")));
                }
            }
            out.add(connect);
        }
        return out;
    }

    private static javax.net.ssl.TrustManager systemTrust() {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init((java.security.KeyStore) null);
            return f.getTrustManagers()[0];
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the JVM's trust store cannot be read: " + e.getMessage(), e);
        }
    }
}
