package io.akshybrid.gateway.shards;

import io.akshybrid.gateway.config.GatewayConfig;
import io.akshybrid.gateway.failure.Failure;
import io.akshybrid.gateway.failure.GatewayException;
import io.akshybrid.gateway.metrics.GatewayMetrics;
import io.akshybrid.gateway.regions.Region;
import io.akshybrid.gateway.regions.RegionMap;
import io.akshybrid.gateway.regions.RegionMapChanged;
import io.akshybrid.gateway.regions.RegionMapHolder;
import io.akshybrid.gateway.regions.ShardLocation;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The shards of the regions in the region map in force: one {@link Shard} and one reactive pool per
 * region, built at run time. A shard is brought up on a worker thread (Flyway, partitions, pool); one
 * that could not be reached stays FAILED, answers 503, and is tried again every
 * {@code gateway.shards.retry-interval} without holding up the others.
 *
 * <p>When a reload changes a region's shard URL, the new shard is brought up beside the old one, which
 * keeps serving; once the new one is ready it takes over, and the old one closes after its last
 * request. A region that disappears from the map is retired the same way.
 */
@ApplicationScoped
public class ShardRegistry {

    private static final Logger LOG = Logger.getLogger(ShardRegistry.class);

    private final GatewayConfig config;
    private final RegionMapHolder regionMap;
    private final ShardInitializer initializer;
    private final GatewayMetrics metrics;
    private final Duration writeTimeout;
    /** Serialization failures and deadlocks are retried this often, after a backoff from this. */
    private static final int RETRIES = 3;

    private static final Duration RETRY_BACKOFF = Duration.ofMillis(20);
    /** The shard each region is served by now. */
    private final Map<String, Shard> shards = new ConcurrentHashMap<>();
    /** Shards being brought up to replace a region's current one (its URL changed). */
    private final Map<String, Shard> pending = new ConcurrentHashMap<>();

    public ShardRegistry(
            GatewayConfig config, RegionMapHolder regionMap, ShardInitializer initializer, GatewayMetrics metrics) {
        this.config = config;
        this.regionMap = regionMap;
        this.initializer = initializer;
        this.metrics = metrics;
        this.writeTimeout = config.shards()
                .acquireTimeout()
                .plus(config.shards().connectTimeout())
                .multipliedBy(2);
    }

