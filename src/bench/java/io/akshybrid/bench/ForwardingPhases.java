package io.akshybrid.bench;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The forwarding phases: how fast a backlog moves to the central store, and what forwarding costs
 * ingest. Forwarding is off in the gateway's schedule; these phases run it through the admin API, one
 * run after the other, as a scheduler with no pause between runs would.
 */
final class ForwardingPhases {

    /** A backlog written straight into one shard or both, then forwarded until none is left. */
    record Drain(
            int regions, long backlog, long forwarded, long centralRows, double seconds, int runs, OptionalLong rss) {
        double rowsPerSecond() {
            return forwarded / seconds;
        }
    }

    /**
     * The same ingest load without forwarding and with forwarding running back to back; what forwarding
     * moved meanwhile, the largest lag it reported, and how long after ingest stopped it caught up.
     */
    record WithIngest(
            Wrk.Result alone,
            Wrk.Result withForwarding,
            long forwardedDuringIngest,
            double maxLagSeconds,
            double catchUpSeconds,
            long shardRows,
            long centralRows,
            OptionalLong rss) {}

    private final BenchDatabase db;
    private final GatewayProcess gateway;
    private final int clusters;
    private final Duration timeout;

    ForwardingPhases(BenchDatabase db, GatewayProcess gateway, int clusters, Duration timeout) {
        this.db = db;
        this.gateway = gateway;
        this.clusters = clusters;
        this.timeout = timeout;
    }

    /**
     * The backlog split evenly over the shards of {@code regions} regions (1 or 2), then forwarding runs
     * until every row is in the central store.
     */
    Drain drain(long backlog, int regions) throws Exception {
        List<String> shards = List.of(BenchDatabase.SHARD, BenchDatabase.SHARD2).subList(0, regions);
        db.resetShard(BenchDatabase.SHARD);
        db.resetShard(BenchDatabase.SHARD2);
        db.resetCentral();
        // Whatever the previous phases left unforwarded was truncated (and a request still in flight
        // when they ended may have been written since): one run moves the cursors past all of it.
        gateway.forwardOnce();
        long before = db.centralRows();
        long backlogRows = 0;
        for (String shard : shards) {
            long already = db.shardRows(shard);
            new DirectWriteCeiling(db, shard, 2, 1000, clusters).fill(backlog / regions);
            backlogRows += db.shardRows(shard) - already;
        }
        // The writes' dirty pages go to disk now rather than during the drain. (The backlog stays in
        // PostgreSQL's cache: an older backlog, read from disk, drains slower.)
        db.checkpoint();
        gateway.resetPeakRss();
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        long forwarded = 0;
        int runs = 0;
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(String.format(
                        "the backlog did not drain within %d s: %,d of %,d rows forwarded",
                        timeout.toSeconds(), forwarded, backlogRows));
            }
            GatewayProcess.ForwardingRun run = gateway.forwardOnce();
            runs++;
            if (!run.problems().isEmpty()) {
                throw new IllegalStateException("forwarding failed: " + run.problems());
            }
            if (run.totalRows() == 0) {
                break; // drained (this last run found nothing; it takes milliseconds)
            }
            forwarded += run.totalRows();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long arrived = db.centralRows() - before;
        if (arrived != backlogRows || forwarded != backlogRows) {
            throw new IllegalStateException(String.format(
                    "of a backlog of %,d rows, runs reported %,d forwarded and %,d arrived in the central store; %s",
                    backlogRows, forwarded, arrived, db.forwardingState(shards)));
        }
        long written = backlogRows;
        return new Drain(regions, written, forwarded, arrived, seconds, runs, gateway.peakRssKib());
    }

    /** {@code load} alone, then again with forwarding running back to back all along. */
    WithIngest whileIngesting(Wrk wrk, Wrk.Load load) throws Exception {
        db.resetShard();
        db.resetCentral();
        gateway.forwardOnce();
        Wrk.Result alone = wrk.run("100-event-no-forwarding", load);

        db.resetShard();
        db.resetCentral();
        gateway.forwardOnce();
        gateway.resetPeakRss();
        Forwarder forwarder = new Forwarder();
        forwarder.start();
        Wrk.Result with;
        try {
            with = wrk.run("100-event-with-forwarding", load);
        } finally {
            forwarder.stop.set(true);
            forwarder.join(timeout.toMillis());
        }
        if (forwarder.failure != null) {
            throw forwarder.failure;
        }
        long forwardedDuringIngest = forwarder.forwarded;
        long ingestEnded = System.nanoTime();
        long shardRows = db.shardRows();
        long deadline = ingestEnded + timeout.toNanos();
        long central = db.centralRows();
        while (central < shardRows) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(String.format(
                        "forwarding did not catch up within %d s after ingest: %,d of %,d rows",
                        timeout.toSeconds(), central, shardRows));
            }
            GatewayProcess.ForwardingRun run = gateway.forwardOnce();
            if (!run.problems().isEmpty()) {
                throw new IllegalStateException("forwarding failed: " + run.problems());
            }
            central = db.centralRows();
        }
        double catchUp = (System.nanoTime() - ingestEnded) / 1e9;
        return new WithIngest(
                alone,
                with,
                forwardedDuringIngest,
                forwarder.maxLag,
                catchUp,
                shardRows,
                central,
                gateway.peakRssKib());
    }

    /** Runs forwarding through the admin API, one run after the other, until told to stop. */
    private final class Forwarder extends Thread {
        final AtomicBoolean stop = new AtomicBoolean();
        volatile long forwarded;
        volatile double maxLag;
        volatile Exception failure;

        Forwarder() {
            super("bench-forwarder");
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (!stop.get()) {
                    GatewayProcess.ForwardingRun run = gateway.forwardOnce();
                    if (!run.problems().isEmpty()) {
                        throw new IllegalStateException("forwarding failed: " + run.problems());
                    }
                    forwarded += run.totalRows();
                    Double lag = run.lagSeconds().get(GatewayProcess.REGION);
                    if (lag != null && !lag.isNaN()) {
                        maxLag = Math.max(maxLag, lag);
                    }
                }
            } catch (Exception e) {
                failure = e;
            }
        }
    }
}
