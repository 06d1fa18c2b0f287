package io.akshybrid.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the shard can take when nothing but the gateway's own statement stands between the load and
 * PostgreSQL: {@code writers} threads, each with one connection, insert {@code batch}-row batches of
 * host-os rows, one transaction per batch, with no HTTP, parsing or validation. The gateway's write
 * queue runs the same number of transactions at a time ({@code gateway.shards.writers}, 2), so the
 * gateway's events/s over this is the share of the shard's capacity that it delivers.
 */
final class DirectWriteCeiling {

    /**
     * {@code ShardWriter.INSERT_TELEMETRY} with JDBC's {@code ?} for {@code $n}; {@link #driftWarning}
     * compares it with the working tree's ShardWriter.java so that a changed statement is noticed.
     */
    static final String INSERT_TELEMETRY = """
            INSERT INTO telemetry_events (event_id, cluster_id, subscription_id, type, source, event_time, payload)
            SELECT u.event_id, u.cluster_id, u.subscription_id, u.type, u.source, u.event_time, u.payload::jsonb
            FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::text[])
                 AS u(event_id, cluster_id, subscription_id, type, source, event_time, payload)
            ON CONFLICT DO NOTHING
            RETURNING event_id, cluster_id, event_time""";

    static final Path SHARD_WRITER = Path.of("src/main/java/io/akshybrid/gateway/shards/ShardWriter.java");

    /** The payload the gateway stores for the wrk script's event ({@code data} as compact JSON). */
    static final String PAYLOAD = "{\"osName\":\"Windows Server\",\"osVersion\":\"10.0.20348.2461\","
            + "\"model\":\"PowerEdge R750\",\"eventName\":\"HostBoot\",\"deviceId\":\"d-7f3a9c\","
            + "\"countryCode\":\"DE\",\"flags\":{\"secureBoot\":true,\"tpmVersion\":2}}";

    /** Rows committed in the measured time, and the latency of each transaction (insert and commit). */
    record Result(long rows, double seconds, long[] transactionNanos) {
        double rowsPerSecond() {
            return rows / seconds;
        }

        long percentileNanos(double p) {
            return Stats.percentile(transactionNanos, p);
        }
    }

    private final BenchDatabase db;
    private final String database;
    private final int writers;
    private final int batch;
    private final int clusters;

    DirectWriteCeiling(BenchDatabase db, String database, int writers, int batch, int clusters) {
        this.db = db;
        this.database = database;
        this.writers = writers;
        this.batch = batch;
        this.clusters = clusters;
    }

    /** Runs the writers for {@code duration}; every thread stops at the same deadline. */
    Result run(Duration duration) throws Exception {
        return run(duration, Long.MAX_VALUE);
    }

    /** Writes about {@code rows} rows (at most a batch per writer more): a backlog for the forwarding phases. */
    Result fill(long rows) throws Exception {
        return run(Duration.ofHours(1), rows);
    }

    private Result run(Duration duration, long limit) throws Exception {
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        AtomicLong written = new AtomicLong();
        List<Writer> threads = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            Writer w = new Writer(db.connect(database), deadline, written, limit);
            threads.add(w);
            w.start();
        }
        long rows = 0;
        List<long[]> latencies = new ArrayList<>();
        for (Writer w : threads) {
            // A transaction is bounded by the JDBC socket timeout; this only guards against a bug here.
            w.join(duration.plusMinutes(3).toMillis());
            if (w.isAlive()) {
                w.interrupt();
                throw new IllegalStateException("a ceiling writer did not finish in time");
            }
            if (w.failure != null) {
                throw w.failure;
            }
            rows += w.rows;
            latencies.add(w.latencies.toArray());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(rows, seconds, Stats.concat(latencies));
    }

    private final class Writer extends Thread {
        private final Connection conn;
        private final long deadline;
        private final AtomicLong written;
        private final long limit;
        private final Stats.LongList latencies = new Stats.LongList();
        private long rows;
        private Exception failure;

