package io.akshybrid.gateway.api;

import static io.akshybrid.gateway.support.Agent.post;
import static io.akshybrid.gateway.support.Events.body;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akshybrid.gateway.support.Events;
import io.akshybrid.gateway.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Text shaped to make a backtracking regex engine take quadratic time or overflow its stack, at the
 * largest size a field accepts, through the whole ingest path: each request is answered in well
 * under a second (they took up to 68 s before the scan moved to a linear-time engine), and liveness
 * answers meanwhile.
 */
@QuarkusTest
class AdversarialTextTest {

    static final int STACK_TRACE_MAX = 65_536;

    static String fill(String unit, String tail) {
        return unit.repeat((STACK_TRACE_MAX - tail.length()) / unit.length()) + tail;
    }

    static boolean warm;

    @BeforeEach
    void warmUp() {
        if (warm) {
            return;
        }
        warm = true;
        // The first requests of a fresh application load and compile the scan: not what is measured.
        for (int i = 0; i < 20; i++) {
            ObjectNode event = Events.hostError();
            ((ObjectNode) event.get("data")).put("stackTrace", "x".repeat(1000) + " bob@contoso.com 10.1.2.3");
            post("east-1-token", body(List.of(event))).statusCode(200);
        }
    }

    static Stream<String> stackTraces() {
        byte[] certificate = new byte[5_900];
        new Random(7).nextBytes(certificate);
        return Stream.of(
                fill("a", "@"), // local part without a domain, at every start position
                fill("a.", "@x"),
                "x@" + fill("a.", "1").substring(2), // a domain of 32k labels: deep recursion in java.util.regex
                fill("eyJ", ""),
                fill("eyJaaaaa.", ""),
                fill("1 ", ""),
                fill("1.", ""),
                fill("a:", ""),
                fill("+1 ", ""),
                fill("/home/", ""),
                fill("bearer ", ""),
                fill("123-45-", ""),
                Base64.getEncoder().encodeToString(certificate) + " alice@contoso.com");
    }

    @Test
    void givenFourAdversarialRequestsAtOnce_whenLivenessIsProbedMeanwhile_thenItStaysFast() throws Exception {
        List<String> traces = stackTraces().limit(4).toList();
        ExecutorService agents = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (String trace : traces) {
                    ObjectNode event = Events.hostError();
                    ((ObjectNode) event.get("data")).put("stackTrace", trace);
                    String json = body(List.of(event));
                    answers.add(agents.submit(
                            () -> post("east-1-token", json).extract().statusCode()));
                }
            }
            long slowest = 0;
            while (answers.stream().anyMatch(a -> !a.isDone())) {
                long l0 = System.nanoTime();
                given().port(Management.port())
                        .when()
                        .get("/q/health/live")
                        .then()
                        .statusCode(200);
                slowest = Math.max(slowest, (System.nanoTime() - l0) / 1_000_000);
            }
            for (Future<Integer> a : answers) {
                assertEquals(200, a.get(30, TimeUnit.SECONDS));
            }
            assertTrue(slowest < 1_000, "liveness answered within a second meanwhile, slowest " + slowest + " ms");
        } finally {
            agents.shutdownNow();
        }
    }

    @Test
    void givenA24KibGzipBodyThatInflatesTo125NearMissStackTraces_whenPosted_thenItIsAnsweredInSeconds()
            throws Exception {
        // Nearly every position of "1 1 1 ..." starts a card-number candidate that the Luhn check
        // rejects: 8 MiB of it took 20 s on one event loop before the scan had a budget of rejections.
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < 125; i++) {
            ObjectNode event = Events.hostError();
            ((ObjectNode) event.get("data")).put("stackTrace", fill("1 ", ""));
            events.add(event);
        }
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(body(events).getBytes(java.nio.charset.StandardCharsets.UTF_8));
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

    @ParameterizedTest
    @MethodSource("stackTraces")
    void givenAStackTraceShapedToCostABacktrackingEngine_whenPosted_thenAnsweredQuicklyAndLivenessStaysUp(
            String trace) {
        ObjectNode event = Events.hostError();
        ((ObjectNode) event.get("data")).put("stackTrace", trace);

        long t0 = System.nanoTime();
        post("east-1-token", body(List.of(event))).statusCode(200).body("accepted", equalTo(1));
        long millis = (System.nanoTime() - t0) / 1_000_000;

        assertTrue(millis < 1_000, "answered in " + millis + " ms");
        long l0 = System.nanoTime();
        given().port(Management.port()).when().get("/q/health/live").then().statusCode(200);
        assertTrue((System.nanoTime() - l0) / 1_000_000 < 1_000, "liveness stays fast");
    }
}
