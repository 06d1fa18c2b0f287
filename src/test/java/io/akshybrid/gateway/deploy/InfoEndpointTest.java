package io.akshybrid.gateway.deploy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.akshybrid.gateway.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** /q/info tells an operator which build a pod runs; like health and metrics, only on the management port. */
@QuarkusTest
class InfoEndpointTest {

    @Test
    void givenTheManagementPort_whenInfoIsAskedFor_thenItNamesTheBuildAndTheJava() {
        given().port(Management.port())
                .when()
                .get("/q/info")
                .then()
                .statusCode(200)
                .body("build.artifact", equalTo("telemetry-gateway"))
                .body("build.version", equalTo("0.1.0-SNAPSHOT"))
                .body("java.version", notNullValue());
    }

    @Test
    void givenTheAgentPort_whenInfoIsAskedFor_thenItIsNotThere() {
        // Default deny: without a cluster's credential every path of the agent port is refused.
        given().when().get("/q/info").then().statusCode(401);
        given().header("Authorization", "Bearer east-1-token")
                .when()
                .get("/q/info")
                .then()
                .statusCode(404);
    }
}
