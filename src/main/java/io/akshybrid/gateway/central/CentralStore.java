package io.akshybrid.gateway.central;

import io.akshybrid.gateway.regions.PostgresUrl;
import io.akshybrid.gateway.regions.ShardLocation;
import io.akshybrid.gateway.retention.RetentionWindow;
import io.akshybrid.gateway.schema.Migrations;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The central US store: the default Quarkus datasource. Its schema is migrated by Flyway at startup,
 * over a JDBC connection derived from {@code quarkus.datasource.reactive.url}, username and password
 * (nothing else needs configuring). A central store that is down does not stop ingest: it is left
 * FAILED, the jobs that need it skip, and migration is tried again on the shard retry interval.
 *
 * <p>Migration blocks: it runs on the startup thread and on scheduler worker threads only.
 */
@ApplicationScoped
public class CentralStore {

    private static final Logger LOG = Logger.getLogger(CentralStore.class);
    public static final String[] PARTITIONED_TABLES = {"forwarded_telemetry"};

    private final Pool pool;
    private final RetentionWindow window;
    private final String url;
    private final Optional<String> username;
    private final Optional<String> password;
    private volatile boolean ready;
    private volatile String lastError = "not migrated yet";

    public CentralStore(
            Pool pool,
            RetentionWindow window,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.pool = pool;
        this.window = window;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    /** Migrates before the shards start (lower priority runs first), so jobs find the schema in place. */
    void onStart(@Observes @Priority(10) StartupEvent event) {
        migrate();
    }

    @Scheduled(
            every = "{gateway.shards.retry-interval}",
            delayed = "{gateway.shards.retry-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retry() {
        if (!ready) {
            migrate();
        }
    }

    private synchronized void migrate() {
        try {
            ShardLocation.Remote db = location();
            Migrations.prepare(db, Migrations.CENTRAL, PARTITIONED_TABLES, window);
            ready = true;
            lastError = null;
            LOG.infof("Central store %s ready", db.describe());
        } catch (Exception e) {
            ready = false;
            lastError = e.getMessage();
            LOG.warnf("Central store is not available (jobs that need it will skip): %s", e.getMessage());
        }
    }

    /** The central store's address from the datasource settings; explicit username and password win over the URL's. */
    public ShardLocation.Remote location() {
        return PostgresUrl.ofDatasource(url, username, password);
    }

    public boolean ready() {
        return ready;
    }

    public String lastError() {
        return lastError;
    }

    /** The reactive pool of the default datasource. */
    public Pool pool() {
        return pool;
    }
}
