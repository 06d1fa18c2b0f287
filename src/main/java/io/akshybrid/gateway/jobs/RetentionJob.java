package io.akshybrid.gateway.jobs;

import io.akshybrid.gateway.central.CentralStore;
import io.akshybrid.gateway.config.GatewayConfig;
import io.akshybrid.gateway.jobs.JobSummary.Counts;
import io.akshybrid.gateway.metrics.GatewayMetrics;
import io.akshybrid.gateway.retention.RetentionWindow;
import io.akshybrid.gateway.shards.ShardInitializer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keeps raw data for the retention period and only de-identified aggregates after it. For each day
 * partition older than the period, on the shard: the day's {@code daily_aggregates} rows are written
 * and committed (counts and sums per event type and a few dimensions; no cluster, subscription or
 * device identifier; cells from fewer than k distinct clusters left out), then the day's partitions are
 * dropped whole, under a short {@code lock_timeout} with retries, so that a long reader never holds
 * up ingest (see {@code dropWithRetry}). So a day never leaves a shard without its aggregates. The central store's forwarded
 * days are dropped the same way (its aggregates are the regions'), and so are job runs older than the
 * period. Aggregates older than
 * {@code gateway.aggregates.retention} are deleted. Reactive; never blocks.
 */
@ApplicationScoped
public class RetentionJob {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Pattern PARTITION = Pattern.compile("(.+)_(\\d{8})");

    static final String PARTITIONS = """
            SELECT c.relname FROM pg_inherits i
            JOIN pg_class c ON c.oid = i.inhrelid
            JOIN pg_class p ON p.oid = i.inhparent
            WHERE p.relname = ANY($1)""";

    /**
     * One day's cells. Dimensions are fields with few, non-identifying values; the k threshold applies
     * to every cell, totals included. $1 day, $2 region, $3 k.
     *
     * <p>No published set of cells lets a suppressed one be computed (secondary suppression). A type's
     * total is published beside each dimension's cells, so the total minus a dimension's published
     * cells gives the events of its hidden cells together: those from fewer than k clusters, and the
     * events that have no value in that dimension. When that remainder comes from fewer than k
     * clusters, the dimension's smallest published cell is hidden too; it comes from at least k
     * clusters, so the remainder then does as well. Dimensions are published one at a time, never
     * crossed with each other, so no other sum reaches inside a remainder.
     */
    static final String AGGREGATE_DAY = """
            WITH t AS (
                SELECT type, cluster_id, payload FROM telemetry_events
                WHERE event_time >= ($1::date)::timestamp AT TIME ZONE 'UTC'
                  AND event_time < ($1::date + 1)::timestamp AT TIME ZONE 'UTC'
            ), b AS (
                SELECT cluster_id, cores FROM billing_events
                WHERE event_time >= ($1::date)::timestamp AT TIME ZONE 'UTC'
                  AND event_time < ($1::date + 1)::timestamp AT TIME ZONE 'UTC'
            ), dv AS (
                SELECT t.type, t.cluster_id, d.dimension, d.value
                FROM t CROSS JOIN LATERAL (VALUES
                    ('osName', t.payload->>'osName'), ('osVersion', t.payload->>'osVersion'),
                    ('countryCode', t.payload->>'countryCode'), ('platform', t.payload->>'platform'),
                    ('category', t.payload->>'category')) AS d(dimension, value)
            ), vc AS (
                SELECT type, dimension, value, count(*) AS events, count(DISTINCT cluster_id) AS clusters,
                       value IS NULL OR count(DISTINCT cluster_id) < $3 AS hidden
                FROM dv GROUP BY type, dimension, value
            ), remainder AS (
                SELECT dv.type, dv.dimension, count(DISTINCT dv.cluster_id) AS clusters
                FROM dv JOIN vc ON vc.type = dv.type AND vc.dimension = dv.dimension
                               AND vc.value IS NOT DISTINCT FROM dv.value
                WHERE vc.hidden
                GROUP BY dv.type, dv.dimension
            ), secondary AS (
                SELECT DISTINCT ON (vc.type, vc.dimension) vc.type, vc.dimension, vc.value
                FROM vc JOIN remainder r ON r.type = vc.type AND r.dimension = vc.dimension
                WHERE NOT vc.hidden AND r.clusters < $3
                ORDER BY vc.type, vc.dimension, vc.events, vc.clusters, vc.value
            ), cells AS (
                SELECT type AS event_type, 'all' AS dimension, '' AS value,
                       count(*) AS events, count(DISTINCT cluster_id) AS clusters, NULL::float8 AS total
                FROM t GROUP BY type
              UNION ALL
                SELECT vc.type, vc.dimension, vc.value, vc.events, vc.clusters, NULL::float8
                FROM vc
                WHERE NOT vc.hidden AND NOT EXISTS (
                    SELECT 1 FROM secondary s
                    WHERE s.type = vc.type AND s.dimension = vc.dimension AND s.value = vc.value)
              UNION ALL
                SELECT t.type, d.dimension, '', count(*), count(DISTINCT t.cluster_id), sum(d.amount)
                FROM t CROSS JOIN LATERAL (VALUES
                    ('podCount', (t.payload->>'podCount')::float8), ('nodeCount', (t.payload->>'nodeCount')::float8),
                    ('vCoreCount', (t.payload->>'vCoreCount')::float8)) AS d(dimension, amount)
                WHERE t.type = 'control-plane' AND d.amount IS NOT NULL
                GROUP BY t.type, d.dimension
              UNION ALL
                SELECT 'billing', 'cores', '', count(*), count(DISTINCT cluster_id), sum(cores)
                FROM b HAVING count(*) > 0
            )
            INSERT INTO daily_aggregates (day, region, event_type, dimension, value, events, clusters, total)
            SELECT $1::date, $2, event_type, dimension, value, events, clusters, total FROM cells WHERE clusters >= $3
            ON CONFLICT (day, region, event_type, dimension, value) DO UPDATE
                SET events = EXCLUDED.events, clusters = EXCLUDED.clusters, total = EXCLUDED.total""";

    static final String DELETE_OLD_AGGREGATES = "DELETE FROM daily_aggregates WHERE day < $1";
    static final String DELETE_OLD_JOB_RUNS =
            "DELETE FROM job_runs WHERE started_at < ($1::date)::timestamp AT TIME ZONE 'UTC'";

    private final RetentionWindow window;
    private final int minClusters;
    private final GatewayMetrics metrics;
    private final String lockTimeout;
    private final int dropAttempts;
    private final Duration dropRetryDelay;

    public RetentionJob(RetentionWindow window, GatewayConfig config, GatewayMetrics metrics) {
        this.window = window;
        this.minClusters = config.aggregates().minClusters();
        this.metrics = metrics;
        this.lockTimeout = Math.max(1, config.retention().lockTimeout().toMillis()) + "ms";
        this.dropAttempts = Math.max(1, config.retention().dropAttempts());
        this.dropRetryDelay = config.retention().dropRetryDelay();
        metrics.retentionDropsDeferred(JobRunner.CENTRAL, 0);
    }

    Uni<Counts> onShard(String region, SqlConnection conn) {
        metrics.retentionDropsDeferred(region, 0);
        LocalDate today = window.today();
        LocalDate cutoff = window.oldestRawDay(today);
        return expiredDays(conn, ShardInitializer.PARTITIONED_TABLES, cutoff)
                .flatMap(days -> eachDay(
                                days,
                                (day, tables) -> aggregate(conn, region, day)
                                        .call(written -> dropWithRetry(conn, region, day, tables, 1)))
                        .flatMap(written -> conn.preparedQuery(DELETE_OLD_AGGREGATES)
                                .execute(Tuple.of(window.oldestAggregateDay(today)))
                                .map(deleted -> new Counts(
                                        written,
                                        0,
                                        partitions(days),
                                        null,
                                        "raw days before " + cutoff + " dropped; " + deleted.rowCount()
                                                + " expired aggregate rows deleted"))));
    }

    Uni<Counts> onCentral(SqlConnection conn) {
        LocalDate cutoff = window.oldestRawDay(window.today());
        return expiredDays(conn, CentralStore.PARTITIONED_TABLES, cutoff)
                .flatMap(days -> eachDay(
                                days,
                                (day, tables) -> dropWithRetry(conn, JobRunner.CENTRAL, day, tables, 1)
                                        .replaceWith(0L))
                        .flatMap(none -> conn.preparedQuery(DELETE_OLD_JOB_RUNS).execute(Tuple.of(cutoff)))
                        .map(deleted -> new Counts(
                                0,
                                0,
                                partitions(days),
                                null,
                                "raw days before " + cutoff + " dropped; " + deleted.rowCount()
                                        + " job runs older than that deleted")));
    }

    /**
     * A day's aggregates, written (or rewritten: the upsert recomputes every cell from the raw rows)
     * in a transaction of their own before its partitions are dropped, so a day never leaves a shard
     * without its aggregates, and a drop that must wait for a reader holds no aggregation work.
     */
    private Uni<Long> aggregate(SqlConnection conn, String region, LocalDate day) {
        return inTransaction(
                conn,
                conn.preparedQuery(AGGREGATE_DAY)
                        .execute(Tuple.of(day, region, minClusters))
                        .map(written -> (long) written.rowCount()));
    }

    /**
     * Drops a day's partitions under {@code lock_timeout}: a drop needs an exclusive lock on the
     * parent table, and every insert queues behind a drop that waits for one, so the wait is kept
     * short. A reader that holds the table longer makes the attempt fail; it is tried again after
     * {@code drop-retry-delay}, and after {@code drop-attempts} the day is left for the next run (the
     * run fails with the reason, and {@code gateway_retention_drops_deferred_total} counts it).
     */
    private Uni<Void> dropWithRetry(
            SqlConnection conn, String target, LocalDate day, List<String> tables, int attempt) {
        return inTransaction(
                        conn,
                        conn.query("SET LOCAL lock_timeout = '" + lockTimeout + "'")
                                .execute()
                                .flatMap(v -> drop(conn, tables)))
                .onFailure(RetentionJob::lockNotAvailable)
                .recoverWithUni(e -> {
                    if (attempt < dropAttempts) {
                        return Uni.createFrom()
                                .voidItem()
                                .onItem()
                                .delayIt()
                                .by(dropRetryDelay)
                                .flatMap(v -> dropWithRetry(conn, target, day, tables, attempt + 1));
                    }
                    metrics.retentionDropsDeferred(target, 1);
                    return Uni.createFrom()
                            .failure(new IllegalStateException("the partitions of " + day + " were in use past "
                                    + "lock_timeout (" + lockTimeout + ") in " + attempt + " attempts (a long "
                                    + "transaction reads them); ingest went on, and the next run drops them"));
                });
    }

    /** The lock wait ran out (55P03), or the drop was chosen as a deadlock's victim (40P01). */
    private static boolean lockNotAvailable(Throwable e) {
        return e instanceof PgException pg && ("55P03".equals(pg.getSqlState()) || "40P01".equals(pg.getSqlState()));
    }

    /** Runs {@code work} for each day in turn (oldest first) and adds up what it returns. */
    private static Uni<Long> eachDay(
            TreeMap<LocalDate, List<String>> days, BiFunction<LocalDate, List<String>, Uni<Long>> work) {
        return Multi.createFrom()
                .iterable(days.entrySet())
                .onItem()
                .transformToUniAndConcatenate(d -> work.apply(d.getKey(), d.getValue()))
                .collect()
                .with(Collectors.summingLong(Long::longValue));
    }

    private static int partitions(TreeMap<LocalDate, List<String>> days) {
        return days.values().stream().mapToInt(List::size).sum();
    }

    /** Partitions of days before {@code cutoff}, grouped by day (oldest first). */
    private static Uni<TreeMap<LocalDate, List<String>>> expiredDays(
            SqlConnection conn, String[] parents, LocalDate cutoff) {
        return conn.preparedQuery(PARTITIONS)
                .execute(Tuple.of((Object) parents))
                .map(rows -> {
                    TreeMap<LocalDate, List<String>> days = new TreeMap<>();
                    for (Row r : rows) {
                        Matcher m = PARTITION.matcher(r.getString(0));
                        if (m.matches()) {
                            LocalDate day = LocalDate.parse(m.group(2), DAY);
                            if (day.isBefore(cutoff)) {
                                days.computeIfAbsent(day, d -> new ArrayList<>())
                                        .add(r.getString(0));
                            }
                        }
                    }
                    return days;
                });
    }

    private static Uni<Void> drop(SqlConnection conn, List<String> tables) {
        // Names come from pg_class and match PARTITION; quoted anyway.
        String sql = "DROP TABLE IF EXISTS "
                + String.join(
                        ", ",
                        tables.stream()
                                .map(t -> "\"" + t.replace("\"", "\"\"") + "\"")
                                .toList());
        return conn.query(sql).execute().replaceWithVoid();
    }

    private static <T> Uni<T> inTransaction(SqlConnection conn, Uni<T> work) {
        return conn.begin()
                .flatMap(tx -> work.call(tx::commit)
                        .onFailure()
                        .call(e -> tx.rollback().onFailure().recoverWithNull()));
    }
}
