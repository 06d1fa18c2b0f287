package io.akshybrid.gateway.jobs;

import io.akshybrid.gateway.central.CentralStore;
import io.akshybrid.gateway.config.GatewayConfig;
import io.akshybrid.gateway.jobs.JobSummary.Counts;
import io.akshybrid.gateway.schema.Migrations;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Moves a region's telemetry (never billing) to the central store's {@code forwarded_telemetry},
 * tagged with the region.
 *
 * <p>Complete: rows are read in the order of the transactions that wrote them ({@code tx_id}), and
 * only rows of transactions older than the oldest transaction still running on the shard
 * ({@code pg_snapshot_xmin}). A transaction that commits after a younger one is therefore never passed
 * over. Idempotent: the cursor on the shard moves only after the central store committed the page,
 * and the central primary key (region, cluster_id, event_id, event_time) absorbs a page sent twice after a crash.
 *
 * <p>Survives a move to another server (dump and restore, logical migration): a transaction id belongs
 * to a server, so {@code tx_id} is the server's id plus an offset kept with the data, and each run
 * first checks that the server's counter is ahead of every row; when it is not, the offset is raised
 * above them (see {@code forwarding_reanchor()} in db/shard V4). Without that, rows written on a
 * server whose counter stood lower would sort before the cursor and never be forwarded.
 * Reactive; never blocks.
 */
@ApplicationScoped
public class ForwardingJob {

    private static final Logger LOG = Logger.getLogger(ForwardingJob.class);

    static final UUID MIN_UUID = new UUID(0, 0);
    /** Earlier than any event time (ingest refuses events older than the retention period). */
    static final OffsetDateTime BEFORE_ANY_EVENT = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    /** The oldest transaction still running, in tx_id's terms (the server's id plus the data's offset). */
    static final String HORIZON =
            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint + xid_offset FROM forwarding_cursor";
    // A row's place is its writing transaction, then its full key: unique, so no two rows of one
    // transaction can straddle a page boundary.
    static final String CURSOR = "SELECT tx_id, event_id, cluster_id, event_time FROM forwarding_cursor";
    static final String PAGE = """
            SELECT tx_id, event_id, cluster_id, type, source, event_time, received_at, payload::text
            FROM telemetry_events
            WHERE (tx_id, event_id, cluster_id, event_time) > ($1, $2, $3, $4) AND tx_id < $5
            ORDER BY tx_id, event_id, cluster_id, event_time
            LIMIT $6""";
    static final String MOVE_CURSOR = """
            UPDATE forwarding_cursor SET tx_id = $1, event_id = $2, cluster_id = $3, event_time = $4,
                   updated_at = now()""";
    static final String LAG = """
            SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(received_at)), 0)::float8
            FROM telemetry_events WHERE (tx_id, event_id, cluster_id, event_time) > ($1, $2, $3, $4)""";
    static final String INSERT_CENTRAL = """
            INSERT INTO forwarded_telemetry (region, event_id, cluster_id, type, source, event_time, received_at, payload)
            SELECT $1, u.event_id, u.cluster_id, u.type, u.source, u.event_time, u.received_at, u.payload::jsonb
            FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::text[])
                 AS u(event_id, cluster_id, type, source, event_time, received_at, payload)
            ON CONFLICT DO NOTHING""";

    private final CentralStore central;
    private final ForwardingPacing pacing;
    private final int pageSize;
    private final int maxPages;
    private final AtomicInteger mostRowsHeld = new AtomicInteger();

    public ForwardingJob(CentralStore central, ForwardingPacing pacing, GatewayConfig config) {
        this.central = central;
        this.pacing = pacing;
        this.pageSize = config.forwarding().pageSize();
        this.maxPages = config.forwarding().maxPagesPerRun();
    }

    /** The place of the last row forwarded. */
    private record Cursor(long txId, UUID eventId, String clusterId, OffsetDateTime eventTime) {
        /** Before the first row of transaction {@code txId}. */
        static Cursor before(long txId) {
            return new Cursor(txId, MIN_UUID, "", BEFORE_ANY_EVENT);
        }

