package io.akshybrid.gateway.ingest;

import io.akshybrid.gateway.config.GatewayConfig;
import io.akshybrid.gateway.failure.Failure;
import io.akshybrid.gateway.failure.GatewayException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A small pool of worker threads for the CPU work of a large or compressed body (inflating, parsing,
 * validating and scanning it), so that an event loop never spends long on one request and the other
 * requests it serves keep their latency.
 *
 * <p>A body that is valid can still be expensive (megabytes of free text to scan), so the pool is
 * shared fairly and every wait is bounded:
 *
 * <ul>
 *   <li>bodies wait in one queue per cluster, and a free thread takes the waiting cluster that was
 *       served longest ago, so one cluster's bodies never hold the others' behind them;
 *   <li>a body that waited {@code gateway.limits.parse-queue-timeout} without a thread is answered 503
 *       with {@code Retry-After}, and past {@code gateway.limits.parse-queue} bodies waiting a new one
 *       is answered so at once;
 *   <li>a body whose client went away (or was answered, 408) before a thread took it is dropped.
 * </ul>
 *
 * <p>{@code gateway.limits.parse-threads} threads run the work (blocking work is allowed there); the
 * result is delivered on the caller's Vert.x context (its event loop), where the write continues.
 * Thread-safe: the queues are guarded by this object's lock, held only to take or put an entry.
 */
@ApplicationScoped
public class ParseWorkers {

    static final int REMEMBERED_CLUSTERS = 10_000;

    private final ExecutorService threads;
    private final int parallelism;
    private final int maxWaiting;
    private final long timeoutNanos;
    private final long retryAfterSeconds;
    private final Vertx vertx;
    private final long sweeper;

