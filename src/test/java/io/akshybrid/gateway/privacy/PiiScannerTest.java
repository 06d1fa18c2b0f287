package io.akshybrid.gateway.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akshybrid.gateway.privacy.PiiScanner.Kind;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PiiScannerTest {

    @ParameterizedTest(name = "{0} is found as {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "write to jane.doe+ops@contoso.co.uk now|EMAIL",
                "peer 192.168.10.254 closed|IPV4",
                "peer 2001:db8:85a3::8a2e:370:7334 closed|IPV6",
                "peer fe80::1 closed|IPV6",
                "peer 2001:0db8:0000:0000:0000:ff00:0042:8329 closed|IPV6",
                "call +49 30 12345678 please|PHONE",
                "call (425) 555-0100 please|PHONE",
                "call 425-555-0100 please|PHONE",
                "card 4111 1111 1111 1111 used|CARD",
                "card 5500-0000-0000-0004 used|CARD",
                "ssn 123-45-6789 on file|SSN",
                "opened C:\\Users\\jdoe\\Documents\\a.txt|USER_PATH",
                "opened /home/jdoe/.kube/config|USER_PATH",
                "opened /Users/jdoe/Library|USER_PATH",
                "header Authorization: Bearer abcdefghijklmnop.qrs|TOKEN",
                "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig_nature-x|TOKEN",
                "mac 00:1A:2B:3C:4D:5E|MAC",
                "owner S-1-5-21-3623811015-3361044348-30300820-1013|SID",
                "Server=db;Password=hunter2;|CREDENTIAL",
            })
    void givenTextWithPersonalData_whenScanned_thenTheKindIsFoundAndRedacted(String text, Kind kind) {
        assertEquals(Optional.of(kind), PiiScanner.detect(text));
        PiiScanner.Redacted r = PiiScanner.redact(text);
        assertEquals(1, r.count(), r.text());
        assertTrue(r.text().contains("[redacted:" + kind.label + "]"), r.text());
    }

    @ParameterizedTest(name = "{0} is not personal data")
    @ValueSource(
            strings = {
                "VMMS failed to start the VM",
                "d-7f3a9c",
                "PowerEdge R750",
                "kube-apiserver",
                "at std::vector<int>::push_back",
                "retrying in 08:00:00",
                "exit code 0x80070005",
                "card 4111 1111 1111 1112 fails Luhn",
                "build 10.0.20348.2461",
                "2026-11-29T08:00:00Z",
                "ssn-like 000-12-3456",
            })
    void givenOrdinaryOperationalText_whenScanned_thenNothingIsFound(String text) {
        assertEquals(Optional.empty(), PiiScanner.detect(text));
        assertEquals(text, PiiScanner.redact(text).text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111111111111111", "378282246310005", "6011 1111 1111 1117"})
    void givenValidCardNumbers_whenLuhnChecked_thenTheyPass(String number) {
        assertTrue(Detectors.luhn(number, 0, number.length()));
        char last = number.charAt(number.length() - 1);
        String changed = number.substring(0, number.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
        assertFalse(Detectors.luhn(changed, 0, changed.length()), "one changed digit breaks the checksum");
    }

    @org.junit.jupiter.api.Test
    void givenSeveralFindings_whenRedacted_thenEachIsReplacedAndCounted() {
        PiiScanner.Redacted r = PiiScanner.redact("a@b.io and 10.0.0.1 and c@d.io");
        assertEquals(3, r.count());
        assertEquals("[redacted:email] and [redacted:ipv4] and [redacted:email]", r.text());
    }

    @Test
    void givenTextWhereNearlyEveryPositionIsARejectedCardCandidate_whenRedacted_thenPastTheBudgetTheRestIsRedacted() {
        // Each group is a card-shaped candidate that Luhn rejects.
        String nearMisses = "4111-1111-1111-1112 ".repeat(2_000);
        PiiScanner.Redacted r = PiiScanner.redact("trace: ok " + nearMisses);

        // From the first rejected candidate of the run on, the rest errs on the side of redaction.
        assertEquals("trace: ok [redacted:card]", r.text());
    }

    @Test
    void givenATextWhoseMarkersOutgrowItsBound_whenRedactedWithinTheBound_thenItIsCutBeforeAWholeMarker() {
        // 8,192 characters of short addresses: each "10.1.2.3 " (9) becomes "[redacted:ipv4] " (16).
        String text = "10.1.2.3 ".repeat(910) + "x".repeat(2);
        assertEquals(8_192, text.length());

        PiiScanner.Redacted r = PiiScanner.redact(text, 8_192);

        assertTrue(r.text().length() <= 8_192, "length " + r.text().length());
        assertTrue(r.text().length() > 8_192 - "[redacted:ipv4] ".length(), "cut near the bound, not before");
        assertTrue(r.text().endsWith("[redacted:ipv4] ") || r.text().endsWith("[redacted:ipv4]"), r.text());
        assertFalse(r.text().contains("10.1.2.3"));
        assertEquals(910, r.count(), "every finding counted, also those cut off");
    }

    @Test
    void givenACutThatFallsInsideAMarker_whenKeptWithin_thenTheMarkerIsDroppedWhole() {
        String redacted = "abc [redacted:email] def";

        assertEquals("abc ", PiiScanner.within(redacted, 10));
        assertEquals("abc [redacted:email]", PiiScanner.within(redacted, 20));
        assertEquals("abc [redacted:email] d", PiiScanner.within(redacted, 22));
        assertEquals(redacted, PiiScanner.within(redacted, 100));
    }

    @Test
    void givenACutThatFallsInsideASurrogatePair_whenKeptWithin_thenThePairIsNotSplit() {
        assertEquals("ab", PiiScanner.within("ab\uD83D\uDE00cd", 3));
    }

    @ParameterizedTest(name = "{0} is a version")
    @ValueSource(strings = {"10.0.20348.2461", "5.15.153.1-2.cm2", "4.18.0-513.el8.x86_64", "1.29.4+k3s1", "7"})
    void givenVersions_whenChecked_thenTheyAreVersions(String v) {
        assertTrue(Versions.isVersion(v));
    }

    @ParameterizedTest(name = "{0} is not a version")
    @ValueSource(
            strings = {"10.0-alice.contoso.com", "10.0-bob", "", "1.2.3.4.5.6.7", "1..2", "1.0-", "v1.0", "1.0-rc 1"})
    void givenTextThatIsNotOnlyAVersion_whenChecked_thenItIsNotAVersion(String v) {
        assertFalse(Versions.isVersion(v));
    }
}
