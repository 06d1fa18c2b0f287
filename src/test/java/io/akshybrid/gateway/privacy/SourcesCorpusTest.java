package io.akshybrid.gateway.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The labelled corpus of source lines ({@code sources.tsv}) through the scanner: every labelled part
 * is replaced by its kind's marker and nothing else changes (100% recall, no false positives), line by
 * line. {@link PrivacyScore} prints the same comparison as figures per kind.
 */
class SourcesCorpusTest {

    static List<PrivacyCorpus.Source> lines() {
        return PrivacyCorpus.sources();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void givenALineAsItsSourcePrintsIt_whenRedacted_thenExactlyTheLabelledPartsAreReplaced(PrivacyCorpus.Source c) {
        PiiScanner.Redacted r = PiiScanner.redact(c.sent());

        assertEquals(c.stored(), r.text());
        assertEquals(c.spans().size(), r.count(), r.found().toString());
        for (PrivacyCorpus.Span span : c.spans()) {
            assertFalse(r.text().contains(span.text()), span.text() + " is gone");
        }
        if (c.keep()) {
            assertEquals(Optional.empty(), PiiScanner.detect(c.sent()), "nothing is detected in a line kept whole");
        } else {
            assertTrue(PiiScanner.detect(c.sent()).isPresent(), "detect finds something where redact does");
        }
    }

    @Test
    void givenTheCorpus_whenItsSourcesAndKindsAreCounted_thenItIsBroadEnough() {
        List<PrivacyCorpus.Source> all = lines();
        Set<String> sources = all.stream().map(PrivacyCorpus.Source::source).collect(Collectors.toSet());
        Set<String> kinds = all.stream()
                .flatMap(c -> c.spans().stream())
                .map(PrivacyCorpus.Span::kind)
                .collect(Collectors.toSet());

        assertTrue(all.size() >= 400, "at least 400 lines: " + all.size());
        assertEquals(
                Set.of(
                        "windows-event",
                        "journald",
                        "kubelet",
                        "containerd",
                        "kube-audit",
                        "ingress",
                        "dotnet",
                        "java",
                        "go",
                        "python",
                        "powershell",
                        "iptables",
                        "tcpdump",
                        "dmesg"),
                sources);
        assertEquals(
                Set.of(PiiScanner.Kind.values()).stream().map(k -> k.label).collect(Collectors.toSet()),
                kinds,
                "every kind is labelled somewhere");
        assertTrue(all.stream().filter(PrivacyCorpus.Source::keep).count() >= 200, "at least 200 lines kept whole");
    }
}
