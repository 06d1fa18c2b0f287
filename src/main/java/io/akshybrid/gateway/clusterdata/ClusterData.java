package io.akshybrid.gateway.clusterdata;

import io.akshybrid.gateway.central.CentralStore;
import io.akshybrid.gateway.config.GatewayConfig;
import io.akshybrid.gateway.failure.Failure;
import io.akshybrid.gateway.failure.GatewayException;
import io.akshybrid.gateway.jobs.JobName;
import io.akshybrid.gateway.shards.Shard;
import io.akshybrid.gateway.shards.ShardFailures;
import io.akshybrid.gateway.shards.ShardRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * A cluster's data, for operators acting on a customer's request: every stored event of the cluster
 * from every shard, streamed; and its erasure from every shard and from the central store.
 *
 * <p>Erasure is safe against forwarding: on each shard it takes the forwarding job's advisory lock
 * (so no run of that shard is between reading a page and writing it to the central store), deletes
 * the central store's copies of that region's rows, then the shard's rows, and commits the shard last.
 * A row erased at the shard therefore never reappears in the central store. Reactive; never blocks.
 */
@ApplicationScoped
public class ClusterData {

    /** The cluster ids regions.yaml admits; anything else cannot have data. */
    static final Pattern CLUSTER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** Rows per read of an export: the most an export holds in memory. */
    static final int EXPORT_BATCH = 500;
    /** A read of an export's batch, or its write to a client, that takes longer than this aborts the export. */
    static final Duration EXPORT_STEP_TIMEOUT = Duration.ofSeconds(60);
    /** How long an erasure waits for a forwarding run of a shard to finish (a run is bounded: 100 pages). */
    static final Duration LOCK_WAIT = Duration.ofSeconds(30);
    /** How long an erasure's work on one shard may take, the wait and the deletes together. */
    static final Duration ERASURE_TIMEOUT = Duration.ofMinutes(5);

    static final String EXPORT = """
            SELECT event_id, type, source, event_time, received_at, payload::text
            FROM telemetry_events WHERE cluster_id = $1
            UNION ALL
            SELECT event_id, 'billing', source, event_time, received_at, json_build_object('quantity', cores)::text
            FROM billing_events WHERE cluster_id = $1
            ORDER BY 4, 1""";
    static final String LOCK_FORWARDING = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";
    static final String DELETE_TELEMETRY = "DELETE FROM telemetry_events WHERE cluster_id = $1";
    static final String DELETE_BILLING = "DELETE FROM billing_events WHERE cluster_id = $1";
    static final String DELETE_CENTRAL_OF_REGION =
            "DELETE FROM forwarded_telemetry WHERE cluster_id = $1 AND region = $2";
    static final String DELETE_CENTRAL = "DELETE FROM forwarded_telemetry WHERE cluster_id = $1";
    static final String RECORD_ERASURE =
            "INSERT INTO erasures (cluster_id, erased_at, counts, requested_by) VALUES ($1, now(), $2, $3)";

    /** Where an export's lines go: a chunk of NDJSON lines; completes once the client has taken it. */
    @FunctionalInterface
    public interface Lines {
        Uni<Void> write(String chunk);
    }

    /** What an erasure deleted: rows per region (shard) and {@code central}. */
    public record Erasure(Map<String, Long> deleted) {}

    private final ShardRegistry shards;
    private final CentralStore central;
    private final long retryAfterSeconds;
    /** One export or erasure at a time: the shard pools keep one connection for it (ShardWrites). */
    private final AtomicBoolean busy = new AtomicBoolean();

    public ClusterData(ShardRegistry shards, CentralStore central, GatewayConfig config) {
        this.shards = shards;
        this.central = central;
        this.retryAfterSeconds = config.retryAfter().toSeconds();
    }

    /** Refuses (400) what cannot be a cluster id, before any database is asked. */
    public static void checkClusterId(String cluster) {
        if (cluster == null || !CLUSTER_ID.matcher(cluster).matches()) {
            throw Failure.BAD_PARAMETER.because(
                    "a cluster id is 1 to 128 letters, digits, dots, underscores and dashes, starting with a letter or digit");
        }
    }

