package io.akshybrid.gateway.privacy;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.List;

/**
 * Phone numbers: where {@link #formAt} sees a number begin ({@code +49 30 ...}, {@code 0049 30 ...},
 * {@code 020 7946 0958}, {@code (425) 555-0100}), re2j takes the bounded run of digits and
 * separators of that form; libphonenumber (Google's, maintained with every numbering-plan change)
 * then says whether the run, or one of its longest prefixes that end at a group, is a valid number.
 * It is only ever given such a candidate, at most {@value #MAX_LENGTH} characters, never the text,
 * and at most {@link Detector#CONFIRMATIONS_PER_TEXT} of them per text.
 *
 * <p>Forms: international ({@code +} or {@code 00} and a country code), valid in any country;
 * national with the trunk prefix {@code 0}, valid in one of {@link #NATIONAL_REGIONS}; North American
 * with separators ({@code 425-555-0100}), also after the country code 1 without a {@code +}
 * ({@code 1-425-555-0100}, {@code 1 (425) 555-0100}). Digits without any separator, or national numbers of
 * countries outside the list, are not searched for: too many identifiers, counters and timestamps look
 * like them.
 */
final class PhoneNumbers {

    private PhoneNumbers() {}

    private static final String SEP = "[ .\\-/()]{0,2}";

    /** The forms, one small pattern each ({@link #formAt} picks one by the first characters). */
    static final List<String> FORMS = List.of(
            "\\+[1-9](?:" + SEP + "\\d){7,14}",
            "00[1-9](?:" + SEP + "\\d){7,13}",
            "\\(?0[1-9](?:" + SEP + "\\d){7,11}",
            "\\(?[2-9]\\d{2}\\)?[ .\\-]?[2-9]\\d{2}[ .\\-]\\d{4}",
            "1[ .\\-]?\\(?[2-9]\\d{2}\\)?[ .\\-]?[2-9]\\d{2}[ .\\-]\\d{4}");

    private static final int INTERNATIONAL = 0;
    private static final int IDD = 1;
    private static final int NATIONAL = 2;
    private static final int NORTH_AMERICAN = 3;
    private static final int NORTH_AMERICAN_WITH_COUNTRY = 4;

    /** The longest candidate: {@code +}, 15 digits, two separators before each. */
    static final int MAX_LENGTH = 48;

    /**
     * Which form may start at {@code i}: {@code +} and a country code, {@code 00} and one, {@code 0}
     * and an area code, or a North American area code (three digits from 2, maybe in parentheses),
     * not inside a word or a number; -1 for none.
     */
    static int formAt(String text, int i) {
        char b = Chars.before(text, i);
        if (i > 0 && (Chars.isWord(b) || b == '.' || b == '-' || b == '/' || b == '+')) {
            return -1;
        }
        // 08:10:09.000000 1311: the seconds of a time, then a number
        if (b == ':' && Chars.isDigit(Chars.before(text, i - 1))) {
            return -1;
        }
        char c = text.charAt(i);
        char next = Chars.at(text, i + 1);
        if (c == '+') {
            return isFrom1(next) ? INTERNATIONAL : -1;
        }
        if (c == '(') {
            if (next == '0') {
                return isFrom1(Chars.at(text, i + 2)) ? NATIONAL : -1;
            }
            return isFrom2(next) && Chars.digitsFrom(text, i + 1, 4) == 3 ? NORTH_AMERICAN : -1;
        }
        if (c == '1') {
            // 1, maybe a separator, maybe a parenthesis, then a three-digit area code from 2
            int a = next == ' ' || next == '.' || next == '-' ? i + 2 : i + 1;
            if (a == i + 1 && next != '(') {
                return -1;
            }
            if (Chars.at(text, a) == '(') {
                a++;
            }
            return isFrom2(Chars.at(text, a)) && Chars.digitsFrom(text, a, 4) == 3 ? NORTH_AMERICAN_WITH_COUNTRY : -1;
        }
        if (c == '0') {
            return isFrom1(next) ? NATIONAL : next == '0' && isFrom1(Chars.at(text, i + 2)) ? IDD : -1;
        }
        int digits = Chars.digitsFrom(text, i, 7);
        return isFrom2(c) && (digits == 3 || digits == 6) ? NORTH_AMERICAN : -1;
    }

    private static boolean isFrom1(char c) {
        return c >= '1' && c <= '9';
    }

    private static boolean isFrom2(char c) {
        return c >= '2' && c <= '9';
    }

    /**
     * Countries whose national format (trunk prefix 0) is recognised: the gateway's main markets. A
     * longer list finds more and mistakes more: in some plans nearly every ten-digit run starting
     * with 0 is valid.
     */
    static final List<String> NATIONAL_REGIONS =
            List.of("GB", "IE", "DE", "AT", "CH", "NL", "BE", "FR", "SE", "AU", "IN", "JP");

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final int[] NATIONAL_CODES =
            NATIONAL_REGIONS.stream().mapToInt(UTIL::getCountryCodeForRegion).toArray();

