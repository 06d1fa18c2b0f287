package io.akshybrid.gateway.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.akshybrid.gateway.api.GatewayProblem;
import io.akshybrid.gateway.auth.ClusterAuthenticator;
import io.akshybrid.gateway.config.GatewayConfig;
import io.akshybrid.gateway.events.EventType;
import io.akshybrid.gateway.events.EventValidator;
import io.akshybrid.gateway.events.ValidEvent;
import io.akshybrid.gateway.ingest.IngestResult.RejectedEvent;
import io.akshybrid.gateway.limits.ClusterRateLimiter;
import io.akshybrid.gateway.metrics.GatewayMetrics;
import io.akshybrid.gateway.privacy.PiiScanner;
import io.akshybrid.gateway.regions.Cluster;
import io.akshybrid.gateway.regions.RegionMap;
import io.akshybrid.gateway.regions.RegionMapHolder;
import io.akshybrid.gateway.shards.Shard;
import io.akshybrid.gateway.shards.ShardFailures;
import io.akshybrid.gateway.shards.ShardRegistry;
import io.akshybrid.gateway.shards.ShardWriter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The ingest pipeline for one request: authenticate the cluster, find its region and shard, decode
 * and parse the body, apply the rate limit, validate each event (schema and privacy), and write the
 * valid ones to the region's shard in one transaction. Each step that refuses the whole request throws
 * a {@link GatewayProblem}; single events are refused with a reason and the rest are stored.
 *
 * <p>Runs on the event loop: every step is CPU work on bounded input, and the write is reactive.
 */
@ApplicationScoped
public class IngestService {

    private final GatewayConfig config;
    private final RegionMapHolder regionMap;
    private final ShardRegistry shards;
    private final ShardWriter writer;
    private final EventValidator validator;
    private final ClusterRateLimiter rateLimiter;
    private final GatewayMetrics metrics;

    public IngestService(
            GatewayConfig config,
            RegionMapHolder regionMap,
            ShardRegistry shards,
            ShardWriter writer,
            EventValidator validator,
            ClusterRateLimiter rateLimiter,
            GatewayMetrics metrics) {
        this.config = config;
        this.regionMap = regionMap;
        this.shards = shards;
        this.writer = writer;
        this.validator = validator;
        this.rateLimiter = rateLimiter;
        this.metrics = metrics;
    }

    /** Writes to the region's shard; a shard replaced by a reload in the meantime hands over to its successor once. */
    private Uni<Set<UUID>> write(
            String region, Shard shard, Cluster cluster, List<ValidEvent> valid, boolean firstTry) {
        // A CLOSED shard was replaced by a reload after the lookup: use() says so, and the successor takes over.
        if (shard.state() == Shard.State.STARTING || shard.state() == Shard.State.FAILED) {
            throw GatewayProblem.shardUnavailable(
                    "the shard of region " + region + " is not available",
                    config.shards().retryAfterSeconds());
        }
        return shard.use(pool -> writer.write(pool, cluster, valid))
                .ifNoItem()
                .after(config.shards()
                        .acquireTimeout()
                        .plus(config.shards().connectTimeout())
                        .multipliedBy(2))
                .failWith(() -> new java.util.concurrent.TimeoutException("the shard did not answer in time"))
                .onFailure(Shard.Retired.class)
                .recoverWithUni(e -> {
                    Shard successor = shards.shard(region).orElse(null);
                    if (!firstTry || successor == null || successor == shard) {
                        return Uni.createFrom()
                                .failure(GatewayProblem.shardUnavailable(
                                        "the shard of region " + region + " is being replaced",
                                        config.shards().retryAfterSeconds()));
                    }
                    return write(region, successor, cluster, valid, false);
                })
                .onFailure(ShardFailures::isUnavailability)
                .transform(e -> {
                    shard.observed(ShardFailures.describe(e));
                    return GatewayProblem.shardUnavailable(
                            "the shard of region " + region + " is unavailable; send the "
                                    + "request again later (events that were stored after all are then reported as duplicates)",
                            config.shards().retryAfterSeconds());
                });
    }

