package io.akshybrid.gateway.privacy;

import io.akshybrid.gateway.privacy.PiiScanner.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Secrets (kind {@code credential}): private key blocks, passwords and keys given as
 * {@code key=value} (connection strings, query strings, environment) or as JSON
 * ({@code "password": "..."}), {@code user:password@} in URLs, {@code Basic} credentials, and tokens
 * whose issuer gives them a fixed prefix (AWS access key ids, GitHub, Slack and Google API tokens).
 * Where the key is named, only the value is replaced ({@code Password=[redacted:credential];}), so
 * that a reader still sees what was there.
 */
final class Secrets {

    private Secrets() {}

    private static final String PEM_LABEL = "-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----";

    /** A whole block, or a block cut off before its END line (a truncated message). */
    static final String PRIVATE_KEY_BLOCK = PEM_LABEL + "(?s:.*?)-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|"
            + PEM_LABEL + "[A-Za-z0-9+/=\\s\\\\:,-]*";

    /** {@code scheme://user:password@}: the user and password are replaced. */
    static final String URL_USER_INFO = "[A-Za-z][A-Za-z0-9+.-]{0,31}://([^\\s/?#@:]+:[^\\s/?#]+)@";

    static final String BASIC = "(?i:basic)[ \\t]+([A-Za-z0-9+/]{6,}={0,2})";

    static final String KNOWN_TOKENS = "(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}"
            + "|gh[pousr]_[A-Za-z0-9]{36,}"
            + "|github_pat_[A-Za-z0-9_]{22,}"
            + "|xox[abposr]-[A-Za-z0-9-]{10,}"
            + "|AIza[0-9A-Za-z_-]{35}";

    /** A key (lower case, without {@code _ - .}) that ends with one of these names a secret. */
    private static final List<String> SECRET_KEY_ENDINGS = List.of(
            "password",
            "passwd",
            "pwd",
            "secret",
            "accountkey",
            "sharedaccesskey",
            "apikey",
            "accesskey",
            "secretkey",
            "privatekey",
            "accesstoken",
            "refreshtoken",
            "idtoken",
            "authtoken",
            "sessiontoken",
            "sastoken");

    /** Keys that name a secret only when they are the whole key ({@code sig} of a SAS URL). */
    private static final Set<String> SECRET_KEYS = Set.of("sig", "token", "pass");

    /** Values that hold no secret: already masked, or a flag. */
    private static final Set<String> NOT_SECRETS = Set.of("true", "false", "null", "none");

    private static final String MARKER = PiiScanner.MARKER;

    private static final int MAX_KEY = 64;

