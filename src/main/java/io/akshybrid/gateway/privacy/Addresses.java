package io.akshybrid.gateway.privacy;

import com.google.re2j.Matcher;
import java.util.Locale;
import java.util.Set;

/**
 * The checks of network addresses that a regex cannot express: octet values, group counts, what
 * stands around an address, and which addresses name no host at all.
 *
 * <p>Rules, in the gateway's words (README, "Privacy"):
 *
 * <ul>
 *   <li>IPv4: four parts of one to three digits, each at most 255, leading zeros allowed
 *       ({@code 010.001.002.003}). Not an address: a dotted quad inside a longer dotted number
 *       ({@code 1.2.3.4.5}), glued to a letter ({@code v1.2.3.4}), followed by a version suffix
 *       ({@code 5.15.153.1-2.cm2}, {@code 1.2.3.4-rc1}), or right after a word that names a version
 *       ({@code kernel 5.15.153.1}, {@code version: 1.2.3.4}); and addresses that name no host:
 *       {@code 0.0.0.0}, loopback {@code 127.x.x.x}, netmasks such as {@code 255.255.255.0}.
 *   <li>IPv6: eight groups, or a compressed form ({@code ::}) with an embedded IPv4 address
 *       ({@code ::ffff:10.1.2.3}), or a compressed form of at least two groups with at least one
 *       decimal digit ({@code fe80::1}, {@code 2001:db8::7334}). Not an address: {@code ::} and
 *       {@code ::1}; compressed forms of hex letters only ({@code dead::beef}, {@code a::b}) and
 *       scope paths ({@code std::string}), which are code far more often than hosts.
 *   <li>MAC: six groups of two hex digits joined by {@code :} or {@code -}, or three groups of four
 *       joined by {@code .}; not all zeros or all {@code ff}, not inside a longer group sequence.
 * </ul>
 */
final class Addresses {

    private Addresses() {}

    static final String IPV4 = "\\d{1,3}(?:\\.\\d{1,3}){3}";
    private static final String H = "[0-9A-Fa-f]{1,4}";

    /** Embedded-IPv4 forms first: re2j prefers the first alternative that matches at a position. */
    static final String IPV6 = "(?:" + H + ":){6}" + IPV4
            + "|(?:" + H + "(?::" + H + "){0,5})?::(?:" + H + ":){0,5}" + IPV4
            + "|(?:" + H + ":){7}" + H
            + "|(?:" + H + "(?::" + H + "){0,6})?::(?:" + H + "(?::" + H + "){0,6})?";

    private static final String H2 = "[0-9A-Fa-f]{2}";
    private static final String H4 = "[0-9A-Fa-f]{4}";
    static final String MAC = H2 + "(?::" + H2 + "){5}|" + H2 + "(?:-" + H2 + "){5}|" + H4 + "\\." + H4 + "\\." + H4;

    /** Words after which a dotted quad is a version, not an address. */
    private static final Set<String> VERSION_WORDS =
            Set.of("version", "ver", "kernel", "build", "release", "firmware", "fw", "bios", "driver");

    static int[] ipv4(String text, Matcher m, Detector.Budget budget) {
        int s = m.start();
        int e = m.end();
        char b = Chars.before(text, s);
        if (s > 0 && (Chars.isWord(b) || b == '.' && Chars.isDigit(Chars.before(text, s - 1)))) {
            return null;
        }
        char a = Chars.at(text, e);
        if (e < text.length() && (Chars.isWord(a) || a == '.' && Chars.isDigit(Chars.at(text, e + 1)))) {
            return null;
        }
        if ((a == '-' || a == '+' || a == '~') && versionSuffixAt(text, e + 1)) {
            return null;
        }
        int[] octets = octets(text, s, e);
        if (octets == null || namesNoHost(octets) || afterVersionWord(text, s)) {
            return null;
        }
        return new int[] {s, e};
    }