    private void countStored(String region, Set<UUID> stored, Batch batch) {
        long[] accepted = new long[EventType.values().length];
        long[] duplicate = new long[EventType.values().length];
        for (ValidEvent v : batch.valid) {
            (stored.contains(v.id()) ? accepted : duplicate)[v.type().ordinal()]++;
        }
        for (ValidEvent v : batch.repeated) {
            duplicate[v.type().ordinal()]++;
        }
        for (EventType t : EventType.values()) {
            metrics.events(region, t.wireName, "accepted", accepted[t.ordinal()]);
            metrics.events(region, t.wireName, "duplicate", duplicate[t.ordinal()]);
        }
    }

    private static String typeLabel(JsonNode event) {
        return EventType.fromWire(event.path("type").asText())
                .map(t -> t.wireName)
                .orElse("unknown");
    }

    /** A raw request as it arrived. */
    public record Request(
            String authorization,
            List<String> certificateNames,
            String contentType,
            String contentEncoding,
            byte[] body) {}

    public Uni<IngestResult> ingest(Request request) {
        RegionMap map = regionMap.current();
        if (map == null) {
            throw GatewayProblem.shardUnavailable(
                    "the region map is not loaded yet", config.shards().retryAfterSeconds());
        }
        Cluster cluster = ClusterAuthenticator.authenticate(request.authorization(), request.certificateNames(), map);
        String region = cluster.region()
                .orElseThrow(
                        () -> GatewayProblem.forbidden("cluster " + cluster.id() + " is not registered in a region"));
        Shard shard = shards.shard(region)
                .orElseThrow(() -> GatewayProblem.forbidden("cluster " + cluster.id() + " is registered in region "
                        + region + ", which this gateway does not serve"));

        RequestBody.checkContentType(request.contentType());
        byte[] json = RequestBody.decode(
                request.contentEncoding(),
                request.body(),
                config.limits().maxBodyBytes(),
                config.limits().maxDecompressedBytes());
        JsonNode events = RequestBody.events(json, config.limits().maxEventsPerRequest());

        long wait = rateLimiter.acquire(cluster.id(), events.size(), System.nanoTime());
        if (wait > 0) {
            throw GatewayProblem.rateLimited("cluster " + cluster.id() + " is over its event rate", wait);
        }

        Batch batch = validate(region, events);
        if (batch.valid.isEmpty()) {
            countStored(region, Set.of(), batch);
            return Uni.createFrom().item(new IngestResult(0, batch.repeated.size(), batch.redactions, batch.rejected));
        }
        return write(region, shard, cluster, batch.valid, true).map(stored -> {
            countStored(region, stored, batch);
            return new IngestResult(
                    stored.size(),
                    batch.valid.size() - stored.size() + batch.repeated.size(),
                    batch.redactions,
                    batch.rejected);
        });
    }

    /**
     * A request's events after validation.
     *
     * @param valid valid events with distinct ids, to write
     * @param repeated valid events whose id came earlier in the same batch: stored once, counted as duplicates
     */
    private record Batch(
            List<ValidEvent> valid, List<ValidEvent> repeated, List<RejectedEvent> rejected, int redactions) {}

    private Batch validate(String region, JsonNode events) {
        List<ValidEvent> valid = new ArrayList<>(events.size());
        List<ValidEvent> repeated = new ArrayList<>();
        List<RejectedEvent> rejected = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        int[] redactedByKind = new int[PiiScanner.Kind.values().length];
        for (int i = 0; i < events.size(); i++) {
            EventValidator.Outcome outcome = validator.validate(i, events.get(i));
            if (outcome.rejection() != null) {
                rejected.add(RejectedEvent.of(outcome.rejection()));
                metrics.rejection(region, outcome.rejection().reason());
                metrics.events(region, typeLabel(events.get(i)), "rejected", 1);
                continue;
            }
            ValidEvent v = outcome.valid();
            for (int k = 0; k < redactedByKind.length; k++) {
                redactedByKind[k] += v.redactionsByKind()[k];
            }
            (seen.add(v.id()) ? valid : repeated).add(v);
        }
        int redactions = 0;
        for (PiiScanner.Kind kind : PiiScanner.Kind.values()) {
            redactions += redactedByKind[kind.ordinal()];
            metrics.redactions(kind.label, redactedByKind[kind.ordinal()]);
        }
        return new Batch(valid, repeated, rejected, redactions);
    }
}
