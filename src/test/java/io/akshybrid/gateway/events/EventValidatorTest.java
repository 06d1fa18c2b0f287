package io.akshybrid.gateway.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akshybrid.gateway.support.Events;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each validation and privacy rule of the event schemas, one event at a time. */
class EventValidatorTest {

    final EventValidator validator = new EventValidator(
            Clock.systemUTC(), Period.ofDays(28), Duration.ofHours(1), Set.of("kube-system", "azure-arc"));

    Rejection rejectionOf(ObjectNode event) {
        Validated o = validator.validate(0, event);
        assertInstanceOf(Rejection.class, o, () -> "expected a rejection of " + event);
        return (Rejection) o;
    }

    ValidEvent validOf(ObjectNode event) {
        Validated o = validator.validate(0, event);
        assertInstanceOf(ValidEvent.class, o, () -> "expected acceptance, got " + o);
        return (ValidEvent) o;
    }

    static ObjectNode with(Supplier<ObjectNode> base, Consumer<ObjectNode> dataChange) {
        ObjectNode e = base.get();
        dataChange.accept((ObjectNode) e.get("data"));
        return e;
    }

    static Supplier<ObjectNode> base(String type) {
        return switch (type) {
            case "host-os" -> Events::hostOs;
            case "control-plane" -> Events::controlPlane;
            case "host-error" -> Events::hostError;
            case "mariner-vm" -> Events::marinerVm;
            case "billing" -> Events::billing;
            default -> Events::security;
        };
    }

    @Test
    void givenOneValidEventOfEachType_whenValidated_thenEachIsAccepted() {
        for (ObjectNode e : Events.oneOfEach()) {
            ValidEvent v = validOf(e);
            assertEquals(e.get("type").asText(), v.type().wireName);
        }
    }

