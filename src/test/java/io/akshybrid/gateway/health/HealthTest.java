package io.akshybrid.gateway.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.akshybrid.gateway.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Probes on the management port: liveness is trivial; readiness lists shards and survives one being down. */
@QuarkusTest
class HealthTest {

    @Test
    void givenTheGatewayIsUp_whenLivenessIsProbed_thenUp() {
        given().port(Management.port())
                .when()
                .get("/q/health/live")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void givenOneRegionsShardIsUnreachable_whenReadinessIsProbed_thenUpWithEachShardsState() {
        given().port(Management.port())
                .when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'regions' }.data.'shard.eastus'", equalTo("UP"))
                .body("checks.find { it.name == 'regions' }.data.'shard.westeurope'", equalTo("UP"))
                .body("checks.find { it.name == 'regions' }.data.central", equalTo("UP"))
                .body("checks.find { it.name == 'regions' }.data.'shard.unreachable'", startsWith("FAILED"));
    }

    @Test
    void givenTheApplicationPort_whenHealthIsRequested_thenItIsNotServedThere() {
        // Default deny: without a cluster's credential every path of the agent port is refused.
        given().when().get("/q/health/live").then().statusCode(401);
        given().header("Authorization", "Bearer east-1-token")
                .when()
                .get("/q/health/live")
                .then()
                .statusCode(404);
    }
}
