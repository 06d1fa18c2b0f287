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
import java.util.function.BooleanSupplier;

/**
 * The ingest pipeline for one request, as one chain: take the cluster its headers authenticated, find
 * its region and shard, decode and parse the body, apply the rate limit, validate each event (schema and privacy),
 * then write the valid ones on the region's shard in one transaction and count what happened. A
 * step that refuses the whole request fails the returned {@link Uni} with a {@link GatewayException};
 * single events are refused with a reason and the rest are stored.
 *
 * <p>Runs on the event loop, apart from the body of a large or compressed request: that is inflated,
 * parsed, validated and scanned on a bounded pool of parse workers ({@link ParseWorkers}). Every
 * step before the write is CPU work on input bounded while it is read ({@link ValueBudget}), and the
 * write is reactive.
 */
@ApplicationScoped
public class IngestService {

    /**
     * Bytes on the wire per event that no real request exceeds on average (the largest event is a
     * host-error with an 8 KiB message and a 64 KiB stack trace, gzip aside): body size divided by
     * it is a lower bound of a request's events, used before the body is parsed.
     */
    static final int MAX_BYTES_PER_EVENT = 80 * 1024;

    /**
     * A body is charged to its cluster's rate as its events, or as one event for this many of its
     * bytes (inflated, or on the wire if more) when that is more: an ordinary event is well under it,
     * so only bodies of a few events holding megabytes of text pay for their size. A body refused while
     * it was read is charged the same way, for the events it began.
     */
    static final int CHARGED_BYTES_PER_EVENT = 1024;

    private final GatewayConfig config;
    private final ShardRegistry shards;
    private final ShardWrites writes;
    private final EventValidator validator;
    private final ClusterRateLimiter rateLimiter;
    private final GatewayMetrics metrics;
    private final ParseWorkers parseWorkers;

    public IngestService(
            GatewayConfig config,
            ShardRegistry shards,
            ShardWrites writes,
            EventValidator validator,
            ClusterRateLimiter rateLimiter,
            GatewayMetrics metrics,
            ParseWorkers parseWorkers) {
        this.config = config;
        this.shards = shards;
        this.writes = writes;
        this.validator = validator;
        this.rateLimiter = rateLimiter;
        this.metrics = metrics;
        this.parseWorkers = parseWorkers;
    }

    /**
     * A request as it arrived, with the cluster its headers authenticated (the HTTP surface checks
     * the credential before reading the body).
     *
     * @param cluster null when no region map was loaded to authenticate against
     * @param abandoned true once nobody waits for the answer (the client went away, or was answered)
     */
    public record Request(
            Cluster cluster,
            Format format,
            String contentType,
            String contentEncoding,
            byte[] body,
            BooleanSupplier abandoned) {
        public Request {
            body = body == null ? new byte[0] : body;
            abandoned = abandoned == null ? () -> false : abandoned;
        }

        /** An agent API batch ({@code POST /v1/events}). */
        public static Request events(
                Cluster cluster, String contentType, String contentEncoding, byte[] body, BooleanSupplier abandoned) {
            return new Request(cluster, Format.EVENTS, contentType, contentEncoding, body, abandoned);
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
        return Uni.createFrom().item(() -> admit(request)).flatMap(this::read).flatMap(this::store);
    }

    /** A request whose headers passed every whole-request check, with its body not yet read. */
    private record Headed(Request request, Cluster cluster, Shard shard, DecodedBody.Encoding encoding) {}

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

    /** Every check of the headers and the body's size, in the order of the contract; throws the first failure. */
    private Headed admit(Request request) {
        Cluster cluster = request.cluster();
        if (cluster == null) { // the request guard authenticates every request on the agent port
            throw Failure.UNAUTHORIZED.because("the request carries no credential");
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
        DecodedBody.Encoding encoding = DecodedBody.encoding(
                request.contentEncoding(), request.body(), config.limits().maxBodyBytes());
        return new Headed(request, cluster, shard, encoding);
    }

    /**
     * Reads, validates and scans the body: on the event loop when it is small once inflated, on a
     * parse worker otherwise. A gzip body small on the wire is tried on the event loop and moves to a
     * worker as soon as it inflates past the inline size, since a few kilobytes of gzip may inflate
     * into megabytes of text to scan.
     */
    private Uni<Admitted> read(Headed h) {
        int inline = config.limits().inlineParseBytes();
        if (h.request().body().length <= inline) {
            try {
                return Uni.createFrom()
                        .item(parseAndValidate(
                                h, DecodedBody.inline(h.encoding(), h.request().body(), inline)));
            } catch (DecodedBody.TooLargeToInline larger) {
                // below: read again from the start, on a worker, with the whole limit
            }
        }
        return parseWorkers.run(
                h.cluster().id(),
                h.request().abandoned(),
                () -> parseAndValidate(
                        h,
                        DecodedBody.open(
                                h.encoding(),
                                h.request().body(),
                                config.limits().maxDecompressedBytes())));
    }

    /**
     * The events of the body, each charged to the request's budget as it is parsed, then the rate limit
     * and validation. The rate is charged by events, or by the size when that is more
     * ({@link #CHARGED_BYTES_PER_EVENT}), since a few events can hold megabytes of text to scan; a body
     * refused while it is read is charged too, into debt, so that refusals are not free to repeat.
     */
    private Admitted parseAndValidate(Headed h, DecodedBody body) {
        GatewayConfig.Limits limits = config.limits();
        ValueBudget budget = new ValueBudget(
                limits.maxEventsPerRequest(),
                limits.maxValuesPerEvent(),
                limits.maxValuesPerRequest(),
                h.request().format() == Format.EVENTS ? "events" : "log records");
        List<JsonNode> events;
        try {
            events = switch (h.request().format()) {
                case EVENTS -> RequestBody.events(body, budget);
                case OTLP_PROTOBUF -> OtlpLogs.events(body, true, budget);
                case OTLP_JSON -> OtlpLogs.events(body, false, budget);
            };
        } catch (GatewayException e) {
            long bytes = Math.max(h.request().body().length, body.bytesRead());
            rateLimiter.charge(
                    h.cluster().id(),
                    Math.max(Math.max(1, budget.events()), bytes / CHARGED_BYTES_PER_EVENT),
                    System.nanoTime());
            throw e;
        }
        long charge = Math.min(
                Math.max(events.size(), body.bytesRead() / CHARGED_BYTES_PER_EVENT), (long) limits.burstEvents());
        refuseOverRate(h.cluster(), rateLimiter.acquire(h.cluster().id(), (int) charge, System.nanoTime()));
        return validate(h.cluster(), h.shard(), events);
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

    private Admitted validate(Cluster cluster, Shard shard, List<JsonNode> events) {
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
