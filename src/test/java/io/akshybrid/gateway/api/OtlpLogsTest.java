package io.akshybrid.gateway.api;

import static io.akshybrid.gateway.support.ShardDatabases.count;
import static io.akshybrid.gateway.support.ShardDatabases.query;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedInputStream;
import io.akshybrid.gateway.support.Metrics;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporterBuilder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.lang.reflect.Field;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/logs} with a client nobody here wrote: the OpenTelemetry Java SDK's OTLP/HTTP log
 * exporter (JDK HTTP client), over protobuf and over JSON, gzip and a bearer header; and hand-built
 * requests where the answer itself is checked.
 */
@QuarkusTest
class OtlpLogsTest {

    static final String EAST = "shard_eastus";

    static String endpoint() {
        int port = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.test-port", Integer.class)
                .orElse(8081);
        return "http://localhost:" + port + "/v1/logs";
    }

    /** The SDK's exporter; {@code json} switches its (internal) builder to OTLP's JSON encoding. */
    static OtlpHttpLogRecordExporter exporter(String token, boolean json) throws Exception {
        OtlpHttpLogRecordExporterBuilder b = OtlpHttpLogRecordExporter.builder()
                .setEndpoint(endpoint())
                .setCompression("gzip")
                .addHeader("Authorization", "Bearer " + token)
                .setRetryPolicy(null)
                .setTimeout(java.time.Duration.ofSeconds(10));
        if (json) {
            // The SDK encodes JSON too but exposes it only on its internal builder (there is no public setter).
            Field delegate = OtlpHttpLogRecordExporterBuilder.class.getDeclaredField("delegate");
            delegate.setAccessible(true);
            Object http = delegate.get(b);
            http.getClass().getMethod("exportAsJson").invoke(http);
        }
        return b.build();
    }

    /** Records made by the SDK's logger, as its processors would hand them to the exporter. */
    static List<LogRecordData> records(List<Map<String, Object>> events) {
        List<LogRecordData> out = new ArrayList<>();
        LogRecordProcessor collect = new LogRecordProcessor() {
            @Override
            public void onEmit(Context context, ReadWriteLogRecord record) {
                out.add(record.toLogRecordData());
            }
        };
        try (SdkLoggerProvider provider =
                SdkLoggerProvider.builder().addLogRecordProcessor(collect).build()) {
            for (Map<String, Object> e : events) {
                Map<String, Value<?>> body = new LinkedHashMap<>();
                @SuppressWarnings("unchecked")
                Map<String, Object> data = (Map<String, Object>) e.get("data");
                data.forEach((k, v) -> body.put(
                        k,
                        v instanceof Long l
                                ? Value.of(l)
                                : v instanceof Boolean x ? Value.of(x) : Value.of((String) v)));
                provider.get("cluster-agent")
                        .logRecordBuilder()
                        .setTimestamp((Instant) e.get("time"))
                        .setAttribute("log.record.uid", (String) e.get("id"))
                        .setAttribute("event.type", (String) e.get("type"))
                        .setAttribute("event.source", (String) e.get("source"))
                        .setAttribute("user.note", "dropped: not part of an event")
                        .setBody(Value.of(body))
                        .emit();
            }
        }
        return out;
    }

    static Map<String, Object> hostOs(String deviceId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("osName", "Windows Server");
        data.put("osVersion", "10.0.20348.2461");
        data.put("eventName", "HostBoot");
        data.put("deviceId", deviceId);
        data.put("countryCode", "DE");
        return Map.of(
                "id",
                UUID.randomUUID().toString(),
                "type",
                "host-os",
                "source",
                "UTC",
                "time",
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                "data",
                data);
    }

    static Map<String, Object> hostError(String message) {
        return Map.of(
                "id", UUID.randomUUID().toString(),
                "type", "host-error",
                "source", "UTC",
                "time", Instant.now().truncatedTo(ChronoUnit.MILLIS),
                "data", Map.of("platform", "AzureStackHCI", "message", message));
    }

