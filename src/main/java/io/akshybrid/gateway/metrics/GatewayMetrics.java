package io.akshybrid.gateway.metrics;

import io.akshybrid.gateway.events.EventOutcome;
import io.akshybrid.gateway.events.EventType;
import io.akshybrid.gateway.events.RejectionReason;
import io.akshybrid.gateway.failure.Failure;
import io.akshybrid.gateway.privacy.PiiScanner;
import io.akshybrid.gateway.privacy.Redactions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

/**
 * Every series the gateway publishes at {@code /q/metrics} (Prometheus), named in one place. Request
 * latency comes from Quarkus's own {@code http_server_requests_seconds}, with the buckets of
 * {@link LatencyHistograms}. Counters are cached by their
 * labels, so the hot path pays a map lookup, not a registry lookup. Every meter carries its HELP text
 * (what Prometheus and Grafana show beside the series); the timers', which callers name, are in
 * {@link #TIMER_HELP}. Every counter whose label values are known (problem types, reasons, kinds,
 * outcomes, and each region once its shard is registered) exists at 0 from the start, since
 * Prometheus sees no increase in a series whose first sample is already 1, and a dashboard would
 * show "no data" for it. Thread-safe;
 * never blocks.
 *
 * <ul>
 *   <li>{@code gateway_events_total{region,type,outcome}}: accepted, duplicate, rejected
 *   <li>{@code gateway_rejections_total{region,reason}}: per-event rejections by reason
 *   <li>{@code gateway_redactions_total{kind}}: personal data replaced in free text
 *   <li>{@code gateway_request_failures_total{type}}: whole-request failures by problem type
 *   <li>{@code gateway_admin_auth_failures_total{outcome}}: refused, throttled
 *   <li>{@code gateway_forwarding_lag_seconds{region}}: age of the oldest row not yet forwarded
 *   <li>{@code gateway_forwarding_yield_seconds{region}}: pauses forwarding made for a busy ingest
 *   <li>{@code gateway_job_duration_seconds{job,target,outcome}}: job runs
 *   <li>{@code gateway_job_last_success_timestamp_seconds{job,target}}: when a job last succeeded
 *   <li>{@code gateway_region_map_reloads_total{result}}: applied, refused
 *   <li>{@code gateway_shard_up{region}}, {@code gateway_shard_pool_connections{region}},
 *       {@code gateway_shard_in_flight{region}}: each shard's state and pool usage
 *   <li>{@code gateway_shard_write_timeouts_in_a_row{region}}, {@code gateway_shard_pool_recycles_total{region}}:
 *       a pool whose connections stopped coming back, and how often one was replaced
 *   <li>{@code gateway_shard_queue_requests{region}}, {@code gateway_shard_requests_per_transaction{region}}:
 *       the region's write queue and how much group commit groups
 * </ul>
 */
@ApplicationScoped
public class GatewayMetrics {

    private static final String FORWARDING_YIELD = "gateway.forwarding.yield";
    private static final String POOL_RECYCLES = "gateway.shard.pool.recycles";
    private static final String POOL_RECYCLES_HELP =
            "Times a shard's pool was replaced because its connections stopped coming back";

    /** The HELP text of each timer that {@link #time} records, by meter name. */
    static final Map<String, String> TIMER_HELP = Map.of(
            "gateway.job.duration",
            "Runs of a scheduled job on one database (a region's shard, or central), by outcome",
            FORWARDING_YIELD,
            "Pauses forwarding made so that a region's busy ingest keeps its writers");

    private static final String EVENTS = "gateway.events";
    private static final String EVENTS_HELP = "Events by region, type and outcome (accepted, duplicate, rejected)";
    private static final String REJECTIONS = "gateway.rejections";
    private static final String REJECTIONS_HELP = "Events refused one by one, by region and reason";
    /** The type label of a rejected event whose type is not one of the six. */
    private static final String UNKNOWN_TYPE = "unknown";

