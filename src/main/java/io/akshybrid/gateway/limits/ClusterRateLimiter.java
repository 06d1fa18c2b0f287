package io.akshybrid.gateway.limits;

import io.akshybrid.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per cluster, counted in events: {@code gateway.limits.events-per-second} refill and
 * {@code gateway.limits.burst-events} capacity. The limit is per replica (no shared state between
 * gateway pods), which keeps the hot path free of a network round trip. Lock-free per cluster apart
 * from a short synchronized section; safe on the event loop.
 */
@ApplicationScoped
public class ClusterRateLimiter {

    private final double rate;
    private final double burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Inject
    public ClusterRateLimiter(GatewayConfig config) {
        this(config.limits().eventsPerSecond(), config.limits().burstEvents());
        if (burst < config.limits().maxEventsPerRequest()) {
            throw new IllegalArgumentException("gateway.limits.burst-events (" + burst
                    + ") must be at least gateway.limits.max-events-per-request ("
                    + config.limits().maxEventsPerRequest() + ")");
        }
    }

    ClusterRateLimiter(double rate, double burst) {
        if (rate <= 0 || burst <= 0) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.rate = rate;
        this.burst = burst;
    }

    /**
     * Takes {@code events} tokens from the cluster's bucket.
     *
     * @return 0 when allowed; otherwise the whole seconds to wait before the same request would fit
     */
    public long acquire(String clusterId, int events, long nowNanos) {
        return take(clusterId, events, nowNanos, true);
    }

    /**
     * What {@link #acquire} would answer for {@code events}, without taking anything: a cheap check
     * before the body is parsed, with a lower bound of the request's events.
     */
    public long check(String clusterId, int events, long nowNanos) {
        return take(clusterId, events, nowNanos, false);
    }

    /**
     * Takes {@code events} tokens whatever the bucket holds, into debt as deep as one burst: the charge
     * of a body that was refused after it was read. The cluster's next requests wait until the debt is
     * paid, so refused bodies are not free to repeat.
     */
    public void charge(String clusterId, long events, long nowNanos) {
        Bucket b = buckets.computeIfAbsent(clusterId, k -> new Bucket(burst, nowNanos));
        synchronized (b) {
            refill(b, nowNanos);
            b.tokens = Math.max(-burst, b.tokens - events);
        }
    }

    private void refill(Bucket b, long nowNanos) {
        double elapsed = Math.max(0, nowNanos - b.updated) / 1e9;
        b.tokens = Math.min(burst, b.tokens + elapsed * rate);
        b.updated = nowNanos;
    }

    private long take(String clusterId, int events, long nowNanos, boolean consume) {
        Bucket b = buckets.computeIfAbsent(clusterId, k -> new Bucket(burst, nowNanos));
        synchronized (b) {
            refill(b, nowNanos);
            if (b.tokens >= events) {
                if (consume) {
                    b.tokens -= events;
                }
                return 0;
            }
            return (long) Math.ceil((events - b.tokens) / rate);
        }
    }

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }
}
