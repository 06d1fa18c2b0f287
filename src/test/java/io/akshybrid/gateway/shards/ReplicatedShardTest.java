package io.akshybrid.gateway.shards;

import static io.akshybrid.gateway.support.Agent.post;
import static io.akshybrid.gateway.support.Events.body;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akshybrid.gateway.hashing.Sha256;
import io.akshybrid.gateway.support.Events;
import io.akshybrid.gateway.support.ReplicatedPair;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A shard as production runs it: a primary with a synchronous standby (built from the embedded
 * binaries), reached by a multi-host URL with {@code target_session_attrs=read-write} and no
 * password, the standby listed first. Traffic flows while the primary turns read-only under open
 * connections, and while it is stopped and the standby promoted: the agents see only 200 and 503,
 * service comes back by itself, and no acknowledged event is lost.
 */
@QuarkusTest
@QuarkusTestResource(value = ReplicatedShardTest.Pair.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicatedShardTest {

    private static final Logger LOG = Logger.getLogger(ReplicatedShardTest.class);

    static ReplicatedPair pair;

    public static class Pair implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            pair = new ReplicatedPair();
            try {
                pair.synchronous();
                Path file = Files.createTempFile("regions-replicated", ".yaml");
                Files.writeString(
                        file, """
                        regions:
                          ha:
                            shard: postgresql://postgres@127.0.0.1:%d,127.0.0.1:%d/telemetry?target_session_attrs=read-write
                          eastus:
                            shard: embedded
                        clusters:
                          ha-1:
                            region: ha
                            subscription: "0b5e7c1e-3a4f-4d2b-8c6e-1f2a3b4c5d6e"
                            tokenSha256: "%s"
                        """.formatted(pair.standbyPort(), pair.primaryPort(), Sha256.hex("ha-1-token")));
                return Map.of("gateway.regions-file", file.toString(), "gateway.retry-after", "PT1S");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
            if (pair != null) {
                pair.close();
            }
        }
    }

    /** Agents posting one event per request, as fast as answers come, recording what they were told. */
    static final class Load implements AutoCloseable {
        final HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        final AtomicBoolean running = new AtomicBoolean(true);
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        /** (nanoTime, status) of every answer. */
        final ConcurrentLinkedQueue<long[]> answers = new ConcurrentLinkedQueue<>();

        final List<Thread> agents = new ArrayList<>();

        Load(int agents) {
            for (int i = 0; i < agents; i++) {
                Thread t = new Thread(this::run, "agent-" + i);
                t.setDaemon(true);
                t.start();
                this.agents.add(t);
            }
        }

        private void run() {
            URI uri = URI.create("http://localhost:" + RestAssured.port + "/v1/events");
            while (running.get()) {
                var event = Events.hostOs();
                HttpRequest request = HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer ha-1-token")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body(event)))
                        .build();
                int status;
                try {
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    status = r.statusCode();
                    if (status == 503 && r.headers().firstValue("Retry-After").isEmpty()) {
                        status = -503; // a 503 without Retry-After breaks the contract
                    }
                } catch (IOException e) {
                    status = -1;
                } catch (InterruptedException e) {
                    return;
                }
                if (status == 200) {
                    acknowledged.add(Events.id(event).toString());
                }
                statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                answers.add(new long[] {System.nanoTime(), status});
                if (status != 200) {
                    sleep(50);
                }
            }
        }

        /** Seconds from {@code since} to the first answer after which every answer was 200. */
        double fullServiceAfter(long since) {
            long lastFailure = since;
            for (long[] a : answers) {
                if (a[1] != 200 && a[0] > lastFailure) {
                    lastFailure = a[0];
                }
            }
            return (lastFailure - since) / 1e9;
        }

        Map<Integer, Long> statuses() {
            Map<Integer, Long> out = new TreeMap<>();
            statuses.forEach((k, v) -> out.put(k, v.get()));
            return out;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : agents) {
                t.join(35_000);
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @Order(1)
    void givenAMultiHostUrlWithoutPasswordAndTheStandbyFirst_whenAClusterPosts_thenItIsStoredOnThePrimary()
            throws Exception {
        var event = Events.hostOs();
        post("ha-1-token", body(event)).statusCode(200).body("accepted", equalTo(1));
        assertEquals(
                1,
                ReplicatedPair.count(
                        pair.primaryPort(),
                        "SELECT count(*) FROM telemetry_events WHERE event_id = '" + Events.id(event) + "'"));
    }

    @Test
    @Order(2)
    void givenAPrimaryThatTurnsReadOnlyUnderOpenConnections_whenAgentsPost_thenOnly200And503AndServiceReturns()
            throws Exception {
        long writable;
        Map<Integer, Long> statuses;
        try (Load load = new Load(2)) {
            sleep(1000);
            ReplicatedPair.readOnly(pair.primaryPort(), true);
            sleep(3000);
            ReplicatedPair.readOnly(pair.primaryPort(), false);
            writable = System.nanoTime();
            sleep(10_000);
            double after = load.fullServiceAfter(writable);
            statuses = load.statuses();
            LOG.infof("Read-only primary: answers %s; full service %.2f s after it took writes again", statuses, after);
            assertTrue(after < 10, "full service " + after + " s after the primary took writes again: " + statuses);
        }
        assertTrue(statuses.getOrDefault(503, 0L) > 0, "the read-only node was noticed: " + statuses);
        assertEquals(Set.of(200, 503), statuses.keySet(), "only 200 and 503 (with Retry-After): " + statuses);
    }

    @Test
    @Order(3)
    void givenAFailoverThatCutsConnections_whenAgentsPost_thenServiceReturnsAndNoAcknowledgedEventIsLost()
            throws Exception {
        Set<String> acknowledged;
        Map<Integer, Long> statuses;
        double after;
        try (Load load = new Load(2)) {
            sleep(1000);
            pair.stopPrimary();
            pair.promoteStandby();
            long promoted = System.nanoTime();
            sleep(8000);
            after = load.fullServiceAfter(promoted);
            statuses = load.statuses();
            acknowledged = load.acknowledged;
            LOG.infof(
                    "Failover: answers %s; full service %.2f s after the promotion; %d acknowledged",
                    statuses, after, acknowledged.size());
        }
        assertTrue(after < 5, "full service " + after + " s after the promotion: " + statuses);
        assertTrue(statuses.keySet().stream().allMatch(s -> s == 200 || s == 503), "only 200 and 503: " + statuses);
        long stored = ReplicatedPair.count(
                pair.standbyPort(),
                "SELECT count(*) FROM telemetry_events WHERE event_id::text IN ('" + String.join("','", acknowledged)
                        + "')");
        assertEquals(acknowledged.size(), stored, "every acknowledged event is on the promoted standby");
    }
}
