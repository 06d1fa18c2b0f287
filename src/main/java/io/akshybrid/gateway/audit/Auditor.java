package io.akshybrid.gateway.audit;

import io.akshybrid.gateway.audit.AuditReport.Check;
import io.akshybrid.gateway.audit.AuditReport.Finding;
import io.akshybrid.gateway.regions.Cluster;
import io.akshybrid.gateway.regions.RegionMap;
import io.akshybrid.gateway.regions.ShardLocation;
import io.akshybrid.gateway.schema.Migrations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Proves the residency and retention promises from the data itself (DESIGN.md, A cluster's data):
 * no billing row in the central store; every central row's region is a region of the map; no raw row
 * older than the retention period plus one day's grace in any store; no aggregate cell from fewer
 * than k clusters; and, for information, rows of clusters now registered in another region.
 *
 * <p>Blocking (JDBC): the admin API runs it on a worker thread, the {@code audit} command on its
 * main thread. Every query is bounded by a statement timeout, and reads indexes where a table can be
 * large (distinct clusters and regions by a loose index scan of the primary key, old rows by
 * partition pruning, billing in the central store by a partial index), so its cost does not grow
 * with the rows a store holds.
 */
public final class Auditor {

    /** Each query's limit; a store that takes longer is reported unreachable, not passed. */
    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(60);

    static final Period GRACE = Period.ofDays(1);

    // A loose index scan: one index probe per distinct value of the key's first column.
    private static final String DISTINCT_CLUSTERS = """
            WITH RECURSIVE c(id) AS (
              SELECT min(cluster_id) FROM %1$s
              UNION ALL
              SELECT (SELECT min(cluster_id) FROM %1$s WHERE cluster_id > c.id) FROM c WHERE c.id IS NOT NULL)
            SELECT id FROM c WHERE id IS NOT NULL""";
    private static final String DISTINCT_REGIONS = """
            WITH RECURSIVE r(name) AS (
              SELECT min(region) FROM forwarded_telemetry
              UNION ALL
              SELECT (SELECT min(region) FROM forwarded_telemetry WHERE region > r.name) FROM r WHERE r.name IS NOT NULL)
            SELECT name FROM r WHERE name IS NOT NULL""";

    /**
     * A store to check.
     *
     * @param db where it is; empty when it cannot be reached from here (the reason says why)
     */
    public record Store(String name, Optional<ShardLocation.Remote> db, String unreachableReason) {
        public static Store at(String name, ShardLocation.Remote db) {
            return new Store(name, Optional.of(db), null);
        }

        public static Store unreachable(String name, String reason) {
            return new Store(name, Optional.empty(), reason);
        }
    }

    private final RegionMap map;
    private final Period retention;
    private final int minClusters;
    private final Clock clock;

    public Auditor(RegionMap map, Period retention, int minClusters, Clock clock) {
        this.map = map;
        this.retention = retention;
        this.minClusters = minClusters;
        this.clock = clock;
    }

    /** Audits every region's shard (by region name) and the central store. Blocking. */
    public AuditReport run(Map<String, Store> shards, Store central) {
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, Store> e : new TreeMap<>(shards).entrySet()) {
            check(e.getValue(), findings, conn -> shard(e.getKey(), conn, findings));
        }
        check(central, findings, conn -> central(conn, findings));
        return AuditReport.of(findings);
    }

    @FunctionalInterface
    private interface Checks {
        void run(Connection conn) throws SQLException;
    }

    private static void check(Store store, List<Finding> findings, Checks checks) {
        if (store.db().isEmpty()) {
            findings.add(new Finding(store.name(), Check.UNREACHABLE, store.unreachableReason()));
            return;
        }
        try (Connection conn = Migrations.connect(store.db().get())) {
            // statement_timeout is the server's; a server that stops answering needs the client's too.
            conn.setNetworkTimeout(
                    Runnable::run, (int) STATEMENT_TIMEOUT.plusSeconds(10).toMillis());
            conn.setReadOnly(true);
            try (Statement s = conn.createStatement()) {
                s.execute("SET statement_timeout = '" + STATEMENT_TIMEOUT.toSeconds() + "s'");
            }
            checks.run(conn);
        } catch (SQLException e) {
            findings.add(
                    new Finding(store.name(), Check.UNREACHABLE, "could not be checked: " + firstLine(e.getMessage())));
        }
    }

    private void shard(String region, Connection conn, List<Finding> findings) throws SQLException {
        for (String table : List.of("telemetry_events", "billing_events")) {
            pastRetention(region, conn, table, findings);
        }
        long small = count(
                conn, "SELECT count(*) FROM daily_aggregates WHERE clusters < ?", ps -> ps.setInt(1, minClusters));
        if (small > 0) {
            findings.add(new Finding(
                    region,
                    Check.SMALL_AGGREGATE_CELL,
                    small + " daily aggregate cells were built from fewer than " + minClusters + " clusters"));
        }
        Map<String, Cluster> clusters = map.clusters();
        for (String table : List.of("telemetry_events", "billing_events")) {
            for (String id : strings(conn, DISTINCT_CLUSTERS.formatted(table))) {
                Cluster c = clusters.get(id);
                Optional<String> now = c == null ? Optional.empty() : c.region();
                if (now.isPresent() && !now.get().equals(region)) {
                    findings.add(new Finding(
                            region,
                            Check.MOVED_CLUSTER,
                            "cluster " + id + " has rows in " + table + " here and is now registered in " + now.get()));
                }
            }
        }
    }

    private void central(Connection conn, List<Finding> findings) throws SQLException {
        long billing = count(conn, "SELECT count(*) FROM forwarded_telemetry WHERE type = 'billing'", ps -> {});
        if (billing > 0) {
            findings.add(
                    new Finding("central", Check.BILLING_IN_CENTRAL, billing + " billing rows in forwarded_telemetry"));
        }
        for (String region : strings(conn, DISTINCT_REGIONS)) {
            if (!map.regions().containsKey(region)) {
                long n = count(
                        conn,
                        "SELECT count(*) FROM forwarded_telemetry WHERE region = ?",
                        ps -> ps.setString(1, region));
                findings.add(new Finding(
                        "central",
                        Check.UNKNOWN_REGION,
                        n + " rows of region " + region + ", which is not a region of the map"));
            }
        }
        pastRetention("central", conn, "forwarded_telemetry", findings);
    }

    private void pastRetention(String store, Connection conn, String table, List<Finding> findings)
            throws SQLException {
        Instant cutoff = clock.instant()
                .atOffset(ZoneOffset.UTC)
                .minus(retention)
                .minus(GRACE)
                .toInstant();
        // Partition pruning: only partitions that can hold rows before the cutoff are read.
        long old = count(
                conn,
                "SELECT count(*) FROM " + table + " WHERE event_time < ?",
                ps -> ps.setTimestamp(1, Timestamp.from(cutoff)));
        if (old > 0) {
            findings.add(new Finding(
                    store,
                    Check.PAST_RETENTION,
                    old + " rows in " + table + " older than the retention period (" + retention
                            + ") plus one day, before " + cutoff));
        }
    }

    @FunctionalInterface
    private interface Parameters {
        void set(PreparedStatement ps) throws SQLException;
    }

    private static long count(Connection conn, String sql, Parameters parameters) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            parameters.set(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<String> strings(Connection conn, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
