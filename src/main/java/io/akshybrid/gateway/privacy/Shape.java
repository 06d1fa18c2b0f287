package io.akshybrid.gateway.privacy;

/**
 * What the detectors need to know of a text before they run, taken in one pass: counts of some
 * characters, the longest runs of digits that could be a phone number, a card number or an address,
 * and whether the few literal markers that some secrets carry occur at all. Each detector's
 * {@code possible} test reads it, so that typical messages (timestamps, durations, names, codes)
 * skip most regexes.
 *
 * @param phoneRun the most digits in a row with at most two separators ({@code space . - / ( )})
 *     between neighbours
 * @param phoneRunFromStart the same, counted only for runs that start the way a phone number does
 *     ({@code +}, {@code (} or {@code 0})
 * @param cardRun the most digits in a row with at most one space, dash or dot between neighbours
 * @param dottedRun the most dots in one run of digits joined by single dots ({@code 10.1.2.3}: 3)
 * @param hexPairSeparators colons and dashes right after exactly two hex digits, as in a MAC address
 * @param hexQuadDots dots right after exactly four hex digits, as in {@code 001a.2b3c.4d5e}
 * @param hexColons colons right after one to four hex digits, as in a full IPv6 address
 * @param doubleColon whether {@code ::} occurs
 * @param angle whether {@code <} occurs (an XML element may hold a secret)
 * @param hex12 whether a run of exactly twelve hex digits occurs (a hardware address without separators)
 * @param flag whether a dash starts a word, as a command-line flag does ({@code --password}, {@code -p})
 * @param length the text's length
 * @param markers which of the literal markers occur (bits {@link #PEM}, {@link #URL}, ...)
 */
