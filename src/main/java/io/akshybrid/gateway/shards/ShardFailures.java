package io.akshybrid.gateway.shards;

import io.vertx.pgclient.PgException;
import java.util.Set;

/**
 * Classifies what a shard raised by SQLSTATE, as the PostgreSQL drivers do, never by message text:
 *
 * <ul>
 *   <li>{@link Kind#CONNECTION_UNUSABLE}: the connection, or the node behind it, cannot take writes
 *       now: a read-only node (25006, a standby or a primary demoted in place), an administrator
 *       shutdown, crash or recovery (57P01, 57P02, 57P03), a lost connection (class 08 and every
 *       I/O failure of the client), too many connections (53300), a full disk (53100) and a
 *       cancellation (57014). The request gets 503, and the region's pool is replaced at once so
 *       that new connections go wherever the writable primary now is.
 *   <li>{@link Kind#RETRY}: a serialization failure or a deadlock (40001, 40P01): the transaction
 *       was rolled back and may be run again as it is (the writes are idempotent).
 *   <li>{@link Kind#UNAVAILABLE}: the other classes that mean "not now" (resources, operator
 *       intervention, system errors, other rollbacks, a missing database or partition,
 *       authentication): 503, the pool stays.
 *   <li>{@link Kind#DATA}: an error PostgreSQL raised for the rows of one request: the group is
 *       written again request by request.
 * </ul>
 */
public final class ShardFailures {

    /** What a failure means for the request and for the shard's pool. */
    public enum Kind {
        CONNECTION_UNUSABLE,
        RETRY,
        UNAVAILABLE,
        DATA
    }

    private static final Set<String> UNUSABLE_STATES =
            Set.of("25006", "57P01", "57P02", "57P03", "53300", "53100", "57014");
    private static final Set<String> RETRY_STATES = Set.of("40001", "40P01");
    private static final Set<String> UNAVAILABLE_CLASSES = Set.of("53", "57", "58", "40", "3D", "28");

    private ShardFailures() {}

    public static Kind classify(Throwable e) {
        PgException pg = find(e, PgException.class);
        if (pg != null) {
            String state = pg.getSqlState();
            if (state == null || state.length() != 5 || state.startsWith("08") || UNUSABLE_STATES.contains(state)) {
                return Kind.CONNECTION_UNUSABLE;
            }
            if (RETRY_STATES.contains(state)) {
                return Kind.RETRY;
            }
            // 23514 is also a CHECK violation, but validation guarantees ours hold: here it is a missing partition.
            if (UNAVAILABLE_CLASSES.contains(state.substring(0, 2)) || "23514".equals(state)) {
                return Kind.UNAVAILABLE;
            }
            return Kind.DATA;
        }
        if (find(e, NoWritableHost.class) != null) {
            return Kind.UNAVAILABLE; // no connection was made: nothing in the pool to replace
        }
        // Anything else the reactive client raises is I/O: refused or closed connections, timeouts, a closed pool.
        boolean io = !(e instanceof RuntimeException)
                || e.getClass().getName().startsWith("io.vertx")
                || e.getClass().getName().startsWith("io.netty")
                || e instanceof java.util.concurrent.TimeoutException;
        return io ? Kind.CONNECTION_UNUSABLE : Kind.DATA;
    }

    /** The shard cannot take the work now (503 with Retry-After): every kind but {@link Kind#DATA}. */
    public static boolean isUnavailability(Throwable e) {
        return classify(e) != Kind.DATA;
    }

    /** The connection or node is unusable: the region's pool should be replaced at once. */
    public static boolean isConnectionUnusable(Throwable e) {
        return !isTimeout(e) && classify(e) == Kind.CONNECTION_UNUSABLE;
    }

    /** A serialization failure or deadlock: the rolled-back transaction may run again. */
    public static boolean isRetryable(Throwable e) {
        return classify(e) == Kind.RETRY;
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

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /**
     * No host of a shard URL accepted writes when a connection was asked for: each was down, a
     * standby, or read-only. Nothing was connected, so nothing needs replacing; the next connection
     * looks again.
     */
    public static final class NoWritableHost extends RuntimeException {
        public NoWritableHost(String detail) {
            super(detail, null, false, false);
        }
    }
}
