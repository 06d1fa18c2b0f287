package io.akshybrid.gateway.shards;

import io.akshybrid.gateway.events.ValidEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes the events of one or more requests of a region (a group) to its shard in one transaction,
 * with one set-based statement per table: the rows travel as arrays and are unnested server-side, and
 * {@code ON CONFLICT DO NOTHING RETURNING} tells which rows were new. Each request learns exactly
 * which of its events were stored now; an event that two requests of the group both carry is stored
 * once and counted as new for the first of them. The returned {@link Uni} completes only after the
 * commit, so an acknowledged event is durable.
 *
 * <p>Runs on the event loop and never blocks it (reactive client only).
 */
@ApplicationScoped
public class ShardWriter {

    // Payloads are bound as text[] and cast per row: PostgreSQL parses a jsonb[] parameter far more
    // slowly (FACTS.md measured about half the throughput).
    static final String INSERT_TELEMETRY = """
            INSERT INTO telemetry_events (event_id, cluster_id, subscription_id, type, source, event_time, payload)
            SELECT u.event_id, u.cluster_id, u.subscription_id, u.type, u.source, u.event_time, u.payload::jsonb
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[])
                 AS u(event_id, cluster_id, subscription_id, type, source, event_time, payload)
            ON CONFLICT DO NOTHING
            RETURNING event_id, cluster_id, event_time""";

    static final String INSERT_BILLING = """
            INSERT INTO billing_events (event_id, cluster_id, subscription_id, source, event_time, cores)
            SELECT u.event_id, u.cluster_id, u.subscription_id, u.source, u.event_time, u.cores
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::float8[])
                 AS u(event_id, cluster_id, subscription_id, source, event_time, cores)
            ON CONFLICT DO NOTHING
            RETURNING event_id, cluster_id, event_time""";

    /** A row's primary key in its table: its cluster, id and time (idempotency is per cluster). */
    private record RowKey(boolean billing, String cluster, UUID id, Instant time) {}

    /**
     * One row of the group and the request that claimed it (the first that carried it).
     *
     * @param position the event's position in its request's events
     */
    private record Claimed(int request, int position, String cluster, String subscription, ValidEvent event) {
        RowKey key() {
            return new RowKey(
                    event.isBilling(), cluster, event.id(), event.time().toInstant());
        }
    }

    /**
     * @return for each write, in order, the positions of its events that were stored now; the others
     *     were already there
     */
    public Uni<List<BitSet>> write(Pool pool, List<PendingWrite> writes) {
        List<Claimed> telemetry = new ArrayList<>();
        List<Claimed> billing = new ArrayList<>();
        Map<RowKey, Claimed> claimed = new HashMap<>();
        for (int w = 0; w < writes.size(); w++) {
            PendingWrite write = writes.get(w);
            for (int i = 0; i < write.events().size(); i++) {
                ValidEvent e = write.events().get(i);
                Claimed c =
                        new Claimed(w, i, write.cluster().id(), write.cluster().subscription(), e);
                if (claimed.putIfAbsent(c.key(), c) == null) {
                    (e.isBilling() ? billing : telemetry).add(c);
                }
            }
        }
        return pool.withTransaction(conn -> insertTelemetry(conn, telemetry)
                        .flatMap(stored -> insertBilling(conn, billing).map(more -> {
                            stored.addAll(more);
                            return stored;
                        })))
                .map(stored -> {
                    // The rows returned are the ones stored now; each is the claim of one request's event.
                    List<BitSet> out = new ArrayList<>(writes.size());
                    for (int i = 0; i < writes.size(); i++) {
                        out.add(new BitSet());
                    }
                    for (RowKey key : stored) {
                        Claimed c = claimed.get(key);
                        out.get(c.request()).set(c.position());
                    }
                    return out;
                });
    }

    private static Uni<Set<RowKey>> insertTelemetry(SqlConnection conn, List<Claimed> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(new HashSet<>());
        }
        int n = rows.size();
        UUID[] ids = new UUID[n];
        String[] clusters = new String[n];
        String[] subscriptions = new String[n];
        String[] types = new String[n];
        String[] sources = new String[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            Claimed c = rows.get(i);
            ValidEvent e = c.event();
            ids[i] = e.id();
            clusters[i] = c.cluster();
            subscriptions[i] = c.subscription();
            types[i] = e.type().wireName;
            sources[i] = e.source().name();
            times[i] = e.time();
            payloads[i] = e.data().toString();
        }
        Tuple args = Tuple.tuple(List.of(ids, clusters, subscriptions, types, sources, times, payloads));
        return conn.preparedQuery(INSERT_TELEMETRY).execute(args).map(r -> keys(false, r));
    }

    private static Uni<Set<RowKey>> insertBilling(SqlConnection conn, List<Claimed> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        int n = rows.size();
        UUID[] ids = new UUID[n];
        String[] clusters = new String[n];
        String[] subscriptions = new String[n];
        String[] sources = new String[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        Double[] cores = new Double[n];
        for (int i = 0; i < n; i++) {
            Claimed c = rows.get(i);
            ValidEvent e = c.event();
            ids[i] = e.id();
            clusters[i] = c.cluster();
            subscriptions[i] = c.subscription();
            sources[i] = e.source().name();
            times[i] = e.time();
            cores[i] = e.cores();
        }
        Tuple args = Tuple.tuple(List.of(ids, clusters, subscriptions, sources, times, cores));
        return conn.preparedQuery(INSERT_BILLING).execute(args).map(r -> keys(true, r));
    }

    private static Set<RowKey> keys(boolean billing, RowSet<Row> rows) {
        Set<RowKey> out = new HashSet<>(rows.size() * 2);
        for (Row r : rows) {
            out.add(new RowKey(
                    billing,
                    r.getString(1),
                    r.getUUID(0),
                    r.getOffsetDateTime(2).toInstant()));
        }
        return out;
    }
}
