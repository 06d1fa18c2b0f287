package io.akshybrid.gateway.api;

import static io.akshybrid.gateway.support.Agent.post;
import static io.akshybrid.gateway.support.Events.body;
import static io.akshybrid.gateway.support.ShardDatabases.count;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akshybrid.gateway.hashing.Sha256;
import io.akshybrid.gateway.support.Events;
import io.akshybrid.gateway.support.Management;
import io.akshybrid.gateway.support.Metrics;
import io.akshybrid.gateway.support.ProxiedShardResource;
import io.akshybrid.gateway.support.TcpProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A shard whose connections stop answering without failing (the pool's connections never come
 * back), under more concurrent requests than the pool and the queue hold: every request is answered
 * 503 within seconds, and once the database answers again the region serves without a restart,
 * because the pool that stopped giving connections back is replaced.
 */
@QuarkusTest
@QuarkusTestResource(value = ShardWedgeTest.SilentShard.class, restrictToAnnotatedClass = true)
class ShardWedgeTest {

    static TcpProxy proxy;

    public static class SilentShard extends ProxiedShardResource {
        @Override
        protected String database() {
            return "shard_silent";
        }

        @Override
        protected String regionsYaml(int proxyPort) {
            return """
                        regions:
                          silent:
                            shard: postgresql://postgres:postgres@127.0.0.1:%d/shard_silent
                        clusters:
                          silent-1:
                            region: silent
                            subscription: "0b5e7c1e-3a4f-4d2b-8c6e-1f2a3b4c5d6e"
                            tokenSha256: "%s"
                        """.formatted(proxyPort, Sha256.hex("silent-1-token"));
        }

        @Override
        protected void started(TcpProxy running) {
            proxy = running;
        }

        @Override
        protected Map<String, String> settings() {
            return Map.of(
                    // A small pool (one writer, the jobs' three, an operator's one) that leaks a
                    // connection with every write that hangs: a write gives up after 2 x (0.25 s + 0.25 s).
                    "gateway.shards.pool-size", "5",
                    "gateway.shards.writers", "1",
                    "gateway.shards.acquire-timeout", "PT0.25S",
                    "gateway.shards.connect-timeout", "PT0.25S",
                    "gateway.shards.queue-timeout", "PT1S",
                    "gateway.shards.queue-max-requests", "4",
                    // The body arrives at once; the work on it takes up to the queue timeout, longer
                    // than this: still a 503, never a 408 (the deadline is for the body, not the work).
                    "gateway.limits.body-timeout", "PT0.5S",
                    "gateway.limits.events-per-second", "1000000",
                    "gateway.limits.burst-events", "1000000");
        }
    }

    @Test
    void givenAShardWhoseConnectionsStopAnsweringUnderOverload_whenItAnswersAgain_thenTheRegionRecoversWithoutRestart()
            throws Exception {
        post("silent-1-token", body(List.of(Events.hostOs()))).statusCode(200);
        proxy.blackhole();

        // For six seconds, more concurrent requests than the pool (4) and the queue (4) hold: without a
        // new pool, the hanging writes would keep every connection and the region would never recover.
        ExecutorService agents = Executors.newFixedThreadPool(12);
        long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        List<CompletableFuture<List<long[]>>> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            answers.add(CompletableFuture.supplyAsync(
                    () -> {
                        List<long[]> seen = new ArrayList<>();
                        while (System.nanoTime() < until) {
                            long t0 = System.nanoTime();
                            int status = post("silent-1-token", body(List.of(Events.hostOs())))
                                    .extract()
                                    .statusCode();
                            seen.add(new long[] {status, (System.nanoTime() - t0) / 1_000_000});
                        }
                        return seen;
                    },
                    agents));
        }
        for (CompletableFuture<List<long[]>> a : answers) {
            for (long[] statusAndMillis : a.get()) {
                assertEquals(503, statusAndMillis[0], "an unanswering shard is a 503, never a 500 or a hang");
                assertTrue(statusAndMillis[1] < 5_000, "answered within seconds: " + statusAndMillis[1] + " ms");
            }
        }
        agents.shutdown();
        assertTrue(
                Metrics.value(Metrics.scrape(), "gateway_shard_pool_recycles_total{region=\"silent\"}") >= 1,
                "the pool whose connections stopped coming back was replaced");

        proxy.heal();
        long healed = System.nanoTime();
        ObjectNode after = Events.hostOs();
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(
                        () -> post("silent-1-token", body(List.of(after))).statusCode(200));
        long recoveredMillis = (System.nanoTime() - healed) / 1_000_000;
        assertEquals(
                1,
                count(
                        "shard_silent",
                        "SELECT count(*) FROM telemetry_events WHERE event_id = '" + Events.id(after) + "'"));
        assertTrue(recoveredMillis < 15_000, "recovered in " + recoveredMillis + " ms");
        given().port(Management.port())
                .when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'regions' }.data.'shard.silent'", equalTo("UP"));
    }
}
