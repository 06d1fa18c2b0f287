package io.akshybrid.gateway.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.akshybrid.gateway.support.Management;
import io.akshybrid.gateway.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operators' API is on the management port only, and failed credentials are throttled and
 * counted. A profile of its own gives the class a fresh application, so that its throttled address
 * (127.0.0.1) does not carry over into other tests.
 */
@QuarkusTest
@TestProfile(AdminAccessTest.OwnApplication.class)
class AdminAccessTest {

    public static class OwnApplication implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.limits.body-timeout", "PT9S");
        }
    }

    static final String ADMIN = "Bearer dev-admin-token";

    @Test
    void givenTheAgentPort_whenAdminIsAsked_thenRefusedAndTheManagementPortServesIt() {
        given().header("Authorization", ADMIN)
                .when()
                .get("/admin/regions")
                .then()
                .statusCode(401); // the operators' token is no cluster's credential
        given().header("Authorization", "Bearer east-1-token")
                .when()
                .post("/admin/jobs/partitions/run")
                .then()
                .statusCode(404); // and a cluster's credential finds no admin API there

        given().port(Management.port())
                .header("Authorization", ADMIN)
                .when()
                .get("/admin/regions")
                .then()
                .statusCode(200)
                .body("revision", notNullValue())
                .body("shards.find { it.region == 'eastus' }.state", equalTo("READY"));
        given().port(Management.port())
                .header("Authorization", ADMIN)
                .when()
                .get("/admin/jobs?limit=0")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("limit must be between 1 and 1000"));
    }

    @Test
    void givenManyWrongOperatorTokens_whenSent_thenTheirAddressIsThrottledButAValidTokenStillServed() {
        String refused = "gateway_admin_auth_failures_total{outcome=\"refused\"}";
        String throttled = "gateway_admin_auth_failures_total{outcome=\"throttled\"}";
        String before = Metrics.scrape();
        for (int i = 0; i < 10; i++) {
            given().port(Management.port())
                    .header("Authorization", "Bearer guess-" + i)
                    .when()
                    .get("/admin/regions")
                    .then()
                    .statusCode(401);
        }

        given().port(Management.port())
                .header("Authorization", "Bearer guess-10")
                .when()
                .get("/admin/regions")
                .then()
                .statusCode(429)
                .header("Retry-After", notNullValue());
        // Another operator behind the same address (a port-forward makes everyone 127.0.0.1) is not
        // locked out: a valid token is never refused.
        given().port(Management.port())
                .header("Authorization", ADMIN)
                .when()
                .get("/admin/regions")
                .then()
                .statusCode(200);
        given().port(Management.port())
                .header("Authorization", "Bearer guess-11")
                .when()
                .get("/admin/regions")
                .then()
                .statusCode(429);

        String after = Metrics.scrape();
        assertEquals(10, Metrics.value(after, refused) - Metrics.value(before, refused));
        assertEquals(2, Metrics.value(after, throttled) - Metrics.value(before, throttled));
    }
}
