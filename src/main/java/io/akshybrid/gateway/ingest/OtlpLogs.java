package io.akshybrid.gateway.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.akshybrid.gateway.events.Rejection;
import io.akshybrid.gateway.failure.Failure;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * OTLP/HTTP logs ({@code POST /v1/logs}) as events: an {@code ExportLogsServiceRequest}, in protobuf
 * or in OTLP's JSON mapping, becomes the same {@code events} array that {@code /v1/events} carries,
 * so that validation, privacy, limits and idempotency are those of the agent API. Each log record is
 * one event: attribute {@code log.record.uid} is its {@code id}, {@code event.type} and
 * {@code event.source} its type and source, {@code time_unix_nano} its time, and the body (a map) its
 * {@code data}. Everything else on the record or its resource is dropped; a record that lacks one of
 * them becomes an event that validation refuses, with its reason, like any other.
 *
 * <p>The protobuf is read with the published definitions (opentelemetry-proto). OTLP's JSON is read by
 * hand with the agent API's bounded parser, because its rules are not protobuf's JSON mapping
 * (trace and span ids are hex, not base64; int64 may be a string or a number; enums may be names or
 * integers) and only a few fields matter here. Pure CPU work on bounded input; safe on the event loop.
 */
public final class OtlpLogs {

    public static final String PROTOBUF = "application/x-protobuf";
    public static final String JSON = "application/json";

    static final String ID = "log.record.uid";
    static final String TYPE = "event.type";
    static final String SOURCE = "event.source";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Rejections named in a partial success's error message; the count covers the rest. */
    static final int REASONS_LISTED = 20;

    private OtlpLogs() {}

    /** {@code application/x-protobuf} or {@code application/json}; 415 for anything else. */
    public static boolean isProtobuf(String contentType) {
        String type =
                contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (type.equals(PROTOBUF)) {
            return true;
        }
        if (type.equals(JSON)) {
            return false;
        }
        throw Failure.UNSUPPORTED_MEDIA_TYPE.because(
                "Content-Type must be application/x-protobuf or application/json for OTLP logs, not "
                        + (type.isEmpty() ? "nothing" : type));
    }

    /** The log records of a decoded (inflated) body as an events array. */
    static JsonNode events(byte[] body, boolean protobuf, int maxEvents) {
        ArrayNode events = F.arrayNode();
        if (protobuf) {
            fromProtobuf(body, events, maxEvents);
        } else {
            fromJson(RequestBody.parse(body), events, maxEvents);
        }
        return events;
    }

    private static void fromProtobuf(byte[] body, ArrayNode events, int maxEvents) {
        ExportLogsServiceRequest request;
        try {
            CodedInputStream in = CodedInputStream.newInstance(body);
            in.setRecursionLimit(RequestBody.MAX_DEPTH);
            request = ExportLogsServiceRequest.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw Failure.MALFORMED_BODY.because("the body is not an OTLP ExportLogsServiceRequest in protobuf"
                    + (String.valueOf(e.getMessage()).contains("recursion") ? ": it nests too deeply" : ""));
        } catch (java.io.IOException e) {
            throw Failure.MALFORMED_BODY.because("the body could not be read as protobuf");
        }
        for (ResourceLogs resource : request.getResourceLogsList()) {
            for (ScopeLogs scope : resource.getScopeLogsList()) {
                for (LogRecord record : scope.getLogRecordsList()) {
                    checkCount(events.size() + 1, maxEvents);
                    events.add(event(record));
                }
            }
        }
    }

    private static ObjectNode event(LogRecord record) {
        ObjectNode e = F.objectNode();
        for (KeyValue kv : record.getAttributesList()) {
            String field = envelopeField(kv.getKey());
            if (field != null && kv.getValue().hasStringValue()) {
                e.put(field, kv.getValue().getStringValue());
            }
        }
        if (record.getTimeUnixNano() != 0) {
            e.put("time", time(new BigInteger(Long.toUnsignedString(record.getTimeUnixNano()))));
        }
        if (record.hasBody()) {
            e.set("data", value(record.getBody(), 0));
        }
        return e;
    }

