package io.akshybrid.gateway.shards;

import io.akshybrid.gateway.events.ValidEvent;
import io.akshybrid.gateway.regions.Cluster;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Writes one request's valid events to its region's shard in one transaction, with one set-based
 * statement per table: the rows travel as arrays and are unnested server-side, and
 * {@code ON CONFLICT DO NOTHING RETURNING} tells which ids were new. The returned {@link Uni} completes
 * only after the commit, so an acknowledged event is durable.
 *
 * <p>Runs on the event loop and never blocks it (reactive client only).
 */
@ApplicationScoped
public class ShardWriter {

    // Payloads are bound as text[] and cast per row: PostgreSQL parses a jsonb[] parameter far more
    // slowly (FACTS.md measured about half the throughput).
    static final String INSERT_TELEMETRY = """
            INSERT INTO telemetry_events (event_id, cluster_id, subscription_id, type, source, event_time, payload)
            SELECT u.event_id, $1, $2, u.type, u.source, u.event_time, u.payload::jsonb
            FROM unnest($3::uuid[], $4::text[], $5::text[], $6::timestamptz[], $7::text[])
                 AS u(event_id, type, source, event_time, payload)
            ON CONFLICT DO NOTHING
            RETURNING event_id""";

    static final String INSERT_BILLING = """
            INSERT INTO billing_events (event_id, cluster_id, subscription_id, source, event_time, cores)
            SELECT u.event_id, $1, $2, u.source, u.event_time, u.cores
            FROM unnest($3::uuid[], $4::text[], $5::timestamptz[], $6::float8[])
                 AS u(event_id, source, event_time, cores)
            ON CONFLICT DO NOTHING
            RETURNING event_id""";

    /**
     * @param events valid events with distinct ids
     * @return the ids that were stored now; the others were already there (duplicates)
     */
    public Uni<Set<UUID>> write(Pool pool, Cluster cluster, List<ValidEvent> events) {
        List<ValidEvent> telemetry = events.stream().filter(e -> !e.isBilling()).toList();
        List<ValidEvent> billing = events.stream().filter(ValidEvent::isBilling).toList();
        return pool.withTransaction(conn -> insertTelemetry(conn, cluster, telemetry)
                .flatMap(stored -> insertBilling(conn, cluster, billing).map(more -> {
                    stored.addAll(more);
                    return stored;
                })));
    }

    private static Uni<Set<UUID>> insertTelemetry(SqlConnection conn, Cluster cluster, List<ValidEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(new HashSet<>());
        }
        int n = events.size();
        UUID[] ids = new UUID[n];
        String[] types = new String[n];
        String[] sources = new String[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            ValidEvent e = events.get(i);
            ids[i] = e.id();
            types[i] = e.type().wireName;
            sources[i] = e.source().name();
            times[i] = e.time();
            payloads[i] = e.data().toString();
        }
        Tuple args = Tuple.tuple(List.of(cluster.id(), cluster.subscription(), ids, types, sources, times, payloads));
        return conn.preparedQuery(INSERT_TELEMETRY).execute(args).map(ShardWriter::ids);
    }

    private static Uni<Set<UUID>> insertBilling(SqlConnection conn, Cluster cluster, List<ValidEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        int n = events.size();
        UUID[] ids = new UUID[n];
        String[] sources = new String[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        Double[] cores = new Double[n];
        for (int i = 0; i < n; i++) {
            ValidEvent e = events.get(i);
            ids[i] = e.id();
            sources[i] = e.source().name();
            times[i] = e.time();
            cores[i] = e.cores();
        }
        Tuple args = Tuple.tuple(List.of(cluster.id(), cluster.subscription(), ids, sources, times, cores));
        return conn.preparedQuery(INSERT_BILLING).execute(args).map(ShardWriter::ids);
    }

    private static Set<UUID> ids(RowSet<Row> rows) {
        Set<UUID> out = new HashSet<>(rows.size() * 2);
        for (Row r : rows) {
            out.add(r.getUUID(0));
        }
        return out;
    }
}