    static void export(OtlpHttpLogRecordExporter exporter, List<LogRecordData> records, boolean succeeds) {
        CompletableResultCode r = exporter.export(records).join(15, TimeUnit.SECONDS);
        assertTrue(r.isDone(), "the export finished");
        assertEquals(succeeds, r.isSuccess(), "export result");
    }

    static String payload(String id) {
        List<Map<String, Object>> rows =
                query(EAST, "SELECT payload::text AS p FROM telemetry_events WHERE event_id = '" + id + "'");
        assertEquals(1, rows.size(), "stored once: " + id);
        return (String) rows.get(0).get("p");
    }

    @Test
    void givenTheSdkExporterOverProtobufAndJson_whenItExports_thenEachRecordIsStoredAsAnEventWithPrivacyApplied()
            throws Exception {
        for (boolean json : new boolean[] {false, true}) {
            Map<String, Object> os = hostOs("d-otlp-" + json);
            Map<String, Object> error = hostError("disk failed; mail alice@contoso.com for the RMA");
            OtlpHttpLogRecordExporter exporter = exporter("east-1-token", json);
            try {
                export(exporter, records(List.of(os, error)), true);
            } finally {
                exporter.shutdown();
            }

            String stored = payload((String) os.get("id"));
            assertTrue(stored.contains("\"osVersion\": \"10.0.20348.2461\""), stored);
            assertFalse(stored.contains("user.note"), "attributes other than the envelope's are dropped");
            String message = payload((String) error.get("id"));
            assertTrue(message.contains("[redacted:email]"), message);
            assertFalse(message.contains("alice@contoso.com"), message);
            assertEquals(
                    1,
                    count(
                            EAST,
                            "SELECT count(*) FROM telemetry_events WHERE event_id = '" + os.get("id")
                                    + "' AND cluster_id = 'east-1' AND event_time = '" + os.get("time") + "'"),
                    "the record's time is the event's time, the cluster comes from the credential (json=" + json + ")");
        }
    }

    @Test
    void givenTheSameRecordsExportedTwice_whenTheRetryArrives_thenTheyAreStoredOnceAndCountedAsDuplicates()
            throws Exception {
        String duplicates = "gateway_events_total{outcome=\"duplicate\",region=\"eastus\",type=\"host-os\"}";
        Map<String, Object> os = hostOs("d-retry");
        List<LogRecordData> records = records(List.of(os));
        OtlpHttpLogRecordExporter exporter = exporter("east-1-token", false);
        try {
            export(exporter, records, true);
            double before = Metrics.value(Metrics.scrape(), duplicates);
            export(exporter, records, true);
            assertEquals(before + 1, Metrics.value(Metrics.scrape(), duplicates));
        } finally {
            exporter.shutdown();
        }
        payload((String) os.get("id")); // exactly one row
    }

    @Test
    void givenABadCredential_whenTheSdkExports_thenItFailsWith401AndAnOtlpStatus() throws Exception {
        OtlpHttpLogRecordExporter exporter = exporter("no-such-token", false);
        try {
            export(exporter, records(List.of(hostOs("d-bad"))), false);
        } finally {
            exporter.shutdown();
        }

        Response r = given().header("Authorization", "Bearer no-such-token")
                .contentType("application/x-protobuf")
                .body(request(List.of(record(UUID.randomUUID().toString(), "host-os", "UTC", Map.of())))
                        .toByteArray())
                .when()
                .post("/v1/logs");
        assertEquals(401, r.statusCode());
        assertTrue(r.contentType().startsWith("application/x-protobuf"), r.contentType());
        CodedInputStream status = CodedInputStream.newInstance(r.asByteArray());
        assertEquals(1 << 3, status.readTag(), "google.rpc.Status field 1, code");
        assertEquals(16, status.readInt32(), "UNAUTHENTICATED");

        given().header("Authorization", "Bearer no-such-token")
                .contentType("application/json")
                .body("{\"resourceLogs\":[]}")
                .when()
                .post("/v1/logs")
                .then()
                .statusCode(401)
                .contentType("application/json")
                .body("code", org.hamcrest.Matchers.equalTo(16))
                .body("message", org.hamcrest.Matchers.containsString("credential"));
    }