    /** A release suffix ({@code 2.cm2}, {@code rc1}) and not a second address ({@code 10.0.0.1-10.0.0.9}). */
    private static boolean versionSuffixAt(String text, int i) {
        char c = Chars.at(text, i);
        if (Chars.isDigit(c)) {
            return !Chars.dottedQuadAt(text, i);
        }
        int end = i;
        while (end < text.length() && Chars.isLetter(text.charAt(end)) && end - i < 16) {
            end++;
        }
        return end > i && Versions.isReleaseLabel(text.substring(i, end));
    }

    private static boolean afterVersionWord(String text, int s) {
        int i = s;
        int skipped = 0;
        while (i > 0 && skipped < 3 && " :=\t".indexOf(text.charAt(i - 1)) >= 0) {
            i--;
            skipped++;
        }
        int end = i;
        while (i > 0 && Chars.isLetter(text.charAt(i - 1)) && end - i < 10) {
            i--;
        }
        return end > i
                && !Chars.isLetter(Chars.before(text, i))
                && VERSION_WORDS.contains(text.substring(i, end).toLowerCase(Locale.ROOT));
    }

    /** The four octets of a dotted quad at {@code [s, e)}, or null when one is over 255. */
    private static int[] octets(String text, int s, int e) {
        int[] octets = new int[4];
        int part = 0;
        int value = 0;
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                octets[part++] = value;
                value = 0;
            } else {
                value = value * 10 + (c - '0');
            }
        }
        octets[part] = value;
        for (int o : octets) {
            if (o > 255) {
                return null;
            }
        }
        return octets;
    }

    /** Unspecified, loopback, broadcast and netmasks (ones, then zeros): none names a host. */
    private static boolean namesNoHost(int[] o) {
        if (o[0] == 127) {
            return true;
        }
        int value = o[0] << 24 | o[1] << 16 | o[2] << 8 | o[3];
        int inverted = ~value;
        return (inverted & (inverted + 1)) == 0;
    }

    static int[] ipv6(String text, Matcher m, Detector.Budget budget) {
        int s = m.start();
        int e = m.end();
        char b = Chars.before(text, s);
        if (s > 0 && (Chars.isWord(b) || b == ':')) {
            return null;
        }
        char a = Chars.at(text, e);
        if (e < text.length() && (Chars.isWord(a) || a == ':' || a == '.' && Chars.isDigit(Chars.at(text, e + 1)))) {
            return null;
        }
        String c = text.substring(s, e);
        int lastColon = c.lastIndexOf(':');
        boolean embedded = c.indexOf('.', lastColon) >= 0;
        if (embedded && octets(c, lastColon + 1, c.length()) == null) {
            return null;
        }
        int compressed = c.indexOf("::");
        if (compressed < 0) {
            return new int[] {s, e};
        }
        if (c.indexOf("::", compressed + 1) >= 0) {
            return null;
        }
        int groups = embedded ? 2 : 0;
        boolean decimal = embedded;
        boolean inGroup = false;
        for (int i = 0; i < (embedded ? lastColon : c.length()); i++) {
            char ch = c.charAt(i);
            if (ch == ':') {
                inGroup = false;
            } else {
                if (!inGroup) {
                    groups++;
                    inGroup = true;
                }
                decimal |= Chars.isDigit(ch);
            }
        }
        if (groups > 7 || !embedded && (groups < 2 || !decimal)) {
            return null;
        }
        return new int[] {s, e};
    }

    static int[] mac(String text, Matcher m, Detector.Budget budget) {
        int s = m.start();
        int e = m.end();
        char b = Chars.before(text, s);
        if (s > 0
                && (Chars.isWord(b) || (b == ':' || b == '-' || b == '.') && Chars.isHex(Chars.before(text, s - 1)))) {
            return null;
        }
        char a = Chars.at(text, e);
        if (e < text.length()
                && (Chars.isWord(a) || (a == ':' || a == '-' || a == '.') && Chars.isHex(Chars.at(text, e + 1)))) {
            return null;
        }
        boolean zeros = true;
        boolean ones = true;
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            if (Chars.isHex(c)) {
                zeros &= c == '0';
                ones &= c == 'f' || c == 'F';
            }
        }
        return zeros || ones ? null : new int[] {s, e};
    }
}
