package io.akshybrid.gateway.privacy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The privacy corpus in {@code src/test/resources/privacy/}: {@code redact.tsv} (personal data and
 * secrets, and what is stored instead), {@code keep.tsv} (benign text stored byte for byte) and
 * {@code identifiers.tsv} (identifier and shaped fields, accepted or refused), and {@code sources.tsv}
 * (log lines in the shapes of real sources, labelled kind by kind). Each file's header
 * explains its format. Shared by the unit run ({@link PiiCorpusTest}) and the run through the whole
 * ingest path.
 */
public final class PrivacyCorpus {

    private PrivacyCorpus() {}

    /**
     * One free-text case.
     *
     * @param sent the text as sent
     * @param stored what must be stored: every personal part replaced by {@code [redacted:<kind>]}
     * @param personal the personal parts, none of which may be stored
     */
    public record Redact(int line, String kind, String sent, String stored, List<String> personal) {
        @Override
        public String toString() {
            return "redact.tsv:" + line + " " + kind + " " + sent.replace("\n", "↵");
        }
    }

    public record Keep(int line, String text) {
        @Override
        public String toString() {
            return "keep.tsv:" + line + " " + text.replace("\n", "↵");
        }
    }

    /** @param outcome {@code accepted}, {@code pii-detected:<kind>} or {@code invalid-field} */
    public record Identifier(int line, String field, String outcome, String value) {
        @Override
        public String toString() {
            return "identifiers.tsv:" + line + " " + field + " " + outcome + " " + value;
        }
    }

    /** A labelled part of a source line: its kind's label and the text that must not be stored. */
    public record Span(String kind, String text) {}

    /**
     * One line of {@code sources.tsv}.
     *
     * @param sent the text as sent
     * @param stored what must be stored: each labelled part replaced by its kind's marker
     * @param spans the labelled parts, in order; none for a line that must be kept byte for byte
     */
    public record Source(int line, String source, String sent, String stored, List<Span> spans) {
        public boolean keep() {
            return spans.isEmpty();
        }

        @Override
        public String toString() {
            return "sources.tsv:" + line + " " + source + " " + abbreviated(sent);
        }
    }

    private static String abbreviated(String s) {
        String one = s.replace("\n", "↵").replace("\t", "⇥");
        return one.length() > 120 ? one.substring(0, 117) + "..." : one;
    }

    private static final Pattern PERSONAL = Pattern.compile("«([^»]*)»");

    private static final Pattern LABELLED = Pattern.compile("«([a-z0-9-]+):([^»]*)»");

    public static List<Source> sources() {
        List<Source> cases = new ArrayList<>();
        for (Line l : lines("sources.tsv")) {
            String[] parts = l.text.split("\t", 2);
            if (parts.length != 2) {
                throw new IllegalStateException("sources.tsv:" + l.number + " needs <source> TAB <text>");
            }
            List<Span> spans = new ArrayList<>();
            StringBuilder sent = new StringBuilder();
            StringBuilder stored = new StringBuilder();
            Matcher m = LABELLED.matcher(parts[1]);
            int copied = 0;
            while (m.find()) {
                String before = parts[1].substring(copied, m.start());
                sent.append(before).append(m.group(2));
                stored.append(before).append("[redacted:").append(m.group(1)).append(']');
                spans.add(new Span(m.group(1), unescape(m.group(2))));
                copied = m.end();
            }
            String rest = parts[1].substring(copied);
            if (rest.contains("«") || rest.contains("»")) {
                throw new IllegalStateException("sources.tsv:" + l.number + " has a label that is not «kind:text»");
            }
            sent.append(rest);
            stored.append(rest);
            cases.add(new Source(l.number, parts[0], unescape(sent.toString()), unescape(stored.toString()), spans));
        }
        return cases;
    }

    public static List<Redact> redact() {
        List<Redact> cases = new ArrayList<>();
        for (Line l : lines("redact.tsv")) {
            String[] parts = l.text.split("\t", 2);
            if (parts.length != 2 || !parts[1].contains("«")) {
                throw new IllegalStateException("redact.tsv:" + l.number + " needs <kind> TAB <text with «...»>");
            }
            String kind = parts[0];
            List<String> personal = new ArrayList<>();
            Matcher m = PERSONAL.matcher(parts[1]);
            while (m.find()) {
                personal.add(unescape(m.group(1)));
            }
            String sent = unescape(parts[1].replace("«", "").replace("»", ""));
            String stored = unescape(m.replaceAll(Matcher.quoteReplacement("[redacted:" + kind + "]")));
            cases.add(new Redact(l.number, kind, sent, stored, personal));
        }
        return cases;
    }

    public static List<Keep> keep() {
        return lines("keep.tsv").stream()
                .map(l -> new Keep(l.number, unescape(l.text)))
                .toList();
    }

    public static List<Identifier> identifiers() {
        List<Identifier> cases = new ArrayList<>();
        for (Line l : lines("identifiers.tsv")) {
            String[] parts = l.text.split("\t", 3);
            if (parts.length != 3) {
                throw new IllegalStateException(
                        "identifiers.tsv:" + l.number + " needs <field> TAB <outcome> TAB <value>");
            }
            cases.add(new Identifier(l.number, parts[0], parts[1], parts[2]));
        }
        return cases;
    }

    private record Line(int number, String text) {}

    private static List<Line> lines(String file) {
        try (InputStream in = PrivacyCorpus.class.getResourceAsStream("/privacy/" + file)) {
            if (in == null) {
                throw new IllegalStateException("no test resource privacy/" + file);
            }
            String[] all = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
            List<Line> lines = new ArrayList<>();
            for (int i = 0; i < all.length; i++) {
                String t = all[i];
                if (!t.isBlank() && !t.startsWith("#")) {
                    lines.add(new Line(i + 1, t));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String unescape(String s) {
        return s.replace("↵", "\n").replace("⇥", "\t");
    }
}
