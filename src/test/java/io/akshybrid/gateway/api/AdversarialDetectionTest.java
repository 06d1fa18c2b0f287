package io.akshybrid.gateway.api;

import static io.akshybrid.gateway.support.Agent.post;
import static io.akshybrid.gateway.support.Events.body;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akshybrid.gateway.privacy.AdversarialShapes;
import io.akshybrid.gateway.support.Events;
import io.akshybrid.gateway.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shapes that cost each personal-data detector the most ({@link AdversarialShapes}: leading
 * zero and mapped addresses, MAC addresses, Unicode e-mail, phone numbers the library must refuse,
 * dotted cards, SIDs, every spelling of user paths, key blocks, connection strings, prefixed tokens),
 * at the largest size a field accepts, through the whole ingest path: each request is answered within
 * a second and liveness answers meanwhile. The same style as {@link AdversarialTextTest}, for the
 * patterns added after it.
 */
@QuarkusTest
class AdversarialDetectionTest {

    static boolean warm;

    @BeforeEach
    void warmUp() {
        if (warm) {
            return;
        }
        warm = true;
        // The first requests of a fresh application load and compile the scan: not what is measured.
        List<String> shapes = shapes().toList();
        for (int i = 0; i < shapes.size(); i++) {
            ObjectNode event = Events.hostError();
            ((ObjectNode) event.get("data")).put("stackTrace", shapes.get(i).substring(0, 4_096));
            post("east-1-token", body(List.of(event))).statusCode(200);
        }
    }

    static Stream<String> shapes() {
        return AdversarialShapes.all();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("shapes")
    void givenAStackTraceShapedToCostADetector_whenPosted_thenAnsweredQuicklyAndLivenessStaysUp(String trace) {
        ObjectNode event = Events.hostError();
        ((ObjectNode) event.get("data")).put("stackTrace", trace).put("message", trace.substring(0, 8_192));

        long t0 = System.nanoTime();
        post("east-1-token", body(List.of(event))).statusCode(200).body("accepted", equalTo(1));
        long millis = (System.nanoTime() - t0) / 1_000_000;

        assertTrue(millis < 1_000, "answered in " + millis + " ms");
        long l0 = System.nanoTime();
        given().port(Management.port()).when().get("/q/health/live").then().statusCode(200);
        assertTrue((System.nanoTime() - l0) / 1_000_000 < 1_000, "liveness stays fast");
    }

    @Test
    void givenA8MibGzipBodyOfPhoneNumbersTheLibraryMustRefuse_whenPosted_thenItIsAnsweredInSeconds() throws Exception {
        // Each "+999 1234 5678" is a candidate that only libphonenumber can refuse (no country 999):
        // past a budget of library calls per text, candidates are taken as numbers unasked.
        String trace = "+999 1234 5678 ".repeat(65_536 / 15);
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < 125; i++) {
            ObjectNode event = Events.hostError();
            ((ObjectNode) event.get("data")).put("stackTrace", trace);
            events.add(event);
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(body(events).getBytes(StandardCharsets.UTF_8));
        }

        long t0 = System.nanoTime();
        given().header("Authorization", "Bearer east-1-token")
                .contentType("application/json")
                .header("Content-Encoding", "gzip")
                .body(gz.toByteArray())
                .when()
                .post("/v1/events")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(125));
        long millis = (System.nanoTime() - t0) / 1_000_000;

        assertTrue(millis < 5_000, "answered in " + millis + " ms");
    }
}
