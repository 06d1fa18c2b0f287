package io.akshybrid.gateway.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.akshybrid.gateway.config.GatewayConfig;
import io.akshybrid.gateway.events.EventOutcome;
import io.akshybrid.gateway.events.EventType;
import io.akshybrid.gateway.events.EventValidator;
import io.akshybrid.gateway.events.Rejection;
import io.akshybrid.gateway.events.ValidEvent;
import io.akshybrid.gateway.events.Validated;
import io.akshybrid.gateway.failure.Failure;
import io.akshybrid.gateway.failure.GatewayException;
import io.akshybrid.gateway.limits.ClusterRateLimiter;
import io.akshybrid.gateway.metrics.GatewayMetrics;
import io.akshybrid.gateway.privacy.Redactions;
import io.akshybrid.gateway.regions.Cluster;
import io.akshybrid.gateway.shards.PendingWrite;
import io.akshybrid.gateway.shards.Shard;
import io.akshybrid.gateway.shards.ShardRegistry;
import io.akshybrid.gateway.shards.ShardWrites;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The ingest pipeline for one request, as one chain: take the cluster its headers authenticated, find
 * its region and shard, decode and parse the body, apply the rate limit, validate each event (schema and privacy),
 * then write the valid ones on the region's shard in one transaction and count what happened. A
 * step that refuses the whole request fails the returned {@link Uni} with a {@link GatewayException};
 * single events are refused with a reason and the rest are stored.
 *
 * <p>Runs on the event loop: every step before the write is CPU work on bounded input, and the write
 * is reactive.
 */
@ApplicationScoped
public class IngestService {

    /**
     * Bytes on the wire per event that no real request exceeds on average (the largest event is a
     * host-error with an 8 KiB message and a 64 KiB stack trace, gzip aside): body size divided by
     * it is a lower bound of a request's events, used before the body is parsed.
     */
    static final int MAX_BYTES_PER_EVENT = 80 * 1024;

    private final GatewayConfig config;
    private final ShardRegistry shards;
    private final ShardWrites writes;
    private final EventValidator validator;
    private final ClusterRateLimiter rateLimiter;
    private final GatewayMetrics metrics;

    public IngestService(
            GatewayConfig config,
            ShardRegistry shards,
            ShardWrites writes,
            EventValidator validator,
            ClusterRateLimiter rateLimiter,
            GatewayMetrics metrics) {
        this.config = config;
        this.shards = shards;
        this.writes = writes;
        this.validator = validator;
        this.rateLimiter = rateLimiter;
        this.metrics = metrics;
    }

    /**
     * A request as it arrived, with the cluster its headers authenticated (the HTTP surface checks
     * the credential before reading the body).
     *
     * @param cluster null when no region map was loaded to authenticate against
     */
    public record Request(Cluster cluster, Format format, String contentType, String contentEncoding, byte[] body) {
        public Request {
            body = body == null ? new byte[0] : body;
        }

        /** An agent API batch ({@code POST /v1/events}). */
        public static Request events(Cluster cluster, String contentType, String contentEncoding, byte[] body) {
            return new Request(cluster, Format.EVENTS, contentType, contentEncoding, body);
        }
    }

    /** What the body holds: the agent API's events, or OTLP logs in protobuf or in JSON. */
    public enum Format {
        EVENTS,
        OTLP_PROTOBUF,
        OTLP_JSON
    }

    /**
     * An OTLP logs request: answered, after every accepted record is committed, with the OTLP response
     * in the request's encoding; never throws.
     */
    public Uni<byte[]> ingestLogs(Request request) {
        return ingest(request).map(r -> OtlpLogs.response(r, request.format() == Format.OTLP_PROTOBUF));
    }

    /** Answered only after every accepted event is committed; never throws. */
    public Uni<IngestResult> ingest(Request request) {
        return Uni.createFrom().item(() -> admit(request)).flatMap(this::store);
    }

    /**
     * A request that passed every whole-request check, with its events validated.
     *
     * @param valid valid events with distinct keys, to write
     * @param repeated valid events whose key came earlier in the same batch: stored once, counted as duplicates
     */
    private record Admitted(
            Cluster cluster,
            Shard shard,
            List<ValidEvent> valid,
            List<ValidEvent> repeated,
            List<Rejection> rejected,
            Redactions redactions) {}

    /**
     * What identifies an event within its cluster, as the shard's primary key does: its table, id and
     * time. The same id at two times is two events; a telemetry and a billing event never meet.
     */
    private record EventKey(boolean billing, UUID id, Instant time) {
        static EventKey of(ValidEvent v) {
            return new EventKey(v.isBilling(), v.id(), v.time().toInstant());
        }
    }