        Tuple with(Object... more) {
            List<Object> values = new ArrayList<>(List.of(txId, eventId, clusterId, eventTime));
            values.addAll(List.of(more));
            return Tuple.tuple(values);
        }
    }

    /** Forwards what is ready on the shard behind {@code conn} (which holds the job's lock). */
    Uni<Counts> forward(String region, SqlConnection conn) {
        Progress progress = new Progress();
        return conn.query(Migrations.REANCHOR_FORWARDING)
                .execute()
                .invoke(rows -> {
                    long delta = rows.iterator().next().getLong(0);
                    if (delta > 0) {
                        LOG.warnf(
                                "Region %s: the shard's transaction counter stood behind its data (it moved to "
                                        + "another server); forwarding re-anchored its order by %d",
                                region, delta);
                    }
                })
                .flatMap(v -> conn.query(HORIZON).execute())
                .map(rows -> rows.iterator().next().getLong(0))
                .flatMap(horizon -> cursor(conn).flatMap(cursor -> {
                    progress.cursor = cursor;
                    return pages(region, conn, horizon, progress);
                }))
                .onTermination()
                .invoke(() -> mostRowsHeld.accumulateAndGet(progress.mostHeld.get(), Math::max))
                .onFailure()
                .transform(e -> new PartlyDone(progress.moved, e));
    }

    /** Age in seconds of the oldest row not yet forwarded (0 when none): what the lag series shows. */
    Uni<Double> lag(SqlConnection conn) {
        return cursor(conn)
                .flatMap(cursor -> conn.preparedQuery(LAG)
                        .execute(cursor.with())
                        .map(rows -> rows.iterator().next().getDouble(0)));
    }

    private static Uni<Cursor> cursor(SqlConnection conn) {
        return conn.query(CURSOR).execute().map(rows -> {
            Row r = rows.iterator().next();
            return new Cursor(r.getLong(0), r.getUUID(1), r.getString(2), r.getOffsetDateTime(3));
        });
    }

    /**
     * How far a run has got. One run's pages follow each other on one connection, so it is only ever
     * touched by one page at a time.
     */
    private static final class Progress {
        Cursor cursor;
        long moved;
        int pages;
        boolean reachedHorizon;
        /** Rows read and not yet released, and the most at any moment (touched by the shard's and the central pool's threads). */
        final AtomicInteger held = new AtomicInteger();

        final AtomicInteger mostHeld = new AtomicInteger();

        RowSet<Row> hold(RowSet<Row> rows) {
            int now = held.addAndGet(rows.size());
            mostHeld.accumulateAndGet(now, Math::max);
            return rows;
        }

        void release(int rows) {
            held.addAndGet(-rows);
        }
    }

    /** The most rows any run has held in memory at once since start: at most a page. */
    int mostRowsHeldByARun() {
        return mostRowsHeld.get();
    }

    /**
     * Forwards page after page: a page's rows are released once the central store has committed them
     * and the cursor has moved, so a run holds at most one page in memory, however long the backlog.
     * (Reading the next page while the central store wrote this one made no difference that the
     * 2-core benchmark machine could tell from its noise; the work is CPU-bound there. Kept simple.)
     */
    private Uni<Counts> pages(String region, SqlConnection conn, long horizon, Progress p) {
        return Multi.createBy()
                .repeating()
                .uni(() -> page(region, conn, horizon, p))
                .whilst(more -> more)
                .collect()
                .last()
                .flatMap(done -> p.reachedHorizon
                        ? complete(conn, p.cursor, horizon, p.moved)
                        : finish(conn, p.cursor, p.moved)); // the next run goes on from here
    }

