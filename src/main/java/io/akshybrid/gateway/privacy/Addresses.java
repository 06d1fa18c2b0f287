package io.akshybrid.gateway.privacy;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The checks of network addresses that a regex cannot express: octet values, group counts, what
 * stands around an address, and which addresses name no host at all.
 *
 * <p>Rules, in the gateway's words (docs/privacy.md):
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
    /**
     * A candidate: up to eight groups of hex digits joined by colons, at least two colons, and maybe
     * an IPv4 tail; {@link #ipv6} checks the groups. The exact grammar as one regex (eight forms of
     * bounded repetitions) made re2j's program so large that it cost about 1 us per character of any
     * text with a few colons; this one costs a tenth of that.
     */
    static final String IPV6 = "[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\\.\\d{1,3}){0,3}";

    private static final String H2 = "[0-9A-Fa-f]{2}";
    private static final String H4 = "[0-9A-Fa-f]{4}";
    static final List<String> MAC =
            List.of(H2 + "(?::" + H2 + "){5}", H2 + "(?:-" + H2 + "){5}", H4 + "\\." + H4 + "\\." + H4);

    /** The MAC form that may start at {@code i}: joined by colons, by dashes, or dotted. */
    static int macStart(String text, int i) {
        char b = Chars.before(text, i);
        if (!Chars.isHex(text.charAt(i)) || i > 0 && Chars.isWord(b)) {
            return -1;
        }
        char third = Chars.at(text, i + 2);
        return third == ':' ? 0 : third == '-' ? 1 : Chars.at(text, i + 4) == '.' ? 2 : -1;
    }

    /** Words after which a dotted quad is a version, not an address. */
    private static final Set<String> VERSION_WORDS =
            Set.of("version", "ver", "kernel", "build", "release", "firmware", "fw", "bios", "driver");

    static int[] ipv4(String text, Detector.Found m, Detector.Budget budget) {
        int s = m.start();
        int e = m.end();
        char b = Chars.before(text, s);
        if (s > 0 && (Chars.isWord(b) || b == '.' && Chars.isDigit(Chars.before(text, s - 1)))) {
            return null;
        }
        char a = Chars.at(text, e);
        if (a == '.' && Chars.isDigit(Chars.at(text, e + 1)) && !tcpdumpPort(text, s, e + 1)) {
            return null;
        }
        if (e < text.length() && Chars.isWord(a)) {
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

    /**
     * tcpdump writes a port after the address with a dot ({@code IP 10.0.0.5.53 > 10.0.0.7.41234: UDP}):
     * a fifth part that is a port, followed by {@code " >"} or {@code ":"}, or an address right after
     * {@code "IP "} or {@code "> "}. Any other five-part number ({@code 1.3.6.1.4}, an OID) is not an
     * address.
     */
    private static boolean tcpdumpPort(String text, int s, int port) {
        int digits = Chars.digitsFrom(text, port, 6);
        int end = port + digits;
        if (digits > 5 || Integer.parseInt(text.substring(port, end)) > 65535) {
            return false;
        }
        char a = Chars.at(text, end);
        if (Chars.isWord(a) || a == '.' && Chars.isDigit(Chars.at(text, end + 1))) {
            return false;
        }
        return text.startsWith(" >", end)
                || a == ':' && !Chars.isDigit(Chars.at(text, end + 1))
                || s >= 3 && (text.startsWith("IP ", s - 3) || text.startsWith("> ", s - 2));
    }

    /**
     * An IPv4 address written with dashes in a host name: {@code ip-10-0-1-23.ec2.internal},
     * {@code host-10-0-1-23}, {@code 10-244-1-7.default.pod.cluster.local}. Only after one word of
     * letters and a dash, or before a domain: other runs of four numbers joined by dashes are dates,
     * versions and counters.
     */
    static final String DASHED_IPV4 = "\\d{1,3}-\\d{1,3}-\\d{1,3}-\\d{1,3}";

    static int dashedStart(String text, int i) {
        int digits = Chars.digitsFrom(text, i, 4);
        if (digits == 0
                || digits > 3
                || Chars.at(text, i + digits) != '-'
                || !Chars.isDigit(Chars.at(text, i + digits + 1))) {
            return -1;
        }
        char b = Chars.before(text, i);
        if (b == '-') {
            // a host name's word before the address: ip-, host-, node-, vm- (letters only)
            int k = i - 1;
            while (k > 0 && i - 1 - k < 16 && Chars.isLetter(text.charAt(k - 1))) {
                k--;
            }
            return k < i - 1 && !Chars.isWord(Chars.before(text, k)) && Chars.before(text, k) != '-' ? 0 : -1;
        }
        return Chars.isWord(b) ? -1 : 0;
    }

    static int[] dashedIpv4(String text, Detector.Found m, Detector.Budget budget) {
        int s = m.start();
        int e = m.end();
        char a = Chars.at(text, e);
        if (Chars.isWord(a) || a == '-' && Chars.isDigit(Chars.at(text, e + 1))) {
            return null;
        }
        boolean ipPrefix = Chars.before(text, s) == '-';
        boolean domain = a == '.' && Chars.isLetter(Chars.at(text, e + 1));
        if (!ipPrefix && !domain) {
            return null;
        }
        int[] o = new int[4];
        int part = 0;
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            if (c == '-') {
                part++;
            } else {
                o[part] = o[part] * 10 + (c - '0');
            }
        }
        for (int v : o) {
            if (v > 255) {
                return null;
            }
        }
        return namesNoHost(o) ? null : new int[] {s, e};
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

    static int[] ipv6(String text, Detector.Found m, Detector.Budget budget) {
        int s = m.start();
        int e = m.end();
        char b = Chars.before(text, s);
        if (s > 0 && (Chars.isWord(b) || b == ':')) {
            return null;
        }
        int port = tcpdumpPort6(text, s, e);
        if (port > 0) {
            String candidate = text.substring(s, port);
            return isIpv6(candidate) && !isMulticast(candidate) ? new int[] {s, port} : null;
        }
        char a = Chars.at(text, e);
        if (e < text.length() && (Chars.isWord(a) || a == ':' || a == '.' && Chars.isDigit(Chars.at(text, e + 1)))) {
            return null;
        }
        // "2001:db8::1: refused": a colon that ends a sentence is not part of the address.
        if (text.charAt(e - 1) == ':' && text.charAt(e - 2) != ':') {
            e--;
        }
        String candidate = text.substring(s, e);
        return isIpv6(candidate) && !isMulticast(candidate) ? new int[] {s, e} : null;
    }

    /**
     * tcpdump writes an IPv6 address's port after a dot ({@code fe80::1.546 > ff02::1:2.547:}): where
     * the address ends (the dot) when the match is one, else 0.
     */
    private static int tcpdumpPort6(String text, int s, int e) {
        int lastColon = text.lastIndexOf(':', e - 1);
        int dot = text.indexOf('.', s);
        if (lastColon < s || dot < lastColon || dot >= e) {
            return 0;
        }
        int digits = Chars.digitsFrom(text, dot + 1, 6);
        int end = dot + 1 + digits;
        if (digits == 0 || digits > 5 || Chars.isWord(Chars.at(text, end)) || Chars.at(text, end) == '.') {
            return 0;
        }
        return text.startsWith(" >", end) || Chars.at(text, end) == ':' && !Chars.isDigit(Chars.at(text, end + 1))
                ? dot
                : 0;
    }

    /** ff00::/8: a group of hosts, never one host. */
    private static boolean isMulticast(String c) {
        return c.length() > 4
                && (c.charAt(0) == 'f' || c.charAt(0) == 'F')
                && (c.charAt(1) == 'f' || c.charAt(1) == 'F')
                && Chars.isHex(c.charAt(2))
                && Chars.isHex(c.charAt(3))
                && c.charAt(4) == ':';
    }

    /**
     * Eight groups of 1-4 hex digits, or fewer around one {@code ::}; the last two may be an IPv4
     * address. A compressed form without an IPv4 part needs two groups and a decimal digit.
     */
    static boolean isIpv6(String c) {
        if (c.contains(":::")) {
            return false;
        }
        int compressed = c.indexOf("::");
        if (compressed >= 0 && c.indexOf("::", compressed + 1) >= 0) {
            return false;
        }
        int lastColon = c.lastIndexOf(':');
        boolean embedded = c.indexOf('.', lastColon) >= 0;
        if (embedded) {
            String v4 = c.substring(lastColon + 1);
            if (!Chars.dottedQuadAt(v4, 0) || octets(v4, 0, v4.length()) == null) {
                return false;
            }
        }
        String hex = embedded ? c.substring(0, lastColon + 1) : c;
        int groups = embedded ? 2 : 0;
        boolean decimal = embedded;
        int length = 0;
        for (int i = 0; i <= hex.length(); i++) {
            char ch = i < hex.length() ? hex.charAt(i) : ':';
            if (ch != ':') {
                length++;
                decimal |= Chars.isDigit(ch);
                continue;
            }
            if (length > 4) {
                return false;
            }
            if (length > 0) {
                groups++;
            } else if (!(i == compressed
                    || i == compressed + 1
                    || i == hex.length() && (embedded || compressed == hex.length() - 2))) {
                // An empty group only beside the "::", or the colon that leads into the IPv4 part.
                return false;
            }
            length = 0;
        }
        if (compressed < 0) {
            return groups == 8;
        }
        return groups <= 7 && (embedded || groups >= 2 && decimal);
    }

    static int[] mac(String text, Detector.Found m, Detector.Budget budget) {
        int s = m.start();
        int e = m.end();
        if (s >= 4 && text.regionMatches(true, s - 4, "MAC=", 0, 4)) {
            // netfilter: MAC=<destination>:<source>:<ethertype>, one run of hex pairs
            while (Chars.at(text, e) == ':'
                    && Chars.isHex(Chars.at(text, e + 1))
                    && Chars.isHex(Chars.at(text, e + 2))) {
                e += 3;
            }
            return Chars.isWord(Chars.at(text, e)) ? null : new int[] {s, e};
        }
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

    /** Twelve hex digits with nothing between: a hardware address only when a label says so. */
    static final String BARE_MAC = "[0-9A-Fa-f]{12}";

    static int bareMacStart(String text, int i) {
        if (!Chars.isHex(text.charAt(i)) || Chars.isWord(Chars.before(text, i))) {
            return -1;
        }
        int k = i;
        while (k < text.length() && k - i <= 12 && Chars.isHex(text.charAt(k))) {
            k++;
        }
        return k - i == 12 && !Chars.isWord(Chars.at(text, k)) ? 0 : -1;
    }

    /**
     * Labels after which twelve bare hex digits are a hardware address ({@code bssid: 001a2b3c4d5e},
     * {@code "MacAddress":"00155D010203"}, {@code hwaddr 00155d010203}); compared lower-case without
     * {@code _ - .}. A digest of the same length without such a label is left alone.
     */
    private static final Set<String> MAC_LABELS = Set.of(
            "mac",
            "macaddr",
            "macaddress",
            "hwaddr",
            "hwaddress",
            "hardwareaddress",
            "physicaladdress",
            "bssid",
            "ether",
            "lladdr",
            "chaddr",
            "clientmac",
            "srcmac",
            "dstmac",
            "sourcemac",
            "destinationmac",
            "stationmac",
            "sta",
            "station",
            "permaddr",
            "address");

    static int[] bareMac(String text, Detector.Found m, Detector.Budget budget) {
        int s = m.start();
        int e = m.end();
        if (Chars.isWord(Chars.at(text, e))) {
            return null;
        }
        int k = s;
        while (k > 0 && s - k < 4 && " \t:=\"'".indexOf(text.charAt(k - 1)) >= 0) {
            k--;
        }
        if (k == s) {
            return null;
        }
        int end = k;
        while (k > 0 && end - k < 24 && (Chars.isWord(text.charAt(k - 1)) || text.charAt(k - 1) == '-')) {
            k--;
        }
        if (k == end) {
            return null;
        }
        String label = SecretKeys.compact(text.substring(k, end));
        if (!MAC_LABELS.contains(label) && !label.endsWith("mac") && !label.endsWith("macaddress")) {
            return null;
        }
        if (label.equals("address") && !text.regionMatches(true, Math.max(0, k - 9), "physical ", 0, 9)) {
            return null;
        }
        boolean zeros = true;
        for (int i = s; i < e; i++) {
            zeros &= text.charAt(i) == '0';
        }
        return zeros ? null : new int[] {s, e};
    }
}
