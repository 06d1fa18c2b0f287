package io.akshybrid.gateway.privacy;

/** Character tests that the detectors' bounds share; ASCII only, as the formats they guard are. */
final class Chars {

    private Chars() {}

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isHex(char c) {
        return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    static boolean isAlnum(char c) {
        return isLetter(c) || isDigit(c);
    }

    static boolean isWord(char c) {
        return isAlnum(c) || c == '_';
    }

    /** The character right before {@code i}, or NUL at the start. */
    static char before(String text, int i) {
        return i > 0 ? text.charAt(i - 1) : '\0';
    }

    /** The character at {@code i}, or NUL past the end. */
    static char at(String text, int i) {
        return i < text.length() ? text.charAt(i) : '\0';
    }

    /** How many digits stand in a row from {@code i} on (forwards), up to {@code max}. */
    static int digitsFrom(String text, int i, int max) {
        int n = 0;
        while (n < max && i + n < text.length() && isDigit(text.charAt(i + n))) {
            n++;
        }
        return n;
    }

    /** How many digits stand in a row right before {@code i} (backwards), up to {@code max}. */
    static int digitsBefore(String text, int i, int max) {
        int n = 0;
        while (n < max && i - n - 1 >= 0 && isDigit(text.charAt(i - n - 1))) {
            n++;
        }
        return n;
    }

    /** Whether a dotted quad of 1-3 digit parts starts at {@code i}. */
    static boolean dottedQuadAt(String text, int i) {
        for (int part = 0; part < 4; part++) {
            int n = digitsFrom(text, i, 4);
            if (n < 1 || n > 3) {
                return false;
            }
            i += n;
            if (part < 3) {
                if (at(text, i) != '.') {
                    return false;
                }
                i++;
            }
        }
        return true;
    }
}