    static LogRecord record(String id, String type, String source, Map<String, AnyValue> data) {
        KeyValueList.Builder body = KeyValueList.newBuilder();
        data.forEach((k, v) -> body.addValues(KeyValue.newBuilder().setKey(k).setValue(v)));
        LogRecord.Builder r = LogRecord.newBuilder()
                .setTimeUnixNano(Instant.now().toEpochMilli() * 1_000_000L)
                .setBody(AnyValue.newBuilder().setKvlistValue(body));
        if (id != null) {
            r.addAttributes(attribute("log.record.uid", id));
        }
        r.addAttributes(attribute("event.type", type)).addAttributes(attribute("event.source", source));
        return r.build();
    }

    static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }

    static AnyValue s(String v) {
        return AnyValue.newBuilder().setStringValue(v).build();
    }

    static AnyValue i(long v) {
        return AnyValue.newBuilder().setIntValue(v).build();
    }

    static ExportLogsServiceRequest request(List<LogRecord> records) {
        return ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder()
                        .addScopeLogs(ScopeLogs.newBuilder().addAllLogRecords(records)))
                .build();
    }

    @Test
    void givenInvalidRecordsBesideAValidOne_whenPosted_thenTheValidOneIsStoredAndTheOthersAreAPartialSuccess()
            throws Exception {
        String valid = UUID.randomUUID().toString();
        Map<String, AnyValue> controlPlane = new LinkedHashMap<>();
        controlPlane.put("clusterCreatedAt", s("2026-01-01T00:00:00Z"));
        controlPlane.put("podCount", i(-1));
        controlPlane.put("nodeCount", i(3));
        controlPlane.put("vCoreCount", i(16));
        Map<String, AnyValue> ok = new LinkedHashMap<>(controlPlane);
        ok.put("podCount", i(40));
        List<LogRecord> records = List.of(
                record(valid, "control-plane", "UTC", ok),
                record(UUID.randomUUID().toString(), "control-plane", "UTC", controlPlane),
                record(null, "control-plane", "UTC", ok));

        Response r = given().header("Authorization", "Bearer east-1-token")
                .contentType("application/x-protobuf")
                .body(request(records).toByteArray())
                .when()
                .post("/v1/logs");

        assertEquals(200, r.statusCode(), r.asString());
        ExportLogsServiceResponse answer = ExportLogsServiceResponse.parseFrom(r.asByteArray());
        assertEquals(2, answer.getPartialSuccess().getRejectedLogRecords());
        String message = answer.getPartialSuccess().getErrorMessage();
        assertTrue(message.contains("log record 1: invalid-field"), message);
        assertTrue(message.contains("podCount"), message);
        assertTrue(message.contains("log record 2"), message);
        assertEquals(1, count(EAST, "SELECT count(*) FROM telemetry_events WHERE event_id = '" + valid + "'"));

        // The same in OTLP's JSON: int64 as strings, lowerCamelCase, a partial success in JSON.
        String json = """
                {"resourceLogs":[{"resource":{"attributes":[{"key":"host.name","value":{"stringValue":"n1"}}]},
                  "scopeLogs":[{"scope":{"name":"agent"},"logRecords":[
                    {"timeUnixNano":"%d","traceId":"5b8efff798038103d269b633813fc60c",
                     "attributes":[{"key":"log.record.uid","value":{"stringValue":"%s"}},
                                   {"key":"event.type","value":{"stringValue":"security"}},
                                   {"key":"event.source","value":{"stringValue":"ADHS"}}],
                     "body":{"kvlistValue":{"values":[
                       {"key":"category","value":{"stringValue":"certificate-renewal"}},
                       {"key":"component","value":{"stringValue":"kube-apiserver"}},
                       {"key":"status","value":{"stringValue":"renewed"}}]}}},
                    {"timeUnixNano":"%d","attributes":[{"key":"event.type","value":{"stringValue":"security"}}]}
                  ]}]}]}""".formatted(
                Instant.now().toEpochMilli() * 1_000_000L, valid, Instant.now().toEpochMilli() * 1_000_000L);
        given().header("Authorization", "Bearer east-1-token")
                .contentType("application/json")
                .body(json)
                .when()
                .post("/v1/logs")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("partialSuccess.rejectedLogRecords", org.hamcrest.Matchers.equalTo("1"))
                .body("partialSuccess.errorMessage", org.hamcrest.Matchers.containsString("log record 1"));
        assertEquals(
                1,
                count(
                        EAST,
                        "SELECT count(*) FROM telemetry_events WHERE event_id = '" + valid + "' AND type = 'security'"),
                "the same id at another time is another event");
    }

    @Test
    void givenAnUnregisteredClusterOrTooManyRecords_whenPosted_then403And413AsOtlpStatus() throws Exception {
        byte[] one = request(List.of(record(UUID.randomUUID().toString(), "host-os", "UTC", Map.of())))
                .toByteArray();
        Response forbidden = given().header("Authorization", "Bearer pending-1-token")
                .contentType("application/x-protobuf")
                .body(one)
                .when()
                .post("/v1/logs");
        assertEquals(403, forbidden.statusCode());
        CodedInputStream status = CodedInputStream.newInstance(forbidden.asByteArray());
        assertEquals(1 << 3, status.readTag());
        assertEquals(7, status.readInt32(), "PERMISSION_DENIED");

        List<LogRecord> many = new ArrayList<>();
        for (int n = 0; n < 1001; n++) {
            many.add(record(UUID.randomUUID().toString(), "host-os", "UTC", Map.of()));
        }
        given().header("Authorization", "Bearer east-1-token")
                .contentType("application/json")
                .body(toJson(many))
                .when()
                .post("/v1/logs")
                .then()
                .statusCode(413)
                .body("code", org.hamcrest.Matchers.equalTo(3))
                .body("message", org.hamcrest.Matchers.containsString("1000"));
    }

    /** Records in OTLP's JSON, as far as the gateway reads them (id, type, source, time). */
    static String toJson(List<LogRecord> records) {
        StringBuilder sb = new StringBuilder("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[");
        for (int n = 0; n < records.size(); n++) {
            LogRecord r = records.get(n);
            sb.append(n == 0 ? "" : ",")
                    .append("{\"timeUnixNano\":\"")
                    .append(r.getTimeUnixNano())
                    .append("\",\"attributes\":[");
            for (int a = 0; a < r.getAttributesCount(); a++) {
                sb.append(a == 0 ? "" : ",")
                        .append("{\"key\":\"")
                        .append(r.getAttributes(a).getKey())
                        .append("\",\"value\":{\"stringValue\":\"")
                        .append(r.getAttributes(a).getValue().getStringValue())
                        .append("\"}}");
            }
            sb.append("]}");
        }
        return sb.append("]}]}]}").toString();
    }

    @Test
    void givenBadBodies_whenPosted_thenTheyAreRefusedWithTheStatusesOtlpExpects() {
        given().header("Authorization", "Bearer east-1-token")
                .contentType("application/x-protobuf")
                .body(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff})
                .when()
                .post("/v1/logs")
                .then()
                .statusCode(400)
                .contentType("application/x-protobuf");
        given().header("Authorization", "Bearer east-1-token")
                .contentType("text/plain")
                .body("hello")
                .when()
                .post("/v1/logs")
                .then()
                .statusCode(415);
        given().header("Authorization", "Bearer east-1-token")
                .contentType("application/json")
                .body("{\"resourceLogs\": 5}")
                .when()
                .post("/v1/logs")
                .then()
                .statusCode(400)
                .body("code", org.hamcrest.Matchers.equalTo(3))
                .body("message", org.hamcrest.Matchers.containsString("resourceLogs"));
    }
}
