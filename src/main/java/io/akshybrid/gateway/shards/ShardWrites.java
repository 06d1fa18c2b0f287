package io.akshybrid.gateway.shards;

import io.akshybrid.gateway.config.GatewayConfig;
import io.akshybrid.gateway.metrics.GatewayMetrics;
import io.akshybrid.gateway.regions.RegionMapChanged;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The write path of every region: one {@link RegionWriteQueue} per region (group commit and admission
 * control), each writing its groups through {@link ShardRegistry#run} on the region's current shard,
 * so a reload's switch, the write timeout, pool recycling and the 503 mapping apply to every group.
 *
 * <p>Reactive and thread-safe; never blocks.
 */
@ApplicationScoped
public class ShardWrites {

    /**
     * Connections a region's pool keeps beside its writers: one for each job (partitions, forwarding,
     * retention) and one for an operator's export or erasure (one runs at a time).
     */
    static final int RESERVED_CONNECTIONS = 4;

    private final ShardRegistry shards;
    private final ShardWriter writer;
    private final GatewayMetrics metrics;
    private final RegionWriteQueue.Limits limits;
    private final Map<String, RegionWriteQueue> queues = new ConcurrentHashMap<>();

    public ShardWrites(ShardRegistry shards, ShardWriter writer, GatewayConfig config, GatewayMetrics metrics) {
        GatewayConfig.Shards s = config.shards();
        if (s.writers() + RESERVED_CONNECTIONS > s.poolSize()) {
            throw new IllegalStateException("gateway.shards.writers (" + s.writers() + ") plus the "
                    + RESERVED_CONNECTIONS + " connections of the jobs and of an operator's export or erasure must "
                    + "fit in gateway.shards.pool-size (" + s.poolSize() + ")");
        }
        this.shards = shards;
        this.writer = writer;
        this.metrics = metrics;
        this.limits = new RegionWriteQueue.Limits(
                s.writers(),
                s.maxBatchRows(),
                s.queueMaxRequests(),
                s.queueMaxRows(),
                s.queueTimeout().toNanos());
    }

    /**
     * Refuses (503) a request of about {@code rows} events that the region's queue could not take
     * now. Cheap, so the ingest path asks it before parsing the body.
     */
    public void checkRoom(Shard shard, int rows) {
        RegionWriteQueue q = queue(shard.region());
        if (q.full(rows)) {
            throw q.queueFull();
        }
    }

    /** Writes one request's events in the next group of its region; the positions of its events that were stored now. */
    public Uni<BitSet> write(Shard shard, PendingWrite write) {
        return queue(shard.region()).submit(write);
    }

    /** True while every writer of the region is busy: its ingest uses the shard as hard as it may. */
    public boolean saturated(String region) {
        RegionWriteQueue q = queues.get(region);
        return q != null && q.saturated();
    }

    private RegionWriteQueue queue(String region) {
        return queues.computeIfAbsent(region, r -> {
            RegionWriteQueue q = new RegionWriteQueue(r, limits, group -> writeGroup(r, group), shards::unavailable);
            metrics.queueGauges(r, q, RegionWriteQueue::queuedRequests, RegionWriteQueue::requestsPerGroup);
            return q;
        });
    }

    private Uni<List<BitSet>> writeGroup(String region, List<PendingWrite> group) {
        return shards.shard(region)
                .map(shard -> shards.run(shard, pool -> writer.write(pool, group)))
                .orElseGet(() -> Uni.createFrom()
                        .failure(shards.unavailable("region " + region + " is no longer served by this gateway")));
    }

    /** Requests that waited too long for a writer get their 503 even while no group finishes. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expire() {
        queues.values().forEach(RegionWriteQueue::expire);
    }

    void onMapChanged(@Observes RegionMapChanged change) {
        for (String region : List.copyOf(queues.keySet())) {
            if (!change.current().regions().containsKey(region)) {
                RegionWriteQueue q = queues.remove(region);
                q.close(() -> shards.unavailable("region " + region + " left the region map"));
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        queues.values().forEach(q -> q.close(() -> shards.unavailable("the gateway is stopping")));
    }
}
