package io.akshybrid.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akshybrid.gateway.limits.ClusterRateLimiter;
import io.akshybrid.gateway.support.Events;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Bodies of a few kilobytes on the wire that would inflate into millions of values: each is refused
 * with 413 as soon as the parser passes a limit (events, log records, values per event, values per
 * body), in every encoding the agent port takes, and is charged to its cluster's rate. Other clusters
 * are served meanwhile.
 */
@QuarkusTest
class InflatingBodiesTest {

    @Inject
    ClusterRateLimiter rateLimiter;

    /** {@code prefix}, then {@code element} {@code n} times separated by commas, then {@code suffix}; gzip. */
    static byte[] gzipOf(String prefix, String element, int n, String suffix) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(prefix.getBytes(StandardCharsets.UTF_8));
            byte[] e = (element + ",").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < n - 1; i++) {
                gz.write(e);
            }
            gz.write((element + suffix).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** An ExportLogsServiceRequest holding {@code records} empty log records, built byte by byte; gzip. */
    static byte[] otlpEmptyRecords(int records) throws IOException {
        ByteArrayOutputStream scope = new ByteArrayOutputStream();
        for (int i = 0; i < records; i++) {
            scope.write(0x12); // ScopeLogs.log_records, length-delimited
            scope.write(0x00); // of length 0
        }
        byte[] resource = field(0x12, scope.toByteArray()); // ResourceLogs.scope_logs
        byte[] request = field(0x0a, resource); // ExportLogsServiceRequest.resource_logs
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(request);
        }
        return out.toByteArray();
    }

    private static byte[] field(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        long n = value.length;
        while (n >= 0x80) {
            out.write((int) (n & 0x7f) | 0x80);
            n >>>= 7;
        }
        out.write((int) n);
        out.writeBytes(value);
        return out.toByteArray();
    }

    /** The text of a google.rpc.Status answer (its message field, as UTF-8 within the bytes). */
    static String statusMessage(Response r) {
        return new String(r.asByteArray(), StandardCharsets.UTF_8);
    }

    static Response send(String token, String path, String type, byte[] gzip) {
        return given().header("Authorization", "Bearer " + token)
                .contentType(type)
                .header("Content-Encoding", "gzip")
                .body(gzip)
                .when()
                .post(path);
    }

    @Test
    void givenMillionsOfEmptyEventsInAFewKilobytes_whenPosted_then413ForTheEventCount() throws Exception {
        byte[] bomb = gzipOf("{\"events\":[", "{}", 2_500_000, "]}");
        assertTrue(bomb.length < 16_000, "the body on the wire is small: " + bomb.length);

        send("bomber-1-token", "/v1/events", "application/json", bomb)
                .then()
                .statusCode(413)
                .body("detail", containsString("more than 1000 events"));
    }

    @Test
    void givenMillionsOfValuesInOneEvent_whenPosted_then413ForTheValuesOfThatEvent() throws Exception {
        byte[] bomb = gzipOf("{\"events\":[{\"type\":\"host-os\",\"data\":{\"flags\":[", "0", 3_000_000, "]}}]}");

        send("bomber-1-token", "/v1/events", "application/json", bomb)
                .then()
                .statusCode(413)
                .body("detail", containsString("event at index 0 holds more than 512 values"));
    }

    @Test
    void givenValuesSpreadOverTheEventsOfAnUnreadField_whenPosted_then413ForTheBodysValues() throws Exception {
        String manyZeros = "0,".repeat(400) + "0";
        byte[] bomb = gzipOf("{\"padding\":[", "[" + manyZeros + "]", 1_000, "],\"events\":[]}");

        send("bomber-1-token", "/v1/events", "application/json", bomb)
                .then()
                .statusCode(413)
                .body("detail", containsString("more than 100000 JSON values"));
    }

    @Test
    void givenMillionsOfEmptyOtlpRecords_whenPostedAsProtobufOrJson_then413AsAnOtlpStatus() throws Exception {
        byte[] protobuf = otlpEmptyRecords(3_000_000);
        assertTrue(protobuf.length < 16_000, "the body on the wire is small: " + protobuf.length);
        Response p = send("bomber-1-token", "/v1/logs", "application/x-protobuf", protobuf);
        assertEquals(413, p.statusCode());
        assertTrue(statusMessage(p).contains("more than 1000 log records"));

        byte[] json = gzipOf("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[", "{}", 2_500_000, "]}]}]}");
        send("bomber-1-token", "/v1/logs", "application/json", json)
                .then()
                .statusCode(413)
                .body("message", containsString("more than 1000 log records"));
    }

    @Test
    void givenAnOtlpRecordWithMillionsOfAttributes_whenPosted_then413ForItsValues() throws Exception {
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        byte[] attribute = field(0x32, field(0x12, field(0x0a, "x".getBytes(StandardCharsets.UTF_8)))); // attributes
        for (int i = 0; i < 600_000; i++) {
            record.writeBytes(field(0x32, field(0x0a, "k".getBytes(StandardCharsets.UTF_8)))); // key only
        }
        record.writeBytes(attribute);
        ByteArrayOutputStream values = new ByteArrayOutputStream();
        for (int i = 0; i < 600_000; i++) {
            values.writeBytes(field(0x0a, new byte[0])); // KeyValueList.values: an empty KeyValue
        }
        byte[] kvlist = field(0x2a, field(0x32, values.toByteArray())); // LogRecord.body = AnyValue{kvlist_value}
        record.writeBytes(kvlist);
        byte[] request = field(0x0a, field(0x12, field(0x12, record.toByteArray())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(request);
        }

        Response r = send("bomber-1-token", "/v1/logs", "application/x-protobuf", out.toByteArray());
        assertEquals(413, r.statusCode());
        assertTrue(statusMessage(r).contains("log record at index 0 holds more than"));
    }

    @Test
    void givenThousandsOfConcatenatedGzipMembers_whenPosted_thenTheyAreReadOneAfterAnother() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(body)) {
            gz.write("{\"events\":[]}".getBytes(StandardCharsets.UTF_8));
        }
        byte[] empty;
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(e)) {
            gz.flush();
        }
        empty = e.toByteArray();
        for (int i = 0; i < 10_000; i++) {
            body.writeBytes(empty); // RFC 1952 allows any number of members; each is empty
        }

        send("bomber-1-token", "/v1/events", "application/json", body.toByteArray())
                .then()
                .statusCode(200)
                .body("accepted", org.hamcrest.Matchers.equalTo(0));
        Response logs = send("bomber-1-token", "/v1/logs", "application/json", body.toByteArray());
        assertEquals(200, logs.statusCode(), "an OTLP body without resourceLogs exports nothing");
    }

    @Test
    void givenConcurrentInflatingBodies_whenAnotherClusterPosts_thenItIsServedAndTheSenderIsCharged() throws Exception {
        byte[] bomb = gzipOf("{\"events\":[", "{}", 2_500_000, "]}");
        String clusterId = "bomber-2";

        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Integer>> bombs = new ArrayList<>();
            for (int i = 0; i < 24; i++) { // 24 x 1,001 events' charge: more than a burst of 20,000
                bombs.add(pool.submit(() -> send("bomber-2-token", "/v1/events", "application/json", bomb)
                        .statusCode()));
            }
            // Another cluster is served meanwhile (how fast is the benchmark's to say, not a unit test's).
            given().header("Authorization", "Bearer west-1-token")
                    .contentType("application/json")
                    .body(Events.body(Events.hostOs()))
                    .when()
                    .post("/v1/events")
                    .then()
                    .statusCode(200);
            for (Future<Integer> b : bombs) {
                int status = b.get();
                assertTrue(status == 413 || status == 429, "refused: " + status);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(
                rateLimiter.check(clusterId, 10_000, System.nanoTime()) > 0,
                "the refused bodies were charged to the cluster that sent them: half a burst must wait");
    }
}