    static boolean isSecretKey(String key) {
        // Every secret key is at least three letters and ends in one of these: most keys stop here.
        if (key.length() < 3 || "dtyngsDTYNGS".indexOf(key.charAt(key.length() - 1)) < 0) {
            return false;
        }
        StringBuilder sb = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c != '_' && c != '-' && c != '.') {
                sb.append(Character.toLowerCase(c));
            }
        }
        String k = sb.toString();
        if (SECRET_KEYS.contains(k)) {
            return true;
        }
        for (String ending : SECRET_KEY_ENDINGS) {
            if (k.endsWith(ending)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Values of secret keys, written by hand rather than as one regex: an alternation of a few dozen
     * case-insensitive key names costs re2j about 10 ms per 64 KiB on every text that holds an
     * {@code =}, while looking back from each {@code =} or {@code :} costs a fraction of that. Each
     * separator is looked at once, the key behind it at most {@value #MAX_KEY} characters back.
     */
    static Detector keyValues() {
        return new Detector(Kind.CREDENTIAL) {
            @Override
            boolean possible(Shape shape) {
                return shape.equals() > 0 || shape.colons() > 0;
            }

            @Override
            Search search(String text) {
                Scan scan = new Scan(text);
                return from -> {
                    for (int i = Math.max(from, 1); i < text.length(); i++) {
                        char c = text.charAt(i);
                        int[] span = c == '=' ? scan.afterEquals(i) : c == ':' ? scan.afterColon(i) : null;
                        if (span != null) {
                            return span;
                        }
                    }
                    return null;
                };
            }
        };
    }

    private static boolean isKeyChar(char c) {
        return Chars.isWord(c) || c == '-' || c == '.';
    }

    private static boolean terminates(char c) {
        return Character.isWhitespace(c) || ";&,\"'<>)]}|".indexOf(c) >= 0;
    }

    /**
     * The next position at or after a given one where a test holds, remembered: the separators are
     * visited left to right, so the lookups move forward and a run of them costs one pass over the
     * text, where searching afresh for each separator (a value that runs to the end of the text, for
     * each of thousands of unclosed braces after {@code Pwd=}) would be quadratic.
     */
    private static final class NextOf {
        private final String text;
        private final IntPredicate test;
        private int from = Integer.MAX_VALUE;
        private int at = -1;

        NextOf(String text, IntPredicate test) {
            this.text = text;
            this.test = test;
        }

        /** The first position at or after {@code f} where the test holds, or the text's length. */
        int next(int f) {
            if (f >= from && f <= at) {
                return at;
            }
            int i = f;
            while (i < text.length() && !test.test(i)) {
                i++;
            }
            from = f;
            at = i;
            return i;
        }
    }

    /** One search for secret values in one text. */
    private static final class Scan {
        private final String text;
        private final NextOf terminator;
        private final NextOf doubleQuote;
        private final NextOf singleQuote;
        private final NextOf closingBrace;
        private final NextOf escapedQuote;
        private final NextOf jsonQuote;

        Scan(String text) {
            this.text = text;
            terminator = new NextOf(text, i -> terminates(text.charAt(i)));
            doubleQuote = new NextOf(text, i -> text.charAt(i) == '"');
            singleQuote = new NextOf(text, i -> text.charAt(i) == '\'');
            closingBrace = new NextOf(text, i -> text.charAt(i) == '}');
            // \" : the end of a value in JSON that was itself escaped into a string
            escapedQuote = new NextOf(text, i -> text.charAt(i) == '\\' && Chars.at(text, i + 1) == '"');
            // a " not escaped by a backslash
            jsonQuote = new NextOf(text, i -> text.charAt(i) == '"' && Chars.before(text, i) != '\\');
        }

        /** The start of the key that ends at {@code end} (exclusive), at most {@value #MAX_KEY} characters long. */
        private int keyStart(int end) {
            int k = end;
            while (k > 0 && end - k < MAX_KEY && isKeyChar(text.charAt(k - 1))) {
                k--;
            }
            return k;
        }

        private boolean secretKeyAt(int keyStart, int keyEnd) {
            return keyStart < keyEnd && isSecretKey(text.substring(keyStart, keyEnd));
        }

        /** {@code key=value}, {@code key = value}, {@code key="value"}, {@code Pwd={value}}. */
        int[] afterEquals(int eq) {
            int keyEnd = eq;
            while (keyEnd > 0 && text.charAt(keyEnd - 1) == ' ' && eq - keyEnd < 2) {
                keyEnd--;
            }
            if (!secretKeyAt(keyStart(keyEnd), keyEnd)) {
                return null;
            }
            int v = eq + 1;
            while (v < text.length() && text.charAt(v) == ' ' && v - eq <= 2) {
                v++;
            }
            char open = Chars.at(text, v);
            if (open == '"') {
                return value(v + 1, doubleQuote.next(v + 1));
            }
            if (open == '\'') {
                return value(v + 1, singleQuote.next(v + 1));
            }
            if (open == '{') {
                return value(v + 1, closingBrace.next(v + 1));
            }
            if (open == '\\' && Chars.at(text, v + 1) == '"') {
                return value(v + 2, escapedQuote.next(v + 2));
            }
            return value(v, terminator.next(v));
        }

        /**
         * {@code "password": "value"} (also escaped, {@code \"password\": \"value\"}), and
         * {@code password: value} when the value is one word ending its line, as in YAML; a colon in
         * prose ({@code Password: must be 8 characters}) is not a secret.
         */
        int[] afterColon(int colon) {
            int k = colon;
            while (k > 0 && text.charAt(k - 1) == ' ' && colon - k < 2) {
                k--;
            }
            boolean quoted = Chars.before(text, k) == '"';
            int keyEnd = quoted ? k - 1 : k;
            boolean escaped = quoted && Chars.before(text, keyEnd) == '\\';
            if (escaped) {
                keyEnd--;
            }
            int keyStart = keyStart(keyEnd);
            if (!secretKeyAt(keyStart, keyEnd) || quoted && Chars.before(text, keyStart) != '"') {
                return null;
            }
            int v = colon + 1;
            while (v < text.length() && text.charAt(v) == ' ' && v - colon <= 2) {
                v++;
            }
            if (quoted) {
                if (escaped && Chars.at(text, v) == '\\' && Chars.at(text, v + 1) == '"') {
                    return value(v + 2, escapedQuote.next(v + 2));
                }
                return !escaped && Chars.at(text, v) == '"' ? value(v + 1, jsonQuote.next(v + 1)) : null;
            }
            int end = terminator.next(v);
            char after = Chars.at(text, end);
            return end == text.length() || after == '\n' || after == '\r' ? value(v, end) : null;
        }

        /** The value's span, unless it holds no secret; constant time, however long the value. */
        private int[] value(int start, int end) {
            int length = end - start;
            if (length == 0 || text.startsWith(MARKER, start)) {
                return null;
            }
            if (length <= 5 && NOT_SECRETS.contains(text.substring(start, end).toLowerCase(Locale.ROOT))) {
                return null;
            }
            int stars = start;
            while (stars < end && text.charAt(stars) == '*') {
                stars++;
            }
            return stars == end ? null : new int[] {start, end};
        }
    }

    /** The user and password of a URL; not when they are a placeholder already redacted. */
    static int[] urlUserInfo(String text, Detector.Found m, Detector.Budget budget) {
        return m.group(1).startsWith(MARKER) ? null : Detector.firstGroup(m);
    }

    /** {@code Basic <base64 of user:password>}: the value is replaced when it decodes to that shape. */
    static int[] basic(String text, Detector.Found m, Detector.Budget budget) {
        if (Chars.isWord(Chars.before(text, m.start()))) {
            return null;
        }
        char a = Chars.at(text, m.end());
        if (Chars.isAlnum(a) || a == '+' || a == '/' || a == '=') {
            return null;
        }
        String value = m.group(1);
        int padded = value.length() % 4;
        if (padded == 1) {
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(padded == 0 ? value : value + "==".substring(padded - 2));
        } catch (IllegalArgumentException e) {
            return null;
        }
        String s = new String(decoded, StandardCharsets.UTF_8);
        int colon = s.indexOf(':');
        if (colon < 1) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\uFFFD') {
                return null;
            }
        }
        return Detector.firstGroup(m);
    }

    /** A prefixed token, not glued to letters or digits on either side. */
    static int[] knownToken(String text, Detector.Found m, Detector.Budget budget) {
        return Chars.isAlnum(Chars.before(text, m.start())) || Chars.isAlnum(Chars.at(text, m.end()))
                ? null
                : new int[] {m.start(), m.end()};
    }
}
