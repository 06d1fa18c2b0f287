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
                "mac 00:1A:2B:3C:4D:5E",
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
        assertTrue(PiiScanner.luhn(number));
        char last = number.charAt(number.length() - 1);
        String changed = number.substring(0, number.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
        assertFalse(PiiScanner.luhn(changed), "one changed digit breaks the checksum");
    }

    @org.junit.jupiter.api.Test
    void givenSeveralFindings_whenRedacted_thenEachIsReplacedAndCounted() {
        PiiScanner.Redacted r = PiiScanner.redact("a@b.io and 10.0.0.1 and c@d.io");
        assertEquals(3, r.count());
        assertEquals("[redacted:email] and [redacted:ipv4] and [redacted:email]", r.text());
    }

    @Test
    void givenTextWhereNearlyEveryPositionIsARejectedCardCandidate_whenRedacted_thenPastTheBudgetTheRestIsRedacted() {
        String nearMisses = "1 ".repeat(2_000);
        PiiScanner.Redacted r = PiiScanner.redact("trace: " + nearMisses);

        assertTrue(r.text().startsWith("trace: "), r.text().substring(0, 20));
        assertTrue(r.text().endsWith("[redacted:card]"), "the unscannable rest errs on the side of redaction");
        assertTrue(r.text().length() < 7 + 2 * PiiScanner.REJECTED_CANDIDATES_BUDGET + 20, "bounded by the budget");
    }
}