    private static JsonNode value(AnyValue v, int depth) {
        if (depth > RequestBody.MAX_DEPTH) {
            throw Failure.MALFORMED_BODY.because(
                    "a log record's body nests deeper than " + RequestBody.MAX_DEPTH + " levels");
        }
        return switch (v.getValueCase()) {
            case STRING_VALUE -> F.textNode(v.getStringValue());
            case BOOL_VALUE -> F.booleanNode(v.getBoolValue());
            case INT_VALUE -> F.numberNode(v.getIntValue());
            case DOUBLE_VALUE -> F.numberNode(v.getDoubleValue());
            case BYTES_VALUE ->
                F.textNode(Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()));
            case ARRAY_VALUE -> {
                ArrayNode a = F.arrayNode();
                v.getArrayValue().getValuesList().forEach(x -> a.add(value(x, depth + 1)));
                yield a;
            }
            case KVLIST_VALUE -> {
                ObjectNode o = F.objectNode();
                for (KeyValue kv : v.getKvlistValue().getValuesList()) {
                    o.set(kv.getKey(), value(kv.getValue(), depth + 1));
                }
                yield o;
            }
            default -> F.nullNode();
        };
    }

    // --- OTLP JSON: lowerCamelCase field names (the snake_case originals are accepted too).

    private static void fromJson(JsonNode root, ArrayNode events, int maxEvents) {
        if (root == null || !root.isObject()) {
            throw Failure.MALFORMED_BODY.because("the body must be a JSON object with 'resourceLogs'");
        }
        for (JsonNode resource : array(root, "resourceLogs", "resource_logs")) {
            for (JsonNode scope : array(resource, "scopeLogs", "scope_logs")) {
                for (JsonNode record : array(scope, "logRecords", "log_records")) {
                    checkCount(events.size() + 1, maxEvents);
                    events.add(jsonEvent(record));
                }
            }
        }
    }

    private static ObjectNode jsonEvent(JsonNode record) {
        ObjectNode e = F.objectNode();
        for (JsonNode kv : array(record, "attributes", "attributes")) {
            String field = envelopeField(kv.path("key").asText(""));
            JsonNode s = field(kv.path("value"), "stringValue", "string_value");
            if (field != null && s != null && s.isTextual()) {
                e.put(field, s.asText());
            }
        }
        JsonNode nanos = field(record, "timeUnixNano", "time_unix_nano");
        if (nanos != null) {
            BigInteger n = integer(nanos, "timeUnixNano");
            if (n.signum() != 0) {
                e.put("time", time(n));
            }
        }
        JsonNode body = field(record, "body", "body");
        if (body != null && !body.isNull()) {
            e.set("data", jsonValue(body));
        }
        return e;
    }

    private static JsonNode jsonValue(JsonNode v) {
        if (!v.isObject()) {
            throw Failure.MALFORMED_BODY.because("an OTLP AnyValue must be a JSON object");
        }
        JsonNode x;
        if ((x = field(v, "stringValue", "string_value")) != null) {
            return F.textNode(x.asText());
        }
        if ((x = field(v, "boolValue", "bool_value")) != null) {
            return F.booleanNode(x.asBoolean());
        }
        if ((x = field(v, "intValue", "int_value")) != null) {
            return F.numberNode(integer(x, "intValue"));
        }
        if ((x = field(v, "doubleValue", "double_value")) != null) {
            return x.isNumber() ? F.numberNode(x.asDouble()) : F.textNode(x.asText());
        }
        if ((x = field(v, "bytesValue", "bytes_value")) != null) {
            return F.textNode(x.asText());
        }
        if ((x = field(v, "arrayValue", "array_value")) != null) {
            ArrayNode a = F.arrayNode();
            for (JsonNode item : array(x, "values", "values")) {
                a.add(jsonValue(item));
            }
            return a;
        }
        if ((x = field(v, "kvlistValue", "kvlist_value")) != null) {
            ObjectNode o = F.objectNode();
            for (JsonNode kv : array(x, "values", "values")) {
                o.set(kv.path("key").asText(""), jsonValue(kv.path("value")));
            }
            return o;
        }
        return F.nullNode();
    }

    private static JsonNode field(JsonNode node, String camel, String snake) {
        JsonNode v = node.get(camel);
        return v != null ? v : node.get(snake);
    }

    private static Iterable<JsonNode> array(JsonNode node, String camel, String snake) {
        JsonNode v = field(node, camel, snake);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw Failure.MALFORMED_BODY.because("'" + camel + "' must be an array");
        }
        return v;
    }

    /** An int64 of OTLP's JSON: a number or a decimal string. */
    private static BigInteger integer(JsonNode v, String name) {
        try {
            if (v.isIntegralNumber()) {
                return v.bigIntegerValue();
            }
            if (v.isTextual() && v.asText().length() <= 20) {
                return new BigInteger(v.asText());
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw Failure.MALFORMED_BODY.because("'" + name + "' must be an integer, as a number or a string of digits");
    }

    private static String envelopeField(String attribute) {
        return switch (attribute) {
            case ID -> "id";
            case TYPE -> "type";
            case SOURCE -> "source";
            default -> null;
        };
    }

    private static String time(BigInteger nanos) {
        BigInteger[] s = nanos.divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
        if (s[0].bitLength() > 40) {
            return "out of range"; // validation refuses it as a time, with its reason
        }
        return Instant.ofEpochSecond(s[0].longValue(), s[1].longValue()).toString();
    }

    private static void checkCount(int records, int maxEvents) {
        if (records > maxEvents) {
            throw Failure.PAYLOAD_TOO_LARGE.because(
                    "the request has more than " + maxEvents + " log records; the limit is " + maxEvents);
        }
    }

    /**
     * The OTLP answer in the request's encoding: empty when every record was taken (stored now or
     * before), else {@code partial_success} with the count and the reasons of the refused records.
     */
    static byte[] response(IngestResult result, boolean protobuf) {
        List<Rejection> rejected = result.rejected();
        if (rejected.isEmpty()) {
            return protobuf
                    ? ExportLogsServiceResponse.getDefaultInstance().toByteArray()
                    : "{}".getBytes(StandardCharsets.UTF_8);
        }
        StringBuilder message = new StringBuilder();
        for (int i = 0; i < Math.min(REASONS_LISTED, rejected.size()); i++) {
            Rejection r = rejected.get(i);
            message.append(i == 0 ? "" : "; ")
                    .append("log record ")
                    .append(r.index())
                    .append(": ")
                    .append(r.reason().label)
                    .append(" (")
                    .append(r.detail())
                    .append(')');
        }
        if (rejected.size() > REASONS_LISTED) {
            message.append("; and ").append(rejected.size() - REASONS_LISTED).append(" more");
        }
        if (protobuf) {
            return ExportLogsServiceResponse.newBuilder()
                    .setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
                            .setRejectedLogRecords(rejected.size())
                            .setErrorMessage(message.toString()))
                    .build()
                    .toByteArray();
        }
        ObjectNode partial = F.objectNode();
        partial.put("rejectedLogRecords", Long.toString(rejected.size())).put("errorMessage", message.toString());
        ObjectNode root = F.objectNode();
        root.set("partialSuccess", partial);
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }
}