        Writer(Connection conn, long deadline, AtomicLong written, long limit) {
            super("ceiling-writer");
            setDaemon(true);
            this.conn = conn;
            this.deadline = deadline;
            this.written = written;
            this.limit = limit;
        }

        @Override
        public void run() {
            try (conn;
                    PreparedStatement insert = conn.prepareStatement(INSERT_TELEMETRY)) {
                // One transaction per batch, as the gateway writes a group (BEGIN, INSERT, COMMIT).
                conn.setAutoCommit(false);
                UUID[] ids = new UUID[batch];
                String[] clusterIds = new String[batch];
                String[] subscriptions = new String[batch];
                String[] types = new String[batch];
                String[] sources = new String[batch];
                OffsetDateTime[] times = new OffsetDateTime[batch];
                String[] payloads = new String[batch];
                Arrays.fill(types, "host-os");
                Arrays.fill(sources, "UTC");
                Arrays.fill(payloads, PAYLOAD);
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < deadline && written.get() < limit) {
                    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
                    for (int i = 0; i < batch; i++) {
                        int cluster = random.nextInt(1, clusters + 1);
                        ids[i] = UUID.randomUUID();
                        clusterIds[i] = GatewayProcess.clusterId(cluster);
                        subscriptions[i] = GatewayProcess.subscription(cluster);
                        times[i] = now;
                    }
                    long t0 = System.nanoTime();
                    insert.setArray(1, conn.createArrayOf("uuid", ids));
                    insert.setArray(2, conn.createArrayOf("text", clusterIds));
                    insert.setArray(3, conn.createArrayOf("text", subscriptions));
                    insert.setArray(4, conn.createArrayOf("text", types));
                    insert.setArray(5, conn.createArrayOf("text", sources));
                    insert.setArray(6, conn.createArrayOf("timestamptz", times));
                    insert.setArray(7, conn.createArrayOf("text", payloads));
                    long stored = 0;
                    // The gateway reads the RETURNING rows to tell new ids from duplicates; so does this.
                    try (ResultSet rs = insert.executeQuery()) {
                        while (rs.next()) {
                            stored++;
                        }
                    }
                    conn.commit();
                    latencies.add(System.nanoTime() - t0);
                    rows += stored;
                    written.addAndGet(stored);
                }
            } catch (Exception e) {
                failure = e;
            }
        }
    }

    /**
     * A warning when ShardWriter.java's INSERT_TELEMETRY (read from the working tree, placeholders and
     * white space aside) is no longer the statement measured here; empty when they agree.
     */
    static Optional<String> driftWarning() {
        String source;
        try {
            source = Files.readString(SHARD_WRITER);
        } catch (IOException e) {
            return Optional.of("cannot read " + SHARD_WRITER + " to compare the ceiling's INSERT with it");
        }
        Matcher m = Pattern.compile("INSERT_TELEMETRY\\s*=\\s*\"\"\"(.*?)\"\"\"", Pattern.DOTALL)
                .matcher(source);
        if (!m.find()) {
            return Optional.of("INSERT_TELEMETRY not found in " + SHARD_WRITER + "; check the ceiling's INSERT");
        }
        String theirs =
                m.group(1).replaceAll("\\$\\d+", "?").replaceAll("\\s+", " ").strip();
        String ours = INSERT_TELEMETRY.replaceAll("\\s+", " ").strip();
        return theirs.equals(ours)
                ? Optional.empty()
                : Optional.of("ShardWriter.INSERT_TELEMETRY differs from the ceiling's copy in "
                        + "DirectWriteCeiling; the ceiling measures the old statement");
    }

    /** For the output: which statement, with how many writers. */
    String describe() {
        return writers + " JDBC writers, " + batch + "-row transactions of ShardWriter.INSERT_TELEMETRY";
    }
}