    /**
     * One page: read, send, move the cursor, and yield to ingest if it is
     * busy. True when another page should follow in this run.
     */
    private Uni<Boolean> page(String region, SqlConnection conn, long horizon, Progress p) {
        return read(conn, p.cursor, horizon, p).flatMap(rows -> {
            int n = rows.size();
            if (n == 0) {
                p.reachedHorizon = true;
                return Uni.createFrom().item(false);
            }
            long t0 = System.nanoTime();
            Cursor last = lastOf(rows);
            Tuple args = centralRows(region, rows);
            boolean more = n == pageSize && p.pages + 1 < maxPages;
            // In a transaction of its own: one statement would be atomic without it, but the drain
            // measured about 10% slower that way on the 2-core benchmark machine (within its noise).
            return central.pool()
                    .withTransaction(c -> c.preparedQuery(INSERT_CENTRAL).execute(args))
                    .onTermination()
                    .invoke(() -> p.release(n)) // the arrays went with the statement
                    .flatMap(v -> moveCursor(conn, last))
                    .flatMap(v -> {
                        p.cursor = last;
                        p.moved += n;
                        p.pages++;
                        p.reachedHorizon = n < pageSize;
                        return more ? pacing.yieldIfBusy(region, Duration.ofNanos(System.nanoTime() - t0)) : VOID;
                    })
                    .map(v -> more);
        });
    }

    private static final Uni<Void> VOID = Uni.createFrom().voidItem();

    private Uni<RowSet<Row>> read(SqlConnection conn, Cursor after, long horizon, Progress p) {
        return conn.preparedQuery(PAGE).execute(after.with(horizon, pageSize)).map(p::hold);
    }

    /** A run that failed after it had forwarded {@code rows} rows (their cursor moved; they stay forwarded). */
    static final class PartlyDone extends RuntimeException {
        final long rows;

        PartlyDone(long rows, Throwable cause) {
            super(cause.getMessage(), cause, false, false);
            this.rows = rows;
        }
    }

    /** Every row of every transaction older than the horizon is forwarded: the cursor jumps to just below it. */
    private static Uni<Counts> complete(SqlConnection conn, Cursor cursor, long horizon, long moved) {
        Cursor done = cursor.txId >= horizon ? cursor : Cursor.before(horizon);
        return moveCursor(conn, done).flatMap(v -> finish(conn, done, moved));
    }

    private static Cursor lastOf(RowSet<Row> rows) {
        Row last = null;
        for (Row r : rows) {
            last = r;
        }
        return new Cursor(
                last.getLong("tx_id"),
                last.getUUID("event_id"),
                last.getString("cluster_id"),
                last.getOffsetDateTime("event_time"));
    }

    /** The page's rows as the central insert's arrays, so that the rows themselves can go. */
    private static Tuple centralRows(String region, RowSet<Row> rows) {
        int n = rows.size();
        UUID[] ids = new UUID[n];
        String[] clusters = new String[n];
        String[] types = new String[n];
        String[] sources = new String[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        OffsetDateTime[] received = new OffsetDateTime[n];
        String[] payloads = new String[n];
        int i = 0;
        for (Row r : rows) {
            ids[i] = r.getUUID("event_id");
            clusters[i] = r.getString("cluster_id");
            types[i] = r.getString("type");
            sources[i] = r.getString("source");
            times[i] = r.getOffsetDateTime("event_time");
            received[i] = r.getOffsetDateTime("received_at");
            payloads[i] = r.getString("payload");
            i++;
        }
        return Tuple.tuple(List.of(region, ids, clusters, types, sources, times, received, payloads));
    }

    private static Uni<Void> moveCursor(SqlConnection conn, Cursor cursor) {
        return conn.preparedQuery(MOVE_CURSOR).execute(cursor.with()).replaceWithVoid();
    }

    private static Uni<Counts> finish(SqlConnection conn, Cursor cursor, long moved) {
        return conn.preparedQuery(LAG)
                .execute(cursor.with())
                .map(rows -> new Counts(moved, 0, 0, rows.iterator().next().getDouble(0), null));
    }
}
