package io.akshybrid.gateway.jobs;

import io.akshybrid.gateway.config.GatewayConfig;
import io.akshybrid.gateway.shards.ShardWrites;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Forwarding is background work. While a region's ingest keeps every writer of the shard busy,
 * forwarding pauses after each page, so that it takes at most {@code gateway.forwarding.busy-share}
 * of the time and leaves the rest of the shard (and of the CPU it shares) to ingest. When ingest is
 * quiet it runs flat out and catches up; {@code gateway_forwarding_lag_seconds} shows both, and
 * {@code gateway_forwarding_yield_seconds{region}} counts the pauses.
 *
 * <p>Reactive: a pause is a Vert.x timer, never a sleeping thread.
 */
@ApplicationScoped
public class ForwardingPacing {

    /** Longest single pause, so that a page the central store was slow to take does not stall a run. */
    static final Duration MAX_PAUSE = Duration.ofSeconds(2);

    private static final Uni<Void> NO_PAUSE = Uni.createFrom().voidItem();

    private final ShardWrites writes;
    private final JobMetrics metrics;
    private final Vertx vertx;
    private final double share;

    public ForwardingPacing(ShardWrites writes, JobMetrics metrics, Vertx vertx, GatewayConfig config) {
        double s = config.forwarding().busyShare();
        if (!(s > 0 && s <= 1)) {
            throw new IllegalStateException("gateway.forwarding.busy-share must be above 0 and at most 1, not " + s);
        }
        this.writes = writes;
        this.metrics = metrics;
        this.vertx = vertx;
        this.share = s;
    }

    /** The pause after a page that took {@code pageTook}: none unless the region's writers are all busy. */
    Uni<Void> yieldIfBusy(String region, Duration pageTook) {
        if (share >= 1 || !writes.saturated(region)) {
            return NO_PAUSE;
        }
        long nanos = Math.min((long) (pageTook.toNanos() * (1 - share) / share), MAX_PAUSE.toNanos());
        long millis = Math.max(1, nanos / 1_000_000);
        metrics.forwardingYield(region, Duration.ofMillis(millis));
        return Uni.createFrom().emitter(e -> vertx.setTimer(millis, id -> e.complete(null)));
    }
}
