package io.akshybrid.gateway.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akshybrid.gateway.privacy.PrivacyCorpus;
import io.akshybrid.gateway.support.Events;
import java.time.Clock;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The identifier part of the privacy corpus ({@code privacy/identifiers.tsv}) through the validator:
 * identifiers that hold personal data refuse the event ({@code pii-detected}, naming the kind, never
 * the value); shaped fields admit their shape only.
 */
class IdentifierCorpusTest {

    final EventValidator validator = new EventValidator(
            Clock.systemUTC(), Period.ofDays(28), Duration.ofHours(1), Set.of("kube-system", "azure-arc"));

    static List<PrivacyCorpus.Identifier> cases() {
        return PrivacyCorpus.identifiers();
    }

    /** An event of the type that has {@code field}, with the field set to {@code value}. */
    static ObjectNode eventWith(String field, String value) {
        ObjectNode e = switch (field) {
            case "component" -> Events.security();
            case "service" -> Events.marinerVm();
            case "osName", "osVersion", "model", "eventName", "deviceId" -> Events.hostOs();
            default -> throw new IllegalArgumentException("identifiers.tsv: unknown field " + field);
        };
        ((ObjectNode) e.get("data")).put(field, value);
        return e;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void givenAnIdentifierOrShapedField_whenValidated_thenTheOutcomeIsTheCorpusOne(PrivacyCorpus.Identifier c) {
        Validated v = validator.validate(0, eventWith(c.field(), c.value()));

        if (c.outcome().equals("accepted")) {
            ValidEvent valid = assertInstanceOf(ValidEvent.class, v, () -> "expected acceptance, got " + v);
            assertEquals(c.value(), valid.data().get(c.field()).asText(), "stored as sent");
            return;
        }
        Rejection r = assertInstanceOf(Rejection.class, v, () -> "expected a rejection, got " + v);
        String[] outcome = c.outcome().split(":", 2);
        assertEquals(outcome[0], r.reason().label, r.detail());
        assertTrue(r.detail().startsWith("data." + c.field() + " "), r.detail());
        assertFalse(r.detail().contains(c.value()), "the detail does not repeat the value: " + r.detail());
        if (outcome.length == 2) {
            assertTrue(r.detail().endsWith("(" + outcome[1] + ")"), r.detail());
        } else if (c.field().equals("osVersion")) {
            assertTrue(r.detail().contains("must be a version such as 10.0.20348.2461"), r.detail());
        }
    }
}
