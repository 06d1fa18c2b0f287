package io.akshybrid.gateway.privacy;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finds personal data in text: e-mail addresses, IPv4 and IPv6 addresses, phone numbers, payment card
 * numbers (Luhn-checked), US social security numbers, user profile paths and bearer tokens or JWTs.
 *
 * <p>Free text is {@linkplain #redact redacted}: each finding becomes {@code [redacted:<kind>]}.
 * Identifiers are only {@linkplain #detect checked}: an identifier that holds personal data makes the
 * whole event refused, since an identifier cannot be meaningfully redacted. Fields with a fixed shape
 * (versions, dates, enumerations) are validated by shape and never come here. Stateless and
 * thread-safe; pure CPU work.
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
        PHONE("phone");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /**
     * @param possible a cheap test on the text's character counts that is true whenever the pattern
     *     could match; most identifiers and messages fail it for most kinds, which spares the regex
     * @param bounds what must not stand right before and right after a match (the lookarounds that a
     *     linear-time engine does not have)
     * @param confirm a check of a match that a regex cannot express (Luhn, reserved SSN ranges)
     */
    private record Detector(
            Kind kind, Predicate<Shape> possible, Pattern pattern, Bounds bounds, Predicate<String> confirm) {}

    /** A check of the characters around a match at {@code [start, end)} of {@code text}. */
    @FunctionalInterface
    private interface Bounds {
        Bounds NONE = (text, start, end) -> true;

        boolean test(String text, int start, int end);

        /** No character of {@code before} right before the match, none of {@code after} right after it. */
        static Bounds notBetween(String before, String after) {
            return (text, start, end) -> (start == 0 || !in(before, text.charAt(start - 1)))
                    && (end == text.length() || !in(after, text.charAt(end)));
        }
    }

    /** Whether {@code c} is in a set written like a character class: {@code d} digits, {@code w} word characters. */
    private static boolean in(String set, char c) {
        for (int i = 0; i < set.length(); i++) {
            char s = set.charAt(i);
            if (s == 'd' ? c >= '0' && c <= '9' : s == 'w' ? isWord(c) : s == c) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWord(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    /** Counts of the characters that the patterns need, taken in one pass over the text. */
    private record Shape(
            String text, int digits, int dots, int colons, int dashes, boolean at, boolean plus, boolean slash) {
        static Shape of(String text) {
            int digits = 0;
            int dots = 0;
            int colons = 0;
            int dashes = 0;
            boolean at = false;
            boolean plus = false;
            boolean slash = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c >= '0' && c <= '9') {
                    digits++;
                } else if (c == '.') {
                    dots++;
                } else if (c == ':') {
                    colons++;
                } else if (c == '-') {
                    dashes++;
                } else if (c == '@') {
                    at = true;
                } else if (c == '+') {
                    plus = true;
                } else if (c == '/' || c == '\\') {
                    slash = true;
                }
            }
            return new Shape(text, digits, dots, colons, dashes, at, plus, slash);
        }

        boolean mayHoldToken() {
            return text.contains("eyJ") || containsIgnoreCase(text, "bearer");
        }
    }

    private static boolean containsIgnoreCase(String text, String word) {
        for (int i = 0; i + word.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }

    private static final String HEX4 = "[0-9A-Fa-f]{1,4}";
    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";

    // Order matters: tokens and e-mails contain dots and digits that later detectors would split up.
    // The patterns run on re2j (linear time, no backtracking); what Java regex did with lookarounds is
    // done by Bounds and confirm, and a candidate they reject is searched for again one character on.
    private static final List<Detector> DETECTORS = List.of(
            new Detector(
                    Kind.TOKEN,
                    Shape::mayHoldToken,
                    Pattern.compile("(?i:bearer)\\s+[A-Za-z0-9\\-._~+/]{8,}=*"
                            + "|eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*"),
                    Bounds.NONE,
                    s -> true),
            new Detector(
                    Kind.EMAIL,
                    Shape::at,
                    Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}"),
                    Bounds.NONE,
                    s -> true),
            new Detector(
                    Kind.USER_PATH,
                    Shape::slash,
                    Pattern.compile("(?i:[A-Z]:\\\\Users\\\\)[^\\\\/\\s\"':*?<>|]+|/(?:home|Users)/[^/\\s\"':]+"),
                    Bounds.NONE,
                    s -> true),
            new Detector(
                    Kind.CARD,
                    t -> t.digits >= 13,
                    Pattern.compile("\\d(?:[ -]?\\d){12,18}"),
                    Bounds.notBetween("d.", "d."),
                    PiiScanner::luhn),
            new Detector(
                    Kind.SSN,
                    t -> t.digits >= 9 && t.dashes >= 2,
                    Pattern.compile("\\d{3}-\\d{2}-\\d{4}"),
                    Bounds.notBetween("d-", "d-"),
                    PiiScanner::possibleSsn),
            new Detector(
                    Kind.IPV6,
                    t -> t.colons >= 2,
                    Pattern.compile("(?:" + HEX4 + ":){7}" + HEX4 + "|(?:" + HEX4 + "(?::" + HEX4 + "){0,6})?::(?:"
                            + HEX4 + "(?::" + HEX4 + "){0,6})?"),
                    Bounds.notBetween("w:.", "w:"),
                    s -> !s.equals("::")),
            new Detector(
                    Kind.IPV4,
                    t -> t.dots >= 3 && t.digits >= 4,
                    Pattern.compile(OCTET + "(?:\\." + OCTET + "){3}"),
                    (text, start, end) -> (start == 0 || !in("d", text.charAt(start - 1)))
                            && (end == text.length()
                                    || !in("d", text.charAt(end))
                                            && !(text.charAt(end) == '.'
                                                    && end + 1 < text.length()
                                                    && in("d", text.charAt(end + 1)))),
                    s -> true),
            new Detector(
                    Kind.PHONE,
                    t -> t.digits >= 10 || t.plus && t.digits >= 6,
                    Pattern.compile("\\+\\d{1,3}[ .-]?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{1,4}(?:[ .-]?\\d{2,4}){2,4}"
                            + "|\\(\\d{3}\\)[ .-]?\\d{3}[ .-]\\d{4}"
                            + "|\\d{3}[ .-]\\d{3}[ .-]\\d{4}"),
                    Bounds.notBetween("w+.-", "w.-"),
                    s -> true));

    /** A US social security number's area, group and serial are never 000, 666, 9xx, 00 or 0000. */
    static boolean possibleSsn(String s) {
        String area = s.substring(0, 3);
        return !area.equals("000")
                && !area.equals("666")
                && area.charAt(0) != '9'
                && !s.startsWith("00", 4)
                && !s.startsWith("0000", 7);
    }

    /**
     * Candidates in a row that the bounds or the confirmation may reject before the rest of the text
     * is taken as one finding. Text built so that nearly every position is a near-miss (a card
     * number's digits and spaces repeated for 64 KiB) would otherwise cost a search per character;
     * past this budget it is redacted whole, erring on the side of privacy. Real text stays far below.
     */
    static final int REJECTED_CANDIDATES_BUDGET = 256;

    /** Where the next finding of {@code d} in {@code text} at or after {@code from} lies, or null. */
    private static int[] next(Detector d, Matcher m, String text, int from) {
        int rejected = 0;
        int firstRejected = -1;
        while (from <= text.length() && m.find(from)) {
            int start = m.start();
            int end = m.end();
            if (d.bounds.test(text, start, end) && d.confirm.test(text.substring(start, end))) {
                return new int[] {start, end};
            }
            if (firstRejected < 0) {
                firstRejected = start;
            }
            if (++rejected > REJECTED_CANDIDATES_BUDGET) {
                return new int[] {firstRejected, text.length()};
            }
            from = start + 1;
        }
        return null;
    }

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
        for (Detector d : DETECTORS) {
            if (d.possible.test(shape) && next(d, d.pattern.matcher(text), text, 0) != null) {
                return Optional.of(d.kind);
            }
        }
        return Optional.empty();
    }

    /** Replaces every finding with {@code [redacted:<kind>]}; the count says how many were replaced. */
    public static Redacted redact(String text) {
        String out = text;
        Redactions found = Redactions.NONE;
        Shape shape = Shape.of(text);
        for (Detector d : DETECTORS) {
            // The shape is of the original text; redaction only removes characters the later kinds need.
            if (!d.possible.test(shape)) {
                continue;
            }
            Matcher m = d.pattern.matcher(out);
            StringBuilder sb = null;
            int copied = 0;
            for (int[] at = next(d, m, out, 0); at != null; at = next(d, m, out, at[1])) {
                if (sb == null) {
                    sb = new StringBuilder(out.length());
                }
                sb.append(out, copied, at[0])
                        .append("[redacted:")
                        .append(d.kind.label)
                        .append(']');
                copied = at[1];
                found = found.plus(d.kind);
            }
            if (sb != null) {
                out = sb.append(out, copied, out.length()).toString();
            }
        }
        return new Redacted(out, found);
    }

    static boolean luhn(String candidate) {
        int sum = 0;
        int digits = 0;
        boolean twice = false;
        for (int i = candidate.length() - 1; i >= 0; i--) {
            char c = candidate.charAt(i);
            if (c < '0' || c > '9') {
                continue;
            }
            int d = c - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            digits++;
            twice = !twice;
        }
        return digits >= 13 && digits <= 19 && sum % 10 == 0;
    }
}