    /**
     * Checks that an export can start now: the cluster id, one export or erasure at a time, and every shard
     * ready (an export that skipped a shard would look complete and not be). The caller must call
     * {@link #export} next, which frees the slot when it ends.
     */
    public void beginExport(String cluster) {
        checkClusterId(cluster);
        List<Shard> notReady = shards.all().stream()
                .filter(s -> s.state() != Shard.State.READY)
                .toList();
        if (!notReady.isEmpty()) {
            throw shards.unavailable("the shard of region " + notReady.get(0).region()
                    + " is not available; an export must read every shard");
        }
        claim();
    }

    private void claim() {
        if (!busy.compareAndSet(false, true)) {
            throw Failure.CLUSTER_DATA_BUSY.retryAfter(
                    retryAfterSeconds, "another export or erasure is in progress; one runs at a time");
        }
    }

    /**
     * Streams every event of {@code cluster}, shard after shard (by region name), oldest first, one
     * JSON object a line: {@code id, type, source, time, receivedAt, region, data}. Holds one batch
     * of {@value #EXPORT_BATCH} rows at a time, read through a cursor; a slow client slows the reads.
     */
    public Uni<Void> export(String cluster, Lines out) {
        List<Shard> all = shards.all().stream()
                .sorted(Comparator.comparing(Shard::region))
                .toList();
        return Multi.createFrom()
                .iterable(all)
                .onItem()
                .transformToUniAndConcatenate(shard -> exportShard(shard, cluster, out))
                .collect()
                .last()
                .replaceWithVoid()
                .onTermination()
                .invoke(() -> busy.set(false));
    }

    private Uni<Void> exportShard(Shard shard, String cluster, Lines out) {
        String region = shard.region();
        // A cursor needs a transaction; it is read-only and takes no transaction id, so it holds back
        // neither forwarding's horizon nor vacuum's more than the export's own snapshot.
        return shard.use(pool ->
                        pool.withTransaction(conn -> conn.prepare(EXPORT).flatMap(statement -> {
                            var cursor = statement.cursor(Tuple.of(cluster));
                            return Multi.createBy()
                                    .repeating()
                                    .uni(() -> cursor.read(EXPORT_BATCH)
                                            .ifNoItem()
                                            .after(EXPORT_STEP_TIMEOUT)
                                            .fail()
                                            .flatMap(rows -> rows.size() == 0
                                                    ? Uni.createFrom().item(false)
                                                    : out.write(lines(region, rows))
                                                            .ifNoItem()
                                                            .after(EXPORT_STEP_TIMEOUT)
                                                            .fail()
                                                            .map(v -> cursor.hasMore())))
                                    .whilst(more -> more)
                                    .collect()
                                    .last()
                                    .call(cursor::close)
                                    .replaceWithVoid();
                        })))
                .onFailure(ShardFailures::isUnavailability)
                .transform(e -> shards.unavailable(
                        "the shard of region " + region + " failed during the export: " + ShardFailures.describe(e)));
    }

    private static String lines(String region, RowSet<Row> rows) {
        StringBuilder sb = new StringBuilder(rows.size() * 256);
        for (Row r : rows) {
            // data is the stored JSON as it is; the rest is escaped by the JSON writer.
            String head = new JsonObject()
                    .put("id", r.getUUID(0).toString())
                    .put("type", r.getString(1))
                    .put("source", r.getString(2))
                    .put("time", instant(r.getOffsetDateTime(3)))
                    .put("receivedAt", instant(r.getOffsetDateTime(4)))
                    .put("region", region)
                    .encode();
            sb.append(head, 0, head.length() - 1)
                    .append(",\"data\":")
                    .append(r.getString(5))
                    .append("}\n");
        }
        return sb.toString();
    }

    private static String instant(OffsetDateTime t) {
        return t.toInstant().toString();
    }

