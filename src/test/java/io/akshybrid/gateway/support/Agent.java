package io.akshybrid.gateway.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;

/** A cluster agent as the tests play it: posts a body with its bearer token. */
public final class Agent {

    private Agent() {}

    public static ValidatableResponse post(String token, String json) {
        return given().header("Authorization", "Bearer " + token)
                .contentType("application/json")
                .body(json)
                .when()
                .post("/v1/events")
                .then();
    }
}
