package io.akshybrid.gateway.privacy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints the scanner's recall and false positives per kind on the labelled corpus of source lines
 * ({@code src/test/resources/privacy/sources.tsv}). Run it with
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.mainClass=io.akshybrid.gateway.privacy.PrivacyScore -Dexec.classpathScope=test
 * </pre>
 *
 * A labelled part is caught when the stored text no longer holds it; a false positive is a marker of
 * a kind beyond what the line's labels call for (so a part redacted as the wrong kind counts as a
 * false positive of that kind). The exit status is 1 when anything is missed or added.
 */
public final class PrivacyScore {

    private PrivacyScore() {}

    /** The figures of one kind. */
    static final class Figures {
        int labelled;
        int caught;
        int falsePositives;
    }

    /** Figures per kind label, in the scanner's order, for {@code lines}. */
    static Map<String, Figures> score(List<PrivacyCorpus.Source> lines) {
        Map<String, Figures> byKind = new LinkedHashMap<>();
        for (PiiScanner.Kind k : PiiScanner.Kind.values()) {
            byKind.put(k.label, new Figures());
        }
        for (PrivacyCorpus.Source line : lines) {
            String out = PiiScanner.redact(line.sent()).text();
            for (PrivacyCorpus.Span span : line.spans()) {
                Figures f = byKind.get(span.kind());
                f.labelled++;
                if (count(out, span.text()) <= count(line.stored(), span.text())) {
                    f.caught++;
                }
            }
            for (PiiScanner.Kind k : PiiScanner.Kind.values()) {
                int extra = count(out, k.marker()) - count(line.stored(), k.marker());
                if (extra > 0) {
                    byKind.get(k.label).falsePositives += extra;
                }
            }
        }
        return byKind;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    public static void main(String[] args) {
        List<PrivacyCorpus.Source> lines = PrivacyCorpus.sources();
        Map<String, Figures> byKind = score(lines);
        long kept = lines.stream().filter(PrivacyCorpus.Source::keep).count();
        long exact = lines.stream()
                .filter(l -> PiiScanner.redact(l.sent()).text().equals(l.stored()))
                .count();
        System.out.printf("%-12s %9s %7s %8s %16s%n", "kind", "labelled", "caught", "recall", "false positives");
        Figures all = new Figures();
        for (Map.Entry<String, Figures> e : byKind.entrySet()) {
            Figures f = e.getValue();
            print(e.getKey(), f);
            all.labelled += f.labelled;
            all.caught += f.caught;
            all.falsePositives += f.falsePositives;
        }
        print("all", all);
        System.out.printf(
                "%nlines: %d (%d kept whole, %d with labelled parts); stored exactly as labelled: %d%n",
                lines.size(), kept, lines.size() - kept, exact);
        if (all.caught < all.labelled || all.falsePositives > 0 || exact < lines.size()) {
            System.exit(1);
        }
    }

    private static void print(String kind, Figures f) {
        String recall = f.labelled == 0 ? "-" : String.format("%.1f%%", 100.0 * f.caught / f.labelled);
        System.out.printf("%-12s %9d %7d %8s %16d%n", kind, f.labelled, f.caught, recall, f.falsePositives);
    }
}
