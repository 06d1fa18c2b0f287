package io.akshybrid.gateway.jobs;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs work while holding a PostgreSQL session advisory lock on one database, so that with many
 * gateway replicas a job runs once at a time per database. A replica that finds the lock taken does
 * not wait: it skips. The work gets the connection that holds the lock; the lock is released on the
 * same connection before it returns to the pool, also when the work fails. Reactive; never blocks.
 */
final class AdvisoryLock {

    private AdvisoryLock() {}

    /** @return the work's result, or empty when another session holds the lock */
    static <T> Uni<Optional<T>> tryWith(Pool pool, String key, Function<SqlConnection, Uni<T>> work) {
        return pool.withConnection(conn -> conn.preparedQuery("SELECT pg_try_advisory_lock(hashtextextended($1, 0))")
                .execute(Tuple.of(key))
                .flatMap(rows -> {
                    if (!rows.iterator().next().getBoolean(0)) {
                        return Uni.createFrom().item(Optional.<T>empty());
                    }
                    return work.apply(conn)
                            .map(Optional::ofNullable)
                            .onTermination()
                            .call(() -> conn.preparedQuery("SELECT pg_advisory_unlock(hashtextextended($1, 0))")
                                    .execute(Tuple.of(key))
                                    .onFailure()
                                    .recoverWithNull());
                }));
    }
}