    private static final String REDACTIONS = "gateway.redactions";
    private static final String REDACTIONS_HELP = "Personal data replaced in free text, by kind";
    private static final String REQUEST_FAILURES = "gateway.request.failures";
    private static final String REQUEST_FAILURES_HELP =
            "Whole requests refused or failed, by problem type (the problem+json type's last segment)";
    private static final String ADMIN_AUTH_FAILURES = "gateway.admin.auth.failures";
    private static final String ADMIN_AUTH_FAILURES_HELP =
            "Failed operator credentials on the admin API: refused (401) or throttled (429)";
    private static final String REGION_MAP_RELOADS = "gateway.region.map.reloads";
    private static final String REGION_MAP_RELOADS_HELP =
            "Edits of regions.yaml seen: applied, or refused (the last good map keeps serving)";

    private static final String RETENTION_DEFERRED = "gateway.retention.drops.deferred";
    private static final String RETENTION_DEFERRED_HELP =
            "Days whose partitions retention left for its next run because a reader held them past lock_timeout";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, double[]> settable = new ConcurrentHashMap<>();
    private final Set<String> shardGauges = ConcurrentHashMap.newKeySet();
    private final List<Meter> gauges = new CopyOnWriteArrayList<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Failure f : Failure.values()) {
            counter(REQUEST_FAILURES, REQUEST_FAILURES_HELP, "type", f.metricLabel());
        }
        for (String result : List.of("applied", "refused")) {
            counter(REGION_MAP_RELOADS, REGION_MAP_RELOADS_HELP, "result", result);
        }
        for (String outcome : List.of("refused", "throttled")) {
            counter(ADMIN_AUTH_FAILURES, ADMIN_AUTH_FAILURES_HELP, "outcome", outcome);
        }
        for (PiiScanner.Kind kind : PiiScanner.Kind.values()) {
            counter(REDACTIONS, REDACTIONS_HELP, "kind", kind.label);
        }
    }

    /** Valid events of one type that were stored now ({@code accepted}) or already there ({@code duplicate}). */
    public void events(String region, EventType type, EventOutcome outcome, long n) {
        if (n > 0) {
            counter(EVENTS, EVENTS_HELP, "region", region, "type", type.wireName, "outcome", outcome.label)
                    .increment(n);
        }
    }

    /** One refused event: counted by reason, and as an event of its type (or {@code unknown}) rejected. */
    public void rejected(String region, Optional<EventType> type, RejectionReason reason) {
        counter(REJECTIONS, REJECTIONS_HELP, "region", region, "reason", reason.label)
                .increment();
        rejectedEvents(region, type.map(t -> t.wireName).orElse(UNKNOWN_TYPE)).increment();
    }

    private Counter rejectedEvents(String region, String type) {
        return counter(EVENTS, EVENTS_HELP, "region", region, "type", type, "outcome", EventOutcome.REJECTED.label);
    }

    public void redactions(Redactions redactions) {
        redactions.forEach((kind, n) -> {
            if (n > 0) {
                counter(REDACTIONS, REDACTIONS_HELP, "kind", kind.label).increment(n);
            }
        });
    }

    public void requestFailure(Failure failure) {
        counter(REQUEST_FAILURES, REQUEST_FAILURES_HELP, "type", failure.metricLabel())
                .increment();
    }

    /** A failed admin credential: refused (401), or throttled (429) before its token was looked at. */
    public void adminAuthFailure(boolean throttled) {
        counter(ADMIN_AUTH_FAILURES, ADMIN_AUTH_FAILURES_HELP, "outcome", throttled ? "throttled" : "refused")
                .increment();
    }

    /** A shard's pool was replaced because its connections stopped coming back. */
    public void poolRecycled(String region) {
        counter(POOL_RECYCLES, POOL_RECYCLES_HELP, "region", region).increment();
    }

    /**
     * A retention run left a day's partitions in place: a reader held them past the drop's
     * lock_timeout on every attempt. {@code n} is 0 to register the series.
     */
    public void retentionDropsDeferred(String target, int n) {
        counter(RETENTION_DEFERRED, RETENTION_DEFERRED_HELP, "target", target).increment(n);
    }

    /** A reload of regions.yaml that was applied, or refused (the last good map stays). */
    public void regionMapReload(boolean applied) {
        counter(REGION_MAP_RELOADS, REGION_MAP_RELOADS_HELP, "result", applied ? "applied" : "refused")
                .increment();
    }

    /**
     * A gauge per name and tags that shows the last value set; registered on first use and removed
     * with the application.
     */
    public void gauge(String name, String description, Map<String, String> tags, double reading) {
        settable.computeIfAbsent(name + tags, k -> {
            double[] holder = {0};
            Gauge.Builder<double[]> b = Gauge.builder(name, holder, h -> h[0]).description(description);
            tags.forEach(b::tag);
            gauges.add(b.register(registry));
            return holder;
        })[0] = reading;
    }

    /** A timer with the given tags (name, value pairs); its HELP text is the one {@link #TIMER_HELP} has for it. */
    public void time(String name, Duration duration, String... tags) {
        Timer.builder(name)
                .description(TIMER_HELP.get(name))
                .tags(tags)
                .register(registry)
                .record(duration);
    }

    /**
     * Registers a region's shard gauges once; the functions read the registry's current shard. The
     * region's counters of rare events (pool recycles, forwarding's pauses) start at 0 here too, so
     * that an alert's {@code increase()} sees their first one and a dashboard shows 0, not no data.
     */
    public <T> void shardGauges(
            String region,
            T source,
            ToDoubleFunction<T> up,
            ToDoubleFunction<T> connections,
            ToDoubleFunction<T> inFlight,
            ToDoubleFunction<T> timeoutsInARow) {
        if (shardGauges.add(region)) {
            counter(POOL_RECYCLES, POOL_RECYCLES_HELP, "region", region);
            for (RejectionReason reason : RejectionReason.values()) {
                counter(REJECTIONS, REJECTIONS_HELP, "region", region, "reason", reason.label);
            }
            for (EventType type : EventType.values()) {
                for (EventOutcome outcome : EventOutcome.values()) {
                    counter(EVENTS, EVENTS_HELP, "region", region, "type", type.wireName, "outcome", outcome.label);
                }
            }
            rejectedEvents(region, UNKNOWN_TYPE);
            Timer.builder(FORWARDING_YIELD)
                    .description(TIMER_HELP.get(FORWARDING_YIELD))
                    .tag("region", region)
                    .register(registry);
            gauges.add(Gauge.builder("gateway.shard.up", source, up)
                    .tag("region", region)
                    .description("1 when the region's shard is ready for writes, 0 when it is down or failed")
                    .register(registry));
            gauges.add(Gauge.builder("gateway.shard.pool.connections", source, connections)
                    .tag("region", region)
                    .description("Connections open in the region's shard pool")
                    .register(registry));
            gauges.add(Gauge.builder("gateway.shard.in.flight", source, inFlight)
                    .tag("region", region)
                    .description("Requests and job runs using the region's shard now")
                    .register(registry));
            gauges.add(Gauge.builder("gateway.shard.write.timeouts.in.a.row", source, timeoutsInARow)
                    .tag("region", region)
                    .description("Writes in a row that got no answer in time; the pool is replaced at "
                            + "gateway.shards.recycle-after-timeouts")
                    .register(registry));
        }
    }

    /** A region's write queue: requests waiting for a writer, and requests per group transaction so far. */
    public <T> void queueGauges(String region, T queue, ToDoubleFunction<T> waiting, ToDoubleFunction<T> perGroup) {
        gauges.add(Gauge.builder("gateway.shard.queue.requests", queue, waiting)
                .tag("region", region)
                .description("Requests waiting for one of the region's writers")
                .register(registry));
        gauges.add(Gauge.builder("gateway.shard.requests.per.transaction", queue, perGroup)
                .tag("region", region)
                .description("Mean requests written per group transaction since start")
                .register(registry));
    }

    /**
     * Gauges read objects of this application instance; a registry that outlives it (dev-mode reload,
     * tests that restart the application) would otherwise keep the first registration and read stale ones.
     */
    @PreDestroy
    void removeGauges() {
        gauges.forEach(registry::remove);
        gauges.clear();
    }

    private Counter counter(String name, String description, String... tags) {
        String key = name + String.join("\u0000", tags);
        return counters.computeIfAbsent(
                key,
                k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }
}
