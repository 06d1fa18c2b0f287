package io.akshybrid.gateway.shards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.akshybrid.gateway.events.EventSource;
import io.akshybrid.gateway.events.EventType;
import io.akshybrid.gateway.events.ValidEvent;
import io.akshybrid.gateway.failure.Failure;
import io.akshybrid.gateway.failure.GatewayException;
import io.akshybrid.gateway.hashing.Sha256Hash;
import io.akshybrid.gateway.privacy.Redactions;
import io.akshybrid.gateway.regions.Cluster;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Group commit and admission control of one region, with the shard played by the test: each group
 * the queue writes is held until the test answers it.
 */
class RegionWriteQueueTest {

    static final Cluster CLUSTER = new Cluster(
            "c-1",
            Optional.of("eastus"),
            "0b5e7c1e-3a4f-4d2b-8c6e-1f2a3b4c5d6e",
            List.of(Sha256Hash.ofHex("a".repeat(64))));

    /** One group handed to the shard, waiting for the test's answer. */
    record Call(List<PendingWrite> group, UniEmitter<? super List<BitSet>> answer) {
        /** Answers as a shard that stored every event of every request. */
        void storeAll() {
            answer.complete(group.stream().map(RegionWriteQueueTest::ids).toList());
        }
    }

    final List<Call> calls = new ArrayList<>();

    RegionWriteQueue queue(int writers, int maxRequests, int maxRows, long timeoutMillis) {
        return new RegionWriteQueue(
                "eastus",
                new RegionWriteQueue.Limits(
                        writers, 5000, maxRequests, maxRows, TimeUnit.MILLISECONDS.toNanos(timeoutMillis)),
                group -> Uni.createFrom().emitter(em -> calls.add(new Call(group, em))),
                detail -> Failure.SHARD_UNAVAILABLE.retryAfter(5, detail));
    }

