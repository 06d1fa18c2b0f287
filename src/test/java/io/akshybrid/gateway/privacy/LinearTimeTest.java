package io.akshybrid.gateway.privacy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every detector's pattern on text shaped to cost it the most, at the largest size a field accepts
 * (a 64 KiB stack trace): near-misses at every position, findings at every position, candidates
 * that run to the end. Each is redacted and checked in well under a quarter of a second on a busy
 * two-core machine (tens of milliseconds when idle); a backtracking engine or a search restarted
 * from each candidate takes seconds to minutes on the same input. The shapes are in
 * {@link AdversarialShapes}.
 */
class LinearTimeTest {

    static final int MAX = AdversarialShapes.MAX;

    static Stream<String> shapes() {
        return AdversarialShapes.all();
    }

    @BeforeAll
    static void warmUp() {
        // The first runs load classes and compile the scan: not what is measured.
        for (int i = 0; i < 3; i++) {
            shapes().forEach(t -> {
                PiiScanner.redact(t, MAX);
                PiiScanner.detect(t);
            });
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("shapes")
    void givenTextShapedToCostADetectorTheMost_whenRedactedAndChecked_thenItTakesMilliseconds(String text) {
        long t0 = System.nanoTime();
        PiiScanner.Redacted r = PiiScanner.redact(text, MAX);
        PiiScanner.detect(text);
        long millis = (System.nanoTime() - t0) / 1_000_000;

        assertTrue(millis < 250, "scanned in " + millis + " ms");
        assertTrue(r.text().length() <= MAX, "within the bound");
    }
}
