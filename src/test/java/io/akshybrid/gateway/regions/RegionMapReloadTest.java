package io.akshybrid.gateway.regions;

import static io.akshybrid.gateway.support.Agent.post;
import static io.akshybrid.gateway.support.Events.body;
import static io.akshybrid.gateway.support.ShardDatabases.count;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akshybrid.gateway.embedded.EmbeddedPostgresServer;
import io.akshybrid.gateway.hashing.Sha256;
import io.akshybrid.gateway.support.ConfigMapDir;
import io.akshybrid.gateway.support.Events;
import io.akshybrid.gateway.support.Management;
import io.akshybrid.gateway.support.TcpProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * regions.yaml edited while the gateway runs, published the way a Kubernetes ConfigMap volume does
 * (a symlinked {@code ..data} directory swapped atomically).
 */
@QuarkusTest
@QuarkusTestResource(value = RegionMapReloadTest.MountedMap.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegionMapReloadTest {

    static final String ADMIN = "Bearer dev-admin-token";
    static ConfigMapDir configMap;
    static TcpProxy first;
    static TcpProxy second;

    static String map(int movablePort, String extraClusters) {
        return """
                regions:
                  eastus:
                    shard: embedded
                  movable:
                    shard: postgresql://postgres:postgres@127.0.0.1:%d/shard_movable
                clusters:
                  east-1:
                    region: eastus
                    subscription: "0b5e7c1e-3a4f-4d2b-8c6e-1f2a3b4c5d6e"
                    tokenSha256: "%s"
                  mover-1:
                    region: movable
                    subscription: "0b5e7c1e-3a4f-4d2b-8c6e-1f2a3b4c5d6e"
                    tokenSha256: "%s"
                %s""".formatted(movablePort, Sha256.hex("east-1-token"), Sha256.hex("mover-1-token"), extraClusters);
    }

    static String cluster(String id, String region) {
        return """
                  %s:
                    region: %s
                    subscription: "0b5e7c1e-3a4f-4d2b-8c6e-1f2a3b4c5d6e"
                    tokenSha256: "%s"
                """.formatted(id, region, Sha256.hex(id + "-token"));
    }

    public static class MountedMap implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                int pg = EmbeddedPostgresServer.database("shard_movable", Optional.empty(), false);
                first = new TcpProxy(pg);
                first.start();
                second = new TcpProxy(pg);
                second.start();
                configMap = new ConfigMapDir(map(first.port(), ""));
                return Map.of(
                        "gateway.regions-file",
                        configMap.file().toString(),
                        "gateway.regions-reload-interval",
                        "PT0.3S");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
            try {
                first.stop();
                second.stop();
            } catch (Exception ignored) {
                // the JVM is ending
            }
        }
    }

    static void within(Duration d, Runnable assertion) {
        Awaitility.await().atMost(d).pollInterval(Duration.ofMillis(200)).untilAsserted(assertion::run);
    }

    @Test
    @Order(1)
    void givenANewCluster_whenAddedThroughAConfigMapSwap_thenItCanSendWithinSeconds() throws Exception {
        post("new-1-token", body(Events.hostOs())).statusCode(401);

        configMap.update(map(first.port(), cluster("new-1", "eastus")));

        within(
                Duration.ofSeconds(5),
                () -> post("new-1-token", body(Events.hostOs())).statusCode(200).body("accepted", equalTo(1)));
        given().port(Management.port())
                .header("Authorization", ADMIN)
                .when()
                .get("/admin/regions")
                .then()
                .statusCode(200)
                .body("revision", equalTo(Sha256.hex(map(first.port(), cluster("new-1", "eastus")))))
                .body("clusters", equalTo(3))
                .body("shards.region", equalTo(List.of("eastus", "movable")))
                .body("shards.state", equalTo(List.of("READY", "READY")));
        given().port(Management.port())
                .when()
                .get("/q/metrics")
                .then()
                .body(containsString("gateway_region_map_reloads_total{result=\"applied\"}"));
        assertTrue(count(
                        "central",
                        "SELECT count(*) FROM region_map_revisions WHERE applied AND summary LIKE '%+cluster new-1%'")
                >= 1);
    }

    @Test
    @Order(2)
    void givenAnInvalidEdit_whenPublished_thenItIsRefusedWithItsLineAndTheOldMapKeepsServing() throws Exception {
        configMap.update(map(first.port(), cluster("new-1", "eastus") + cluster("ghost-1", "northpole")));

        within(
                Duration.ofSeconds(5),
                () -> given().port(Management.port())
                        .header("Authorization", ADMIN)
                        .when()
                        .get("/admin/regions")
                        .then()
                        .statusCode(200)
                        .body("lastRefusedEdit.reason", containsString("unknown region 'northpole'"))
                        .body("lastRefusedEdit.reason", containsString("line 20")));
        post("new-1-token", body(Events.hostOs())).statusCode(200);
        post("ghost-1-token", body(Events.hostOs())).statusCode(401);
        assertTrue(count(
                        "central",
                        "SELECT count(*) FROM region_map_revisions WHERE NOT applied AND summary LIKE '%northpole%'")
                >= 1);
        given().port(Management.port())
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("gateway_region_map_reloads_total{result=\"refused\"}"));
    }

    @Test
    @Order(3)
    void givenAClusterRemoved_whenTheEditIsApplied_thenItGets401() throws Exception {
        configMap.update(map(first.port(), ""));
        within(
                Duration.ofSeconds(5),
                () -> post("new-1-token", body(Events.hostOs())).statusCode(401));
        post("east-1-token", body(Events.hostOs())).statusCode(200);
    }

    @Test
    @Order(4)
    void givenAShardUrlChange_whenAppliedUnderLoad_thenNoRequestFailsAndTheNewPoolServes() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
        Thread load = new Thread(() -> {
            while (running.get()) {
                statuses.add(post("mover-1-token", body(Events.hostOs(), Events.billing()))
                        .extract()
                        .statusCode());
            }
        });
        load.start();
        try {
            Thread.sleep(500);
            configMap.update(map(second.port(), ""));
            within(
                    Duration.ofSeconds(10),
                    () -> given().port(Management.port())
                            .header("Authorization", ADMIN)
                            .when()
                            .get("/admin/regions")
                            .then()
                            .body(
                                    "shards.find { it.region == 'movable' }.shard",
                                    containsString(":" + second.port() + "/"))
                            .body("shards.find { it.region == 'movable' }.state", equalTo("READY")));
            Thread.sleep(500);
        } finally {
            running.set(false);
            load.join();
        }
        List<Integer> seen = List.copyOf(statuses);
        assertTrue(seen.size() > 5, "the load ran: " + seen.size());
        assertEquals(List.of(200), seen.stream().distinct().toList(), "every request during the switch succeeded");

        first.stop(); // the old URL is gone: only the new pool can serve now
        post("mover-1-token", body(Events.hostOs())).statusCode(200).body("accepted", equalTo(1));
    }
}