    /** Waiting bodies by cluster; the map's order is not used: {@link #turns} holds the order. */
    private final Map<String, ArrayDeque<Task<?>>> waitingByCluster = new HashMap<>();
    /** Clusters with waiting bodies, in the order they get a thread. */
    private final ArrayDeque<String> turns = new ArrayDeque<>();
    /**
     * When each cluster was last given a thread (a running count), for the turns; the least recently
     * served entries are forgotten past {@link #REMEMBERED_CLUSTERS}, which only makes them look new.
     */
    private final Map<String, Long> lastServed = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED_CLUSTERS;
        }
    };

    private long served;

    private int waiting;
    private int running;

    @Inject
    public ParseWorkers(Vertx vertx, GatewayConfig config) {
        this(
                vertx,
                config.limits().parseThreads(),
                config.limits().parseQueue(),
                config.limits().parseQueueTimeout(),
                config.retryAfter());
    }

    ParseWorkers(Vertx vertx, int parallelism, int maxWaiting, Duration timeout, Duration retryAfter) {
        this.parallelism = parallelism;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "gateway-parse-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.maxWaiting = maxWaiting;
        this.timeoutNanos = timeout.toNanos();
        this.retryAfterSeconds = Math.max(1, retryAfter.toSeconds());
        this.vertx = vertx;
        this.sweeper = vertx.setPeriodic(250, id -> expire());
    }

    /** One body's work, waiting for or holding a thread. */
    private static final class Task<T> {
        final String cluster;
        final Supplier<T> work;
        final BooleanSupplier abandoned;
        final Context context;
        final UniEmitter<? super T> emitter;
        final long deadline;

        Task(
                String cluster,
                Supplier<T> work,
                BooleanSupplier abandoned,
                UniEmitter<? super T> emitter,
                long deadline) {
            this.cluster = cluster;
            this.work = work;
            this.abandoned = abandoned;
            this.context = Vertx.currentContext();
            this.emitter = emitter;
            this.deadline = deadline;
        }

        /** Delivers on the caller's context, where the request continues. */
        void deliver(Runnable r) {
            if (context == null || context == Vertx.currentContext()) {
                r.run();
            } else {
                context.runOnContext(v -> r.run());
            }
        }

        void fail(Throwable e) {
            deliver(() -> emitter.fail(e));
        }

        void run() {
            T result;
            try {
                result = work.get();
            } catch (Throwable e) {
                fail(e);
                return;
            }
            deliver(() -> emitter.complete(result));
        }
    }

    /**
     * Runs {@code work} for {@code cluster} on a parse thread in its cluster's turn; fails with 503 when
     * too many bodies wait or this one waited too long.
     *
     * @param abandoned true once nobody waits for the answer any more (the work is then dropped)
     */
    public <T> Uni<T> run(String cluster, BooleanSupplier abandoned, Supplier<T> work) {
        return Uni.createFrom().emitter(em -> {
            Task<T> task = new Task<>(cluster, work, abandoned, em, System.nanoTime() + timeoutNanos);
            if (!enqueue(task)) {
                task.fail(busy("the gateway is reading as many large requests as it takes"));
            }
        });
    }

    private synchronized boolean enqueue(Task<?> task) {
        if (waiting >= maxWaiting) {
            return false;
        }
        ArrayDeque<Task<?>> queue = waitingByCluster.computeIfAbsent(task.cluster, c -> new ArrayDeque<>());
        if (queue.isEmpty()) {
            turns.addLast(task.cluster);
        }
        queue.addLast(task);
        waiting++;
        dispatch();
        return true;
    }

    /**
     * Gives free threads to the next clusters in turn, a cluster with no body running before one that
     * has one. Called with the lock held; the turns hold at most {@code parse-queue} clusters.
     */
    private void dispatch() {
        while (running < parallelism && !turns.isEmpty()) {
            String cluster = nextTurn();
            ArrayDeque<Task<?>> queue = waitingByCluster.get(cluster);
            Task<?> task = queue.pollFirst();
            waiting--;
            if (queue.isEmpty()) {
                waitingByCluster.remove(cluster);
            } else {
                turns.addLast(cluster); // its next body waits for the other clusters' turns
            }
            if (task.abandoned.getAsBoolean()) {
                task.fail(Failure.CLIENT_DISCONNECTED.because("the client went away before its body was read"));
                continue;
            }
            running++;
            threads.execute(() -> {
                try {
                    task.run();
                } finally {
                    finished();
                }
            });
        }
    }

    /**
     * Takes the waiting cluster served longest ago (or never), so that a cluster whose bodies keep
     * coming goes behind every other cluster after each of its turns.
     */
    private String nextTurn() {
        String next = null;
        long oldest = Long.MAX_VALUE;
        for (String cluster : turns) {
            long served = lastServed.getOrDefault(cluster, -1L);
            if (served < oldest) {
                oldest = served;
                next = cluster;
            }
        }
        turns.remove(next);
        lastServed.put(next, ++served);
        return next;
    }

    private synchronized void finished() {
        running--;
        dispatch();
    }

    /** Answers 503 to every body that waited past its deadline, so nobody waits without end. */
    synchronized void expire() {
        long now = System.nanoTime();
        for (Iterator<Map.Entry<String, ArrayDeque<Task<?>>>> it =
                        waitingByCluster.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<String, ArrayDeque<Task<?>>> e = it.next();
            ArrayDeque<Task<?>> queue = e.getValue();
            while (!queue.isEmpty()
                    && (queue.peekFirst().deadline - now < 0
                            || queue.peekFirst().abandoned.getAsBoolean())) {
                Task<?> late = queue.pollFirst();
                waiting--;
                late.fail(
                        late.abandoned.getAsBoolean()
                                ? Failure.CLIENT_DISCONNECTED.because("the client went away before its body was read")
                                : busy("the gateway could not start reading this request in time"));
            }
            if (queue.isEmpty()) {
                it.remove();
                turns.remove(e.getKey());
            }
        }
    }

    private GatewayException busy(String why) {
        return Failure.OVERLOADED.retryAfter(retryAfterSeconds, why + "; send it again shortly");
    }

    @PreDestroy
    void close() {
        vertx.cancelTimer(sweeper);
        threads.shutdownNow();
    }
}
