package io.akshybrid.gateway.privacy;

/**
 * A text with its escapes decoded, and where each decoded character came from, so that what is
 * found in the decoded text is redacted in the original. Decoded: percent-encoding ({@code %40},
 * {@code %C3%A9} as UTF-8), {@code \}{@code uXXXX}, {@code \xXX} (as UTF-8 bytes, as Python prints
 * them) and numeric character references ({@code &#64;}, {@code &#x40;}); at most two levels
 * ({@code %2540}). An escape that does not decode to a character is kept as written. Two passes,
 * linear in the text.
 */
final class Decoded {

    /** The decoded text. */
    final String text;

    private final int[] from;
    private final int[] to;

    private Decoded(String text, int[] from, int[] to) {
        this.text = text;
        this.from = from;
        this.to = to;
    }

    /** Where decoded character {@code i} starts in the original. */
    int originalStart(int i) {
        return from[i];
    }

    /** Where decoded character {@code i - 1} ends in the original: the end of a span ending at {@code i}. */
    int originalEnd(int i) {
        return to[i - 1];
    }

    /** Whether an escape may start at {@code i}: a cheap test for {@link Shape}. */
    static boolean escapeAt(String text, int i) {
        char c = text.charAt(i);
        if (c == '%') {
            return Chars.isHex(Chars.at(text, i + 1)) && Chars.isHex(Chars.at(text, i + 2));
        }
        if (c == '\\') {
            char k = Chars.at(text, i + 1);
            return k == 'u' && hex(text, i + 2, 4) >= 0 || k == 'x' && hex(text, i + 2, 2) >= 0;
        }
        return c == '&' && Chars.at(text, i + 1) == '#';
    }

    /**
     * The text decoded, twice when the first decoding leaves escapes ({@code %2540} is {@code %40}
     * encoded again, as a URL inside a URL is), or null when no escape in it decodes.
     */
    static Decoded of(String text) {
        Decoded once = once(text);
        if (once == null) {
            return null;
        }
        Decoded twice = once(once.text);
        if (twice == null) {
            return once;
        }
        int[] from = new int[twice.text.length()];
        int[] to = new int[twice.text.length()];
        for (int i = 0; i < from.length; i++) {
            from[i] = once.from[twice.from[i]];
            to[i] = once.to[twice.to[i] - 1];
        }
        return new Decoded(twice.text, from, to);
    }

    private static Decoded once(String text) {
        int n = text.length();
        StringBuilder out = new StringBuilder(n);
        int[] from = new int[n];
        int[] to = new int[n];
        boolean decoded = false;
        int i = 0;
        while (i < n) {
            int end = escapeEnd(text, i);
            if (end > i) {
                int cp = codePoint(text, i, end);
                int start = out.length();
                out.appendCodePoint(cp);
                for (int k = start; k < out.length(); k++) {
                    from[k] = i;
                    to[k] = end;
                }
                decoded = true;
                i = end;
            } else {
                from[out.length()] = i;
                to[out.length()] = i + 1;
                out.append(text.charAt(i));
                i++;
            }
        }
        return decoded ? new Decoded(out.toString(), from, to) : null;
    }

    /** Where the escape (or UTF-8 sequence of escaped bytes) at {@code i} ends, or {@code i} when none decodes. */
    private static int escapeEnd(String text, int i) {
        char c = text.charAt(i);
        if (c == '\\' && Chars.at(text, i + 1) == 'u') {
            return hex(text, i + 2, 4) >= 0 ? i + 6 : i;
        }
        if (c == '&' && Chars.at(text, i + 1) == '#') {
            return reference(text, i) >= 0 ? text.indexOf(';', i) + 1 : i;
        }
        int lead = escapedByte(text, i);
        if (lead < 0) {
            return i;
        }
        int width = lead < 0x80
                ? 1
                : lead >= 0xC2 && lead <= 0xDF
                        ? 2
                        : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
        if (width == 0) {
            return i;
        }
        int step = escapeWidth(text, i);
        int end = i + step;
        for (int k = 1; k < width; k++) {
            int b = escapedByte(text, end);
            if (b < 0x80 || b > 0xBF || escapeWidth(text, end) != step) {
                return i;
            }
            end += step;
        }
        return end;
    }

    /** The code point of the escape at {@code [i, end)}. */
    private static int codePoint(String text, int i, int end) {
        char c = text.charAt(i);
        if (c == '\\' && text.charAt(i + 1) == 'u') {
            return hex(text, i + 2, 4);
        }
        if (c == '&') {
            return reference(text, i);
        }
        int step = escapeWidth(text, i);
        byte[] bytes = new byte[(end - i) / step];
        for (int k = 0; k < bytes.length; k++) {
            bytes[k] = (byte) escapedByte(text, i + k * step);
        }
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8).codePointAt(0);
    }

    /** {@code %XX} is 3 characters, {@code \xXX} 4. */
    private static int escapeWidth(String text, int i) {
        return text.charAt(i) == '%' ? 3 : 4;
    }

    /** The byte of a {@code %XX} or {@code \xXX} at {@code i}, or -1. */
    private static int escapedByte(String text, int i) {
        char c = Chars.at(text, i);
        if (c == '%') {
            return hex(text, i + 1, 2);
        }
        if (c == '\\' && Chars.at(text, i + 1) == 'x') {
            return hex(text, i + 2, 2);
        }
        return -1;
    }

    /** {@code &#64;} or {@code &#x40;} at {@code i}: its code point, or -1. */
    private static int reference(String text, int i) {
        int k = i + 2;
        boolean hexadecimal = Chars.at(text, k) == 'x' || Chars.at(text, k) == 'X';
        if (hexadecimal) {
            k++;
        }
        int value = 0;
        int digits = 0;
        while (k < text.length() && digits < 7) {
            char c = text.charAt(k);
            int d = hexadecimal ? Character.digit(c, 16) : Chars.isDigit(c) ? c - '0' : -1;
            if (d < 0) {
                break;
            }
            value = value * (hexadecimal ? 16 : 10) + d;
            digits++;
            k++;
        }
        boolean valid = digits > 0
                && Chars.at(text, k) == ';'
                && value > 0
                && value <= Character.MAX_CODE_POINT
                && !(value >= 0xD800 && value <= 0xDFFF);
        return valid ? value : -1;
    }

    /** The value of {@code digits} hex digits at {@code i}, or -1. */
    private static int hex(String text, int i, int digits) {
        if (i + digits > text.length()) {
            return -1;
        }
        int v = 0;
        for (int k = i; k < i + digits; k++) {
            int d = Character.digit(text.charAt(k), 16);
            if (d < 0 || !Chars.isHex(text.charAt(k))) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }
}