    /** Every whole-request check, in the order of the contract; throws the first failure. */
    private Admitted admit(Request request) {
        Cluster cluster = request.cluster();
        if (cluster == null) {
            throw shards.unavailable("the region map is not loaded yet");
        }
        String region = cluster.region()
                .orElseThrow(() -> Failure.CLUSTER_NOT_REGISTERED.because(
                        "cluster " + cluster.id() + " is not registered in a region"));
        Shard shard = shards.shard(region)
                .orElseThrow(() -> Failure.CLUSTER_NOT_REGISTERED.because("cluster " + cluster.id()
                        + " is registered in region " + region + ", which this gateway does not serve"));

        if (request.format() == Format.EVENTS) {
            RequestBody.checkContentType(request.contentType());
        }
        refuseCheaply(cluster, shard, request.body().length);
        byte[] decoded = RequestBody.decode(
                request.contentEncoding(),
                request.body(),
                config.limits().maxBodyBytes(),
                config.limits().maxDecompressedBytes());
        int maxEvents = config.limits().maxEventsPerRequest();
        JsonNode events = switch (request.format()) {
            case EVENTS -> RequestBody.events(decoded, maxEvents);
            case OTLP_PROTOBUF -> OtlpLogs.events(decoded, true, maxEvents);
            case OTLP_JSON -> OtlpLogs.events(decoded, false, maxEvents);
        };

        refuseOverRate(cluster, rateLimiter.acquire(cluster.id(), events.size(), System.nanoTime()));
        return validate(cluster, shard, events);
    }

    /**
     * The rate limit and the region's queue, checked before the body is inflated, parsed and
     * validated, with a lower bound of its events from its size, so that a refused request costs
     * next to nothing.
     */
    private void refuseCheaply(Cluster cluster, Shard shard, int bodyBytes) {
        int atLeast = Math.max(1, Math.min(config.limits().maxEventsPerRequest(), bodyBytes / MAX_BYTES_PER_EVENT));
        refuseOverRate(cluster, rateLimiter.check(cluster.id(), atLeast, System.nanoTime()));
        writes.checkRoom(shard, atLeast);
    }

    private static void refuseOverRate(Cluster cluster, long waitSeconds) {
        if (waitSeconds > 0) {
            throw Failure.RATE_LIMITED.retryAfter(waitSeconds, "cluster " + cluster.id() + " is over its event rate");
        }
    }

    private Admitted validate(Cluster cluster, Shard shard, JsonNode events) {
        List<ValidEvent> valid = new ArrayList<>(events.size());
        List<ValidEvent> repeated = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        Set<EventKey> seen = new HashSet<>();
        Redactions redactions = Redactions.NONE;
        for (int i = 0; i < events.size(); i++) {
            Validated outcome = validator.validate(i, events.get(i));
            if (outcome instanceof Rejection r) {
                rejected.add(r);
                metrics.rejected(
                        shard.region(),
                        EventType.fromWire(events.get(i).path("type").asText()),
                        r.reason());
            } else if (outcome instanceof ValidEvent v) {
                redactions = redactions.plus(v.redactions());
                (seen.add(EventKey.of(v)) ? valid : repeated).add(v);
            }
        }
        metrics.redactions(redactions);
        return new Admitted(cluster, shard, valid, repeated, rejected, redactions);
    }

    private Uni<IngestResult> store(Admitted a) {
        Uni<BitSet> stored = a.valid.isEmpty()
                ? Uni.createFrom().item(new BitSet())
                : writes.write(a.shard, new PendingWrite(a.cluster, a.valid));
        return stored.map(positions -> {
            count(a, positions);
            int accepted = positions.cardinality();
            return new IngestResult(
                    accepted, a.valid.size() - accepted + a.repeated.size(), a.redactions.total(), a.rejected);
        });
    }

    private void count(Admitted a, BitSet stored) {
        Map<EventType, Map<EventOutcome, Long>> counts = new EnumMap<>(EventType.class);
        for (int i = 0; i < a.valid.size(); i++) {
            tally(counts, a.valid.get(i).type(), stored.get(i) ? EventOutcome.ACCEPTED : EventOutcome.DUPLICATE);
        }
        for (ValidEvent v : a.repeated) {
            tally(counts, v.type(), EventOutcome.DUPLICATE);
        }
        counts.forEach((type, byOutcome) ->
                byOutcome.forEach((outcome, n) -> metrics.events(a.shard.region(), type, outcome, n)));
    }

    private static void tally(Map<EventType, Map<EventOutcome, Long>> counts, EventType type, EventOutcome outcome) {
        counts.computeIfAbsent(type, t -> new EnumMap<>(EventOutcome.class)).merge(outcome, 1L, Long::sum);
    }
}
