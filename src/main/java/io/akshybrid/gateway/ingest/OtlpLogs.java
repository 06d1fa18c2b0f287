package io.akshybrid.gateway.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.akshybrid.gateway.events.Rejection;
import io.akshybrid.gateway.failure.Failure;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
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
 * <p>Both encodings are read as streams, so that the record and value limits hold while the body is
 * read ({@link ValueBudget}): a few kilobytes of gzip can hold millions of empty records, and a
 * parser that builds the whole message first would build them all. The protobuf is read field by
 * field with protobuf's {@code CodedInputStream}, by the field numbers of the published definitions
 * (opentelemetry-proto, whose generated classes still write the answers); only the few fields an event
 * takes are read, the rest is skipped unbuilt. OTLP's JSON is read with the agent API's bounded
 * parser, because its rules are not protobuf's JSON mapping (trace and span ids are hex, not base64;
 * int64 may be a string or a number; enums may be names or integers). Pure CPU work, bounded by the
 * budget; which thread runs it is {@link IngestService}'s choice.
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

    /**
     * The log records of a body as events, read as a stream: every record and value is charged to
     * {@code budget} before it is built, and what no event carries (resources, scopes, other fields)
     * is passed over without being built.
     */
    static List<JsonNode> events(DecodedBody body, boolean protobuf, ValueBudget budget) {
        List<JsonNode> events = new ArrayList<>();
        if (protobuf) {
            fromProtobuf(body, events, budget);
        } else {
            RequestBody.read(body, p -> {
                fromJson(p, events, budget);
                return events;
            });
        }
        return events;
    }

    // --- Protobuf, field by field with CodedInputStream: ExportLogsServiceRequest.resource_logs (1),
    // ResourceLogs.scope_logs (2), ScopeLogs.log_records (2); LogRecord.time_unix_nano (1, fixed64),
    // body (5) and attributes (6); AnyValue's one-of; KeyValue.key (1) and value (2).

    private static final int RESOURCE_LOGS = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int SCOPE_LOGS = tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int LOG_RECORDS = tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int TIME_UNIX_NANO = tag(1, WireFormat.WIRETYPE_FIXED64);
    private static final int BODY = tag(5, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int ATTRIBUTES = tag(6, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int KEY = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int VALUE = tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int STRING_VALUE = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int BOOL_VALUE = tag(2, WireFormat.WIRETYPE_VARINT);
    private static final int INT_VALUE = tag(3, WireFormat.WIRETYPE_VARINT);
    private static final int DOUBLE_VALUE = tag(4, WireFormat.WIRETYPE_FIXED64);
    private static final int ARRAY_VALUE = tag(5, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int KVLIST_VALUE = tag(6, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int BYTES_VALUE = tag(7, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    /** ArrayValue.values and KeyValueList.values. */
    private static final int VALUES = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);

    private static int tag(int field, int wireType) {
        return (field << 3) | wireType;
    }

    /** Reads what a message field of type T holds, within the field's length. */
    @FunctionalInterface
    private interface Message<T> {
        T read(CodedInputStream in) throws IOException;
    }

    private static <T> T message(CodedInputStream in, Message<T> read) throws IOException {
        int length = in.readRawVarint32();
        int outer = in.pushLimit(length);
        T value = read.read(in);
        in.checkLastTagWas(0);
        in.popLimit(outer);
        return value;
    }

    private static void fromProtobuf(DecodedBody body, List<JsonNode> events, ValueBudget budget) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(body);
            in.setRecursionLimit(RequestBody.MAX_DEPTH);
            // ExportLogsServiceRequest -> ResourceLogs -> ScopeLogs -> LogRecord, each level the same walk.
            each(in, budget, RESOURCE_LOGS, resource -> {
                budget.value();
                each(resource, budget, SCOPE_LOGS, scope -> {
                    budget.value();
                    each(scope, budget, LOG_RECORDS, record -> {
                        budget.nextEvent();
                        events.add(record(record, budget));
                    });
                });
            });
        } catch (InvalidProtocolBufferException e) {
            throw Failure.MALFORMED_BODY.because("the body is not an OTLP ExportLogsServiceRequest in protobuf"
                    + (String.valueOf(e.getMessage()).contains("recursion") ? ": it nests too deeply" : ""));
        } catch (IOException e) { // not the parser's: the bytes under it, which only gzip can make fail
            throw Failure.MALFORMED_BODY.because("the body is not valid gzip");
        }
    }

    /** What to do with one message of a repeated field, read within its length. */
    @FunctionalInterface
    private interface Each {
        void read(CodedInputStream message) throws IOException;
    }

    /**
     * Reads the fields of the message at {@code in} to its end: each {@code wanted} one with
     * {@code each}, every other passed over unbuilt, but charged.
     */
    private static void each(CodedInputStream in, ValueBudget budget, int wanted, Each each) throws IOException {
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == wanted) {
                message(in, m -> {
                    each.read(m);
                    return null;
                });
            } else {
                budget.value();
                in.skipField(tag);
            }
        }
    }

    private static ObjectNode record(CodedInputStream in, ValueBudget budget) throws IOException {
        budget.value();
        ObjectNode e = F.objectNode();
        long nanos = 0;
        JsonNode data = null;
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == TIME_UNIX_NANO) {
                nanos = in.readFixed64();
            } else if (tag == BODY) {
                data = message(in, v -> anyValue(v, budget, 0));
            } else if (tag == ATTRIBUTES) {
                message(in, kv -> envelopeAttribute(kv, e, budget));
            } else {
                budget.value(); // passed over unbuilt, but not free
                in.skipField(tag);
            }
        }
        if (nanos != 0) {
            e.put("time", time(new BigInteger(Long.toUnsignedString(nanos))));
        }
        if (data != null) {
            e.set("data", data);
        }
        return e;
    }

    /**
     * A record's attribute, charged as one value: kept when it is an envelope field with a string
     * value. The value of any other attribute is passed over unbuilt once its key is known (encoders
     * write the key first).
     */
    private static Void envelopeAttribute(CodedInputStream in, ObjectNode event, ValueBudget budget)
            throws IOException {
        budget.value();
        String key = null;
        JsonNode value = null;
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == KEY) {
                if (key != null) {
                    budget.value(); // a key given again
                }
                key = in.readStringRequireUtf8();
            } else if (tag == VALUE && (key == null || envelopeField(key) != null)) {
                value = message(in, v -> anyValue(v, budget, 0));
            } else {
                budget.value(); // passed over unbuilt, but not free
                in.skipField(tag);
            }
        }
        String field = key == null ? null : envelopeField(key);
        if (field != null && value != null && value.isTextual()) {
            event.put(field, value.asText());
        }
        return null;
    }

    private static JsonNode anyValue(CodedInputStream in, ValueBudget budget, int depth) throws IOException {
        if (depth > RequestBody.MAX_DEPTH) {
            throw Failure.MALFORMED_BODY.because(
                    "a log record's body nests deeper than " + RequestBody.MAX_DEPTH + " levels");
        }
        budget.value();
        JsonNode value = F.nullNode();
        int tag;
        boolean first = true;
        while ((tag = in.readTag()) != 0) { // a one-of: the last field given wins, each one charged
            if (!first) {
                budget.value();
            }
            first = false;
            if (tag == STRING_VALUE) {
                value = F.textNode(in.readStringRequireUtf8());
            } else if (tag == BOOL_VALUE) {
                value = F.booleanNode(in.readBool());
            } else if (tag == INT_VALUE) {
                value = F.numberNode(in.readInt64());
            } else if (tag == DOUBLE_VALUE) {
                value = F.numberNode(in.readDouble());
            } else if (tag == BYTES_VALUE) {
                value = F.textNode(Base64.getEncoder().encodeToString(in.readByteArray()));
            } else if (tag == ARRAY_VALUE) {
                ArrayNode a = F.arrayNode();
                message(
                        in,
                        m -> repeated(
                                m,
                                budget,
                                () -> a.add(OtlpLogs.<JsonNode>message(m, v -> anyValue(v, budget, depth + 1)))));
                value = a;
            } else if (tag == KVLIST_VALUE) {
                ObjectNode o = F.objectNode();
                message(in, m -> repeated(m, budget, () -> message(m, kv -> keyValue(kv, o, budget, depth + 1))));
                value = o;
            } else {
                budget.value(); // passed over unbuilt, but not free
                in.skipField(tag);
            }
        }
        return value;
    }

    private static Void keyValue(CodedInputStream in, ObjectNode into, ValueBudget budget, int depth)
            throws IOException {
        budget.value();
        String key = null;
        JsonNode value = F.nullNode();
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == KEY) {
                if (key != null) {
                    budget.value(); // a key given again
                }
                key = in.readStringRequireUtf8();
            } else if (tag == VALUE) {
                value = message(in, v -> anyValue(v, budget, depth));
            } else {
                budget.value(); // passed over unbuilt, but not free
                in.skipField(tag);
            }
        }
        into.set(key == null ? "" : key, value);
        return null;
    }

    /** One element of a repeated message field, read at the stream's position. */
    @FunctionalInterface
    private interface Element {
        void read() throws IOException;
    }

    /** ArrayValue and KeyValueList: {@code values} (field 1) repeated; anything else passed over. */
    private static Void repeated(CodedInputStream in, ValueBudget budget, Element element) throws IOException {
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == VALUES) {
                element.read();
            } else {
                budget.value(); // passed over unbuilt, but not free
                in.skipField(tag);
            }
        }
        return null;
    }

    // --- OTLP JSON: lowerCamelCase field names (the snake_case originals are accepted too), read as a
    // stream down to the log records; each record is built within its budget and then mapped.

    private static void fromJson(JsonParser p, List<JsonNode> events, ValueBudget budget) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw Failure.MALFORMED_BODY.because("the body must be a JSON object with 'resourceLogs'");
        }
        fields(
                p,
                budget,
                "resourceLogs",
                "resource_logs",
                () -> elements(
                        p,
                        budget,
                        "resourceLogs",
                        () -> fields(
                                p,
                                budget,
                                "scopeLogs",
                                "scope_logs",
                                () -> elements(
                                        p,
                                        budget,
                                        "scopeLogs",
                                        () -> fields(
                                                p,
                                                budget,
                                                "logRecords",
                                                "log_records",
                                                () -> elements(p, budget, "logRecords", () -> {
                                                    budget.nextEvent();
                                                    events.add(jsonEvent(JsonValues.read(p, budget)));
                                                }))))));
    }

    /** Something to do at the parser's current token. */
    @FunctionalInterface
    private interface Step {
        void run() throws IOException;
    }

    /**
     * The object at the parser: {@code inner} for the value of the field named {@code camel} or
     * {@code snake}, every other field passed over. A value that is not an object is passed over too.
     */
    private static void fields(JsonParser p, ValueBudget budget, String camel, String snake, Step inner)
            throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            JsonValues.skip(p, budget);
            return;
        }
        budget.value();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals(camel) || name.equals(snake)) {
                inner.run();
            } else {
                JsonValues.skip(p, budget);
            }
        }
    }

    /** The array at the parser, {@code each} run at each element; null is an empty array. */
    private static void elements(JsonParser p, ValueBudget budget, String name, Step each) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw Failure.MALFORMED_BODY.because("'" + name + "' must be an array");
        }
        budget.value();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            each.run();
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
