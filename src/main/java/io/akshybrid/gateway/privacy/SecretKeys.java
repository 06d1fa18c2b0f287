package io.akshybrid.gateway.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a key names a secret, by the words it is made of: {@code DB_PASS}, {@code AccountKey},
 * {@code x-api-key}, {@code client_secret}, {@code ssl_key_passphrase}, {@code client-key-data} and
 * {@code PGPASSWORD} all do; {@code passwordExpired}, {@code secretName}, {@code max_tokens},
 * {@code nextPageToken}, {@code SharedAccessKeyName} and {@code key} do not. The key is split into
 * words at {@code _ - .} and at case changes; trailing words that only say how the value is written
 * ({@code data}, {@code value}, {@code b64}) are dropped; then the last word decides.
 */
final class SecretKeys {

    private SecretKeys() {}

    /** Longest key looked at; longer runs of key characters are not keys. */
    static final int MAX_KEY = 64;

    /** A last word that names a secret by itself. */
    private static final Set<String> SECRET_WORDS = Set.of(
            "password",
            "passwd",
            "passwort",
            "pwd",
            "pass",
            "passphrase",
            "secret",
            "token",
            "sig",
            "signature",
            "credential",
            "credentials",
            "creds",
            "apikey",
            "cookie");

    /** The word before a last word {@code key} that makes it a secret key ({@code api key}, {@code account key}). */
    private static final Set<String> KEY_KINDS = Set.of(
            "api",
            "account",
            "access",
            "secret",
            "private",
            "subscription",
            "master",
            "shared",
            "client",
            "encryption",
            "decryption",
            "signing",
            "storage",
            "auth",
            "app",
            "function",
            "primary",
            "secondary",
            "admin",
            "service",
            "session",
            "sas",
            "hmac",
            "webhook",
            "root");

    /** Words before {@code token} that make it a position in a listing, not a credential. */
    private static final Set<String> LISTING = Set.of("page", "next", "continuation", "cancellation", "resume", "sync");

    /** Trailing words that say how a value is written, not what it is. */
    private static final Set<String> QUALIFIERS = Set.of(
            "data", "value", "b64", "base64", "string", "str", "text", "plain", "plaintext", "raw", "hex", "hash");

    /** Compounds written as one word ({@code PGPASSWORD}, {@code clientsecret}): these endings name a secret. */
    private static final String[] COMPOUND_ENDINGS = {
        "password",
        "passwd",
        "passphrase",
        "secret",
        "apikey",
        "accountkey",
        "accesskey",
        "secretkey",
        "privatekey",
        "subscriptionkey",
        "masterkey",
        "sharedaccesskey",
        "accesstoken",
        "refreshtoken",
        "authtoken",
        "idtoken",
        "sessiontoken",
        "sastoken",
        "apitoken",
        "requirepass",
        "masterauth"
    };

    /** Header names whose whole value is a credential, after its scheme. */
    static boolean isAuthorization(String key) {
        String k = compact(key);
        return k.equals("authorization") || k.equals("proxyauthorization");
    }

    /** Header names whose value runs to the end of the line ({@code Cookie: a=b; c=d}). */
    static boolean isCookie(String key) {
        String k = compact(key);
        return k.equals("cookie") || k.equals("setcookie");
    }

    /** The key lower-cased without {@code _ - .}. */
    static String compact(String key) {
        StringBuilder sb = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c != '_' && c != '-' && c != '.') {
                sb.append(Character.toLowerCase(c));
            }
        }
        return sb.toString();
    }

    static boolean isSecretKey(String key) {
        if (key.length() < 3 || key.length() > MAX_KEY || !mayBeSecret(key)) {
            return false;
        }
        String[] words = words(key);
        int last = words.length - 1;
        while (last > 0 && QUALIFIERS.contains(words[last])) {
            last--;
        }
        if (last < 0) {
            return false;
        }
        String w = words[last];
        String before = last > 0 ? words[last - 1] : "";
        if (SECRET_WORDS.contains(w)) {
            return !(w.equals("token") && LISTING.contains(before));
        }
        if (w.equals("key") && KEY_KINDS.contains(before)) {
            return true;
        }
        for (String ending : COMPOUND_ENDINGS) {
            if (w.endsWith(ending)) {
                return true;
            }
        }
        return false;
    }

    /** The stems every secret key holds; most keys hold none, and stop here. */
    private static final String[] STEMS = {"pass", "pwd", "secret", "token", "sig", "key", "cred", "cookie", "auth"};

    private static boolean mayBeSecret(String key) {
        return mayBeSecret(key, 0, key.length());
    }

    /**
     * Whether {@code text[start, end)} holds one of the stems that every secret key, and every header
     * looked at for its value ({@code Authorization}, {@code Cookie}), holds: a cheap test without
     * copying, before any key is classified.
     */
    static boolean mayBeSecret(String text, int start, int end) {
        for (int i = start; i < end - 2; i++) {
            char c = text.charAt(i);
            if (c < 'A' || "pstkcaPSTKCA".indexOf(c) < 0) {
                continue;
            }
            char lower = Character.toLowerCase(c);
            for (String stem : STEMS) {
                if (stem.charAt(0) == lower
                        && i + stem.length() <= end
                        && text.regionMatches(true, i, stem, 0, stem.length())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Lower-case words: split at {@code _ - .} and where the case changes ({@code clientSecret}, {@code APIKey}). */
    static String[] words(String key) {
        ArrayList<String> words = new ArrayList<>(4);
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '_' || c == '-' || c == '.') {
                flush(words, w);
                continue;
            }
            if (Character.isUpperCase(c) && w.length() > 0) {
                char p = key.charAt(i - 1);
                boolean lowerBefore = Character.isLowerCase(p) || Chars.isDigit(p);
                boolean acronymEnds =
                        Character.isUpperCase(p) && i + 1 < key.length() && Character.isLowerCase(key.charAt(i + 1));
                if (lowerBefore || acronymEnds) {
                    flush(words, w);
                }
            }
            w.append(Character.toLowerCase(c));
        }
        flush(words, w);
        return words.toArray(new String[0]);
    }

    private static void flush(List<String> words, StringBuilder w) {
        if (w.length() > 0) {
            words.add(w.toString().toLowerCase(Locale.ROOT));
            w.setLength(0);
        }
    }
}
