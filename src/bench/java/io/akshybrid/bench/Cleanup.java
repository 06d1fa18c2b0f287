package io.akshybrid.bench;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What must be stopped however the run ends (normally, on an exception, or on Ctrl+C / SIGTERM
 * through the shutdown hook): wrk, the gateway, then PostgreSQL, in reverse order of start, so that
 * the gateway is gone before its database stops.
 */
final class Cleanup {

    /** A registered resource; closing the registration forgets it without closing it. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private volatile boolean interrupted;

    Cleanup() {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            interrupted = true;
                            closeAll();
                        },
                        "bench-cleanup"));
    }

    /** True once the JVM is shutting down (Ctrl+C, SIGTERM): failures after that are its consequence. */
    boolean interrupted() {
        return interrupted;
    }

    synchronized Registration register(AutoCloseable resource) {
        open.push(resource);
        return () -> {
            synchronized (Cleanup.this) {
                open.remove(resource);
            }
        };
    }

    /** Closes everything still registered, newest first; failures are reported, not thrown. */
    synchronized void closeAll() {
        while (!open.isEmpty()) {
            AutoCloseable resource = open.pop();
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("cleanup: " + e);
            }
        }
    }
}