    /**
     * Erases every row of {@code cluster} in every shard and in the central store, and records the
     * erasure (cluster, time, counts, and the short fingerprint of the operator credential that asked,
     * {@code requestedBy}) in the central store's {@code erasures}. A repeat deletes nothing
     * and succeeds. A shard that is unavailable does not stop the others; the erasure then fails with
     * 503 naming it, what was erased stays erased, and a repeat finishes the rest (it is recorded once
     * complete). An unavailable central store fails it before anything is deleted.
     */
    public Uni<Erasure> erase(String cluster, String requestedBy) {
        return Uni.createFrom().deferred(() -> {
            checkClusterId(cluster);
            if (!central.ready()) {
                return Uni.createFrom().failure(centralUnavailable(central.lastError()));
            }
            claim();
            List<Shard> all = shards.all().stream()
                    .sorted(Comparator.comparing(Shard::region))
                    .toList();
            Map<String, Long> deleted = new LinkedHashMap<>();
            List<Long> inCentral = new ArrayList<>();
            Map<String, String> failed = new LinkedHashMap<>();
            return Multi.createFrom()
                    .iterable(all)
                    .onItem()
                    .transformToUniAndConcatenate(shard -> eraseShard(shard, cluster)
                            .invoke(counts -> {
                                deleted.put(shard.region(), counts[0]);
                                inCentral.add(counts[1]);
                            })
                            .onFailure(e -> e instanceof GatewayException g && g.failure() == Failure.SHARD_UNAVAILABLE)
                            .recoverWithItem(e -> {
                                failed.put(shard.region(), e.getMessage());
                                return null;
                            }))
                    .collect()
                    .last()
                    // Copies of regions no longer in the map (a region removed, a cluster moved away).
                    .flatMap(done -> centralPool(c -> c.preparedQuery(DELETE_CENTRAL)
                            .execute(Tuple.of(cluster))
                            .map(RowSet::rowCount)))
                    .flatMap(rest -> {
                        deleted.put(
                                "central",
                                inCentral.stream().mapToLong(Long::longValue).sum() + rest);
                        if (!failed.isEmpty()) {
                            return Uni.createFrom()
                                    .failure(shards.unavailable("erased " + deleted + "; not erased in "
                                            + failed.keySet() + " (" + String.join("; ", failed.values())
                                            + "): erase again when they are back"));
                        }
                        return centralPool(c -> c.preparedQuery(RECORD_ERASURE)
                                        .execute(Tuple.of(cluster, JsonObject.mapFrom(deleted), requestedBy)))
                                .replaceWith(new Erasure(Collections.unmodifiableMap(deleted)));
                    })
                    .onTermination()
                    .invoke(() -> busy.set(false));
        });
    }

    /**
     * One shard, in one shard transaction: forwarding's lock, the central copies of this region's rows,
     * then the shard's rows, committed last. @return rows deleted in the shard and in the central store
     */
    private Uni<long[]> eraseShard(Shard shard, String cluster) {
        String region = shard.region();
        String lockKey = JobName.FORWARDING.lockKey();
        return shards.run(
                shard,
                ERASURE_TIMEOUT,
                pool -> pool.withTransaction(conn -> conn.query(
                                "SET LOCAL lock_timeout = '" + LOCK_WAIT.toSeconds() + "s'")
                        .execute()
                        .flatMap(v -> conn.preparedQuery(LOCK_FORWARDING)
                                .execute(Tuple.of(lockKey))
                                .onFailure(ClusterData::isLockTimeout)
                                .transform(e -> shards.unavailable("a forwarding run of region " + region
                                        + " held its shard for over " + LOCK_WAIT.toSeconds()
                                        + " s; erase again later")))
                        .flatMap(v -> centralPool(c -> c.preparedQuery(DELETE_CENTRAL_OF_REGION)
                                .execute(Tuple.of(cluster, region))
                                .map(RowSet::rowCount)))
                        .flatMap(inCentral ->
                                deleteOnShard(conn, cluster).map(onShard -> new long[] {onShard, inCentral}))));
    }

    private static Uni<Long> deleteOnShard(SqlConnection conn, String cluster) {
        return conn.preparedQuery(DELETE_TELEMETRY)
                .execute(Tuple.of(cluster))
                .flatMap(t -> conn.preparedQuery(DELETE_BILLING)
                        .execute(Tuple.of(cluster))
                        .map(b -> (long) t.rowCount() + b.rowCount()));
    }

    /** Work on the central store; its unavailability is a 503 of the central store. */
    private <T> Uni<T> centralPool(java.util.function.Function<SqlConnection, Uni<T>> work) {
        return central.pool()
                .withConnection(work)
                .onFailure(e -> !(e instanceof GatewayException) && ShardFailures.isUnavailability(e))
                .transform(e -> centralUnavailable(ShardFailures.describe(e)));
    }

    private GatewayException centralUnavailable(String why) {
        return Failure.CENTRAL_STORE_UNAVAILABLE.retryAfter(
                retryAfterSeconds,
                "the central store is unavailable (" + why + "); what was erased stays erased, erase again later");
    }

    /** PostgreSQL's lock_not_available (55P03): lock_timeout passed. */
    private static boolean isLockTimeout(Throwable e) {
        return e instanceof io.vertx.pgclient.PgException pg && "55P03".equals(pg.getSqlState());
    }
}
