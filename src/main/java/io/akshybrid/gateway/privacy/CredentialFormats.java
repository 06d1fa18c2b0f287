package io.akshybrid.gateway.privacy;

import io.akshybrid.gateway.privacy.PiiScanner.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Credentials that are secrets wherever they stand, whatever key they follow (kind
 * {@code credential}): tokens whose issuer gives them a fixed prefix (cloud providers, Git hosts,
 * chat, payment, Vault, package registries), PEM private keys written in base64 (a kubeconfig's
 * {@code client-key-data}), Microsoft Entra client secrets ({@code ...Q~...}), chat webhook URLs, and
 * the user-info part of any URL ({@code redis://:pass@host}, {@code mongodb://u:p@ss@host}), whatever
 * characters the password holds. Like gitleaks' rules, each prefix comes with the alphabet and length
 * of what follows it, so that a word that merely starts the same way is not taken.
 *
 * <p>Both searches are hand-written single passes: the prefixes are looked up by their first
 * character at word starts only, and a URL's user-info is looked for at each {@code ://}, at most
 * {@value #MAX_USER_INFO} characters on.
 */
final class CredentialFormats {

    private CredentialFormats() {}

    /** The characters a token's body may hold. */
    private enum Alphabet {
        UPPER_DIGIT,
        ALNUM,
        WORD,
        TOKEN,
        TOKEN_DOT,
        HEX,
        LOWER_HEX,
        BASE64,
        PATH;

        boolean has(char c) {
            return switch (this) {
                case UPPER_DIGIT -> c >= 'A' && c <= 'Z' || Chars.isDigit(c);
                case ALNUM -> Chars.isAlnum(c);
                case WORD -> Chars.isWord(c);
                case TOKEN -> Chars.isWord(c) || c == '-';
                case TOKEN_DOT -> Chars.isWord(c) || c == '-' || c == '.';
                case HEX -> Chars.isHex(c);
                case LOWER_HEX -> Chars.isDigit(c) || c >= 'a' && c <= 'f';
                case BASE64 -> Chars.isAlnum(c) || c == '+' || c == '/' || c == '=';
                case PATH -> Chars.isWord(c) || c == '/' || c == '-';
            };
        }
    }

    /**
     * A prefix, the alphabet of the body after it, and the body's length (max 0: no bound). A webhook
     * URL keeps its prefix (the service it calls) and loses the path that grants access.
     */
    private record Format(String prefix, Alphabet body, int min, int max) {
        boolean keepsPrefix() {
            return body == Alphabet.PATH;
        }
    }

    private static final List<Format> FORMATS = new ArrayList<>();

    private static void add(Alphabet body, int min, int max, String... prefixes) {
        for (String p : prefixes) {
            FORMATS.add(new Format(p, body, min, max));
        }
    }

    /** A base64-encoded {@code -----BEGIN}: a PEM block written in base64. */
    static final String PEM_BASE64 = "LS0tLS1CRUdJTi";

    static {
        // cloud providers
        add(Alphabet.UPPER_DIGIT, 16, 16, "AKIA", "ASIA", "ABIA", "ACCA");
        add(Alphabet.TOKEN, 35, 35, "AIza");
        add(Alphabet.TOKEN, 20, 0, "ya29.", "GOCSPX-");
        add(Alphabet.LOWER_HEX, 64, 0, "dop_v1_", "doo_v1_", "dor_v1_");
        add(Alphabet.HEX, 32, 32, "dapi");
        // Git hosts and registries
        add(Alphabet.ALNUM, 36, 0, "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "npm_");
        add(Alphabet.WORD, 22, 0, "github_pat_");
        add(
                Alphabet.TOKEN,
                20,
                0,
                "glpat-",
                "gldt-",
                "glrt-",
                "glptt-",
                "glft-",
                "glimt-",
                "glsoat-",
                "glcbt-",
                "gloas-",
                "glagent-",
                "glffct-",
                "GR1348941",
                "dckr_pat_",
                "sq0atp-",
                "sq0csp-");
        add(Alphabet.TOKEN, 50, 0, "pypi-AgEIcHlwaS5vcmc", "ATATT3");
        add(Alphabet.ALNUM, 30, 0, "hf_");
        add(Alphabet.WORD, 32, 0, "glc_", "glsa_");
        // chat and webhooks
        add(
                Alphabet.TOKEN,
                10,
                0,
                "xoxa-",
                "xoxb-",
                "xoxp-",
                "xoxo-",
                "xoxs-",
                "xoxr-",
                "xoxe-",
                "xoxe.xoxp-",
                "xapp-");
        add(
                Alphabet.PATH,
                20,
                0,
                "hooks.slack.com/services/",
                "discord.com/api/webhooks/",
                "discordapp.com/api/webhooks/",
                "webhook.office.com/webhookb2/");
        // payment, messaging, AI
        add(Alphabet.ALNUM, 16, 0, "sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_");
        add(Alphabet.TOKEN_DOT, 60, 0, "SG.");
        add(Alphabet.LOWER_HEX, 32, 32, "SK");
        add(Alphabet.TOKEN, 20, 0, "sk-ant-", "sk-proj-", "sk-svcacct-", "sk-admin-");
        add(Alphabet.ALNUM, 40, 0, "sk-");
        add(Alphabet.LOWER_HEX, 32, 32, "shpat_", "shpca_", "shppa_", "shpss_");
        add(Alphabet.UPPER_DIGIT, 27, 27, "NRAK-");
        add(Alphabet.TOKEN, 50, 0, "PMAK-");
        // Vault, age
        add(Alphabet.TOKEN, 20, 0, "hvs.", "hvb.", "hvr.");
        add(Alphabet.UPPER_DIGIT, 50, 0, "AGE-SECRET-KEY-1");
        // key blocks and registry credentials ({"auths":...}) in base64
        add(Alphabet.BASE64, 40, 0, PEM_BASE64);
        add(Alphabet.BASE64, 20, 0, "eyJhdXRocyI6", "eyAiYXV0aHMiOi");
    }

    /** The shortest credential of any format: a Slack token, {@code xoxb-} and ten characters. */
    private static final int SHORTEST = 15;

    /** The formats by the first character of their prefix (ASCII). */
    @SuppressWarnings("unchecked")
    private static final List<Format>[] BY_FIRST = new List[128];

    static {
        for (Format f : FORMATS) {
            char c = f.prefix.charAt(0);
            if (BY_FIRST[c] == null) {
                BY_FIRST[c] = new ArrayList<>();
            }
            BY_FIRST[c].add(f);
        }
        // The longest prefix first: sk-ant- before sk-, xoxe.xoxp- before xoxe-.
        for (List<Format> l : BY_FIRST) {
            if (l != null) {
                l.sort((a, b) -> b.prefix.length() - a.prefix.length());
            }
        }
    }

    /** A prefixed token, a base64 key block, or an Entra client secret. */
    static Detector knownTokens() {
        return new Detector(Kind.CREDENTIAL) {
            @Override
            boolean possible(Shape shape) {
                return shape.length() >= SHORTEST;
            }

            @Override
            Search search(String text) {
                return from -> {
                    for (int i = from; i < text.length(); i++) {
                        char c = text.charAt(i);
                        int[] span = null;
                        if (c < 128 && BY_FIRST[c] != null && (i == 0 || !Chars.isAlnum(text.charAt(i - 1)))) {
                            span = prefixed(text, i, BY_FIRST[c]);
                        } else if (c == '~' && Chars.before(text, i) == 'Q') {
                            span = entraSecret(text, i - 1);
                        }
                        if (span != null) {
                            return span;
                        }
                    }
                    return null;
                };
            }
        };
    }

    private static int[] prefixed(String text, int i, List<Format> formats) {
        for (Format f : formats) {
            if (!text.startsWith(f.prefix, i)) {
                continue;
            }
            int body = i + f.prefix.length();
            int end = body;
            while (end < text.length() && f.body.has(text.charAt(end))) {
                end++;
            }
            int length = end - body;
            if (length < f.min || f.max > 0 && length > f.max) {
                continue;
            }
            if (f.max > 0 && Chars.isAlnum(Chars.at(text, end))) {
                continue;
            }
            if (f.prefix.equals(PEM_BASE64) && !isBase64PrivateKey(text, i, end)) {
                continue;
            }
            return new int[] {f.keepsPrefix() ? body : i, end};
        }
        return null;
    }

    /** Whether the base64 at {@code [start, end)} decodes to a {@code -----BEGIN ... PRIVATE KEY-----} line. */
    private static boolean isBase64PrivateKey(String text, int start, int end) {
        int head = start + (Math.min(end - start, 80) / 4) * 4;
        try {
            String decoded =
                    new String(Base64.getDecoder().decode(text.substring(start, head)), StandardCharsets.ISO_8859_1);
            int line = decoded.indexOf("-----", 10);
            return decoded.substring(0, line < 0 ? decoded.length() : line).contains("PRIVATE KEY");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A Microsoft Entra ID client secret: three characters, a digit, {@code Q~}, then 31 to 34
     * characters of {@code [A-Za-z0-9_~.-]}. {@code q} is where the {@code Q} stands.
     */
    private static int[] entraSecret(String text, int q) {
        int start = q - 4;
        if (start < 0 || !Chars.isDigit(text.charAt(q - 1))) {
            return null;
        }
        for (int k = start; k < q - 1; k++) {
            char c = text.charAt(k);
            if (!(Chars.isWord(c) || c == '~' || c == '.')) {
                return null;
            }
        }
        if (Chars.isAlnum(Chars.before(text, start))) {
            return null;
        }
        int end = q + 2;
        while (end < text.length() && end - q - 2 <= 34) {
            char c = text.charAt(end);
            if (!(Chars.isWord(c) || c == '~' || c == '.' || c == '-')) {
                break;
            }
            end++;
        }
        int body = end - q - 2;
        return body >= 31 && body <= 34 && !Chars.isAlnum(Chars.at(text, end)) ? new int[] {start, end} : null;
    }

    /** The most characters of user-info looked at after {@code ://}. */
    static final int MAX_USER_INFO = 256;

    /**
     * {@code scheme://user:password@host}: the user and password are replaced. The user may be empty
     * ({@code redis://:pass@host}); the password may hold any character but white space and quotes,
     * {@code @} and {@code /} included: the user-info ends at the last {@code @} before the first
     * {@code /} that follows an {@code @}. {@code host:8443/path@x} is a port and a path, not a
     * password.
     */
    static Detector urlUserInfo() {
        return new Detector(Kind.CREDENTIAL) {
            @Override
            boolean possible(Shape shape) {
                return shape.at() && shape.has(Shape.URL);
            }

            @Override
            Search search(String text) {
                UserInfo info = new UserInfo(text);
                return from -> {
                    for (int i = text.indexOf("://", from); i >= 0; i = text.indexOf("://", i + 3)) {
                        int[] span = info.at(i + 3);
                        if (span != null) {
                            return span;
                        }
                    }
                    return null;
                };
            }
        };
    }

    /**
     * The user-info after each {@code ://}, left to right. Where the next {@code @} and the next end of
     * the URL are is remembered, so that a text of {@code ://a:b} repeated costs one pass, not a look
     * ahead from each.
     */
    private static final class UserInfo {
        private final String text;
        private int nextAt = -1;
        private int nextEnd = -1;

        UserInfo(String text) {
            this.text = text;
        }

        int[] at(int start) {
            int limit = Math.min(text.length(), start + MAX_USER_INFO);
            int colon = -1;
            for (int i = start; i < limit; i++) {
                char c = text.charAt(i);
                if (c == ':') {
                    colon = i;
                    break;
                }
                if (c == '/' || c == '?' || c == '#' || c == '@' || ends(c)) {
                    return null;
                }
            }
            if (colon < 0) {
                return null;
            }
            if (nextAt <= colon) {
                nextAt = text.indexOf('@', colon + 1);
                nextAt = nextAt < 0 ? text.length() : nextAt;
            }
            if (nextEnd <= colon) {
                nextEnd = colon + 1;
                while (nextEnd < text.length() && !ends(text.charAt(nextEnd))) {
                    nextEnd++;
                }
            }
            int end = Math.min(nextEnd, limit);
            if (nextAt >= end) {
                return null;
            }
            // the last @ before the first / that follows an @
            int at = nextAt;
            for (int i = nextAt + 1; i < end && text.charAt(i) != '/'; i++) {
                if (text.charAt(i) == '@') {
                    at = i;
                }
            }
            return finding(text, start, colon, at);
        }
    }

    private static int[] finding(String text, int start, int colon, int at) {
        if (at == colon + 1 || text.startsWith(PiiScanner.MARKER, start)) {
            return null;
        }
        int digits = Chars.digitsFrom(text, colon + 1, 6);
        if (digits > 0 && Chars.at(text, colon + 1 + digits) == '/') {
            return null; // host:port/path@...
        }
        return new int[] {start, at};
    }

    private static boolean ends(char c) {
        return Character.isWhitespace(c) || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`';
    }
}