    static {
        // Metadata is read from the jar on first use; read it now, not on an event loop later. Other
        // countries' metadata loads on the first international number of that country (once, small).
        for (int i = 0; i < NATIONAL_REGIONS.size(); i++) {
            UTIL.isValidNumberForRegion(
                    new PhoneNumber().setCountryCode(NATIONAL_CODES[i]).setNationalNumber(2079460958L),
                    NATIONAL_REGIONS.get(i));
        }
        UTIL.isValidNumber(new PhoneNumber().setCountryCode(1).setNationalNumber(4255550100L));
    }

    static int[] accept(String text, Detector.Found m, Detector.Budget budget) {
        int s = m.start();
        int e = m.end();
        char b = Chars.before(text, s);
        if (s > 0 && (Chars.isWord(b) || b == '.' || b == '-' || b == '/' || b == '+')) {
            return null;
        }
        int first = text.charAt(s) == '(' ? s + 1 : s;
        if (looksLikeDate(text, first)) {
            return null;
        }
        // The longest prefix that ends at a group and is a valid number wins: a run may go on into the
        // next number or a date ("+49 30 12345678 2024"). At most three tries per candidate.
        int tries = 0;
        for (int end = e; end > first && tries < 3; end--) {
            if (!Chars.isDigit(text.charAt(end - 1)) || Chars.isWord(Chars.at(text, end))) {
                continue;
            }
            char a = Chars.at(text, end);
            if (end == e && (a == '.' || a == '-' || a == '/') && Chars.isDigit(Chars.at(text, end + 1))) {
                continue;
            }
            String candidate = text.substring(first, end);
            int digits = digits(candidate);
            if (!plausible(candidate, digits)) {
                continue;
            }
            tries++;
            if (!budget.take() || valid(candidate, digits)) {
                return new int[] {s == first || closes(text, first, end) ? s : first, end};
            }
        }
        return null;
    }

    /** Whether a {@code (} at {@code first - 1} is closed inside the number. */
    private static boolean closes(String text, int first, int end) {
        for (int i = first; i < end; i++) {
            if (text.charAt(i) == ')') {
                return true;
            }
        }
        return false;
    }

    /** {@code 05.01.2026}, {@code 29/11/2026}: a day, a month and a year with one separator. */
    private static boolean looksLikeDate(String text, int i) {
        int d = Chars.digitsFrom(text, i, 3);
        char sep = Chars.at(text, i + d);
        if (d < 1 || d > 2 || sep != '.' && sep != '/' && sep != '-') {
            return false;
        }
        int mo = Chars.digitsFrom(text, i + d + 1, 3);
        if (mo < 1 || mo > 2 || Chars.at(text, i + d + 1 + mo) != sep) {
            return false;
        }
        int y = Chars.digitsFrom(text, i + d + 2 + mo, 5);
        return y == 2 || y == 4;
    }

    private static int digits(String candidate) {
        int n = 0;
        for (int i = 0; i < candidate.length(); i++) {
            if (Chars.isDigit(candidate.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    /** The digit count fits the form, and the digits are not all one digit repeated. */
    private static boolean plausible(String candidate, int digits) {
        boolean same = true;
        char firstDigit = 0;
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (Chars.isDigit(c)) {
                if (firstDigit == 0) {
                    firstDigit = c;
                } else if (c != firstDigit) {
                    same = false;
                    break;
                }
            }
        }
        if (same) {
            return false;
        }
        if (candidate.charAt(0) == '+') {
            return digits >= 8 && digits <= 15;
        }
        if (candidate.startsWith("00")) {
            return digits >= 10 && digits <= 17;
        }
        if (candidate.charAt(0) == '0') {
            return digits >= 9 && digits <= 13;
        }
        if (candidate.charAt(0) == '1') {
            return digits == 11;
        }
        return digits == 10;
    }

    private static boolean valid(String candidate, int digits) {
        try {
            if (candidate.charAt(0) == '+') {
                return UTIL.isValidNumber(UTIL.parse(candidate, "ZZ"));
            }
            if (candidate.startsWith("00")) {
                return UTIL.isValidNumber(UTIL.parse("+" + candidate.substring(2), "ZZ"));
            }
            if (candidate.charAt(0) == '1') {
                return UTIL.isValidNumber(UTIL.parse("+" + digitsOf(candidate), "ZZ"));
            }
            long number = Long.parseLong(digitsOf(candidate));
            if (candidate.charAt(0) == '0') {
                for (int i = 0; i < NATIONAL_CODES.length; i++) {
                    PhoneNumber n =
                            new PhoneNumber().setCountryCode(NATIONAL_CODES[i]).setNationalNumber(number);
                    if (UTIL.isValidNumberForRegion(n, NATIONAL_REGIONS.get(i))) {
                        return true;
                    }
                }
                return false;
            }
            return UTIL.isValidNumber(new PhoneNumber().setCountryCode(1).setNationalNumber(number));
        } catch (NumberParseException e) {
            return false;
        }
    }

    /** The digits, without the national trunk prefix (a leading 0 is not part of the number). */
    private static String digitsOf(String candidate) {
        StringBuilder sb = new StringBuilder(16);
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (Chars.isDigit(c) && !(sb.isEmpty() && c == '0')) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
