package io.akshybrid.gateway.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akshybrid.gateway.privacy.PiiScanner;
import io.akshybrid.gateway.privacy.Redactions;
import io.akshybrid.gateway.privacy.Versions;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the fields of one event's {@code data}, checks each by its kind, and copies only known,
 * valid fields into a fresh object. The first problem ends the event: it throws {@link Refusal}.
 *
 * <p>Each field has one privacy treatment, chosen by its kind: identifiers are checked and refuse the
 * event when they hold personal data; free text is redacted; shaped fields (versions, dates, enums,
 * numbers) are validated by shape and not scanned.
 */
final class FieldReader {

    static final int IDENTIFIER_MAX = 128;
    static final int MESSAGE_MAX = 8 * 1024;
    static final int STACK_TRACE_MAX = 64 * 1024;
    static final int MAP_MAX_ENTRIES = 64;
    private static final Pattern MAP_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    static final Pattern RFC3339 =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?(?:[Zz]|[+-]\\d{2}:\\d{2})");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    /** The event is refused; thrown without a stack trace, as this is ordinary control flow. */
    static final class Refusal extends RuntimeException {
        final RejectionReason reason;

        Refusal(RejectionReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }

    private final ObjectNode in;
    private final ObjectNode out = JsonNodeFactory.instance.objectNode();
    private final String prefix;
    private Redactions redactions = Redactions.NONE;

    FieldReader(ObjectNode in, String prefix) {
        this.in = in;
        this.prefix = prefix;
    }

    ObjectNode result() {
        return out;
    }

    /** Redactions so far. */
    Redactions redactions() {
        return redactions;
    }

    /** A name-like string: bounded, printable, and refused when it holds personal data. */
    String identifier(String name, boolean required) {
        JsonNode n = present(name, required);
        if (n == null) {
            return null;
        }
        String v = string(name, n);
        if (v.isEmpty() || v.length() > IDENTIFIER_MAX) {
            throw invalid(name, "must be 1 to " + IDENTIFIER_MAX + " characters");
        }
        if (!printable(v)) {
            throw invalid(name, "must not contain control characters");
        }
        refuseIfPersonal(name, v);
        out.put(name, v);
        return v;
    }

    /** Free text: bounded, made storable (no NUL, no lone surrogates), personal data redacted. */
    String freeText(String name, boolean required, int maxChars) {
        JsonNode n = present(name, required);
        if (n == null) {
            return null;
        }
        String v = string(name, n);
        if (v.length() > maxChars) {
            throw invalid(name, "must be at most " + maxChars + " characters");
        }
        String stored = redactFreeText(v, maxChars);
        out.put(name, stored);
        return stored;
    }

    String enumValue(String name, boolean required, Set<String> allowed) {
        JsonNode n = present(name, required);
        if (n == null) {
            return null;
        }
        String v = string(name, n);
        if (!allowed.contains(v)) {
            throw invalid(name, "must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
        }
        out.put(name, v);
        return v;
    }

    void version(String name, boolean required) {
        JsonNode n = present(name, required);
        if (n == null) {
            return;
        }
        String v = string(name, n);
        if (!Versions.isVersion(v)) {
            throw invalid(
                    name,
                    "must be a version such as 10.0.20348.2461 or 5.15.153.1-2.cm2: numbers, then optionally "
                            + "release labels such as -rc.1, -azure or .el8.x86_64; not a host or user name");
        }
        out.put(name, v);
    }

    void countryCode(String name, boolean required) {
        JsonNode n = present(name, required);
        if (n == null) {
            return;
        }
        String v = string(name, n).toUpperCase(Locale.ROOT);
        if (v.length() != 2 || !COUNTRIES.contains(v)) {
            throw invalid(name, "must be an ISO 3166-1 alpha-2 country code");
        }
        out.put(name, v);
    }

    void nonNegativeInteger(String name, boolean required) {
        JsonNode n = present(name, required);
        if (n == null) {
            return;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
            throw invalid(name, "must be an integer >= 0");
        }
        out.put(name, n.longValue());
    }

    void nonNegativeFinite(String name, boolean required) {
        JsonNode n = present(name, required);
        if (n == null) {
            return;
        }
        if (!n.isNumber() || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0) {
            throw invalid(name, "must be a finite number >= 0");
        }
        out.put(name, n.doubleValue());
    }

    void dateTime(String name, boolean required) {
        JsonNode n = present(name, required);
        if (n == null) {
            return;
        }
        out.put(name, parseTime(prefix + name, string(name, n)).toString());
    }

    /** Which scalar kinds a map's values may have. */
    enum MapValues {
        INTEGER_OR_BOOLEAN,
        SCALAR
    }

    void map(String name, MapValues kind) {
        JsonNode n = present(name, false);
        if (n == null) {
            return;
        }
        if (!n.isObject()) {
            throw invalid(name, "must be an object");
        }
        if (n.size() > MAP_MAX_ENTRIES) {
            throw invalid(name, "must have at most " + MAP_MAX_ENTRIES + " entries");
        }
        ObjectNode m = out.putObject(name);
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (!MAP_KEY.matcher(key).matches()) {
                throw invalid(name, "keys must match " + MAP_KEY.pattern());
            }
            refuseIfPersonal(name + " key", key);
            JsonNode v = e.getValue();
            String where = name + "." + key;
            if (v.isBoolean()) {
                m.put(key, v.booleanValue());
            } else if (v.isIntegralNumber() && v.canConvertToLong()) {
                m.put(key, v.longValue());
            } else if (kind == MapValues.SCALAR && v.isNumber() && Double.isFinite(v.doubleValue())) {
                m.put(key, v.doubleValue());
            } else if (kind == MapValues.SCALAR && v.isTextual()) {
                if (v.textValue().length() > MESSAGE_MAX) {
                    throw invalid(where, "must be at most " + MESSAGE_MAX + " characters");
                }
                m.put(key, redactFreeText(v.textValue(), MESSAGE_MAX));
            } else {
                throw invalid(
                        where,
                        kind == MapValues.SCALAR
                                ? "must be a boolean, string, integer or finite number"
                                : "must be an integer or a boolean");
            }
        }
    }

