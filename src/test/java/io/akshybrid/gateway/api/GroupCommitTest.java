package io.akshybrid.gateway.api;

import static io.akshybrid.gateway.support.Agent.post;
import static io.akshybrid.gateway.support.Events.body;
import static io.akshybrid.gateway.support.ShardDatabases.count;
import static io.akshybrid.gateway.support.ShardDatabases.query;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akshybrid.gateway.support.Events;
import io.akshybrid.gateway.support.Metrics;
import io.akshybrid.gateway.support.ShardDatabases;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit and admission control against the real eastus shard. To make requests meet in the
 * queue, the test holds an exclusive lock on {@code telemetry_events}: the region's two writers
 * block on it with a request each, the next requests queue, and releasing the lock lets the first
 * free writer take them all into one transaction. Rows written by one transaction share its
 * {@code xmin}.
 */
@QuarkusTest
class GroupCommitTest {

    static final String EAST = "shard_eastus";
    static final String QUEUED = "gateway_shard_queue_requests{region=\"eastus\"}";

    final ExecutorService agents = Executors.newFixedThreadPool(32);
    Connection lock;

    @AfterEach
    void release() throws Exception {
        if (lock != null && !lock.isClosed()) {
            lock.rollback();
            lock.close();
        }
        ShardDatabases.update(EAST, "DROP TRIGGER IF EXISTS poison ON telemetry_events");
        agents.shutdownNow();
    }

