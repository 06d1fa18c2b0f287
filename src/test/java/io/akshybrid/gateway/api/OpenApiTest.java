package io.akshybrid.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import io.akshybrid.gateway.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes the agent API with its event schemas, and the admin API. */
@QuarkusTest
class OpenApiTest {

    @Test
    void givenTheManagementPort_whenOpenApiIsRequested_thenBothApisAndTheSixEventSchemasAreDescribed() {
        given().port(Management.port())
                .queryParam("format", "json")
                .when()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths.'/v1/events'.post.requestBody", notNullValue())
                .body(
                        "paths.'/v1/events'.post.responses.keySet()",
                        hasItems("200", "400", "401", "403", "413", "415", "429", "503"))
                .body("paths.'/admin/jobs/{job}/run'.post", notNullValue())
                .body("paths.'/admin/regions'.get", notNullValue())
                .body(
                        "components.schemas.keySet()",
                        hasItems(
                                "EventBatch",
                                "Event",
                                "HostOsData",
                                "ControlPlaneData",
                                "HostErrorData",
                                "MarinerVmData",
                                "BillingData",
                                "SecurityData",
                                "Problem"))
                .body("components.schemas.Event.properties.type.enum", hasItems("host-os", "billing", "security"));
    }
}
