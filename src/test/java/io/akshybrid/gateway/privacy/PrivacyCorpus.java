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
 * {@code identifiers.tsv} (identifier and shaped fields, accepted or refused). Each file's header
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

    private static final Pattern PERSONAL = Pattern.compile("«([^»]*)»");

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