    /** Holds the lock that INSERTs into telemetry_events wait for, and fills both writers with a request. */
    List<CompletableFuture<ExtractableResponse<Response>>> blockWriters() throws Exception {
        lock = ShardDatabases.open(EAST);
        lock.setAutoCommit(false);
        try (Statement s = lock.createStatement()) {
            s.execute("LOCK TABLE telemetry_events IN EXCLUSIVE MODE");
        }
        // One at a time: two requests that arrive together would share one transaction, one writer.
        List<CompletableFuture<ExtractableResponse<Response>>> blockers = new ArrayList<>();
        for (String token : List.of("east-1-token", "east-2-token")) {
            blockers.add(send(token, List.of(Events.hostOs())));
            int expected = blockers.size();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> count(
                                    EAST,
                                    "SELECT count(*) FROM pg_stat_activity WHERE datname = 'shard_eastus' "
                                            + "AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO telemetry_events%'")
                            == expected);
        }
        return blockers;
    }

    CompletableFuture<ExtractableResponse<Response>> send(String token, List<ObjectNode> events) {
        String json = body(events);
        return CompletableFuture.supplyAsync(() -> post(token, json).extract(), agents);
    }

    /** Sends a request and waits until it waits in the queue, so that the queue's order is the test's. */
    CompletableFuture<ExtractableResponse<Response>> sendAndQueue(String token, List<ObjectNode> events) {
        double before = Metrics.value(Metrics.scrape(), QUEUED);
        CompletableFuture<ExtractableResponse<Response>> r = send(token, events);
        await().atMost(Duration.ofSeconds(5)).until(() -> Metrics.value(Metrics.scrape(), QUEUED) > before);
        return r;
    }

    void unlock() throws Exception {
        lock.commit();
        lock.close();
    }

    static Set<Long> transactionsOf(UUID... ids) {
        String list = java.util.Arrays.stream(ids).map(id -> "'" + id + "'").collect(Collectors.joining(","));
        return query(EAST, "SELECT xmin::text::bigint AS tx FROM telemetry_events WHERE event_id IN (" + list + ")")
                .stream()
                .map(r -> ((Number) r.get("tx")).longValue())
                .collect(Collectors.toSet());
    }

    @Test
    void givenRequestsOfSeveralClustersThatMeetInTheQueue_whenWritten_thenOneTransactionAndEachItsExactCounts()
            throws Exception {
        ObjectNode stored = Events.hostOs();
        post("east-1-token", body(List.of(stored))).statusCode(200);
        ObjectNode shared = Events.hostOs();
        ObjectNode onlyIn1 = Events.controlPlane();
        ObjectNode onlyIn2 = Events.security();
        ObjectNode onlyIn3 = Events.marinerVm();
        List<CompletableFuture<ExtractableResponse<Response>>> blockers = blockWriters();

        // Given: the same event in two requests of east-1, an event stored before, and east-2 beside them
        CompletableFuture<ExtractableResponse<Response>> first =
                sendAndQueue("east-1-token", List.of(shared, stored, onlyIn1));
        CompletableFuture<ExtractableResponse<Response>> second = sendAndQueue("east-2-token", List.of(onlyIn2));
        CompletableFuture<ExtractableResponse<Response>> third = sendAndQueue("east-1-token", List.of(onlyIn3, shared));
        unlock();

        ExtractableResponse<Response> r1 = first.get();
        ExtractableResponse<Response> r2 = second.get();
        ExtractableResponse<Response> r3 = third.get();
        for (CompletableFuture<ExtractableResponse<Response>> b : blockers) {
            assertEquals(200, b.get().statusCode());
        }
        assertEquals(200, r1.statusCode(), r1.asString());
        assertEquals(2, (int) r1.path("accepted"), "the shared event counts as new for the first request that has it");
        assertEquals(1, (int) r1.path("duplicates"), "the event stored before");
        assertEquals(200, r2.statusCode(), r2.asString());
        assertEquals(1, (int) r2.path("accepted"));
        assertEquals(0, (int) r2.path("duplicates"));
        assertEquals(200, r3.statusCode(), r3.asString());
        assertEquals(1, (int) r3.path("accepted"));
        assertEquals(1, (int) r3.path("duplicates"), "the shared event, stored by the first request's row");
        assertEquals(
                1, count(EAST, "SELECT count(*) FROM telemetry_events WHERE event_id = '" + Events.id(shared) + "'"));
        Set<Long> group = transactionsOf(Events.id(shared), Events.id(onlyIn1), Events.id(onlyIn2), Events.id(onlyIn3));
        assertEquals(1, group.size(), "three requests of two clusters, one transaction: " + group);
        assertTrue(!transactionsOf(Events.id(stored)).equals(group), "the earlier event was not rewritten");
    }

    @Test
    void givenAGroupThatFailsForOneRequestsRows_whenWritten_thenTheOtherRequestsAreStoredAlone() throws Exception {
        // A row the shard refuses for its content, which validation cannot know about.
        ShardDatabases.update(EAST, """
                CREATE OR REPLACE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.payload->>'eventName' = 'Poison' THEN
                    RAISE EXCEPTION 'poison row' USING ERRCODE = '22023';
                  END IF;
                  RETURN NEW;
                END $$""");
        ShardDatabases.update(
                EAST,
                "CREATE TRIGGER poison BEFORE INSERT ON telemetry_events FOR EACH ROW EXECUTE FUNCTION refuse_poison()");
        ObjectNode good1 = Events.hostOs();
        ObjectNode poison = Events.hostOs();
        ((ObjectNode) poison.get("data")).put("eventName", "Poison");
        ObjectNode good2 = Events.hostOs();
        List<CompletableFuture<ExtractableResponse<Response>>> blockers = blockWriters();

        CompletableFuture<ExtractableResponse<Response>> a = sendAndQueue("east-1-token", List.of(good1));
        CompletableFuture<ExtractableResponse<Response>> bad = sendAndQueue("east-2-token", List.of(poison));
        CompletableFuture<ExtractableResponse<Response>> b = sendAndQueue("east-1-token", List.of(good2));
        unlock();

        assertEquals(1, (int) a.get().path("accepted"), a.get().asString());
        assertEquals(1, (int) b.get().path("accepted"), b.get().asString());
        assertEquals(500, bad.get().statusCode(), "the request whose row the shard refused fails alone");
        for (CompletableFuture<ExtractableResponse<Response>> blocker : blockers) {
            assertEquals(200, blocker.get().statusCode());
        }
        assertEquals(
                1, count(EAST, "SELECT count(*) FROM telemetry_events WHERE event_id = '" + Events.id(good1) + "'"));
        assertEquals(
                1, count(EAST, "SELECT count(*) FROM telemetry_events WHERE event_id = '" + Events.id(good2) + "'"));
        assertEquals(
                0, count(EAST, "SELECT count(*) FROM telemetry_events WHERE event_id = '" + Events.id(poison) + "'"));
    }

    @Test
    void givenAQueueFullOfRows_whenAnotherRequestArrives_thenItGets503WithRetryAfterAtOnce() throws Exception {
        List<CompletableFuture<ExtractableResponse<Response>>> blockers = blockWriters();
        List<CompletableFuture<ExtractableResponse<Response>>> queued = new ArrayList<>();
        // 20 requests of 1,000 events fill the 20,000 rows the queue holds by default
        for (int i = 0; i < 20; i++) {
            List<ObjectNode> thousand =
                    IntStream.range(0, 1000).mapToObj(n -> Events.billing()).toList();
            queued.add(send(i % 2 == 0 ? "east-1-token" : "east-2-token", thousand));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Metrics.value(Metrics.scrape(), QUEUED) >= 20);

        long t0 = System.nanoTime();
        ExtractableResponse<Response> refused =
                post("east-1-token", body(List.of(Events.hostOs()))).extract();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        unlock();

        assertEquals(503, refused.statusCode(), refused.asString());
        assertTrue(refused.asString().contains("shard-unavailable"), refused.asString());
        assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1);
        assertTrue(millis < 1000, "refused at once, not after a wait: " + millis + " ms");
        for (CompletableFuture<ExtractableResponse<Response>> q : queued) {
            int status = q.get().statusCode();
            assertTrue(
                    status == 200 || status == 503, "a queued request is stored or refused, never failed: " + status);
        }
        for (CompletableFuture<ExtractableResponse<Response>> b : blockers) {
            assertEquals(200, b.get().statusCode());
        }
        post("east-1-token", body(List.of(Events.hostOs()))).statusCode(200);
    }
}