    /** Parses an RFC 3339 date-time with offset into UTC, truncated to PostgreSQL's microseconds. */
    static OffsetDateTime parseTime(String field, String v) {
        if (!RFC3339.matcher(v).matches()) {
            throw new Refusal(
                    RejectionReason.INVALID_FIELD,
                    field + " must be an RFC 3339 date-time with offset, such as 2026-11-29T08:00:00Z");
        }
        try {
            return OffsetDateTime.parse(v.toUpperCase(Locale.ROOT))
                    .withOffsetSameInstant(ZoneOffset.UTC)
                    .truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            throw new Refusal(RejectionReason.INVALID_FIELD, field + " is not a valid date-time");
        }
    }

    Refusal invalid(String name, String problem) {
        return new Refusal(RejectionReason.INVALID_FIELD, prefix + name + " " + problem);
    }

    private JsonNode present(String name, boolean required) {
        JsonNode n = in.get(name);
        if (n == null || n.isNull()) {
            if (required) {
                throw new Refusal(RejectionReason.MISSING_FIELD, prefix + name + " is required");
            }
            return null;
        }
        return n;
    }

    private String string(String name, JsonNode n) {
        if (!n.isTextual()) {
            throw invalid(name, "must be a string");
        }
        return n.textValue();
    }

    private void refuseIfPersonal(String name, String value) {
        PiiScanner.detect(value).ifPresent(kind -> {
            throw new Refusal(
                    RejectionReason.PII_DETECTED, prefix + name + " looks like personal data (" + kind.label + ")");
        });
    }

    /** Redaction keeps the text within its bound: a marker is longer than a short finding. */
    private String redactFreeText(String v, int maxChars) {
        PiiScanner.Redacted r = PiiScanner.redact(storable(v), maxChars);
        redactions = redactions.plus(r.found());
        return r.text();
    }

    /** PostgreSQL refuses NUL in text and jsonb, and lone surrogates cannot be encoded as UTF-8. */
    static String storable(String v) {
        StringBuilder sb = null;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            String replacement = null;
            if (c == 0) {
                replacement = "";
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
                    if (sb != null) {
                        sb.append(c).append(v.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
                replacement = "\uFFFD";
            } else if (Character.isLowSurrogate(c)) {
                replacement = "\uFFFD";
            }
            if (replacement != null && sb == null) {
                sb = new StringBuilder(v.length()).append(v, 0, i);
            }
            if (sb != null && replacement != null) {
                sb.append(replacement);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? v : sb.toString();
    }

    private static boolean printable(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c) && !validSurrogateAt(v, i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean validSurrogateAt(String v, int i) {
        char c = v.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(v.charAt(i - 1));
    }
}
