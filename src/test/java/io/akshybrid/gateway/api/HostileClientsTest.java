package io.akshybrid.gateway.api;

import static io.akshybrid.gateway.support.Agent.post;
import static io.akshybrid.gateway.support.Events.body;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akshybrid.gateway.support.Events;
import io.akshybrid.gateway.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * What a hostile or broken client can send on the agent port, over real sockets: it is refused from
 * its headers, before its body, within a deadline, in the gateway's own words, and none of it costs
 * the other clients their service.
 */
@QuarkusTest
@TestProfile(HostileClientsTest.ShortDeadlines.class)
class HostileClientsTest {

    public static class ShortDeadlines implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.limits.body-timeout", "PT1S", "quarkus.http.idle-timeout", "2S");
        }
    }

    static int port() {
        return ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.test-port", Integer.class)
                .orElse(8081);
    }

    static Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port());
        s.setSoTimeout(3000);
        return s;
    }

    /** Everything the server sends until it closes the connection or stays silent for the socket timeout. */
    static String readAll(Socket s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // silent or reset: what arrived is the answer
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void givenAnUnknownTransferCoding_whenSent_then501AndWhatFollowsOnTheConnectionIsNeverAnswered() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream()
                    .write(("POST /v1/events HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer east-1-token\r\n"
                                    + "Content-Type: application/json\r\nTransfer-Encoding: xchunked\r\n\r\n"
                                    + "GET /v1/nothing HTTP/1.1\r\nHost: gw\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = readAll(s);
            assertTrue(answer.startsWith("HTTP/1.1 501"), answer);
            assertTrue(answer.contains("unsupported-transfer-coding"), answer);
            assertEquals(1, occurrences(answer, "HTTP/1.1 "), "the smuggled request got no answer: " + answer);
        }
    }

    @Test
    void givenStalledUploadsWithoutACredential_whenTheyWait_thenEachGets401BeforeItsBodyAndBatchesStillFlow()
            throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                Socket s = connect();
                stalled.add(s);
                s.getOutputStream()
                        .write(("POST /v1/events HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n"
                                        + "Content-Length: 500000\r\n\r\n" + "x".repeat(20_000))
                                .getBytes(StandardCharsets.US_ASCII));
            }
            long t0 = System.nanoTime();
            String batch = body(List.of(Events.hostOs(), Events.billing()));
            post("east-1-token", batch).statusCode(200);
            long batchMillis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(batchMillis < 2000, "an authenticated batch is not held up: " + batchMillis + " ms");
            for (Socket s : stalled) {
                String answer = readAll(s);
                assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
                assertTrue(answer.toLowerCase().contains("connection: close"), answer);
            }
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    void givenAnAuthenticatedBodyThatStalls_whenTheDeadlinePasses_then408AndTheConnectionIsClosed() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream()
                    .write(("POST /v1/events HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer east-1-token\r\n"
                                    + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"events\":[")
                            .getBytes(StandardCharsets.US_ASCII));
            long t0 = System.nanoTime();
            String answer = readAll(s);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(millis < 4000, "within the 1 s deadline (and some slack): " + millis + " ms");
            assertEquals(-1, s.getInputStream().read(), "closed after the 408");
        }
    }

    @Test
    void givenHeadersThatStopHalfway_whenTheIdleTimeoutPasses_thenTheConnectionIsClosedUnanswered() throws Exception {
        try (Socket s = connect()) {
            s.setSoTimeout(8000);
            s.getOutputStream()
                    .write("POST /v1/events HTTP/1.1\r\nHost: gw\r\nAuthoriz".getBytes(StandardCharsets.US_ASCII));
            long t0 = System.nanoTime();
            int first = s.getInputStream().read();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(-1, first, "closed with nothing said: no request was ever complete");
            assertTrue(millis >= 1500 && millis < 6000, "closed by the 2 s idle timeout: " + millis + " ms");
        }
    }

    @Test
    void givenMalformedBodies_whenRefused_thenNoDetailNamesAJavaClassOrALibrary() {
        String[] bodies = {
            "[".repeat(200) + "]".repeat(200),
            "{\"events\": [NaN]}",
            "{\"events\": [], \"events\": []}",
            "{\"events\": [" + "1".repeat(1000) + "]}",
            "{\"events\": []} trailing",
            "{\"events\": [tru]}",
            "{\"events\": [\"\u0001\"]}",
            "{\"events\": [",
            "{\"events\": {}}",
        };
        for (String b : bodies) {
            ExtractableResponse<Response> r = post("east-1-token", b).extract();
            assertEquals(400, r.statusCode(), b);
            String detail = r.path("detail");
            for (String internal : new String[] {
                "com.",
                "java.",
                "jackson",
                "Jackson",
                "JsonNode",
                "StreamReadConstraints",
                "JsonReadFeature",
                "Exception",
                "getMax",
                "()"
            }) {
                assertFalse(detail.contains(internal), "'" + internal + "' in: " + detail);
            }
        }
    }

    @Test
    void givenAClientThatGoesAwayMidBody_whenCounted_thenItIsNotA500() throws Exception {
        String internal = "gateway_request_failures_total{type=\"internal-error\"}";
        double before = Metrics.value(Metrics.scrape(), internal);
        for (int i = 0; i < 5; i++) {
            try (Socket s = connect()) {
                s.getOutputStream()
                        .write(("POST /v1/events HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer east-1-token\r\n"
                                        + "Content-Type: application/json\r\nContent-Length: 200000\r\n\r\n"
                                        + "{\"events\":[" + " ".repeat(50_000))
                                .getBytes(StandardCharsets.US_ASCII));
            }
        }
        Thread.sleep(1500); // the deadline of those bodies passes too
        post("east-1-token", body(List.of(Events.hostOs()))).statusCode(200);
        assertEquals(before, Metrics.value(Metrics.scrape(), internal), "a disconnect is not an internal error");
    }

    @Test
    void givenMadeUpMethodNames_whenSent_thenTheyShareOneMetricLabel() throws Exception {
        for (String method : new String[] {"FROB", "XYZZY"}) {
            try (Socket s = connect()) {
                s.getOutputStream()
                        .write((method + " /v1/events HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                readAll(s);
            }
        }
        String scrape = Metrics.scrape();
        assertFalse(scrape.contains("method=\"FROB\""), "no series per made-up method");
        assertFalse(scrape.contains("method=\"XYZZY\""), "no series per made-up method");
    }

    @Test
    void givenACleartextHttp2Upgrade_whenAsked_thenTheServerStaysOnHttp1() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream()
                    .write(("GET /v1/nothing HTTP/1.1\r\nHost: gw\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(2000);
            String answer = readAll(s);
            assertFalse(answer.startsWith("HTTP/1.1 101"), answer);
            assertTrue(answer.startsWith("HTTP/1.1 401"), "refused as any request without a credential: " + answer);
        }
        given().when().get("/v1/nothing").then().statusCode(401);
    }
}
