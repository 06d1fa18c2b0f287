package io.akshybrid.gateway.shards;

import io.akshybrid.gateway.config.GatewayConfig;
import io.akshybrid.gateway.regions.Region;
import io.akshybrid.gateway.regions.RegionMap;
import io.akshybrid.gateway.regions.RegionMapHolder;
import io.akshybrid.gateway.regions.ShardLocation;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The shards of the regions in the region map: one {@link Shard} and one reactive pool per region,
 * built at run time. At startup every shard is brought up in parallel on worker threads (Flyway,
 * partitions, pool) and startup waits a bounded time for them; a shard that could not be reached stays
 * FAILED, answers 503, and is tried again every {@code gateway.shards.retry-interval} without holding
 * up the others.
 */
@ApplicationScoped
public class ShardRegistry {

    private static final Logger LOG = Logger.getLogger(ShardRegistry.class);

    private final GatewayConfig config;
    private final RegionMapHolder regionMap;
    private final ShardInitializer initializer;
    private final Map<String, Shard> shards = new ConcurrentHashMap<>();
    private final Map<String, AtomicBoolean> initializing = new ConcurrentHashMap<>();

    public ShardRegistry(GatewayConfig config, RegionMapHolder regionMap, ShardInitializer initializer) {
        this.config = config;
        this.regionMap = regionMap;
        this.initializer = initializer;
    }

    /** Startup runs on the main thread, so it may block: it loads the map and waits for the shards. */
    void onStart(@Observes StartupEvent event) throws Exception {
        RegionMap map = regionMap.load();
        List<Uni<Void>> starts = new ArrayList<>();
        for (Region region : map.regions().values()) {
            Shard shard = new Shard(region.name(), region.shard());
            shards.put(region.name(), shard);
            starts.add(initialize(shard));
        }
        if (!starts.isEmpty()) {
            try {
                Uni.join().all(starts).andCollectFailures().replaceWithVoid()
                        .await().atMost(config.shards().startupWait());
            } catch (RuntimeException e) {
                LOG.warnf("Not every shard is ready (waited at most %s); those left answer 503 until a retry brings "
                        + "them up", config.shards().startupWait());
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        shards.values().forEach(s -> {
            s.closed();
            if (s.pool() != null) {
                s.pool().closeAndForget();
            }
        });
    }

    public Optional<Shard> shard(String region) {
        return Optional.ofNullable(shards.get(region));
    }

    public Collection<Shard> all() {
        return List.copyOf(shards.values());
    }

    /** Tries again, off the event loop, to bring up the shards that failed. */
    @Scheduled(every = "${gateway.shards.retry-interval:PT10S}", delayed = "${gateway.shards.retry-interval:PT10S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> retryFailed() {
        List<Uni<Void>> retries = shards.values().stream()
                .filter(s -> s.state() == Shard.State.FAILED)
                .map(this::initialize)
                .toList();
        return retries.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(retries).andCollectFailures().replaceWithVoid().onFailure().recoverWithNull();
    }

    /** Brings one shard up on a worker thread; at most one attempt per shard at a time. */
    private Uni<Void> initialize(Shard shard) {
        AtomicBoolean busy = initializing.computeIfAbsent(shard.region(), r -> new AtomicBoolean());
        if (!busy.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().<Void>item(() -> {
                    long t0 = System.nanoTime();
                    ShardLocation.Remote db = initializer.resolve(shard.location());
                    try {
                        initializer.prepare(db);
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                    shard.ready(initializer.pool(db, shard.region()));
                    LOG.infof("Shard of region %s (%s) ready in %d ms", shard.region(), shard.location().describe(),
                            (System.nanoTime() - t0) / 1_000_000);
                    return null;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().invoke(e -> {
                    shard.failed(rootMessage(e));
                    LOG.warnf("Shard of region %s (%s) is not available: %s", shard.region(),
                            shard.location().describe(), rootMessage(e));
                })
                .onTermination().invoke(() -> busy.set(false));
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