    /**
     * Startup runs on the main thread, so it may block: loading the map brings the shards up (through
     * {@link #onMapChanged}), and startup waits a bounded time for them to leave STARTING.
     */
    void onStart(@Observes StartupEvent event) throws Exception {
        regionMap.loadAtStartup();
        long deadline = System.nanoTime() + config.shards().startupWait().toNanos();
        while (shards.values().stream().anyMatch(s -> s.state() == Shard.State.STARTING)
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        shards.values().stream()
                .filter(s -> s.state() != Shard.State.READY)
                .forEach(s -> LOG.warnf(
                        "Shard of region %s is %s at startup; it answers 503 until a retry brings it up",
                        s.region(), s.state()));
    }

    void onStop(@Observes ShutdownEvent event) {
        shards.values().forEach(Shard::retire);
        pending.values().forEach(Shard::retire);
    }

    /** Follows a new region map: new regions start, removed ones retire, changed URLs switch when ready. */
    synchronized void onMapChanged(@Observes RegionMapChanged change) {
        RegionMap map = change.current();
        for (Region region : map.regions().values()) {
            Shard current = shards.get(region.name());
            if (current == null) {
                Shard shard = new Shard(region.name(), region.shard());
                shards.put(region.name(), shard);
                String name = region.name();
                metrics.shardGauges(
                        name,
                        this,
                        r -> r.shard(name)
                                .map(x -> x.state() == Shard.State.READY ? 1.0 : 0.0)
                                .orElse(Double.NaN),
                        r -> r.shard(name)
                                .map(x -> x.pool() == null
                                        ? 0.0
                                        : (double) x.pool().size())
                                .orElse(Double.NaN),
                        r -> r.shard(name).map(x -> (double) x.inFlight()).orElse(Double.NaN),
                        r -> r.shard(name).map(x -> (double) x.timeoutsInARow()).orElse(Double.NaN));
                initialize(shard).subscribe().with(v -> {}, e -> {});
            } else if (!current.location().equals(region.shard())) {
                Shard waiting = pending.get(region.name());
                if (waiting != null && waiting.location().equals(region.shard())) {
                    continue;
                }
                if (waiting != null) {
                    waiting.retire();
                }
                Shard next = new Shard(region.name(), region.shard());
                pending.put(region.name(), next);
                LOG.infof(
                        "Region %s moves to shard %s; %s serves until it is ready",
                        region.name(),
                        region.shard().describe(),
                        current.location().describe());
                initialize(next).subscribe().with(v -> {}, e -> {});
            } else {
                Shard stale = pending.remove(region.name()); // an edit reverted before the switch
                if (stale != null) {
                    stale.retire();
                }
            }
        }
        for (String region : List.copyOf(shards.keySet())) {
            if (!map.regions().containsKey(region)) {
                LOG.infof("Region %s left the map; its shard closes after its last request", region);
                Optional.ofNullable(shards.remove(region)).ifPresent(Shard::retire);
                Optional.ofNullable(pending.remove(region)).ifPresent(Shard::retire);
            }
        }
    }

    /**
     * Runs one request's work on the shard serving {@code region} now, and reports every way the shard
     * can fail it as a failed {@link Uni} of {@link Failure#SHARD_UNAVAILABLE} with Retry-After: a shard
     * that is not ready, one that does not answer within twice the acquire plus connect timeout, and
     * the failures {@link ShardFailures} counts as unavailability. A shard that a reload replaced after
     * the caller's lookup hands the work to its successor, once. Never throws; reactive.
     */
    public <T> Uni<T> run(Shard shard, Function<Pool, Uni<T>> work) {
        return run(shard, writeTimeout, work, true);
    }

    /** {@link #run(Shard, Function)} for work that may take longer than a write (an operator's erasure). */
    public <T> Uni<T> run(Shard shard, Duration timeout, Function<Pool, Uni<T>> work) {
        return run(shard, timeout, work, true);
    }

    private <T> Uni<T> run(Shard shard, Duration timeout, Function<Pool, Uni<T>> work, boolean firstTry) {
        String region = shard.region();
        // A CLOSED shard was replaced by a reload after the lookup: use() says so, and the successor takes over.
        if (shard.state() == Shard.State.STARTING || shard.state() == Shard.State.FAILED) {
            return Uni.createFrom().failure(unavailable("the shard of region " + region + " is not available"));
        }
        // The pool the failing attempt used: only that pool is replaced, never a fresh one that replaced it.
        AtomicReference<Pool> used = new AtomicReference<>();
        return shard.use(pool -> {
                    used.set(pool);
                    return work.apply(pool);
                })
                // A serialization failure or deadlock rolled the transaction back; the work is idempotent.
                .onFailure(ShardFailures::isRetryable)
                .retry()
                .withBackOff(RETRY_BACKOFF, RETRY_BACKOFF.multipliedBy(10))
                .atMost(RETRIES)
                .ifNoItem()
                .after(timeout)
                .failWith(() -> new TimeoutException("the shard did not answer in time"))
                .invoke(shard::answered)
                .onFailure(ShardFailures::isTimeout)
                .invoke(e -> {
                    if (shard.timedOut() >= config.shards().recycleAfterTimeouts() && shard.beginRecycling()) {
                        recycle(shard, null, config.shards().recycleAfterTimeouts() + " requests in a row timed out");
                    }
                })
                .onFailure(ShardFailures::isConnectionUnusable)
                .invoke(e -> {
                    if (shard.pool() == used.get() && shard.beginRecycling()) {
                        recycle(
                                shard,
                                used.get(),
                                "its connection became unusable (" + shard.redact(ShardFailures.describe(e)) + ")");
                    }
                })
                .onFailure(Shard.Retired.class)
                .recoverWithUni(e -> {
                    Shard successor = shards.get(region);
                    if (!firstTry || successor == null || successor == shard) {
                        return Uni.createFrom()
                                .failure(unavailable("the shard of region " + region + " is being replaced"));
                    }
                    return run(successor, timeout, work, false);
                })
                .onFailure(ShardFailures::isUnavailability)
                .transform(e -> {
                    shard.observed(ShardFailures.describe(e));
                    return unavailable("the shard of region " + region + " is unavailable; send the request again "
                            + "later (events that were stored after all are then reported as duplicates)");
                });
    }

    /**
     * Replaces the pool of a shard whose connections cannot serve (a read-only node, a shutdown, a
     * lost connection: see {@link ShardFailures}), or stopped coming back (work after work timed
     * out), so that the region recovers by itself: the fresh pool serves new work and looks for the
     * writable primary again, and the old one is closed, which fails whatever still hangs on it.
     * Built on a worker thread (resolving an embedded shard uses JDBC).
     */
    private void recycle(Shard shard, Pool failed, String why) {
        Uni.createFrom()
                .item(() -> initializer.pool(initializer.resolve(shard.location()), shard.region()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onTermination()
                .invoke(shard::endRecycling)
                .subscribe()
                .with(
                        fresh -> {
                            Pool old = shard.replacePool(fresh, failed);
                            if (old == fresh) {
                                fresh.closeAndForget();
                                return;
                            }
                            metrics.poolRecycled(shard.region());
                            LOG.warnf("Shard of region %s: %s; its pool was replaced", shard.region(), why);
                            if (old != null) {
                                old.closeAndForget();
                            }
                        },
                        e -> LOG.warnf(
                                "Shard of region %s: could not replace its pool: %s",
                                shard.region(), shard.redact(ShardFailures.describe(e))));
    }

    /** A 503 for a shard, with the configured Retry-After. */
    public GatewayException unavailable(String detail) {
        return Failure.SHARD_UNAVAILABLE.retryAfter(config.retryAfter().toSeconds(), detail);
    }

    public Optional<Shard> shard(String region) {
        return Optional.ofNullable(shards.get(region));
    }

    /** The shards serving regions now. */
    public Collection<Shard> all() {
        return List.copyOf(shards.values());
    }

    /** Shards being brought up to take over a region, by region. */
    public Map<String, Shard> pending() {
        return Map.copyOf(pending);
    }

    /** Tries again, off the event loop, to bring up the shards that failed. */
    @Scheduled(
            every = "{gateway.shards.retry-interval}",
            delayed = "{gateway.shards.retry-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> retryFailed() {
        List<Uni<Void>> retries = new ArrayList<>();
        for (Shard s : shards.values()) {
            if (s.state() == Shard.State.FAILED) {
                retries.add(initialize(s));
            }
        }
        for (Shard s : pending.values()) {
            if (s.state() == Shard.State.FAILED) {
                retries.add(initialize(s));
            }
        }
        return retries.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join()
                        .all(retries)
                        .andCollectFailures()
                        .replaceWithVoid()
                        .onFailure()
                        .recoverWithNull();
    }

    /** Brings one shard up on a worker thread; at most one attempt per shard at a time. */
    private Uni<Void> initialize(Shard shard) {
        if (!shard.beginInitializing()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom()
                .<Void>item(() -> {
                    long t0 = System.nanoTime();
                    ShardLocation.Remote db = initializer.resolve(shard.location());
                    try {
                        initializer.prepare(db);
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                    shard.ready(initializer.pool(db, shard.region()));
                    LOG.infof(
                            "Shard of region %s (%s) ready in %d ms",
                            shard.region(), shard.location().describe(), (System.nanoTime() - t0) / 1_000_000);
                    promote(shard);
                    return null;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure()
                .invoke(e -> {
                    shard.failed(ShardFailures.describe(e));
                    LOG.warnf(
                            "Shard of region %s (%s) is not available: %s",
                            shard.region(), shard.location().describe(), shard.lastError());
                })
                .onTermination()
                .invoke(shard::endInitializing);
    }

    /** A pending shard that became ready takes over its region; the one it replaces drains and closes. */
    private synchronized void promote(Shard ready) {
        if (pending.get(ready.region()) != ready) {
            return;
        }
        pending.remove(ready.region());
        Shard old = shards.put(ready.region(), ready);
        LOG.infof(
                "Region %s switched to shard %s",
                ready.region(), ready.location().describe());
        if (old != null) {
            old.retire();
        }
    }
}
