package io.akshybrid.gateway.privacy;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.akshybrid.gateway.privacy.PiiScanner.Kind;
import java.util.function.Predicate;

/**
 * One way of finding one kind of personal data. A detector first answers from the text's
 * {@link Shape} whether it could find anything at all (most texts fail that for most detectors);
 * then a {@link Search} over the text yields its findings left to right. Every search is linear in
 * the length of the text.
 */
abstract class Detector {

    final Kind kind;

    Detector(Kind kind) {
        this.kind = kind;
    }

    /** False when the text certainly holds nothing this detector finds: the regex is spared. */
    abstract boolean possible(Shape shape);

    abstract Search search(String text);

    /** The findings of one detector in one text. */
    interface Search {
        /** The span {@code [start, end)} of the first finding that starts at or after {@code from}, or null. */
        int[] next(int from);
    }

    /** What a search may spend on costly confirmations (a library's parse) in one text. */
    static final class Budget {
        private int left;

        Budget(int left) {
            this.left = left;
        }

        /** Takes one unit; false once none is left. */
        boolean take() {
            return left-- > 0;
        }
    }

    /** Checks one match of the detector's pattern: the span to redact, or null when it is not a finding. */
    @FunctionalInterface
    interface Check {
        int[] accept(String text, Matcher m, Budget budget);
    }

    /** Where to search again after a match that the check rejected. */
    @FunctionalInterface
    interface Resume {
        /** One character on: the general case, as a shorter match may start there. */
        Resume NEXT_CHAR = (text, m) -> m.start() + 1;

        /**
         * Past the word the rejected match started in: for detectors whose check refuses a match right
         * after a letter, digit or underscore, no match starting inside that word can pass, and
         * skipping it keeps a text of near-misses (long digit runs) from costing a search per digit.
         */
        Resume PAST_WORD = (text, m) -> {
            int i = m.start() + 1;
            while (i < text.length() && Chars.isWord(text.charAt(i - 1))) {
                i++;
            }
            return i;
        };

        /** A position after {@code m.start()}. */
        int after(String text, Matcher m);
    }

    /**
     * Candidates rejected in a row, in one text, before the rest of the text is taken as one finding.
     * Text built so that nearly every position is a near-miss (a card number's digits repeated for
     * 64 KiB) would otherwise cost a search per candidate; past this budget it is redacted whole,
     * erring on the side of privacy. Real text stays far below.
     */
    static final int REJECTED_CANDIDATES_BUDGET = 256;

    /**
     * Costly confirmations (a phone number checked by libphonenumber, some microseconds each) per
     * detector and text. Past them a candidate that passed the cheap checks counts as a finding, so
     * that a text of many near-misses costs at most this many library calls.
     */
    static final int CONFIRMATIONS_PER_TEXT = 64;

    /** A detector whose candidates come from a linear-time regex (re2j) and are then checked. */
    static Detector regex(Kind kind, Predicate<Shape> possible, String pattern, Check check, Resume resume) {
        Pattern compiled = Pattern.compile(pattern);
        return new Detector(kind) {
            @Override
            boolean possible(Shape shape) {
                return possible.test(shape);
            }

            @Override
            Search search(String text) {
                Matcher m = compiled.matcher(text);
                Budget budget = new Budget(CONFIRMATIONS_PER_TEXT);
                return from -> {
                    int rejected = 0;
                    int firstRejected = -1;
                    while (from <= text.length() && m.find(from)) {
                        int[] span = check.accept(text, m, budget);
                        if (span != null && span[1] > span[0]) {
                            return span;
                        }
                        if (firstRejected < 0) {
                            firstRejected = m.start();
                        }
                        if (++rejected > REJECTED_CANDIDATES_BUDGET) {
                            return new int[] {firstRejected, text.length()};
                        }
                        from = resume.after(text, m);
                    }
                    return null;
                };
            }
        };
    }

    /** A check that takes the whole match. */
    static final Check WHOLE = (text, m, budget) -> new int[] {m.start(), m.end()};

    /** The whole match, when neither a character of {@code before} stands right before it nor one of {@code after} right after. */
    static Check notBetween(String before, String after) {
        return (text, m, budget) -> {
            char b = Chars.before(text, m.start());
            char a = Chars.at(text, m.end());
            return (m.start() == 0 || !in(before, b)) && (m.end() == text.length() || !in(after, a))
                    ? new int[] {m.start(), m.end()}
                    : null;
        };
    }

    /** Whether {@code c} is in a set written like a character class: {@code w} word characters, {@code d} digits. */
    static boolean in(String set, char c) {
        for (int i = 0; i < set.length(); i++) {
            char s = set.charAt(i);
            if (s == 'd' ? Chars.isDigit(c) : s == 'w' ? Chars.isWord(c) : s == c) {
                return true;
            }
        }
        return false;
    }

    /** The span of the first capturing group that took part in the match. */
    static int[] firstGroup(Matcher m) {
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.start(g) >= 0) {
                return new int[] {m.start(g), m.end(g)};
            }
        }
        return new int[] {m.start(), m.end()};
    }
}
