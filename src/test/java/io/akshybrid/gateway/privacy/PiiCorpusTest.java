package io.akshybrid.gateway.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akshybrid.gateway.privacy.PiiScanner.Kind;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The privacy corpus run through the scanner directly: fast, and it names the exact case that fails. */
class PiiCorpusTest {

    static java.util.List<PrivacyCorpus.Redact> redactCases() {
        return PrivacyCorpus.redact();
    }

    static java.util.List<PrivacyCorpus.Keep> keepCases() {
        return PrivacyCorpus.keep();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("redactCases")
    void givenFreeTextWithPersonalData_whenRedacted_thenEachPartIsReplacedByItsKindAndTheRestKept(
            PrivacyCorpus.Redact c) {
        PiiScanner.Redacted r = PiiScanner.redact(c.sent());

        assertEquals(c.stored(), r.text());
        for (String personal : c.personal()) {
            assertFalse(r.text().contains(personal), personal + " is gone");
        }
        Kind kind = kind(c.kind());
        assertEquals(c.personal().size(), r.count(), r.found().toString());
        assertEquals(Optional.of(kind), PiiScanner.detect(c.sent()), "detect finds the same kind first");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keepCases")
    void givenBenignTechnicalText_whenRedacted_thenItIsKeptByteForByte(PrivacyCorpus.Keep c) {
        assertEquals(c.text(), PiiScanner.redact(c.text()).text());
        assertEquals(Optional.empty(), PiiScanner.detect(c.text()));
    }

    @Test
    void givenTheCorpus_whenItsKindsAreListed_thenEveryKindHasCasesToRedactAndTextIsKept() {
        Set<String> covered =
                redactCases().stream().map(PrivacyCorpus.Redact::kind).collect(Collectors.toSet());
        Set<String> all = Arrays.stream(Kind.values()).map(k -> k.label).collect(Collectors.toSet());
        assertEquals(all, covered);
        assertTrue(
                keepCases().size() >= 50,
                "a broad set of benign text: " + keepCases().size());
    }

    static Kind kind(String label) {
        return Arrays.stream(Kind.values())
                .filter(k -> k.label.equals(label))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no kind " + label));
    }
}
