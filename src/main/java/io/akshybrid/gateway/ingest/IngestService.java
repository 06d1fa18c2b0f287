package io.akshybrid.gateway.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.akshybrid.gateway.api.GatewayProblem;
import io.akshybrid.gateway.auth.ClusterAuthenticator;
import io.akshybrid.gateway.config.GatewayConfig;
import io.akshybrid.gateway.events.EventValidator;
import io.akshybrid.gateway.events.ValidEvent;
import io.akshybrid.gateway.ingest.IngestResult.RejectedEvent;
import io.akshybrid.gateway.limits.ClusterRateLimiter;
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

    public IngestService(GatewayConfig config, RegionMapHolder regionMap, ShardRegistry shards, ShardWriter writer,
            EventValidator validator, ClusterRateLimiter rateLimiter) {
        this.config = config;
        this.regionMap = regionMap;
        this.shards = shards;
        this.writer = writer;
        this.validator = validator;
        this.rateLimiter = rateLimiter;
    }

    /** A raw request as it arrived. */
    public record Request(String authorization, String contentType, String contentEncoding, byte[] body) {}

    public Uni<IngestResult> ingest(Request request) {
        RegionMap map = regionMap.current();
        if (map == null) {
            throw GatewayProblem.shardUnavailable("the region map is not loaded yet", config.shards().retryAfterSeconds());
        }
        Cluster cluster = ClusterAuthenticator.authenticate(request.authorization(), map);
        String region = cluster.region().orElseThrow(() -> GatewayProblem.forbidden(
                "cluster " + cluster.id() + " is not registered in a region"));
        Shard shard = shards.shard(region).orElseThrow(() -> GatewayProblem.forbidden(
                "cluster " + cluster.id() + " is registered in region " + region + ", which this gateway does not serve"));

        RequestBody.checkContentType(request.contentType());
        byte[] json = RequestBody.decode(request.contentEncoding(), request.body(),
                config.limits().maxBodyBytes(), config.limits().maxDecompressedBytes());
        JsonNode events = RequestBody.events(json, config.limits().maxEventsPerRequest());

        long wait = rateLimiter.acquire(cluster.id(), events.size(), System.nanoTime());
        if (wait > 0) {
            throw GatewayProblem.rateLimited("cluster " + cluster.id() + " is over its event rate", wait);
        }

        List<ValidEvent> valid = new ArrayList<>(events.size());
        List<RejectedEvent> rejected = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        int repeatedInBatch = 0;
        int redactions = 0;
        for (int i = 0; i < events.size(); i++) {
            EventValidator.Outcome outcome = validator.validate(i, events.get(i));
            if (outcome.rejection() != null) {
                rejected.add(RejectedEvent.of(outcome.rejection()));
            } else if (!seen.add(outcome.valid().id())) {
                // The same event twice in one batch: stored once, the copy counts as a duplicate.
                repeatedInBatch++;
            } else {
                valid.add(outcome.valid());
                redactions += outcome.valid().redactions();
            }
        }
        if (valid.isEmpty()) {
            return Uni.createFrom().item(new IngestResult(0, repeatedInBatch, redactions, rejected));
        }
        if (shard.state() != Shard.State.READY) {
            throw GatewayProblem.shardUnavailable("the shard of region " + region + " is not available",
                    config.shards().retryAfterSeconds());
        }
        int duplicatesInBatch = repeatedInBatch;
        int redacted = redactions;
        return writer.write(shard, cluster, valid)
                .ifNoItem().after(config.shards().acquireTimeout().plus(config.shards().connectTimeout()).multipliedBy(2))
                .failWith(() -> new java.util.concurrent.TimeoutException("the shard did not answer in time"))
                .onFailure(ShardFailures::isUnavailability).transform(e -> {
                    shard.observed(ShardFailures.describe(e));
                    return GatewayProblem.shardUnavailable("the shard of region " + region + " is unavailable; send the "
                            + "request again later (events that were stored after all are then reported as duplicates)",
                            config.shards().retryAfterSeconds());
                })
                .map(stored -> new IngestResult(stored.size(), valid.size() - stored.size() + duplicatesInBatch,
                        redacted, rejected));
    }
}
