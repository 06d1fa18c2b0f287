package io.akshybrid.gateway.privacy;

import static io.akshybrid.gateway.privacy.Detector.regex;

import io.akshybrid.gateway.privacy.Detector.Resume;
import io.akshybrid.gateway.privacy.PiiScanner.Kind;
import java.net.IDN;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every detector, in the order they run. Order matters: a secret or a token holds characters that
 * later detectors would split up (a key block holds digit runs, {@code user:pass@host.com} looks like
 * an e-mail address), and an IPv4-mapped IPv6 address must be taken whole before IPv4 sees its tail.
 */
final class Detectors {

    private Detectors() {}

    // --- Tokens

    /** A bearer token is a long string of token characters, not the next English word ("Bearer authentication"). */
    private static int[] token(String text, Detector.Found m, Detector.Budget budget) {
        // token_type=Bearer names the type, the token is elsewhere
        if (Chars.isWord(Chars.before(text, m.start())) || Chars.before(text, m.start()) == '=') {
            return null;
        }
        String match = m.group();
        if (match.startsWith("eyJ")) {
            return new int[] {m.start(), m.end()};
        }
        int value = 6;
        while (value < match.length() && (match.charAt(value) == ' ' || match.charAt(value) == '\t')) {
            value++;
        }
        String t = match.substring(value);
        boolean mixed = t.chars().anyMatch(c -> Chars.isDigit((char) c) || "-._~+/".indexOf(c) >= 0);
        return t.length() >= 20 || mixed ? new int[] {m.start(), m.end()} : null;
    }

    // --- E-mail

    private static final String LOCAL = "[\\p{L}\\p{M}\\p{N}._%+'\\-]+";
    private static final String LABEL = "[\\p{L}\\p{M}\\p{N}\\-]+";
    /** Label separators: the full stop and the ideographic and full-width ones that IDNA maps to it. */
    private static final String DOT = "[.\\x{3002}\\x{FF0E}\\x{FF61}]";

    /**
     * An address with Unicode letters in the local part and the domain (EAI, IDN); the domain,
     * group 1, ends in a top-level label of letters or its punycode form. {@code xn--} first: re2j
     * takes the first alternative that matches.
     */
    static final String EMAIL = LOCAL + "@((?:" + LABEL + DOT + ")+(?:xn--[A-Za-z0-9\\-]+|\\p{L}[\\p{L}\\p{M}]+))";

