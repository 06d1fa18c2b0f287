package io.akshybrid.gateway.regions;

import static io.akshybrid.gateway.support.ShardDatabases.query;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.akshybrid.gateway.hashing.Sha256;
import io.akshybrid.gateway.support.ConfigMapDir;
import io.akshybrid.gateway.support.Management;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A refused edit of regions.yaml whose shard URL holds a password made of URL-special characters:
 * neither the admin answer nor the central store's record of the refusal shows any of it.
 */
@QuarkusTest
@QuarkusTestResource(value = ShardUrlSecretsTest.Mounted.class, restrictToAnnotatedClass = true)
class ShardUrlSecretsTest {

    static final String ADMIN = "Bearer dev-admin-token";
    static final String PASSWORD = "Zq^{|}@:/%#?&=x9";
    static ConfigMapDir configMap;

    static String map(String shard) {
        return """
                regions:
                  eastus:
                    shard: embedded
                  secretive:
                    shard: "%s"
                clusters:
                  east-1:
                    region: eastus
                    subscription: "0b5e7c1e-3a4f-4d2b-8c6e-1f2a3b4c5d6e"
                    tokenSha256: "%s"
                """.formatted(shard, Sha256.hex("east-1-token"));
    }

    public static class Mounted implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                configMap = new ConfigMapDir(map("embedded"));
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
        public void stop() {}
    }

    @Test
    void givenARefusedShardUrlWithASpecialPassword_whenReported_thenNoAnswerOrRecordShowsIt() throws Exception {
        configMap.update(map("postgresql://gateway:" + PASSWORD + "@pg-secretive:99999/telemetry?sslmode=on"));

        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> given().port(Management.port())
                        .header("Authorization", ADMIN)
                        .when()
                        .get("/admin/regions")
                        .then()
                        .statusCode(200)
                        .body("lastRefusedEdit.reason", containsString("region 'secretive'")));
        String answer = given().port(Management.port())
                .header("Authorization", ADMIN)
                .when()
                .get("/admin/regions")
                .then()
                .extract()
                .asString();
        String recorded = query("central", "SELECT string_agg(summary, ' | ') AS s FROM region_map_revisions")
                .get(0)
                .toString();
        for (String seen : new String[] {answer, recorded}) {
            for (int i = 0; i + 5 <= PASSWORD.length(); i++) {
                String part = PASSWORD.substring(i, i + 5);
                assertFalse(seen.contains(part), "'" + part + "' of the password in: " + seen);
            }
            assertFalse(seen.contains(PostgresUrl.percentEncode(PASSWORD)), seen);
        }
    }
}
