package io.akshybrid.gateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akshybrid.gateway.failure.Failure;
import io.akshybrid.gateway.failure.GatewayException;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The parse workers share their threads fairly between clusters and bound every wait: one cluster's
 * queue of expensive bodies never holds another cluster's body behind it, and a body that cannot get
 * a thread in time is answered 503 rather than left waiting.
 */
class ParseWorkersTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    private static <T> CompletableFuture<T> submit(ParseWorkers workers, String cluster, Supplier<T> work) {
        return workers.run(cluster, () -> false, work).subscribeAsCompletionStage();
    }

    @Test
    void givenOneClustersQueueOfSlowBodies_whenAnotherClusterSendsOne_thenItRunsNextNotLast() throws Exception {
        ParseWorkers workers = new ParseWorkers(vertx, 1, 64, Duration.ofSeconds(30), Duration.ofSeconds(1));
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = submit(workers, "heavy", () -> {
            await(release);
            order.add("heavy-0");
            return "heavy-0";
        });
        for (int i = 1; i <= 4; i++) {
            String name = "heavy-" + i;
            submit(workers, "heavy", () -> {
                order.add(name);
                return name;
            });
        }
        CompletableFuture<String> light = submit(workers, "light", () -> {
            order.add("light");
            return "light";
        });

        release.countDown();
        assertEquals("light", light.get(10, TimeUnit.SECONDS));
        assertEquals("heavy-0", first.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("heavy-0", "light"), order.subList(0, 2), "the other cluster's turn comes next");
        workers.close();
    }

    @Test
    void givenAllThreadsBusy_whenABodyWaitsPastTheTimeout_then503WithRetryAfter() throws Exception {
        ParseWorkers workers = new ParseWorkers(vertx, 1, 64, Duration.ofMillis(300), Duration.ofSeconds(2));
        CountDownLatch release = new CountDownLatch(1);
        submit(workers, "a", () -> {
            await(release);
            return 1;
        });
        long t0 = System.nanoTime();
        CompletableFuture<Integer> waiting = submit(workers, "b", () -> 2);

        GatewayException refused = failure(waiting);
        long waitedMillis = (System.nanoTime() - t0) / 1_000_000;
        release.countDown();
        assertEquals(Failure.OVERLOADED, refused.failure());
        assertEquals(java.util.OptionalLong.of(2), refused.retryAfterSeconds());
        assertTrue(waitedMillis < 5_000, "answered while the thread was still busy: " + waitedMillis + " ms");
        workers.close();
    }

    @Test
    void givenTheQueueIsFull_whenAnotherBodyComes_thenItIsRefusedAtOnce() throws Exception {
        ParseWorkers workers = new ParseWorkers(vertx, 1, 1, Duration.ofSeconds(30), Duration.ofSeconds(1));
        CountDownLatch release = new CountDownLatch(1);
        submit(workers, "a", () -> {
            await(release);
            return 1;
        });
        CompletableFuture<Integer> queued = submit(workers, "b", () -> 2);
        CompletableFuture<Integer> refused = submit(workers, "c", () -> 3);

        assertEquals(Failure.OVERLOADED, failure(refused).failure());
        release.countDown();
        assertEquals(2, queued.get(10, TimeUnit.SECONDS));
        workers.close();
    }

    @Test
    void givenAClientThatWentAway_whenItsTurnComes_thenItsWorkIsDropped() throws Exception {
        ParseWorkers workers = new ParseWorkers(vertx, 1, 64, Duration.ofSeconds(30), Duration.ofSeconds(1));
        CountDownLatch release = new CountDownLatch(1);
        submit(workers, "a", () -> {
            await(release);
            return 1;
        });
        List<String> ran = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> gone = workers.run("b", () -> true, () -> {
                    ran.add("b");
                    return 2;
                })
                .subscribeAsCompletionStage();

        release.countDown();
        assertEquals(Failure.CLIENT_DISCONNECTED, failure(gone).failure());
        assertTrue(ran.isEmpty(), "nobody waits for it: it never runs");
        workers.close();
    }

    private static GatewayException failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return (GatewayException) e.getCause();
        }
        throw new AssertionError("it succeeded");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
