package io.akshybrid.gateway.privacy;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Finds personal data and secrets in text: e-mail addresses, IPv4, IPv6 and MAC addresses, phone
 * numbers, payment card numbers, US social security numbers, Windows account SIDs, user profile paths,
 * bearer tokens and JWTs, and credentials (key blocks, passwords and keys, prefixed access tokens).
 * What each kind catches and leaves alone is listed in docs/privacy.md; {@link Detectors} holds
 * the detectors in the order they run.
 *
 * <p>Free text is {@linkplain #redact redacted}: each finding becomes {@code [redacted:<kind>]}.
 * Identifiers are only {@linkplain #detect checked}: an identifier that holds personal data makes the
 * whole event refused, since an identifier cannot be meaningfully redacted. Fields with a fixed shape
 * (versions, dates, enumerations) are validated by shape and never come here.
 *
 * <p>Every check is linear in the length of the text: the patterns run on re2j (no backtracking),
 * libraries only ever see short candidates that re2j found, and a text of near-misses is bounded by
 * {@link Detector#REJECTED_CANDIDATES_BUDGET} and {@link Detector#CONFIRMATIONS_PER_TEXT}. Stateless
 * and thread-safe; pure CPU work, safe on an event loop.
 */
public final class PiiScanner {

    /** Kinds of personal data, as they appear in {@code [redacted:<kind>]} and in metrics. */
    public enum Kind {
        TOKEN("token"),
        EMAIL("email"),
        USER_PATH("user-path"),
        CARD("card"),
        SSN("ssn"),
        IPV6("ipv6"),
        IPV4("ipv4"),
        PHONE("phone"),
        CREDENTIAL("credential"),
        MAC("mac"),
        SID("sid");

        public final String label;

        Kind(String label) {
            this.label = label;
        }

        /** What replaces a finding of this kind. */
        public String marker() {
            return MARKER + label + "]";
        }
    }

    /** How every replacement begins. */
    static final String MARKER = "[redacted:";

    /**
     * The result of redacting one string.
     *
     * @param found how many findings of each kind were replaced
     */
    public record Redacted(String text, Redactions found) {

        /** All findings replaced. */
        public int count() {
            return found.total();
        }
    }

    private PiiScanner() {}

    /** The first kind of personal data found in {@code text}, if any. */
    public static Optional<Kind> detect(String text) {
        Shape shape = Shape.of(text);
        if (shape.has(Shape.ESCAPED)) {
            Decoded decoded = Decoded.of(text);
            if (decoded != null) {
                return detect(decoded.text, Shape.of(decoded.text));
            }
        }
        return detect(text, shape);
    }

    private static Optional<Kind> detect(String text, Shape shape) {
        for (Detector d : Detectors.ALL) {
            if (d.possible(shape) && d.search(text).next(0) != null) {
                return Optional.of(d.kind);
            }
        }
        return Optional.empty();
    }

    /** Replaces every finding with {@code [redacted:<kind>]}; the count says how many were replaced. */
    public static Redacted redact(String text) {
        return redact(text, Integer.MAX_VALUE);
    }

    /**
     * Replaces every finding, and keeps the result within {@code maxChars}: a marker is longer than
     * a short finding ({@code 1.2.3.4} becomes {@code [redacted:ipv4]}), so a text at its bound could
     * otherwise grow past it. What goes past the bound is cut off; a marker that would straddle it is
     * dropped whole, never left half, and the text ends before it. Findings in the part cut off are
     * still counted: they were found and are not stored.
     */
    public static Redacted redact(String text, int maxChars) {
        Shape shape = Shape.of(text);
        if (shape.has(Shape.ESCAPED)) {
            Decoded decoded = Decoded.of(text);
            if (decoded != null) {
                Redacted r = redactDecoded(text, decoded);
                return new Redacted(within(r.text(), maxChars), r.found());
            }
        }
        String out = text;
        Redactions found = Redactions.NONE;
        for (Detector d : Detectors.ALL) {
            // The shape is of the original text; redaction only removes characters the later kinds need.
            if (!d.possible(shape)) {
                continue;
            }
            Detector.Search search = d.search(out);
            StringBuilder sb = null;
            int copied = 0;
            for (int[] at = search.next(0); at != null; at = search.next(at[1])) {
                if (sb == null) {
                    sb = new StringBuilder(out.length());
                }
                sb.append(out, copied, at[0]).append(d.kind.marker());
                copied = at[1];
                found = found.plus(d.kind);
            }
            if (sb != null) {
                out = sb.append(out, copied, out.length()).toString();
            }
        }
        return new Redacted(within(out, maxChars), found);
    }

    /**
     * A text with escapes is scanned decoded ({@link Decoded}), and what is found is replaced in
     * {@code text}, the original: a finding spans the escapes its characters came from. The detectors
     * all search the same decoded text; where two findings overlap, the earlier detector's wins, as
     * when each detector searches what the one before it left.
     */
    private static Redacted redactDecoded(String text, Decoded decoded) {
        String d = decoded.text;
        Shape shape = Shape.of(d);
        TreeMap<Integer, int[]> spans = new TreeMap<>();
        for (Detector det : Detectors.ALL) {
            if (!det.possible(shape)) {
                continue;
            }
            Detector.Search search = det.search(d);
            for (int[] at = search.next(0); at != null; at = search.next(at[1])) {
                Map.Entry<Integer, int[]> before = spans.floorEntry(at[0]);
                Map.Entry<Integer, int[]> after = spans.ceilingEntry(at[0]);
                if (before != null && before.getValue()[1] > at[0] || after != null && after.getKey() < at[1]) {
                    continue;
                }
                spans.put(at[0], new int[] {at[1], det.kind.ordinal()});
            }
        }
        if (spans.isEmpty()) {
            return new Redacted(text, Redactions.NONE);
        }
        StringBuilder sb = new StringBuilder(text.length());
        Redactions found = Redactions.NONE;
        int copied = 0;
        Kind[] kinds = Kind.values();
        for (Map.Entry<Integer, int[]> e : spans.entrySet()) {
            int start = decoded.originalStart(e.getKey());
            int end = decoded.originalEnd(e.getValue()[0]);
            Kind kind = kinds[e.getValue()[1]];
            sb.append(text, copied, start).append(kind.marker());
            copied = end;
            found = found.plus(kind);
        }
        return new Redacted(sb.append(text, copied, text.length()).toString(), found);
    }

    /** {@code text} cut to at most {@code maxChars}, neither inside a marker nor between a surrogate pair. */
    static String within(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int end = maxChars;
        int open = text.lastIndexOf(MARKER, end - 1);
        if (open >= 0) {
            int close = text.indexOf(']', open);
            if (close < 0 || close >= end) {
                end = open;
            }
        }
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}
