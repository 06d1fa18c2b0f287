package io.akshybrid.gateway.shards;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnectOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Chooses the host a shard pool's new connections go to, as libpq's
 * {@code target_session_attrs=read-write} and pgjdbc's {@code targetServerType=primary} do, which the
 * Vert.x client lacks: the hosts of the URL are tried in order, and the first that accepts writes
 * (not in recovery, {@code transaction_read_only} off) is used. The choice is kept for the life of
 * the pool; when the primary moves, writes fail with a failure that {@link ShardFailures} calls
 * unusable, the {@link ShardRegistry} replaces the pool at once, and the new pool's selection looks
 * again. One look at a time: connections asked for meanwhile wait for its answer.
 *
 * <p>With one host it still checks that the host takes writes: a node that turned read-only is
 * refused at connect (503 for the request, no connection kept) rather than failing every write.
 *
 * <p>Reactive: the supplier is called on the pool's event loop and never blocks.
 */
final class PrimarySelection implements Supplier<Future<SqlConnectOptions>> {

    static final String WRITABLE =
            "SELECT NOT pg_is_in_recovery() AND current_setting('transaction_read_only') = 'off'";

    private final Vertx vertx;
    private final List<PgConnectOptions> hosts;
    private final long timeoutMillis;
    private Future<SqlConnectOptions> chosen;

    PrimarySelection(Vertx vertx, List<PgConnectOptions> hosts, long timeoutMillis) {
        this.vertx = vertx;
        this.hosts = List.copyOf(hosts);
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public synchronized Future<SqlConnectOptions> get() {
        if (chosen == null || chosen.failed()) {
            chosen = look();
        }
        return chosen;
    }

    private Future<SqlConnectOptions> look() {
        Promise<SqlConnectOptions> promise = Promise.promise();
        List<String> refusals = new ArrayList<>();
        tryHost(0, refusals, promise);
        long timer = vertx.setTimer(
                timeoutMillis,
                id -> promise.tryFail(new ShardFailures.NoWritableHost(
                        "no host of the shard answered whether it takes writes in time")));
        return promise.future().onComplete(r -> vertx.cancelTimer(timer));
    }

    private void tryHost(int i, List<String> refusals, Promise<SqlConnectOptions> promise) {
        if (i == hosts.size()) {
            promise.tryFail(new ShardFailures.NoWritableHost(
                    "no host of the shard accepts writes (" + String.join("; ", refusals) + ")"));
            return;
        }
        PgConnectOptions host = hosts.get(i);
        String name = host.getHost() + ":" + host.getPort();
        PgConnection.connect(vertx, host)
                .compose(conn -> conn.query(WRITABLE)
                        .execute()
                        .map(rows -> {
                            Row r = rows.iterator().next();
                            return Boolean.TRUE.equals(r.getBoolean(0));
                        })
                        .eventually(v -> conn.close()))
                .onComplete(r -> {
                    if (r.succeeded() && r.result()) {
                        promise.tryComplete(host);
                    } else {
                        refusals.add(name
                                + (r.succeeded() ? " is read-only" : " could not be reached or refused the login"));
                        tryHost(i + 1, refusals, promise);
                    }
                });
    }
}
