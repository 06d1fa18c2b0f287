package io.akshybrid.gateway.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.akshybrid.gateway.failure.Failure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Turns the raw request (content type, content encoding, bytes) into the {@code events} array, or a
 * whole-request problem: 415 for a type or encoding other than JSON and gzip, 413 for a body over the
 * limits (checked while inflating, so a gzip bomb is stopped at the limit), 400 for anything that is
 * not the expected JSON. Pure CPU work on bounded input; safe on the event loop.
 */
public final class RequestBody {

    static final int MAX_DEPTH = 64;
    static final int MAX_NUMBER_LENGTH = 400;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
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

    /** Inflates a gzip body, refusing it once it exceeds {@code maxInflated} bytes. */
    public static byte[] decode(String contentEncoding, byte[] body, int maxWire, int maxInflated) {
        if (body.length > maxWire) {
            throw Failure.PAYLOAD_TOO_LARGE.because(
                    "the body is " + body.length + " bytes; the limit is " + maxWire + " bytes on the wire");
        }
        String encoding =
                contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        switch (encoding) {
            case "", "identity":
                return body;
            case "gzip", "x-gzip":
                return gunzip(body, maxInflated);
            default:
                throw Failure.UNSUPPORTED_MEDIA_TYPE.because(
                        "Content-Encoding must be gzip or absent, not " + contentEncoding);
        }
    }

    private static byte[] gunzip(byte[] body, int maxInflated) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxInflated, body.length * 4 + 64));
            byte[] buf = new byte[16384];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() + n > maxInflated) {
                    throw Failure.PAYLOAD_TOO_LARGE.because("the body inflates to more than " + maxInflated + " bytes");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (ZipException | java.io.EOFException e) {
            throw Failure.MALFORMED_BODY.because("the body is not valid gzip: " + e.getMessage());
        } catch (IOException e) {
            throw Failure.MALFORMED_BODY.because("the body could not be inflated: " + e.getMessage());
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

    /** Parses JSON with the bounds above (depth, number length, no duplicate keys, nothing after it). */
    static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw Failure.MALFORMED_BODY.because("the body is not valid JSON: " + whatIsWrong(e)
                    + (e.getLocation() == null
                            ? ""
                            : " (line " + e.getLocation().getLineNr() + ", column "
                                    + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw Failure.MALFORMED_BODY.because("the body could not be read as JSON");
        }
    }

    /** Parses the JSON and returns its {@code events} array. */
    public static JsonNode events(byte[] json, int maxEvents) {
        JsonNode root = parse(json);
        if (root == null || !root.isObject()) {
            throw Failure.MALFORMED_BODY.because("the body must be a JSON object with an 'events' array");
        }
        JsonNode events = root.get("events");
        if (events == null || !events.isArray()) {
            throw Failure.MALFORMED_BODY.because("the body must have an 'events' array");
        }
        if (events.size() > maxEvents) {
            throw Failure.PAYLOAD_TOO_LARGE.because(
                    "the request has " + events.size() + " events; the limit is " + maxEvents);
        }
        return events;
    }
}
