package io.akshybrid.gateway.ingest;

import io.akshybrid.gateway.config.GatewayConfig;
import io.akshybrid.gateway.failure.Failure;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A small, bounded pool of worker threads for the CPU work of a large or compressed body (inflating,
 * parsing, validating and scanning it), so that an event loop never spends long on one request and
 * the other requests it serves keep their latency. Bounded twice: {@code gateway.limits.parse-threads}
 * threads, and at most {@code gateway.limits.parse-queue} bodies waiting for or holding one; past
 * that a request is answered 503 with {@code Retry-After} at once rather than queued without end.
 * The result is delivered on the caller's Vert.x context (its event loop), where the write continues.
 */
@ApplicationScoped
public class ParseWorkers {

    private final WorkerExecutor executor;
    private final int maxWaiting;
    private final AtomicInteger waiting = new AtomicInteger();

    public ParseWorkers(Vertx vertx, GatewayConfig config) {
        this.executor = vertx.createSharedWorkerExecutor(
                "gateway-parse", config.limits().parseThreads(), 60, TimeUnit.SECONDS);
        this.maxWaiting = config.limits().parseQueue();
    }

    /** Runs {@code work} on a parse worker (blocking work is allowed there), or refuses it when all are taken. */
    public <T> Uni<T> run(Supplier<T> work) {
        return Uni.createFrom().emitter(em -> {
            if (waiting.incrementAndGet() > maxWaiting) {
                waiting.decrementAndGet();
                em.fail(Failure.OVERLOADED.retryAfter(
                        1, "the gateway is busy reading other large requests; send this one again shortly"));
                return;
            }
            executor.<T>executeBlocking(work::get, false).onComplete(done -> {
                waiting.decrementAndGet();
                if (done.succeeded()) {
                    em.complete(done.result());
                } else {
                    em.fail(done.cause());
                }
            });
        });
    }

    @PreDestroy
    void close() {
        executor.close();
    }
}
