package io.akshybrid.gateway.api;

import static io.akshybrid.gateway.api.EventsIngestTest.rows;
import static io.akshybrid.gateway.api.WholeRequestErrorsTest.assertProblem;
import static io.akshybrid.gateway.support.Agent.post;
import static io.akshybrid.gateway.support.Events.body;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akshybrid.gateway.hashing.Sha256;
import io.akshybrid.gateway.support.Events;
import io.akshybrid.gateway.support.Management;
import io.akshybrid.gateway.support.ProxiedShardResource;
import io.akshybrid.gateway.support.TcpProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A shard that goes away while the gateway runs: requests for its region get 503 with Retry-After
 * within seconds, other regions are unaffected, and ingest resumes by itself when the shard is back.
 */
@QuarkusTest
@QuarkusTestResource(value = ShardOutageTest.ProxiedShard.class, restrictToAnnotatedClass = true)
class ShardOutageTest {

    static TcpProxy proxy;

    public static class ProxiedShard extends ProxiedShardResource {
        @Override
        protected String database() {
            return "shard_proxied";
        }

        @Override
        protected String regionsYaml(int proxyPort) {
            return """
                        regions:
                          proxied:
                            shard: postgresql://postgres:postgres@127.0.0.1:%d/shard_proxied
                          eastus:
                            shard: embedded
                        clusters:
                          proxied-1:
                            region: proxied
                            subscription: "0b5e7c1e-3a4f-4d2b-8c6e-1f2a3b4c5d6e"
                            tokenSha256: "%s"
                          east-1:
                            region: eastus
                            subscription: "0b5e7c1e-3a4f-4d2b-8c6e-1f2a3b4c5d6e"
                            tokenSha256: "%s"
                        """.formatted(proxyPort, Sha256.hex("proxied-1-token"), Sha256.hex("east-1-token"));
        }

        @Override
        protected void started(TcpProxy running) {
            proxy = running;
        }
    }

    @Test
    void givenAReadyShardThatGoesDown_whenItsClusterPosts_then503QuicklyAndOtherRegionsStillWork() throws Exception {
        ObjectNode before = Events.hostOs();
        post("proxied-1-token", body(before)).statusCode(200).body("accepted", equalTo(1));

        proxy.stop();
        ObjectNode during = Events.hostOs();
        long t0 = System.nanoTime();
        assertProblem(post("proxied-1-token", body(during)), 503, "shard-unavailable")
                .header("Retry-After", notNullValue());
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(millis < 10_000, "a down shard is answered within seconds, took " + millis + " ms");
        post("east-1-token", body(Events.hostOs())).statusCode(200).body("accepted", equalTo(1));
        given().port(Management.port())
                .when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'regions' }.data.'shard.proxied'", startsWith("DOWN"))
                .body("checks.find { it.name == 'regions' }.data.'shard.eastus'", equalTo("UP"));

        proxy.start();
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> post("proxied-1-token", body(during)).statusCode(200));
        assertEquals(1, rows("shard_proxied", "telemetry_events", Events.id(during)));
        assertEquals(1, rows("shard_proxied", "telemetry_events", Events.id(before)));
    }
}
