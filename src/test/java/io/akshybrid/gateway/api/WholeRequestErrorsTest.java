package io.akshybrid.gateway.api;

import static io.akshybrid.gateway.api.EventsIngestTest.EAST;
import static io.akshybrid.gateway.api.EventsIngestTest.rows;
import static io.akshybrid.gateway.support.Agent.post;
import static io.akshybrid.gateway.support.Events.body;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akshybrid.gateway.support.Events;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Whole-request failures: problem+json with the contract's status, and nothing stored. */
@QuarkusTest
class WholeRequestErrorsTest {

    static ValidatableResponse assertProblem(ValidatableResponse r, int status, String typeSuffix) {
        return r.statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("type", equalTo("https://akshybrid.io/problems/" + typeSuffix))
                .body("title", notNullValue())
                .body("detail", notNullValue());
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    /** Posts {@code body} as east-1 with the given content type and encoding (null: no Content-Encoding). */
    static ValidatableResponse postAsEast1(String contentType, String encoding, Object body) {
        RequestSpecification request =
                given().header("Authorization", "Bearer east-1-token").contentType(contentType);
        if (encoding != null) {
            request = request.header("Content-Encoding", encoding);
        }
        // body(Object) would serialise a byte[] as JSON: pick the overload that sends it as is.
        request = body instanceof byte[] bytes ? request.body(bytes) : request.body((String) body);
        return request.when().post("/v1/events").then();
    }

    @Test
    void givenAGzipBody_whenPosted_thenItIsInflatedAndStored() throws IOException {
        ObjectNode e = Events.hostOs();
        postAsEast1("application/json", "gzip", gzip(body(e).getBytes()))
                .statusCode(200)
                .body("accepted", equalTo(1));
        assertEquals(1, rows(EAST, "telemetry_events", Events.id(e)));
    }

    @Test
    void givenNoCredential_whenPosted_then401WithWwwAuthenticate() {
        ObjectNode e = Events.hostOs();
        assertProblem(
                        given().contentType("application/json")
                                .body(body(e))
                                .when()
                                .post("/v1/events")
                                .then(),
                        401,
                        "unauthorized")
                .header("WWW-Authenticate", containsString("Bearer"));
        assertEquals(0, rows(EAST, "telemetry_events", Events.id(e)));
    }

    @Test
    void givenAnUnknownTokenOrAnotherScheme_whenPosted_then401() {
        assertProblem(post("not-a-token", body(Events.hostOs())), 401, "unauthorized")
                .header("WWW-Authenticate", containsString("Bearer"));
        assertProblem(
                given().header("Authorization", "Basic ZWFzdC0xLXRva2VuOg==")
                        .contentType("application/json")
                        .body(body(Events.hostOs()))
                        .when()
                        .post("/v1/events")
                        .then(),
                401,
                "unauthorized");
    }

    @Test
    void givenAClusterNotRegisteredInARegion_whenPosted_then403() {
        assertProblem(post("pending-1-token", body(Events.hostOs())), 403, "cluster-not-registered");
    }

    @Test
    void givenMalformedBodies_whenPosted_then400AndNothingStored() {
        ObjectNode e = Events.hostOs();
        String valid = body(e);
        for (String bad : List.of(
                "{",
                "[]",
                "{\"events\": {}}",
                "{\"other\": []}",
                "null",
                "",
                valid.substring(0, valid.length() - 1) + ",\"events\":[]}", // duplicate key
                valid + " trailing")) {
            assertProblem(post("east-1-token", bad), 400, "malformed-body");
        }
        assertEquals(0, rows(EAST, "telemetry_events", Events.id(e)));
    }

    @Test
    void givenBadGzip_whenPosted_then400() {
        assertProblem(postAsEast1("application/json", "gzip", "not gzip at all".getBytes()), 400, "malformed-body");
    }

    @Test
    void givenAnotherContentTypeOrEncoding_whenPosted_then415() {
        assertProblem(postAsEast1("text/plain", null, body(Events.hostOs())), 415, "unsupported-media-type");
        assertProblem(postAsEast1("application/json", "br", body(Events.hostOs())), 415, "unsupported-media-type");
        assertProblem(
                postAsEast1("application/json; charset=latin1", null, body(Events.hostOs())),
                415,
                "unsupported-media-type");
    }

    @Test
    void givenMoreThan1000Events_whenPosted_then413AndNothingStored() {
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            events.add(Events.billing());
        }
        assertProblem(post("east-1-token", body(events)), 413, "payload-too-large");
        assertEquals(0, rows(EAST, "billing_events", Events.id(events.get(0))));
        post("east-1-token", body(events.subList(0, 1000))).statusCode(200).body("accepted", equalTo(1000));
    }

    @Test
    void givenABodyOverOneMebibyteOnTheWire_whenPosted_then413() {
        byte[] big = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        assertProblem(postAsEast1("application/json", null, big), 413, "payload-too-large");
    }

    @Test
    void givenAGzipBodyInflatingBeyondEightMebibytes_whenPosted_then413() throws IOException {
        byte[] inflated = new byte[8 * 1024 * 1024 + 1];
        java.util.Arrays.fill(inflated, (byte) ' ');
        byte[] bomb = gzip(inflated);
        assertProblem(postAsEast1("application/json", "gzip", bomb), 413, "payload-too-large");
    }

    @Test
    void givenARegionWhoseShardIsUnreachable_whenPosted_then503WithRetryAfterWithinSeconds() {
        long t0 = System.nanoTime();
        assertProblem(post("lost-1-token", body(Events.hostOs())), 503, "shard-unavailable")
                .header("Retry-After", notNullValue());
        assertEquals(true, (System.nanoTime() - t0) / 1_000_000 < 5_000, "answered quickly");
    }

    @Test
    void givenAnUnknownPath_whenRequested_then401WithoutACredentialAndProblemJson404WithOne() {
        given().when().get("/v1/nothing").then().statusCode(401);
        given().header("Authorization", "Bearer east-1-token")
                .when()
                .get("/v1/nothing")
                .then()
                .statusCode(404)
                .contentType(containsString("application/problem+json"));
        given().header("Authorization", "Bearer east-1-token")
                .when()
                .get("/v1/events")
                .then()
                .statusCode(lessThan(500));
    }
}