    private static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "svg", "webp");

    /**
     * The domain is confirmed by {@link IDN#toASCII} (STD3 rules: label lengths, hyphens, mapping of
     * Unicode forms) when it is short enough to be one (253 characters); a longer "domain" is taken as
     * an address anyway, erring on the side of privacy. Asset names such as {@code icon@2x.png} are not
     * addresses.
     */
    private static int[] email(String text, Detector.Found m, Detector.Budget budget) {
        int s = m.start();
        int at = m.start(1) - 1;
        // Python's bytes and string prefixes: b'jane@contoso.com' is the address without the b'.
        if (at - s > 2 && text.charAt(s + 1) == '\'' && "bBuUrRfF".indexOf(text.charAt(s)) >= 0) {
            s += 2;
        }
        while (s < at && ".'-".indexOf(text.charAt(s)) >= 0) {
            s++;
        }
        if (s == at) {
            return null;
        }
        String domain = m.group(1);
        if (domain.length() <= 253) {
            int dot = domain.lastIndexOf('.');
            if (dot > 0
                    && IMAGE_EXTENSIONS.contains(domain.substring(dot + 1).toLowerCase(Locale.ROOT))
                    && domain.substring(0, dot).matches("\\d(?:\\.\\d)?x")) {
                return null;
            }
            try {
                if (IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).length() > 253) {
                    return null;
                }
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return new int[] {s, m.end()};
    }

    /** After a rejected address, no match can start before its {@code @}. */
    private static int afterAt(String text, Detector.Found m) {
        return m.start(1);
    }

    // --- User profile paths

    private static final String WINDOWS_NAME = "([^\\\\/\\r\\n\\t\"':*?<>|,;()\\[\\]]+)";
    private static final String UNIX_NAME = "([^\\\\/\\s\"':*?<>|,;()\\[\\]]+)";
    /** A server or share name in a UNC path. */
    private static final String SEGMENT = "[^\\\\/\\s\"'<>|:*?]{1,64}";
    /** Shares that hold users' home folders and profiles ({@code \\\\fs01\\home$\\jsmith}). */
    private static final String HOME_SHARE = "(?:home|homes|users|profiles?|userdata|userhomes?|redirect(?:ed|ions)?)";

    /**
     * {@code C:\Users\<name>}, {@code C:/Users/<name>}, {@code C:\Documents and Settings\<name>} (with
     * doubled backslashes too, as in escaped JSON), {@code /home/<name>}, {@code /Users/<name>},
     * {@code /users/<name>}: any case, either slash.
     */
    static final List<String> USER_PATH = List.of(
            "(?i:[a-z]:[\\\\/]+(?:users|documents and settings)[\\\\/]+)" + WINDOWS_NAME,
            "(?i:\\\\{2,4}" + SEGMENT + "(?:\\\\{1,2}" + SEGMENT + "){0,2}\\\\{1,2}" + HOME_SHARE + "\\$?\\\\{1,2})"
                    + WINDOWS_NAME,
            "(?i:[\\\\/](?:home|homes|users)\\$?[\\\\/]+)" + UNIX_NAME);

    private static final int WINDOWS = 0;
    private static final int UNC = 1;
    private static final int UNIX = 2;

    /** The longest user path tried: a UNC share path and a name. */
    private static final int MAX_USER_PATH = 512;

    /**
     * Which form of user path may start at {@code i}: a drive ({@code C:\\}), a UNC path
     * ({@code \\\\server}), or a slash before {@code home} or {@code users}; -1 for none.
     */
    private static int userPathStart(String text, int i) {
        char c = text.charAt(i);
        char next = Chars.at(text, i + 1);
        if (Chars.isLetter(c)) {
            if (next != ':' || Chars.isLetter(Chars.before(text, i))) {
                return -1;
            }
            int k = i + 2;
            while (k < text.length() && k - i < 6 && (text.charAt(k) == '\\' || text.charAt(k) == '/')) {
                k++;
            }
            return k > i + 2
                            && (text.regionMatches(true, k, "users", 0, 5)
                                    || text.regionMatches(true, k, "documents", 0, 9))
                    ? WINDOWS
                    : -1;
        }
        if (c == '\\' && next == '\\') {
            return Chars.before(text, i) != '\\' && homeShareAhead(text, i) ? UNC : -1;
        }
        if ((c == '/' || c == '\\')
                && (text.regionMatches(true, i + 1, "home", 0, 4) || text.regionMatches(true, i + 1, "users", 0, 5))) {
            return UNIX;
        }
        return -1;
    }

    private static final String[] HOME_SHARES = {"home", "users", "profile", "userdata", "userhome", "redirect"};

    /**
     * Whether one of the first four segments after the {@code \\\\} of a UNC path starts with a home
     * share's name: a look of at most a few hundred characters, before the regex is tried.
     */
    private static boolean homeShareAhead(String text, int i) {
        int k = i;
        for (int segment = 0; segment < 4; segment++) {
            int slashes = 0;
            while (k < text.length() && text.charAt(k) == '\\' && slashes < 4) {
                k++;
                slashes++;
            }
            if (slashes == 0) {
                return false;
            }
            if (segment > 0) {
                for (String share : HOME_SHARES) {
                    if (text.regionMatches(true, k, share, 0, share.length())) {
                        return true;
                    }
                }
            }
            int start = k;
            while (k < text.length()
                    && k - start < 64
                    && text.charAt(k) != '\\'
                    && !Character.isWhitespace(text.charAt(k))) {
                k++;
            }
        }
        return false;
    }

    /** Profiles that belong to no person. */
    private static final Set<String> SHARED_PROFILES =
            Set.of("public", "default", "default user", "all users", "shared", "defaultapppool");

    /**
     * A Windows name may hold spaces ({@code C:\Users\John Smith\Desktop}); it is taken whole when a
     * separator follows it, and up to its first space otherwise ({@code C:\Users\bob failed}).
     */
    private static int[] userPath(String text, Detector.Found m, Detector.Budget budget) {
        int[] name = Detector.firstGroup(m);
        int end = name[1];
        char after = Chars.at(text, end);
        char first = text.charAt(m.start());
        boolean unix = (first == '/' || first == '\\') && Chars.at(text, m.start() + 1) != '\\';
        if (unix) {
            // /users/ inside a longer path is a URL's resource (/api/users/search), not a profile folder
            if (Chars.isWord(Chars.before(text, m.start())) && text.charAt(m.start() + 1) == 'u') {
                return null;
            }
            end = unixNameWithSpaces(text, end);
        } else if (after != '\\' && after != '/') {
            // Within the name only: a search to the end of the text for each finding would be quadratic.
            for (int i = name[0]; i < end; i++) {
                if (text.charAt(i) == ' ') {
                    end = i;
                    break;
                }
            }
        }
        // A Windows name never ends with a dot: "...\\home$\\mkowalski." ends a sentence.
        while (end > name[0] && text.charAt(end - 1) == '.' && !unix) {
            end--;
        }
        String n = text.substring(name[0], end).trim();
        if (n.isEmpty() || SHARED_PROFILES.contains(n.toLowerCase(Locale.ROOT))) {
            return null;
        }
        return new int[] {m.start(), end};
    }

    /**
     * A Unix name goes on past a space, or an escaped one, when capitalised words follow up to the
     * next slash: {@code /Users/John Smith/Library}, {@code /home/Jane\\ Doe/}; not
     * {@code /home/bob failed to open /etc/x}. At most three words, each at most 32 characters.
     */
    private static int unixNameWithSpaces(String text, int end) {
        int j = end;
        for (int words = 0; words < 3; words++) {
            int k;
            if (Chars.at(text, j) == ' ') {
                k = j + 1;
            } else if (Chars.at(text, j) == '\\' && Chars.at(text, j + 1) == ' ') {
                k = j + 2;
            } else {
                break;
            }
            if (!Character.isUpperCase(Chars.at(text, k))) {
                break;
            }
            int w = k;
            while (w < text.length()
                    && w - k < 32
                    && (Character.isLetterOrDigit(text.charAt(w)) || "-._'".indexOf(text.charAt(w)) >= 0)) {
                w++;
            }
            if (Chars.at(text, w) == '/') {
                return w;
            }
            j = w;
        }
        return end;
    }

    // --- Numbers

    /** An account SID (domain, local or Entra ID account); well-known SIDs such as S-1-5-18 name no one. */
    private static int[] sid(String text, Detector.Found m, Detector.Budget budget) {
        char b = Chars.before(text, m.start());
        if (m.start() > 0 && (Chars.isWord(b) || b == '-')) {
            return null;
        }
        return Chars.isWord(Chars.at(text, m.end())) ? null : new int[] {m.start(), m.end()};
    }

    private static String grouped(String sep) {
        return "[2-6]\\d{3}" + sep + "(?:\\d{4}" + sep + "\\d{4}" + sep + "\\d{4}(?:" + sep + "\\d{3})?|\\d{6}" + sep
                + "\\d{4,5}|\\d{4}" + sep + "\\d{5})";
    }

    /**
     * Card numbers start with 2-6 (Mastercard, Amex, Diners, JCB, Visa, Discover, UnionPay): epoch
     * milliseconds and other counters, which start with 1, are not taken for one. Written whole (13-19
     * digits) or grouped 4-4-4-4(-3), 4-6-5, 4-6-4 or 4-4-5 by spaces and dashes (mixed as people
     * type them), or by dots; one pattern per form ({@link #cardStart} picks it).
     */
    static final List<String> CARD = List.of("[2-6]\\d{12,18}", grouped("[ \\-]"), grouped("\\."));

    /** The card form that may start at {@code i}: whole, or grouped by space, dash or dot. */
    private static int cardStart(String text, int i) {
        char c = text.charAt(i);
        if (c < '2' || c > '6' || !wordStart(text, i, "") || Chars.digitsFrom(text, i, 4) < 4) {
            return -1;
        }
        return switch (Chars.at(text, i + 4)) {
            case ' ', '-' -> 1;
            case '.' -> 2;
            default -> Chars.digitsFrom(text, i, 13) == 13 ? 0 : -1;
        };
    }

    /**
     * Luhn-valid, and not part of a longer run: not glued to a word, and not inside a table of
     * four-digit groups joined the same way. A 19-digit reading that fails Luhn is tried as 16 digits
     * and what follows them ({@code 4111 1111 1111 1111 123}).
     */
    private static int[] card(String text, Detector.Found m, Detector.Budget budget) {
        int s = m.start();
        int e = m.end();
        if (Chars.isWord(Chars.before(text, s)) || Chars.isWord(Chars.at(text, e))) {
            return null;
        }
        char sep = 0;
        for (int i = s; i < e; i++) {
            if (!Chars.isDigit(text.charAt(i))) {
                sep = text.charAt(i);
                break;
            }
        }
        if (sep != 0) {
            if (Chars.before(text, s) == sep && Chars.digitsBefore(text, s - 1, 5) == 4) {
                return null;
            }
            if (luhn(text, s, e)) {
                return Chars.at(text, e) == sep && Chars.digitsFrom(text, e + 1, 5) == 4 ? null : new int[] {s, e};
            }
            int sixteen = s + 19;
            return e - s == 23 && luhn(text, s, sixteen) ? new int[] {s, sixteen} : null;
        }
        return luhn(text, s, e) ? new int[] {s, e} : null;
    }

    /** SSNs as people type them: 123-45-6789, 123 45 6789, 123.45.6789, and 123456789 after a label. */
    static final List<String> SSN =
            List.of("\\d{3}-\\d{2}-\\d{4}", "\\d{3} \\d{2} \\d{4}", "\\d{3}\\.\\d{2}\\.\\d{4}", "\\d{9}");

    private static int ssnStart(String text, int i) {
        if (!Chars.isDigit(text.charAt(i)) || !wordStart(text, i, "-")) {
            return -1;
        }
        char sep = Chars.at(text, i + 3);
        if (Chars.isDigit(sep)) {
            return Chars.digitsFrom(text, i, 10) == 9 ? 3 : -1;
        }
        if (Chars.at(text, i + 6) != sep) {
            return -1;
        }
        return sep == '-' ? 0 : sep == ' ' ? 1 : sep == '.' ? 2 : -1;
    }

    /** Labels after which nine bare digits are an SSN; compared lower-case without {@code _ - .}. */
    private static final Set<String> SSN_LABELS =
            Set.of("ssn", "socialsecuritynumber", "socialsecurityno", "socialsecurity", "ssnumber", "ss#", "ssn#");

    private static int[] ssn(String text, Detector.Found m, Detector.Budget budget) {
        int s = m.start();
        int e = m.end();
        char b = Chars.before(text, s);
        char a = Chars.at(text, e);
        char sep = text.charAt(s + 3);
        if (s > 0 && (Chars.isWord(b) || b == '-' || b == '.' && Chars.isDigit(Chars.before(text, s - 1)))
                || Chars.isWord(a)
                || (a == '-' || a == sep) && Chars.isDigit(Chars.at(text, e + 1))) {
            return null;
        }
        if (Chars.isDigit(sep)) {
            if (!ssnLabelBefore(text, s)) {
                return null;
            }
            String d = m.group();
            return possibleSsn(d.substring(0, 3) + "-" + d.substring(3, 5) + "-" + d.substring(5))
                    ? new int[] {s, e}
                    : null;
        }
        if (b == sep && Chars.isDigit(Chars.before(text, s - 1))) {
            return null;
        }
        return possibleSsn(m.group()) ? new int[] {s, e} : null;
    }

    private static boolean ssnLabelBefore(String text, int s) {
        int k = s;
        while (k > 0 && s - k < 4 && " \t:=\"'#".indexOf(text.charAt(k - 1)) >= 0) {
            k--;
        }
        int end = k;
        while (k > 0
                && end - k < 24
                && (Chars.isWord(text.charAt(k - 1)) || text.charAt(k - 1) == '-' || text.charAt(k - 1) == ' ')) {
            k--;
        }
        String label =
                SecretKeys.compact(text.substring(k, end).replace(" ", "")).replace("#", "");
        for (String l : SSN_LABELS) {
            if (label.endsWith(l.replace("#", ""))) {
                return true;
            }
        }
        return false;
    }

    /** A US social security number's area, group and serial are never 000, 666, 9xx, 00 or 0000. */
    static boolean possibleSsn(String s) {
        String area = s.substring(0, 3);
        return !area.equals("000")
                && !area.equals("666")
                && area.charAt(0) != '9'
                && !s.startsWith("00", 4)
                && !s.startsWith("0000", 7);
    }

    static boolean luhn(String text, int start, int end) {
        int sum = 0;
        int digits = 0;
        boolean twice = false;
        for (int i = end - 1; i >= start; i--) {
            char c = text.charAt(i);
            if (!Chars.isDigit(c)) {
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

    /** Declared last: the patterns above must be set before the detectors compile them. */
    static final List<Detector> ALL = List.of(
            regex(Kind.CREDENTIAL, s -> s.has(Shape.PEM), Secrets.PRIVATE_KEY_BLOCK, Detector.WHOLE, Resume.NEXT_CHAR),
            CredentialFormats.urlUserInfo(),
            Secrets.keyValues(),
            regex(Kind.CREDENTIAL, s -> s.has(Shape.BASIC), Secrets.BASIC, Secrets::basic, Resume.NEXT_CHAR),
            CredentialFormats.knownTokens(),
            regex(
                    Kind.TOKEN,
                    s -> s.has(Shape.BEARER) || s.has(Shape.JWT),
                    "(?i:bearer)[ \\t]+[A-Za-z0-9\\-._~+/]{8,}=*|eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*",
                    Detectors::token,
                    Resume.NEXT_CHAR),
            regex(Kind.EMAIL, Shape::at, EMAIL, Detectors::email, Detectors::afterAt),
            Detector.anchored(
                    Kind.USER_PATH,
                    Shape::slash,
                    USER_PATH,
                    Detectors::userPathStart,
                    MAX_USER_PATH,
                    Detectors::userPath),
            Detector.anchored(
                    Kind.SID,
                    s -> s.has(Shape.SID) && s.dashes() >= 5,
                    List.of("[Ss]-1-(?:5-21|12-1)(?:-\\d{1,10}){3,5}"),
                    (t, i) -> (t.charAt(i) == 'S' || t.charAt(i) == 's') && wordStart(t, i, "-") ? 0 : -1,
                    64,
                    Detectors::sid),
            Detector.anchored(
                    Kind.MAC,
                    s -> s.hexPairSeparators() >= 5 || s.hexQuadDots() >= 2,
                    Addresses.MAC,
                    Addresses::macStart,
                    18,
                    Addresses::mac),
            Detector.anchored(
                    Kind.MAC,
                    Shape::hex12,
                    List.of(Addresses.BARE_MAC),
                    Addresses::bareMacStart,
                    12,
                    Addresses::bareMac),
            Detector.anchored(Kind.CARD, s -> s.cardRun() >= 13, CARD, Detectors::cardStart, 24, Detectors::card),
            Detector.anchored(Kind.SSN, s -> s.cardRun() >= 9, SSN, Detectors::ssnStart, 12, Detectors::ssn),
            regex(
                    Kind.IPV6,
                    s -> s.doubleColon() || s.hexColons() >= 7,
                    Addresses.IPV6,
                    Addresses::ipv6,
                    Resume.PAST_WORD),
            Detector.anchored(
                    Kind.IPV4,
                    s -> s.dashes() >= 3,
                    List.of(Addresses.DASHED_IPV4),
                    Addresses::dashedStart,
                    15,
                    Addresses::dashedIpv4),
            Detector.anchored(
                    Kind.IPV4,
                    s -> s.dottedRun() >= 3,
                    List.of(Addresses.IPV4),
                    (t, i) -> Chars.isDigit(t.charAt(i)) && wordStart(t, i, "") ? 0 : -1,
                    16,
                    Addresses::ipv4),
            Detector.anchored(
                    Kind.PHONE,
                    s -> s.phoneRunFromStart() >= 8 || s.phoneRun() >= 10,
                    PhoneNumbers.FORMS,
                    PhoneNumbers::formAt,
                    PhoneNumbers.MAX_LENGTH,
                    PhoneNumbers::accept));

    /** Not right after a letter, digit or underscore, nor after one of {@code also}. */
    private static boolean wordStart(String text, int i, String also) {
        if (i == 0) {
            return true;
        }
        char b = text.charAt(i - 1);
        return !Chars.isWord(b) && also.indexOf(b) < 0;
    }
}