    static PendingWrite write(int events) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return new PendingWrite(
                CLUSTER,
                IntStream.range(0, events)
                        .mapToObj(i -> new ValidEvent(
                                i,
                                UUID.randomUUID(),
                                EventType.BILLING,
                                EventSource.UTC,
                                now,
                                JsonNodeFactory.instance.objectNode().put("quantity", 1),
                                Redactions.NONE))
                        .toList());
    }

    /** Every position of the write's events: all stored. */
    static BitSet ids(PendingWrite w) {
        BitSet all = new BitSet();
        all.set(0, w.rows());
        return all;
    }

    /**
     * Submits from a plain thread: a request remembers its caller's Vert.x context to be answered on
     * it, and a {@code @QuarkusTest} that ran earlier in this JVM can leave a context (of a stopped
     * application) on the test thread, whose answers would then never arrive.
     */
    static UniAssertSubscriber<BitSet> submit(RegionWriteQueue q, PendingWrite w) {
        try {
            return CompletableFuture.supplyAsync(
                            () -> q.submit(w).subscribe().withSubscriber(UniAssertSubscriber.<BitSet>create()),
                            NO_CONTEXT)
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not submit", e);
        }
    }

    private static final ExecutorService NO_CONTEXT = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "no-vertx-context");
        t.setDaemon(true);
        return t;
    });

    @Test
    void givenAnIdleRegion_whenOneRequestArrives_thenItIsWrittenAtOnceAndAlone() {
        RegionWriteQueue q = queue(2, 10, 10_000, 2000);
        PendingWrite a = write(1);

        UniAssertSubscriber<BitSet> answer = submit(q, a);

        assertEquals(1, calls.size(), "written without waiting for company");
        assertEquals(List.of(a), calls.get(0).group());
        calls.get(0).storeAll();
        answer.assertItem(ids(a));
    }

    @Test
    void givenBusyWriters_whenRequestsQueue_thenTheNextFreeWriterTakesThemAllInOneGroupAndEachGetsItsOwnIds() {
        RegionWriteQueue q = queue(1, 10, 10_000, 2000);
        PendingWrite a = write(1);
        PendingWrite b = write(3);
        PendingWrite c = write(10);
        UniAssertSubscriber<BitSet> answerA = submit(q, a);
        UniAssertSubscriber<BitSet> answerB = submit(q, b);
        UniAssertSubscriber<BitSet> answerC = submit(q, c);
        assertEquals(1, calls.size(), "one writer: b and c wait");
        assertEquals(2, q.queuedRequests());

        calls.get(0).storeAll();

        assertEquals(2, calls.size());
        assertEquals(List.of(b, c), calls.get(1).group(), "b and c share one transaction");
        BitSet onlyFirstOfB = new BitSet();
        onlyFirstOfB.set(0);
        calls.get(1).answer().complete(List.of(onlyFirstOfB, ids(c)));
        answerA.assertItem(ids(a));
        answerB.assertItem(onlyFirstOfB);
        answerC.assertItem(ids(c));
        assertEquals(0, q.queuedRequests());
    }

    @Test
    void givenAFullQueue_whenAnotherRequestArrives_thenItGets503AtOnceAndIsNeverWritten() {
        RegionWriteQueue q = queue(1, 2, 10_000, 2000);
        submit(q, write(1));
        submit(q, write(1));
        submit(q, write(1));
        assertTrue(q.full(1));

        UniAssertSubscriber<BitSet> refused = submit(q, write(1));

        GatewayException e = assertInstanceOf(GatewayException.class, refused.getFailure());
        assertEquals(Failure.SHARD_UNAVAILABLE, e.failure());
        assertTrue(e.getMessage().contains("queue"), e.getMessage());
        assertEquals(1, calls.size());
        assertEquals(2, q.queuedRequests());
    }

    @Test
    void givenQueuedRowsAtTheBound_whenALargeRequestArrives_thenItIsRefused() {
        RegionWriteQueue q = queue(1, 100, 1500, 2000);
        submit(q, write(1)); // writing
        submit(q, write(1000)); // queued: 1000 rows

        UniAssertSubscriber<BitSet> refused = submit(q, write(600));

        assertEquals(
                Failure.SHARD_UNAVAILABLE,
                assertInstanceOf(GatewayException.class, refused.getFailure()).failure());
        submit(q, write(400)).assertNotTerminated(); // 1400 rows still fit
    }

    @Test
    void givenARequestThatWaitedLongerThanTheQueueTimeout_whenExpired_thenItGets503AndIsNotWritten()
            throws InterruptedException {
        RegionWriteQueue q = queue(1, 10, 10_000, 50);
        submit(q, write(1));
        UniAssertSubscriber<BitSet> waiting = submit(q, write(1));
        Thread.sleep(80);

        q.expire();

        assertEquals(
                Failure.SHARD_UNAVAILABLE,
                assertInstanceOf(GatewayException.class, waiting.getFailure()).failure());
        calls.get(0).storeAll();
        assertEquals(1, calls.size(), "the expired request was dropped, not written");
    }

    @Test
    void givenAGroupThatFailsForOneRequestsData_whenSplit_thenTheOthersAreStoredAndOnlyThatOneFails() {
        RegionWriteQueue q = queue(1, 10, 10_000, 2000);
        submit(q, write(1));
        PendingWrite good1 = write(2);
        PendingWrite bad = write(1);
        PendingWrite good2 = write(3);
        UniAssertSubscriber<BitSet> answer1 = submit(q, good1);
        UniAssertSubscriber<BitSet> answerBad = submit(q, bad);
        UniAssertSubscriber<BitSet> answer2 = submit(q, good2);
        calls.get(0).storeAll();
        RuntimeException dataError = new IllegalArgumentException("invalid input syntax");

        calls.get(1).answer().fail(dataError);
        calls.get(2).storeAll();
        calls.get(3).answer().fail(dataError);
        calls.get(4).storeAll();

        assertEquals(
                List.of(List.of(good1), List.of(bad), List.of(good2)),
                calls.subList(2, 5).stream().map(Call::group).toList(),
                "each request written alone, in order");
        answer1.assertItem(ids(good1));
        assertSame(dataError, answerBad.getFailure());
        answer2.assertItem(ids(good2));
    }

    @Test
    void givenASplitGroup_whenTheShardFailsDuringTheSplit_thenTheRestGetThat503AtOnceInsteadOfWaitingOneByOne() {
        RegionWriteQueue q = queue(1, 10, 10_000, 2000);
        submit(q, write(1));
        UniAssertSubscriber<BitSet> first = submit(q, write(1));
        UniAssertSubscriber<BitSet> second = submit(q, write(1));
        UniAssertSubscriber<BitSet> third = submit(q, write(1));
        calls.get(0).storeAll();
        calls.get(1).answer().fail(new IllegalArgumentException("invalid input syntax"));
        GatewayException down = Failure.SHARD_UNAVAILABLE.retryAfter(5, "the shard of region eastus is unavailable");

        calls.get(2).answer().fail(down);

        assertSame(down, first.getFailure());
        assertSame(down, second.getFailure());
        assertSame(down, third.getFailure());
        assertEquals(3, calls.size(), "no request was written alone after the shard failed");
        UniAssertSubscriber<BitSet> next = submit(q, write(1));
        assertEquals(4, calls.size(), "the writer is free again");
        calls.get(3).storeAll();
        next.assertItem(ids(calls.get(3).group().get(0)));
    }

    @Test
    void givenAGroupThatFailsBecauseTheShardIsUnavailable_whenAnswered_thenEveryRequestGetsThe503AndNoneIsRetried() {
        RegionWriteQueue q = queue(1, 10, 10_000, 2000);
        submit(q, write(1));
        UniAssertSubscriber<BitSet> b = submit(q, write(1));
        UniAssertSubscriber<BitSet> c = submit(q, write(1));
        calls.get(0).storeAll();
        GatewayException down = Failure.SHARD_UNAVAILABLE.retryAfter(5, "the shard of region eastus is unavailable");

        calls.get(1).answer().fail(down);

        assertSame(down, b.getFailure());
        assertSame(down, c.getFailure());
        assertEquals(2, calls.size());
    }
}
