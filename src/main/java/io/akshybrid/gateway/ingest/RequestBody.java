package io.akshybrid.gateway.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.akshybrid.gateway.failure.Failure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the agent API's body: 415 for a type other than JSON, 400 for anything that is not the
 * expected JSON, and 413 as soon as the body, read as a stream, passes a limit (its inflated bytes,
 * its events, its values), so no body builds more than its {@link ValueBudget} allows. Pure CPU work,
 * bounded by the budget; which thread runs it is {@link IngestService}'s choice.
 */
public final class RequestBody {

    static final int MAX_DEPTH = 64;
    static final int MAX_NUMBER_LENGTH = 400;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        JSON.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .build());
    }

    private RequestBody() {}

    public static void checkContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw Failure.UNSUPPORTED_MEDIA_TYPE.because("Content-Type is missing; send application/json");
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/json")) {
            throw Failure.UNSUPPORTED_MEDIA_TYPE.because(
                    "Content-Type must be application/json, not " + parts[0].trim());
        }
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].trim().split("=", 2);
            if (kv[0].trim().equalsIgnoreCase("charset")
                    && kv.length == 2
                    && !kv[1].trim().replace("\"", "").equalsIgnoreCase("utf-8")) {
                throw Failure.UNSUPPORTED_MEDIA_TYPE.because("the body must be UTF-8 JSON");
            }
        }
    }

    /**
     * The parser's complaint in the gateway's own words: Jackson's messages name its classes, methods
     * and features (JsonNode, StreamReadConstraints, JsonReadFeature), which mean nothing to an agent.
     */
    static String whatIsWrong(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (e instanceof StreamConstraintsException) {
            return m.contains("nesting")
                    ? "it nests deeper than " + MAX_DEPTH + " levels"
                    : m.toLowerCase(Locale.ROOT).contains("number")
                            ? "a number is longer than " + MAX_NUMBER_LENGTH + " characters"
                            : "it is larger than the parser accepts";
        }
        if (m.startsWith("Duplicate field '")) {
            int end = m.indexOf('\'', "Duplicate field '".length());
            String key = end < 0 ? "" : m.substring("Duplicate field '".length(), end);
            return "the key '" + (key.length() > 64 ? key.substring(0, 64) + "..." : key)
                    + "' appears twice in one object";
        }
        if (m.contains("end-of-input")) {
            return "it ends before the JSON value is complete";
        }
        if (m.contains("NaN") || m.contains("Infinity") || m.contains("NON_NUMERIC")) {
            return "NaN and Infinity are not JSON numbers";
        }
        if (m.contains("Trailing token")) {
            return "there is more after the JSON value";
        }
        if (m.contains("UTF-8") || m.contains("UTF8")) {
            return "it is not valid UTF-8";
        }
        if (m.startsWith("Unexpected character") || m.startsWith("Unrecognized token")) {
            return "an unexpected character or word";
        }
        if (m.contains("control character") || m.contains("CTRL-CHAR")) {
            return "a control character inside a string must be escaped";
        }
        return "it is not well-formed";
    }

    /** What a streaming read does with its parser; it may throw the parser's own exceptions. */
    @FunctionalInterface
    interface Read<T> {
        T from(JsonParser parser) throws IOException;
    }

    /**
     * Runs {@code read} on a parser of {@code body} with the bounds above (depth, number length, no
     * duplicate keys), and checks that nothing follows the JSON value. Every failure of the JSON or of
     * the gzip under it becomes a 400 in the gateway's words; a limit of the body or of the budget
     * stays what it is (413).
     */
    static <T> T read(DecodedBody body, Read<T> read) {
        try (JsonParser p = JSON.getFactory().createParser(body)) {
            if (p.nextToken() == null) {
                throw Failure.MALFORMED_BODY.because("the body is empty; send a JSON object");
            }
            T value = read.from(p);
            JsonToken after;
            try {
                after = p.nextToken();
            } catch (JsonProcessingException e) {
                after = JsonToken.NOT_AVAILABLE;
            }
            if (after != null) {
                throw Failure.MALFORMED_BODY.because("the body is not valid JSON: there is more after the JSON value");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw Failure.MALFORMED_BODY.because("the body is not valid JSON: " + whatIsWrong(e)
                    + (e.getLocation() == null
                            ? ""
                            : " (line " + e.getLocation().getLineNr() + ", column "
                                    + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) { // not the parser's: the bytes under it, which only gzip can make fail
            throw Failure.MALFORMED_BODY.because("the body is not valid gzip");
        }
    }

    /**
     * The {@code events} array of an agent API body, read as a stream: every event and value is
     * charged to {@code budget} before it is built, and fields other than {@code events} are passed
     * over without being built.
     */
    static List<JsonNode> events(DecodedBody body, ValueBudget budget) {
        return read(body, p -> {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw Failure.MALFORMED_BODY.because("the body must be a JSON object with an 'events' array");
            }
            budget.value();
            List<JsonNode> events = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (!name.equals("events")) {
                    JsonValues.skip(p, budget);
                } else if (value != JsonToken.START_ARRAY) {
                    throw Failure.MALFORMED_BODY.because("the body must have an 'events' array");
                } else {
                    budget.value();
                    events = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        budget.nextEvent();
                        events.add(JsonValues.read(p, budget));
                    }
                }
            }
            if (events == null) {
                throw Failure.MALFORMED_BODY.because("the body must have an 'events' array");
            }
            return events;
        });
    }
}
