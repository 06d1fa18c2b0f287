package io.akshybrid.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Default deny on the agent port, over a real socket: whatever the spelling of the path, a request
 * without a credential is refused from its headers, before a byte of its body is sent. Each request
 * announces a body of a megabyte and sends none, so an answer proves the body was never waited for.
 */
@QuarkusTest
class AgentPathSpellingsTest {

    /** Spellings that a router, a proxy or a client may produce for the ingest paths, and others. */
    static final List<String> SPELLINGS = List.of(
            "/v1/events",
            "/v1/events/",
            "/v1/events//",
            "//v1/events",
            "/v1//events",
            "/v1/./events",
            "/v1/events/.",
            "/v1/x/../events",
            "/../v1/events",
            "/v1/%65vents",
            "/v1/events%2F",
            "/v1%2Fevents",
            "/v1/events%252F",
            "/V1/EVENTS",
            "/v1/Events",
            "/v1/events;jsessionid=1",
            "/v1/events?x=1",
            "/v1/events/?",
            "/v1/logs",
            "/v1/logs/",
            "/v1//logs/",
            "/V1/Logs",
            "/v1/logs;x",
            "/v2/events",
            "/",
            "/q/health",
            "/admin/regions",
            "/nothing/at/all");

    @Test
    void givenEverySpellingOfAPath_whenPostedWithoutACredential_then401BeforeTheBody() throws Exception {
        for (String path : SPELLINGS) {
            for (String method : List.of("POST", "PUT", "GET")) {
                String head = method + " " + path + " HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000000\r\n\r\n";
                assertEquals(
                        "HTTP/1.1 401",
                        statusLine(head),
                        method + " " + path + " must be refused without reading its body");
            }
        }
    }

    @Test
    void givenEverySpellingOfAPath_whenABodyOverTheLimitIsAnnounced_then413BeforeTheBody() throws Exception {
        for (String path : SPELLINGS) {
            String head = "POST " + path + " HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer east-1-token\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 5000000\r\n\r\n";
            assertEquals("HTTP/1.1 413", statusLine(head), path);
        }
    }

    @Test
    void givenAValidCredential_whenATrailingSlashIsUsed_thenTheRequestIsServedAsTheEndpoint() throws Exception {
        String body = "{\"events\":[]}";
        String head = "POST /v1/events/ HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer east-1-token\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n";
        try (Socket s = HostileClientsTest.connect()) {
            s.getOutputStream().write((head + body).getBytes(StandardCharsets.US_ASCII));
            String answer = HostileClientsTest.readAll(s);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.contains("\"accepted\":0"), answer);
        }
    }

    @Test
    void givenTransferEncodingOnTwoLines_whenTheSecondIsNotChunked_then501() throws Exception {
        String head = "POST /v1/events HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer east-1-token\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n"
                + "d\r\n{\"events\":[]}\r\n0\r\n\r\n";
        String status = statusLine(head);
        assertTrue(status.equals("HTTP/1.1 501") || status.equals("HTTP/1.1 400"), "refused, not served: " + status);
    }

    private static String statusLine(String head) throws Exception {
        try (Socket s = HostileClientsTest.connect()) {
            s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            String answer = HostileClientsTest.readAll(s);
            int end = answer.indexOf(' ', "HTTP/1.1 ".length());
            return end < 0 ? answer : answer.substring(0, end);
        }
    }
}