record Shape(
        int colons,
        int dashes,
        int equals,
        boolean at,
        boolean slash,
        int phoneRun,
        int phoneRunFromStart,
        int cardRun,
        int dottedRun,
        int hexPairSeparators,
        int hexQuadDots,
        int hexColons,
        boolean doubleColon,
        boolean angle,
        boolean hex12,
        boolean flag,
        int length,
        int markers) {

    /** {@code PRIVATE KEY}, as in a PEM or PGP block header. */
    static final int PEM = 1;
    /** {@code ://}, a URL that may carry {@code user:password@}. */
    static final int URL = 1 << 1;
    /** {@code bearer} in any case. */
    static final int BEARER = 1 << 2;
    /** {@code eyJ}, the start of a JWT. */
    static final int JWT = 1 << 3;
    /** {@code basic} in any case. */
    static final int BASIC = 1 << 4;
    /** {@code S-1-}, a Windows security identifier. */
    static final int SID = 1 << 5;
    /** An escape that {@link Decoded} decodes ({@code %40}, {@code \u0040}, {@code \x40}, {@code &#64;}). */
    static final int ESCAPED = 1 << 6;

    boolean has(int marker) {
        return (markers & marker) != 0;
    }

    static Shape of(String text) {
        int colons = 0;
        int dashes = 0;
        int equals = 0;
        boolean at = false;
        boolean slash = false;
        int phoneRun = 0;
        int phoneRunFromStart = 0;
        int cardRun = 0;
        int dottedRun = 0;
        int hexPairSeparators = 0;
        int hexQuadDots = 0;
        int hexColons = 0;
        boolean doubleColon = false;
        boolean angle = false;
        boolean hex12 = false;
        int hexRun = 0;
        boolean flag = false;
        int markers = 0;
        // The runs being counted: digits so far, separators since the last digit, how the run began.
        int phone = 0;
        int phoneSeparators = 0;
        boolean phoneStarted = false;
        boolean startMark = false;
        int card = 0;
        int cardSeparators = 0;
        int dotted = 0;
        boolean dotPending = false;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Chars.isHex(c)) {
                hexRun++;
            } else {
                hex12 |= hexRun == 12;
                hexRun = 0;
            }
            if (c >= '0' && c <= '9') {
                if (phoneSeparators > 2 || phone == 0) {
                    phone = 0;
                    phoneStarted = startMark || c == '0';
                }
                phone++;
                phoneSeparators = 0;
                startMark = false;
                phoneRun = Math.max(phoneRun, phone);
                if (phoneStarted) {
                    phoneRunFromStart = Math.max(phoneRunFromStart, phone);
                }
                card = cardSeparators > 1 ? 1 : card + 1;
                cardSeparators = 0;
                cardRun = Math.max(cardRun, card);
                if (dotPending) {
                    dotted++;
                    dottedRun = Math.max(dottedRun, dotted);
                    dotPending = false;
                } else if (i == 0 || !Chars.isDigit(text.charAt(i - 1))) {
                    dotted = 0;
                }
                continue;
            }
            boolean digitBefore = i > 0 && Chars.isDigit(text.charAt(i - 1));
            if (c != '.' || !digitBefore || dotPending) {
                dotPending = false;
                dotted = c == '.' ? dotted : 0;
            }
            switch (c) {
                case '.' -> {
                    phoneSeparators++;
                    cardSeparators++;
                    dotPending = digitBefore;
                    if (hexBefore(text, i, 4)) {
                        hexQuadDots++;
                    }
                }
                case '-' -> {
                    dashes++;
                    flag |= i == 0 || text.charAt(i - 1) <= ' ' || text.charAt(i - 1) == '(';
                    phoneSeparators++;
                    cardSeparators++;
                    if (hexBefore(text, i, 2)) {
                        hexPairSeparators++;
                    }
                }
                case ' ' -> {
                    phoneSeparators++;
                    cardSeparators++;
                }
                case '(' -> {
                    phoneSeparators++;
                    cardSeparators = 2;
                    startMark = phone == 0 || phoneSeparators > 2;
                }
                case ')' -> {
                    phoneSeparators++;
                    cardSeparators = 2;
                }
                case '+' -> {
                    phone = 0;
                    phoneSeparators = 0;
                    startMark = true;
                    cardSeparators = 2;
                }
                case '/', '\\' -> {
                    slash = true;
                    if (c == '\\' && Decoded.escapeAt(text, i)) {
                        markers |= ESCAPED;
                    }
                    phoneSeparators++;
                    cardSeparators = 2;
                }
                default -> {
                    phone = 0;
                    phoneSeparators = 0;
                    startMark = false;
                    cardSeparators = 2;
                    switch (c) {
                        case ':' -> {
                            colons++;
                            if (hexBefore(text, i, 2)) {
                                hexPairSeparators++;
                            }
                            if (Chars.isHex(Chars.before(text, i))) {
                                hexColons++;
                            }
                            if (Chars.at(text, i + 1) == ':') {
                                doubleColon = true;
                            }
                            if (text.startsWith("//", i + 1)) {
                                markers |= URL;
                            }
                        }
                        case '=' -> equals++;
                        case '@' -> at = true;
                        case '<' -> angle = true;
                        case '%', '&' -> markers |= Decoded.escapeAt(text, i) ? ESCAPED : 0;
                        default -> markers |= marker(text, i, c);
                    }
                }
            }
        }
        return new Shape(
                colons,
                dashes,
                equals,
                at,
                slash,
                phoneRun,
                phoneRunFromStart,
                cardRun,
                dottedRun,
                hexPairSeparators,
                hexQuadDots,
                hexColons,
                doubleColon,
                angle,
                hex12 || hexRun == 12,
                flag,
                n,
                markers);
    }

    /** Whether exactly {@code count} hex digits stand right before {@code i}. */
    private static boolean hexBefore(String text, int i, int count) {
        if (i < count) {
            return false;
        }
        for (int k = 1; k <= count; k++) {
            if (!Chars.isHex(text.charAt(i - k))) {
                return false;
            }
        }
        return i == count || !Chars.isHex(text.charAt(i - count - 1));
    }

    /** Which literal marker, if any, starts at {@code i}; one or two comparisons for most letters. */
    private static int marker(String text, int i, char c) {
        switch (c) {
            case 'P':
                return text.startsWith("PRIVATE KEY", i) ? PEM : 0;
            case 'b':
            case 'B':
                if (text.regionMatches(true, i, "bearer", 0, 6)) {
                    return BEARER;
                }
                return text.regionMatches(true, i, "basic", 0, 5) ? BASIC : 0;
            case 'e':
                return text.startsWith("eyJ", i) ? JWT : 0;
            case 'S':
            case 's':
                return text.startsWith("-1-", i + 1) ? SID : 0;
            default:
                return 0;
        }
    }
}
