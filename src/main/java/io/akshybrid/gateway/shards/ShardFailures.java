package io.akshybrid.gateway.shards;

import io.vertx.pgclient.PgException;
import java.util.Set;

/**
 * Tells a shard that cannot take the write now (answer 503, the agent retries) from a failure of the
 * gateway itself (a bug: 500). Connection-level failures and PostgreSQL errors of the classes that
 * mean "not now" (connection, resources, operator intervention, system errors, transaction rollback,
 * missing database or partition, authentication) count as unavailability.
 */
public final class ShardFailures {

    private static final Set<String> UNAVAILABLE_CLASSES = Set.of("08", "53", "57", "58", "40", "3D", "28");

    private ShardFailures() {}

    public static boolean isUnavailability(Throwable e) {
        if (e instanceof PgException pg) {
            String state = pg.getSqlState();
            if (state == null) {
                return true;
            }
            // 23514 is also a CHECK violation, but validation guarantees ours hold: here it is a missing partition.
            return UNAVAILABLE_CLASSES.contains(state.substring(0, 2)) || "23514".equals(state);
        }
        // Anything else the reactive client raises is I/O: refused or closed connections, timeouts, a closed pool.
        return !(e instanceof RuntimeException)
                || e.getClass().getName().startsWith("io.vertx")
                || e.getClass().getName().startsWith("io.netty")
                || e instanceof java.util.concurrent.TimeoutException;
    }

    /** A wait that ran out (acquiring a pooled connection, or the gateway's own write timeout), not a refusal. */
    public static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")
                    || String.valueOf(t.getMessage())
                            .toLowerCase(java.util.Locale.ROOT)
                            .contains("timeout")) {
                return true;
            }
        }
        return false;
    }

    /** The message of the innermost cause (where the driver says what went wrong), or its class name. */
    public static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