    @ParameterizedTest(name = "{0}: data.{1} = {2} -> {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "host-os|osVersion|not a version|invalid-field",
                "host-os|osVersion|<missing>|missing-field",
                "host-os|countryCode|XX|invalid-field",
                "host-os|countryCode|DEU|invalid-field",
                "host-os|deviceId|<missing>|missing-field",
                "host-os|deviceId|jane@contoso.com|pii-detected",
                "host-os|model|10.1.2.3|pii-detected",
                "host-os|eventName|<missing>|missing-field",
                "host-os|osName|<missing>|missing-field",
                "control-plane|clusterCreatedAt|yesterday|invalid-field",
                "control-plane|clusterCreatedAt|2026-01-15 10:00|invalid-field",
                "control-plane|podCount|#-1|invalid-field",
                "control-plane|nodeCount|#2.5|invalid-field",
                "control-plane|vCoreCount|three|invalid-field",
                "control-plane|podCount|<missing>|missing-field",
                "host-error|platform|Linux|invalid-field",
                "host-error|message|<missing>|missing-field",
                "mariner-vm|category|reboot|invalid-field",
                "mariner-vm|namespace|<missing>|missing-field",
                "mariner-vm|namespace|default|non-system-namespace",
                "mariner-vm|namespace|Not_A_Namespace|invalid-field",
                "mariner-vm|service|svc-for-bob@contoso.com|pii-detected",
                "billing|quantity|#-1|invalid-field",
                "billing|quantity|four|invalid-field",
                "billing|quantity|<missing>|missing-field",
                "security|category|certificate-theft|invalid-field",
                "security|component|<missing>|missing-field",
                "security|status|<missing>|missing-field",
                "security|component|/home/jdoe/kms|pii-detected",
            })
    void givenAFieldThatBreaksItsRule_whenValidated_thenTheEventIsRejectedWithTheReason(
            String type, String field, String value, String reason) {
        ObjectNode e = with(base(type), d -> {
            if (value.equals("<missing>")) {
                d.remove(field);
            } else if (value.startsWith("#")) {
                d.put(field, Double.parseDouble(value.substring(1)));
            } else {
                d.put(field, value);
            }
        });
        Rejection r = rejectionOf(e);
        assertEquals(reason, r.reason().label, r.detail());
        assertTrue(r.detail().contains("data." + field), r.detail());
        assertEquals(e.get("id").asText(), r.id());
    }

    @Test
    void givenAnOsVersionLikeAnIpAddress_whenValidated_thenItIsAcceptedAsAVersion() {
        ValidEvent v = validOf(with(Events::hostOs, d -> d.put("osVersion", "5.15.153.1")));
        assertEquals("5.15.153.1", v.data().get("osVersion").asText());
        assertEquals(0, v.redactions().total());
    }

    @Test
    void givenALowerCaseCountryCode_whenValidated_thenItIsStoredUpperCase() {
        assertEquals(
                "DE",
                validOf(with(Events::hostOs, d -> d.put("countryCode", "de")))
                        .data()
                        .get("countryCode")
                        .asText());
    }

    @Test
    void givenMarinerEventsOfOtherCategories_whenNoNamespace_thenTheyAreAccepted() {
        validOf(with(Events::marinerVm, d -> {
            d.put("category", "kernel");
            d.remove("namespace");
        }));
        validOf(with(Events::marinerVm, d -> d.put("namespace", "azure-arc")));
    }

    @Test
    void givenFlags_whenValuesAreNotIntegerOrBoolean_thenRejected() {
        assertEquals(
                "invalid-field",
                rejectionOf(with(Events::hostOs, d -> ((ObjectNode) d.get("flags")).put("mode", "x")))
                        .reason()
                        .label);
        assertEquals(
                "invalid-field",
                rejectionOf(with(Events::hostOs, d -> ((ObjectNode) d.get("flags")).put("ratio", 0.5)))
                        .reason()
                        .label);
        assertEquals(
                "invalid-field",
                rejectionOf(with(Events::hostOs, d -> ((ObjectNode) d.get("flags")).putObject("nested")))
                        .reason()
                        .label);
        assertEquals(
                "invalid-field",
                rejectionOf(with(Events::hostOs, d -> ((ObjectNode) d.get("flags")).put("9lives", 1)))
                        .reason()
                        .label);
    }

    @Test
    void givenAMapOver64Entries_whenValidated_thenRejected() {
        Rejection r = rejectionOf(with(Events::controlPlane, d -> {
            ObjectNode m = d.putObject("metrics");
            for (int i = 0; i < 65; i++) {
                m.put("m" + i, i);
            }
        }));
        assertEquals("invalid-field", r.reason().label);
        assertTrue(r.detail().contains("64"), r.detail());
    }

    @Test
    void givenAMapKeyHoldingPersonalData_whenValidated_thenRejectedAsPii() {
        assertEquals(
                "pii-detected",
                rejectionOf(with(Events::controlPlane, d -> ((ObjectNode) d.get("metrics")).put("node.10.0.0.12", 1)))
                        .reason()
                        .label);
    }

    @Test
    void givenStringMetricValues_whenTheyHoldPersonalData_thenTheyAreRedacted() {
        ValidEvent v = validOf(
                with(Events::controlPlane, d -> ((ObjectNode) d.get("metrics")).put("lastAdmin", "ops@contoso.com")));
        assertEquals(
                "[redacted:email]", v.data().get("metrics").get("lastAdmin").asText());
        assertEquals(1, v.redactions().total());
    }

    @Test
    void givenOversizedStrings_whenValidated_thenRejected() {
        assertEquals(
                "invalid-field",
                rejectionOf(with(Events::hostError, d -> d.put("message", "x".repeat(8 * 1024 + 1))))
                        .reason()
                        .label);
        validOf(with(Events::hostError, d -> d.put("message", "x".repeat(8 * 1024))));
        assertEquals(
                "invalid-field",
                rejectionOf(with(Events::hostError, d -> d.put("stackTrace", "x".repeat(64 * 1024 + 1))))
                        .reason()
                        .label);
        assertEquals(
                "invalid-field",
                rejectionOf(with(Events::hostOs, d -> d.put("deviceId", "d".repeat(129))))
                        .reason()
                        .label);
    }

    @Test
    void givenNulAndLoneSurrogatesInFreeText_whenValidated_thenTheyNeverReachStorage() {
        ValidEvent v = validOf(with(Events::hostError, d -> d.put("message", "a\u0000b\uD800c\uDC00d\uD83D\uDE00")));
        assertEquals("ab\uFFFDc\uFFFDd\uD83D\uDE00", v.data().get("message").asText());
        assertEquals(
                "invalid-field",
                rejectionOf(with(Events::hostOs, d -> d.put("deviceId", "d\u0000x")))
                        .reason()
                        .label);
    }

    @Test
    void givenUnknownFields_whenValidated_thenTheyAreDropped() {
        ValidEvent v = validOf(with(Events::billing, d -> d.put("customerName", "Contoso")));
        assertFalse(v.data().has("customerName"));
        assertEquals(16.5, v.cores());
    }

    @ParameterizedTest(name = "envelope {0} = {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "id|<missing>|missing-field",
                "id|42|invalid-field",
                "type|<missing>|missing-field",
                "type|telemetry|unknown-type",
                "source|<missing>|missing-field",
                "source|SNMP|invalid-field",
                "time|<missing>|missing-field",
                "time|2026-11-29T08:00:00|invalid-field",
                "time|2026-11-29|invalid-field",
                "time|2026-02-30T08:00:00Z|invalid-field",
                "data|<missing>|missing-field",
                "data|text|invalid-field",
            })
    void givenABrokenEnvelope_whenValidated_thenRejectedWithTheReason(String field, String value, String reason) {
        ObjectNode e = Events.hostOs();
        if (value.equals("<missing>")) {
            e.remove(field);
        } else if (field.equals("id") && value.equals("42")) {
            e.put("id", 42);
        } else {
            e.put(field, value);
        }
        assertEquals(reason, rejectionOf(e).reason().label);
    }

    @Test
    void givenASourceTheTypeDoesNotComeFrom_whenValidated_thenRejected() {
        ObjectNode e = Events.hostOs();
        e.put("source", "ADHS");
        assertEquals("source-not-allowed", rejectionOf(e).reason().label);
        ObjectNode m = Events.marinerVm();
        m.put("source", "UTC");
        assertEquals("source-not-allowed", rejectionOf(m).reason().label);
    }

    @Test
    void givenANonObjectEvent_whenValidated_thenRejectedAsInvalidEvent() {
        Validated o = validator.validate(3, com.fasterxml.jackson.databind.node.TextNode.valueOf("x"));
        assertEquals("invalid-event", ((Rejection) o).reason().label);
        assertEquals(3, o.index());
    }

    @Test
    void givenAFixedClock_whenTimesAreAtTheEdges_thenTheWindowIsRetentionBackAndAnHourAhead() {
        Instant now = Instant.parse("2026-11-29T12:00:00Z");
        EventValidator v =
                new EventValidator(Clock.fixed(now, ZoneOffset.UTC), Period.ofDays(28), Duration.ofHours(1), Set.of());
        ObjectNode e = Events.billing();
        e.put("time", "2026-11-01T12:00:01Z");
        assertInstanceOf(ValidEvent.class, v.validate(0, e));
        e.put("time", "2026-11-01T11:59:59Z");
        assertEquals("too-old", ((Rejection) v.validate(0, e)).reason().label);
        e.put("time", "2026-11-29T13:00:00Z");
        assertInstanceOf(ValidEvent.class, v.validate(0, e));
        e.put("time", "2026-11-29T13:00:01Z");
        assertEquals("too-far-in-future", ((Rejection) v.validate(0, e)).reason().label);
        e.put("time", "2026-11-29T13:30:00.1234567+01:00");
        ValidEvent ok = (ValidEvent) v.validate(0, e);
        assertEquals("2026-11-29T12:30:00.123456Z", ok.time().toString(), "UTC, truncated to microseconds");
    }
}
