package io.akshybrid.gateway.privacy;

import io.akshybrid.gateway.privacy.PiiScanner.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Secrets (kind {@code credential}) found by the structure that carries them: a value whose key
 * names a secret ({@link SecretKeys}), in every syntax that logs write keys and values in, and
 * {@code Basic} credentials. The formats that are secrets wherever they stand (key blocks, prefixed
 * tokens, user-info in URLs) are {@link CredentialFormats}. Where the key is named, only the value is
 * replaced ({@code Password=[redacted:credential];}), so that a reader still sees what was there.
 *
 * <p>The syntaxes: {@code k=v}, {@code k = "v"}, {@code Pwd={v}}; {@code "k": "v"} and
 * {@code 'k': 'v'} (JSON, Python), also escaped inside a string; {@code k: v} ending its line
 * (YAML), or mid-line when the value does not read as a word ({@code password: hunter2 for});
 * {@code Key:value} without a space (Go's {@code %+v}, {@code map[k:v]}); HTTP headers, where
 * {@code Authorization} keeps its scheme and {@code Cookie} runs to the end of the line; command-line
 * flags ({@code --password x}, {@code -Password x}, and {@code -p x} after the tools that read a
 * password from it); a name and a value given apart ({@code key="DbPassword" value="..."},
 * {@code {"name":"DB_PASSWORD","value":"..."}}, {@code - name: DB_PASSWORD / value: ...}); and XML
 * elements ({@code <Password>...</Password>}).
 */
final class Secrets {

    private Secrets() {}

    private static final String PEM_LABEL = "-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----";

    /** A whole block, or a block cut off before its END line (a truncated message). */
    static final String PRIVATE_KEY_BLOCK = PEM_LABEL + "(?s:.*?)-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|"
            + PEM_LABEL + "[A-Za-z0-9+/=\\s\\\\:,-]*";

    static final String BASIC = "(?i:basic)[ \\t]+([A-Za-z0-9+/]{6,}={0,2})";

    /** Values that hold no secret: a flag, a state, or a placeholder that was masked already. */
    private static final Set<String> NOT_SECRETS = Set.of(
            "true",
            "false",
            "null",
            "none",
            "nil",
            "<nil>",
            "undefined",
            "yes",
            "no",
            "on",
            "off",
            "set",
            "unset",
            "empty",
            "required",
            "optional",
            "missing",
            "invalid",
            "expired",
            "redacted",
            "hidden",
            "masked",
            "sensitive",
            "removed");

    /** Commands whose output is assigned to a secret's variable: the value that follows is theirs. */
    private static final Set<String> PRODUCERS =
            Set.of("convertto-securestring", "read-host", "get-credential", "get-secret", "get-azkeyvaultsecret");

    /** Tools that take a password after a short flag, and the flag: {@code mysql -p x}, {@code redis-cli -a x}. */
    private static final Map<String, String> PASSWORD_FLAGS = Map.ofEntries(
            Map.entry("mysql", "-p"),
            Map.entry("mysqldump", "-p"),
            Map.entry("mysqladmin", "-p"),
            Map.entry("mariadb", "-p"),
            Map.entry("mongo", "-p"),
            Map.entry("mongosh", "-p"),
            Map.entry("mongodump", "-p"),
            Map.entry("sshpass", "-p"),
            Map.entry("redis-cli", "-a"),
            Map.entry("ldapsearch", "-w"),
            Map.entry("ldapmodify", "-w"),
            Map.entry("ldapadd", "-w"),
            Map.entry("sqlcmd", "-P"),
            Map.entry("bcp", "-P"),
            Map.entry("curl", "-u"),
            Map.entry("docker", "-p"),
            Map.entry("podman", "-p"),
            Map.entry("nerdctl", "-p"),
            Map.entry("helm", "-p"),
            Map.entry("az", "-p"));

    /** Of those, the ones where the flag means a password only in their {@code login} command. */
    private static final Set<String> LOGIN_ONLY = Set.of("docker", "podman", "nerdctl", "helm", "az");

    /** Tools that take the password glued to the flag ({@code mysql -phunter2}). */
    private static final Set<String> GLUED = Set.of("mysql", "mysqldump", "mysqladmin", "mariadb");

    /** How far back on its line a flag's tool is looked for. */
    private static final int TOOL_REACH = 120;

    /** How far after a secret name its value is looked for ({@code key="DbPassword" value="..."}). */
    private static final int PAIR_REACH = 160;

    private static final String MARKER = PiiScanner.MARKER;

    static boolean isSecretKey(String key) {
        return SecretKeys.isSecretKey(key);
    }

    /**
     * Values of secret keys, written by hand rather than as one regex: an alternation of a few dozen
     * case-insensitive key names costs re2j about 10 ms per 64 KiB on every text that holds an
     * {@code =}, while looking back from each separator costs a fraction of that. Each separator is
     * looked at once, the key behind it at most {@value SecretKeys#MAX_KEY} characters back, a flag's
     * tool at most {@value #TOOL_REACH}; the ends of values come from forward-only lookups
     * ({@link NextOf}), so the whole search is linear in the text.
     */
    static Detector keyValues() {
        return new Detector(Kind.CREDENTIAL) {
            @Override
            boolean possible(Shape shape) {
                // '=', ':', an element, a flag; or ConvertTo-SecureString, 22 characters with a dash
                return shape.equals() > 0
                        || shape.colons() > 0
                        || shape.angle()
                        || shape.flag()
                        || shape.dashes() > 0 && shape.length() > 22;
            }

            @Override
            Search search(String text) {
                Scan scan = new Scan(text);
                return from -> {
                    int tokenStart = tokenStart(text, Math.max(from, 1));
                    for (int i = Math.max(from, 1); i <= text.length(); i++) {
                        char c = i < text.length() ? text.charAt(i) : ' ';
                        int[] span = null;
                        if (c == '=') {
                            span = scan.afterEquals(i, false);
                        } else if (c == ':') {
                            span = scan.afterColon(i, false);
                        } else if (c == '>') {
                            span = scan.afterTag(i);
                        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                            // only tokens that can be a flag, a switch or ConvertTo-SecureString
                            if (tokenStart < i && "-/(Cc".indexOf(text.charAt(tokenStart)) >= 0) {
                                span = scan.afterToken(tokenStart, i);
                            }
                            tokenStart = i + 1;
                        }
                        // A flag's value is found at the white space after it: never one before {@code from}.
                        if (span != null && span[0] >= from) {
                            return span;
                        }
                    }
                    return null;
                };
            }
        };
    }

    /** Where the whitespace-delimited token holding {@code i} starts (at most a key's length back). */
    private static int tokenStart(String text, int i) {
        int k = i;
        while (k > 0 && i - k < SecretKeys.MAX_KEY && !Character.isWhitespace(text.charAt(k - 1))) {
            k--;
        }
        return k;
    }

    private static boolean isKeyChar(char c) {
        return Chars.isWord(c) || c == '-' || c == '.';
    }

    private static boolean terminates(char c) {
        return Character.isWhitespace(c) || ";&,\"'<>)]}|".indexOf(c) >= 0;
    }

    /**
     * Where a bare value ends: at white space or punctuation that closes it, and at an {@code &}
     * only when the next query parameter ({@code &key=}) follows; otherwise an {@code &} is part of
     * the value ({@code DB_PASSWORD=Tr0ub4dor&3x}). The look past an {@code &} is bounded by a key's
     * length.
     */
    private static boolean endsBareValue(String text, int i) {
        char c = text.charAt(i);
        if (c != '&') {
            return terminates(c);
        }
        int k = i + 1;
        while (k < text.length() && k - i <= SecretKeys.MAX_KEY && isKeyChar(text.charAt(k))) {
            k++;
        }
        return k == text.length()
                || k > i + 1 && (Chars.at(text, k) == '=' || Chars.at(text, k) == '&')
                || k == i + 1 && !Chars.isAlnum(Chars.at(text, k));
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

    /** Where values end; one set per sequence of lookups that moves forward. */
    private static final class Ends {
        final NextOf terminator;
        final NextOf doubleQuote;
        final NextOf singleQuote;
        final NextOf closingBrace;
        final NextOf escapedQuote;
        final NextOf whitespace;
        final NextOf lineEnd;
        final NextOf lessThan;

        Ends(String text) {
            terminator = new NextOf(text, i -> endsBareValue(text, i));
            // a quote not escaped by a backslash
            doubleQuote = new NextOf(text, i -> text.charAt(i) == '"' && Chars.before(text, i) != '\\');
            singleQuote = new NextOf(text, i -> text.charAt(i) == '\'' && Chars.before(text, i) != '\\');
            closingBrace = new NextOf(text, i -> text.charAt(i) == '}');
            // \" : the end of a value in JSON that was itself escaped into a string
            escapedQuote = new NextOf(text, i -> text.charAt(i) == '\\' && Chars.at(text, i + 1) == '"');
            whitespace = new NextOf(text, i -> Character.isWhitespace(text.charAt(i)));
            lineEnd = new NextOf(text, i -> text.charAt(i) == '\n' || text.charAt(i) == '\r');
            lessThan = new NextOf(text, i -> text.charAt(i) == '<');
        }
    }

    /** One search for secret values in one text. */
    private static final class Scan {
        private final String text;
        /** Made when first needed: most texts have no secret key, and need none. */
        private Ends ends;
        /** For values looked up ahead of the scan (a name's value further on): their own forward order. */
        private Ends ahead;

        private boolean looking;

        Scan(String text) {
            this.text = text;
        }

        private Ends ends() {
            if (looking) {
                if (ahead == null) {
                    ahead = new Ends(text);
                }
                return ahead;
            }
            if (ends == null) {
                ends = new Ends(text);
            }
            return ends;
        }

        /** The start of the key that ends at {@code end} (exclusive), at most {@value SecretKeys#MAX_KEY} long. */
        private int keyStart(int end) {
            int k = end;
            while (k > 0 && end - k < SecretKeys.MAX_KEY && isKeyChar(text.charAt(k - 1))) {
                k--;
            }
            return k;
        }

        private int skipSpaces(int i, int max) {
            int v = i;
            while (v < text.length() && (text.charAt(v) == ' ' || text.charAt(v) == '\t') && v - i < max) {
                v++;
            }
            return v;
        }

        /** A quoted, braced or bare value starting at {@code v}; bare values end at {@code bareEnd}. */
        private int[] valueAt(int v, int bareEnd) {
            char open = Chars.at(text, v);
            if (open == '"') {
                return value(v + 1, ends().doubleQuote.next(v + 1));
            }
            if (open == '\'') {
                return value(v + 1, ends().singleQuote.next(v + 1));
            }
            if (open == '{') {
                // {{ .Values.token }} is a template that a secret is put into, not the secret
                return Chars.at(text, v + 1) == '{'
                        ? null
                        : value(v + 1, ends().closingBrace.next(v + 1));
            }
            if (open == '\\' && Chars.at(text, v + 1) == '"') {
                return value(v + 2, ends().escapedQuote.next(v + 2));
            }
            return value(v, bareEnd);
        }

        /**
         * The key that ends before the separator at {@code sep} (an {@code =} or a {@code :}), after at
         * most two spaces, quoted ({@code "k"}, {@code 'k'}, escaped {@code \"k\"}) or bare; null when
         * there is none, or its quotes do not match.
         */
        private record Key(int start, int end, boolean quoted, boolean escaped) {}

        private Key keyBefore(int sep) {
            int k = sep;
            while (k > 0 && text.charAt(k - 1) == ' ' && sep - k < 2) {
                k--;
            }
            char quote = Chars.before(text, k);
            boolean quoted = quote == '"' || quote == '\'';
            int keyEnd = quoted ? k - 1 : k;
            boolean escaped = quoted && Chars.before(text, keyEnd) == '\\';
            if (escaped) {
                keyEnd--;
            }
            int keyStart = keyStart(keyEnd);
            if (keyStart == keyEnd || quoted && Chars.before(text, keyStart) != quote) {
                return null;
            }
            return new Key(keyStart, keyEnd, quoted, escaped);
        }

        /** {@code key=value}, {@code key = value}, {@code key="value"}, {@code Pwd={value}}. */
        int[] afterEquals(int eq, boolean force) {
            if (Chars.at(text, eq + 1) == '=' || Chars.before(text, eq) == '=' || Chars.before(text, eq) == '!') {
                return null; // == and != compare, they do not assign
            }
            Key found = keyBefore(eq);
            if (found == null) {
                return null;
            }
            int keyStart = found.start();
            int keyEnd = found.end();
            // Ruby's and PHP's "password" => "value"
            int v = skipSpaces(Chars.at(text, eq + 1) == '>' ? eq + 2 : eq + 1, 2);
            if (!force) {
                int[] paired = pairedValue(keyStart, keyEnd, v);
                if (paired != null || !SecretKeys.mayBeSecret(text, keyStart, keyEnd)) {
                    return paired;
                }
                String key = text.substring(keyStart, keyEnd);
                if (SecretKeys.isAuthorization(key)) {
                    return authorization(v);
                }
                if (SecretKeys.isCookie(key)) {
                    return toLineEnd(v);
                }
                if (!SecretKeys.isSecretKey(key)) {
                    return null;
                }
                if (key.equals("sig")
                        && Chars.digitsFrom(text, v, 4) > 0
                        && Chars.digitsFrom(text, v, 4) < 4
                        && !isKeyChar(Chars.at(text, v + Chars.digitsFrom(text, v, 4)))) {
                    return null; // a signal number (audit's sig=31), not a signature
                }
            }
            return valueAt(v, ends().terminator.next(v));
        }

        /**
         * {@code "password": "value"} and {@code 'password': 'value'} (also escaped,
         * {@code \"password\": \"value\"}); {@code password: value} when the value is one word ending
         * its line, as in YAML, or does not read as a word; {@code Password:value} without a space. A
         * colon in prose ({@code Password: must be 8 characters}) is not a secret.
         */
        int[] afterColon(int colon, boolean force) {
            if (Chars.at(text, colon + 1) == ':' || Chars.before(text, colon) == ':') {
                return null; // a scope (std::string) or an IPv6 address
            }
            Key found = keyBefore(colon);
            if (found == null) {
                return null;
            }
            int keyStart = found.start();
            int keyEnd = found.end();
            boolean quoted = found.quoted();
            boolean escaped = found.escaped();
            int v = skipSpaces(colon + 1, 2);
            if (!force) {
                int[] paired = pairedValue(keyStart, keyEnd, v);
                if (paired != null || !SecretKeys.mayBeSecret(text, keyStart, keyEnd)) {
                    return paired;
                }
                String key = text.substring(keyStart, keyEnd);
                if (SecretKeys.isAuthorization(key)) {
                    return quoted ? null : authorization(v);
                }
                if (SecretKeys.isCookie(key)) {
                    return quoted ? valueAt(v, v) : toLineEnd(v);
                }
                if (!SecretKeys.isSecretKey(key)) {
                    return SecretKeys.compact(key).equals("auth") ? registryAuth(v) : null;
                }
            }
            if (quoted || escaped) {
                if (escaped && Chars.at(text, v) == '\\' && Chars.at(text, v + 1) == '"') {
                    return valueAt(v, v);
                }
                char open = Chars.at(text, v);
                if (open == '"' || open == '\'') {
                    return valueAt(v, v);
                }
                // a bare number or word: 'password': 12345, "token": null
                return valueAt(v, ends().terminator.next(v));
            }
            char open = Chars.at(text, v);
            if (open == '"' || open == '\'') {
                return valueAt(v, v);
            }
            int end = ends().terminator.next(v);
            if (v == colon + 1) {
                // Go's Key:value, and Key:[value] for a header map
                return Chars.at(text, v) == '[' ? value(v + 1, ends().terminator.next(v + 1)) : value(v, end);
            }
            char after = Chars.at(text, end);
            if (end > v && text.charAt(end - 1) == ':') {
                return null; // the next key, with no value between ("IdentityToken: RegistryToken:")
            }
            if (force || end == text.length() || after == '\n' || after == '\r' || notAWord(v, end)) {
                return value(v, end);
            }
            return null;
        }

        /**
         * A flag and its value: {@code --password x}, {@code -Password x}, {@code -p x} after a tool
         * that reads a password from it, {@code mysql -phunter2}. Called at the whitespace that ends
         * the token starting at {@code start}.
         */
        int[] afterToken(int start, int end) {
            if (start >= end || end - start > SecretKeys.MAX_KEY) {
                return null;
            }
            if (text.charAt(start) == '(') {
                start++;
            }
            if (text.charAt(start) == '/' && text.regionMatches(true, start, "/user:", 0, 6)) {
                return netUsePassword(start, end);
            }
            if (text.charAt(start) != '-') {
                return end - start == 22 && text.regionMatches(true, start, "ConvertTo-SecureString", 0, 22)
                        ? secureString(end)
                        : null;
            }
            int name = start + 1;
            if (Chars.at(text, name) == '-') {
                name++;
            }
            for (int i = name; i < end; i++) {
                if (!isKeyChar(text.charAt(i))) {
                    return null;
                }
            }
            String flag = text.substring(start, end);
            String tool = end - start >= 2 ? toolBefore(start) : null;
            if (tool != null && end - start > 2 && GLUED.contains(tool) && flag.startsWith("-p")) {
                return value(start + 2, end);
            }
            if (end >= text.length()) {
                return null;
            }
            boolean secret = end - name >= 3 && SecretKeys.isSecretKey(text.substring(name, end))
                    || tool != null && flag.equals(PASSWORD_FLAGS.get(tool));
            if (!secret) {
                return null;
            }
            int v = skipSpaces(end + 1, 2);
            if (Chars.at(text, v) == '-' || Chars.at(text, v) == '$' || Chars.at(text, v) == '(') {
                return null; // the next flag, a variable, or an expression
            }
            return valueAt(v, wordEnd(v));
        }

        /** {@code net use <drive> <share> /user:<name> <password>}: the word after the user, unless a switch. */
        private int[] netUsePassword(int start, int end) {
            int v = skipSpaces(end + 1, 2);
            char c = Chars.at(text, v);
            if (v >= text.length() || c == '/' || c == '*' || c == '-' || c == '$') {
                return null;
            }
            int lineStart = Math.max(0, start - TOOL_REACH);
            String before = text.substring(lineStart, start).toLowerCase(Locale.ROOT);
            int net = Math.max(before.lastIndexOf("net use "), before.lastIndexOf("net.exe use "));
            if (net < 0 || before.indexOf('\n', net) >= 0) {
                return null;
            }
            return valueAt(v, ends().whitespace.next(v));
        }

        /**
         * The end of a command-line word starting at {@code v}: the next white space, less the closing
         * brackets, quotes and commas that the surrounding text put after it ({@code (cmd --key x)}).
         */
        private int wordEnd(int v) {
            int end = ends().whitespace.next(v);
            while (end > v + 1 && ")]}\"',;".indexOf(text.charAt(end - 1)) >= 0) {
                end--;
            }
            return end;
        }

        /** {@code ConvertTo-SecureString [-String] 'P@ss' -AsPlainText}: the plain text. */
        private int[] secureString(int end) {
            int v = skipSpaces(end + 1, 2);
            if (text.regionMatches(true, v, "-String ", 0, 8)) {
                v = skipSpaces(v + 8, 2);
            }
            if (v >= text.length() || Chars.at(text, v) == '-' || Chars.at(text, v) == '$') {
                return null;
            }
            return valueAt(v, wordEnd(v));
        }

        /** How far the words before the flags have been read, and the last tool among them. */
        private int toolsRead = -1;

        private String tool;
        private int toolAt;
        private boolean login;

        /**
         * The tool whose short password flag stands at {@code flag}, on the flag's line and at most
         * {@value #TOOL_REACH} characters before it. The words are read once, left to right, as the
         * flags come: a text of {@code -p} repeated costs one pass.
         */
        private String toolBefore(int flag) {
            char f = Chars.at(text, flag + 1);
            if (f != 'p' && f != 'a' && f != 'w' && f != 'P' && f != 'u') {
                return null;
            }
            int i = Math.max(Math.max(toolsRead, 0), flag - TOOL_REACH);
            if (i > toolsRead && i > 0) {
                while (i < flag && !Character.isWhitespace(text.charAt(i - 1))) {
                    i++; // start at a word
                }
            }
            while (i < flag) {
                char c = text.charAt(i);
                if (c == '\n' || c == '\r') {
                    tool = null;
                }
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                int wordEnd = i;
                while (wordEnd < flag && !Character.isWhitespace(text.charAt(wordEnd))) {
                    wordEnd++;
                }
                // the command's name: the trailing run of name characters (/usr/bin/mysql, "sh","-c","mysql)
                int b = wordEnd;
                while (b > i && isKeyChar(text.charAt(b - 1))) {
                    b--;
                }
                if (wordEnd - b <= 16) {
                    String base = text.substring(b, wordEnd).toLowerCase(Locale.ROOT);
                    if (base.endsWith(".exe")) {
                        base = base.substring(0, base.length() - 4);
                    }
                    if (PASSWORD_FLAGS.containsKey(base)) {
                        tool = base;
                        toolAt = i;
                        login = false;
                    } else if (base.equals("login")) {
                        login = true;
                    }
                }
                i = wordEnd;
            }
            toolsRead = flag;
            if (tool == null || flag - toolAt > TOOL_REACH) {
                return null;
            }
            return !LOGIN_ONLY.contains(tool) || login ? tool : null;
        }

        /** {@code <Password>value</Password>}: an element named like a secret. */
        int[] afterTag(int gt) {
            int k = gt;
            while (k > 0 && gt - k < SecretKeys.MAX_KEY && isKeyChar(text.charAt(k - 1))) {
                k--;
            }
            if (k == gt || Chars.before(text, k) != '<' || !SecretKeys.isSecretKey(text.substring(k, gt))) {
                return null;
            }
            int end = ends().lessThan.next(gt + 1);
            for (int i = gt + 1; i < end; i++) {
                if (!Character.isWhitespace(text.charAt(i))) {
                    return value(gt + 1, end);
                }
            }
            return null;
        }

        /**
         * A name given apart from its value: after {@code key=} or {@code name:} whose value names a
         * secret, the value of the next {@code value} key within {@value #PAIR_REACH} characters.
         */
        private int[] pairedValue(int keyStart, int keyEnd, int v) {
            int length = keyEnd - keyStart;
            if (length != 3 && length != 4
                    || !text.regionMatches(true, keyStart, "key", 0, 3)
                            && !text.regionMatches(true, keyStart, "name", 0, 4)) {
                return null;
            }
            int n = v;
            char q = Chars.at(text, n);
            if (q == '"' || q == '\'') {
                n++;
            } else if (q == '\\' && Chars.at(text, n + 1) == '"') {
                n += 2;
            }
            int nameEnd = n;
            while (nameEnd < text.length() && isKeyChar(text.charAt(nameEnd)) && nameEnd - n <= SecretKeys.MAX_KEY) {
                nameEnd++;
            }
            if (nameEnd == n || !SecretKeys.isSecretKey(text.substring(n, nameEnd))) {
                return null;
            }
            int limit = Math.min(text.length() - 5, nameEnd + PAIR_REACH);
            for (int i = nameEnd; i < limit; i++) {
                if (text.regionMatches(true, i, "value", 0, 5) && !isKeyChar(Chars.before(text, i))) {
                    int sep = i + 5;
                    while (sep < text.length()
                            && (text.charAt(sep) == '"'
                                    || text.charAt(sep) == '\''
                                    || text.charAt(sep) == '\\'
                                    || text.charAt(sep) == ' ')
                            && sep - i < 9) {
                        sep++;
                    }
                    char s = Chars.at(text, sep);
                    if (s != '=' && s != ':') {
                        continue;
                    }
                    looking = true;
                    try {
                        return s == '=' ? afterEquals(sep, true) : afterColon(sep, true);
                    } finally {
                        looking = false;
                    }
                }
            }
            return null;
        }

        /** {@code "auth": "<base64 of user:password>"}, as a registry's config.json holds it. */
        private int[] registryAuth(int v) {
            if (Chars.at(text, v) != '"') {
                return null;
            }
            int end = ends().doubleQuote.next(v + 1);
            return isBase64Credentials(text.substring(v + 1, end)) ? value(v + 1, end) : null;
        }

        /** {@code Authorization: <scheme> <credentials>}: the credentials, unless Bearer or Basic (their own kinds). */
        private int[] authorization(int v) {
            if (Chars.at(text, v) == '[') {
                // Go's header map: Authorization:[Bearer ...]
                int close = ends().terminator.next(v + 1);
                int scheme = v + 1;
                while (close < text.length() && text.charAt(close) == ' ') {
                    close = ends().terminator.next(close + 1);
                }
                int space = text.indexOf(' ', scheme);
                if (space < 0 || space >= close) {
                    return value(scheme, close);
                }
                String name = text.substring(scheme, space).toLowerCase(Locale.ROOT);
                return name.equals("bearer") || name.equals("basic") ? null : value(space + 1, close);
            }
            int schemeEnd = v;
            while (schemeEnd < text.length() && !terminates(text.charAt(schemeEnd))) {
                schemeEnd++;
            }
            String scheme = text.substring(v, schemeEnd).toLowerCase(Locale.ROOT);
            if (scheme.equals("bearer") || scheme.equals("basic")) {
                return null;
            }
            if (Chars.at(text, schemeEnd) != ' ') {
                return value(v, schemeEnd);
            }
            return toLineEnd(schemeEnd + 1);
        }

        /** A value that runs to the end of its line, or to the quote that closes the string it is in. */
        private int[] toLineEnd(int v) {
            int end = Math.min(ends().lineEnd.next(v), ends().doubleQuote.next(v));
            while (end > v && Character.isWhitespace(text.charAt(end - 1))) {
                end--;
            }
            return value(v, end);
        }

        /** Whether {@code [start, end)} reads as something other than a word of prose: a digit, a symbol, or inner capitals. */
        private boolean notAWord(int start, int end) {
            if (end - start < 6) {
                return false;
            }
            for (int i = start; i < end; i++) {
                char c = text.charAt(i);
                if (!Chars.isLetter(c) || i > start && Character.isUpperCase(c)) {
                    return true;
                }
            }
            return false;
        }

        /** The value's span, unless it holds no secret; constant time, however long the value. */
        private int[] value(int start, int end) {
            int length = end - start;
            if (length <= 0 || text.startsWith(MARKER, start)) {
                return null;
            }
            if (length <= 9 && NOT_SECRETS.contains(text.substring(start, end).toLowerCase(Locale.ROOT))) {
                return null;
            }
            char first = text.charAt(start);
            // A reference to a secret, not the secret: ${VAR}, $(VAR), {{ .Values.x }}, %VAR%, <redacted>.
            if (first == '$' && length > 1 && (text.charAt(start + 1) == '{' || text.charAt(start + 1) == '(')
                    || first == '{' && Chars.at(text, start + 1) == '{'
                    || first == '%' && length > 2 && text.charAt(end - 1) == '%'
                    || first == '<' && text.charAt(end - 1) == '>') {
                return null;
            }
            // A command that produces the secret: $password = ConvertTo-SecureString '...' -AsPlainText
            if (first == 'C' || first == 'R' || first == 'G' || first == 'c' || first == 'r' || first == 'g') {
                String word = text.substring(start, end).toLowerCase(Locale.ROOT);
                if (PRODUCERS.contains(word)) {
                    return null;
                }
            }
            // A file the secret is read from: /etc/kubernetes/pki/apiserver.key, /dev/stdin.
            if (first == '/' && text.indexOf('/', start + 1) > 0 && text.indexOf('/', start + 1) < end) {
                return null;
            }
            int same = start;
            while (same < end && (text.charAt(same) == '*' || text.charAt(same) == 'x' || text.charAt(same) == 'X')) {
                same++;
            }
            return same == end && length >= 3 ? null : new int[] {start, end};
        }
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
        return isBase64Credentials(m.group(1)) ? Detector.firstGroup(m) : null;
    }

    /** Whether {@code value} is base64 of {@code user:password} (printable, a colon after the first character). */
    static boolean isBase64Credentials(String value) {
        if (value.length() < 6 || value.length() > 1024) {
            return false;
        }
        int padded = value.length() % 4;
        if (padded == 1) {
            return false;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(padded == 0 ? value : value + "==".substring(padded - 2));
        } catch (IllegalArgumentException e) {
            return false;
        }
        String s = new String(decoded, StandardCharsets.UTF_8);
        int colon = s.indexOf(':');
        if (colon < 1) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\uFFFD') {
                return false;
            }
        }
        return true;
    }
}
