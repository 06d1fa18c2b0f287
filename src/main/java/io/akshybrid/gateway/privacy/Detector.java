package io.akshybrid.gateway.privacy;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.akshybrid.gateway.privacy.PiiScanner.Kind;
import java.util.List;
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
        int[] accept(String text, Found m, Budget budget);
    }

    /**
     * A match, with positions in the whole text: a regex match, or an anchored one made on a window
     * that starts at {@code offset}.
     */
    static final class Found {
        private final String text;
        private final Matcher m;
        private int offset;

        Found(String text, Matcher m) {
            this.text = text;
            this.m = m;
        }

        int start() {
            return m.start() + offset;
        }

        int end() {
            return m.end() + offset;
        }

        /** Where group {@code g} starts, or -1 when it took no part. */
        int start(int g) {
            int s = m.start(g);
            return s < 0 ? -1 : s + offset;
        }

        int end(int g) {
            int e = m.end(g);
            return e < 0 ? -1 : e + offset;
        }

        int groupCount() {
            return m.groupCount();
        }

        String group() {
            return text.substring(start(), end());
        }

        String group(int g) {
            int s = start(g);
            return s < 0 ? null : text.substring(s, end(g));
        }
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
        int after(String text, Found m);
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
                Matcher matcher = compiled.matcher(text);
                Found m = new Found(text, matcher);
                Budget budget = new Budget(CONFIRMATIONS_PER_TEXT);
                return from -> {
                    int rejected = 0;
                    int firstRejected = -1;
                    while (from <= text.length() && matcher.find(from)) {
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

    /**
     * Which of an anchored detector's patterns may match at {@code i}, or -1 when none can: a cheap
     * look at the first characters that stands in for the regex at most positions.
     */
    @FunctionalInterface
    interface Start {
        int at(String text, int i);
    }

    /**
     * A detector for patterns whose matches are short (at most {@code maxLength}) and start only where
     * {@code start} says: the text is walked in Java, and a regex runs only at those positions, anchored,
     * over at most {@code maxLength} characters. re2j's cost per search grows with the size of the
     * pattern's program, and an unanchored search pays its per-character cost over all of a text full
     * of digits that start nothing ({@code 1 1 1 ...}, counters, hex dumps); so each form is its own
     * small pattern, tried only where its first characters stand.
     */
    static Detector anchored(
            Kind kind, Predicate<Shape> possible, List<String> patterns, Start start, int maxLength, Check check) {
        List<Pattern> compiled = patterns.stream().map(Pattern::compile).toList();
        return new Detector(kind) {
            @Override
            boolean possible(Shape shape) {
                return possible.test(shape);
            }

            @Override
            Search search(String text) {
                Window window = new Window(text);
                // Made when a form is first tried: most texts try none or one.
                Matcher[] matchers = new Matcher[compiled.size()];
                Found[] found = new Found[compiled.size()];
                Budget budget = new Budget(CONFIRMATIONS_PER_TEXT);
                return from -> {
                    int rejected = 0;
                    int firstRejected = -1;
                    for (int i = from; i < text.length(); i++) {
                        int k = start.at(text, i);
                        if (k < 0) {
                            continue;
                        }
                        window.move(i, Math.min(text.length(), i + maxLength));
                        if (matchers[k] == null) {
                            matchers[k] = compiled.get(k).matcher(window);
                            found[k] = new Found(text, matchers[k]);
                        }
                        Matcher matcher = matchers[k].reset(window);
                        if (!matcher.lookingAt()) {
                            continue;
                        }
                        Found m = found[k];
                        m.offset = i;
                        int[] span = check.accept(text, m, budget);
                        if (span != null && span[1] > span[0]) {
                            return span;
                        }
                        if (firstRejected < 0) {
                            firstRejected = i;
                        }
                        if (++rejected > REJECTED_CANDIDATES_BUDGET) {
                            return new int[] {firstRejected, text.length()};
                        }
                    }
                    return null;
                };
            }
        };
    }

    /** A stretch of the text, movable, read without copying: where an anchored match is tried. */
    private static final class Window implements CharSequence {
        private final String text;
        private int start;
        private int end;

        Window(String text) {
            this.text = text;
        }

        void move(int start, int end) {
            this.start = start;
            this.end = end;
        }

        @Override
        public int length() {
            return end - start;
        }

        @Override
        public char charAt(int index) {
            if (index < 0 || index >= end - start) {
                throw new IndexOutOfBoundsException(index);
            }
            return text.charAt(start + index);
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            if (from < 0 || to > end - start || from > to) {
                throw new IndexOutOfBoundsException(to);
            }
            return text.subSequence(start + from, start + to);
        }

        @Override
        public String toString() {
            return text.substring(start, end);
        }
    }

    /** A check that takes the whole match. */
    static final Check WHOLE = (text, m, budget) -> new int[] {m.start(), m.end()};

    /** The span of the first capturing group that took part in the match. */
    static int[] firstGroup(Found m) {
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.start(g) >= 0) {
                return new int[] {m.start(g), m.end(g)};
            }
        }
        return new int[] {m.start(), m.end()};
    }
}
