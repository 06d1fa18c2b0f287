package io.akshybrid.gateway.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akshybrid.gateway.config.GatewayConfig;
import io.akshybrid.gateway.events.FieldReader.MapValues;
import io.akshybrid.gateway.events.FieldReader.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Checks one event against the contract (envelope, then the schema of its type) and applies the
 * privacy rules. Returns either a {@link ValidEvent} holding only known, redacted fields, or a
 * {@link Rejection} with a reason and a detail that names the field. Pure CPU work: safe on the
 * event loop.
 */
@ApplicationScoped
public class EventValidator {

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?");
    static final Set<String> SOURCES = Set.of("UTC", "ADHS");
    static final Set<String> PLATFORMS = Set.of("WindowsServer", "AzureStackHCI");
    static final Set<String> MARINER_CATEGORIES =
            Set.of("boot", "shutdown", "service-status", "kernel", "app-error", "auth");
    static final Set<String> NAMESPACED_CATEGORIES = Set.of("app-error", "auth");
    static final Set<String> SECURITY_CATEGORIES = Set.of(
            "certificate-renewal",
            "certificate-revocation",
            "certificate-expiry",
            "kms-key-status",
            "kms-plugin-health");

    private final Clock clock;
    private final Period retention;
    private final Duration futureTolerance;
    private final Set<String> systemNamespaces;

    @Inject
    public EventValidator(GatewayConfig config) {
        this(
                Clock.systemUTC(),
                config.retention().period(),
                config.retention().futureTolerance(),
                Set.copyOf(config.privacy().systemNamespaces()));
    }

    EventValidator(Clock clock, Period retention, Duration futureTolerance, Set<String> systemNamespaces) {
        this.clock = clock;
        this.retention = retention;
        this.futureTolerance = futureTolerance;
        this.systemNamespaces = new HashSet<>(systemNamespaces);
    }

    public Validated validate(int index, JsonNode event) {
        if (!(event instanceof ObjectNode e)) {
            return rejected(index, null, RejectionReason.INVALID_EVENT, "events[" + index + "] must be an object");
        }
        String rawId = e.path("id").isTextual() ? e.get("id").textValue() : null;
        String shownId = rawId != null
                        && rawId.length() <= 64
                        && UUID_TEXT.matcher(rawId).matches()
                ? rawId
                : null;
        try {
            return check(index, e, rawId);
        } catch (Refusal r) {
            return rejected(index, shownId, r.reason, r.getMessage());
        }
    }

    private static Rejection rejected(int index, String id, RejectionReason reason, String detail) {
        return new Rejection(index, id, reason, detail);
    }

    private ValidEvent check(int index, ObjectNode e, String rawId) {
        FieldReader envelope = new FieldReader(e, "");
        if (rawId == null) {
            throw new Refusal(
                    e.hasNonNull("id") ? RejectionReason.INVALID_FIELD : RejectionReason.MISSING_FIELD,
                    e.hasNonNull("id") ? "id must be a UUID string" : "id is required");
        }
        if (!UUID_TEXT.matcher(rawId).matches()) {
            throw new Refusal(
                    RejectionReason.INVALID_FIELD, "id must be a UUID such as 0d6f6a34-2c8e-4a8e-9a57-3f1f8f0c2b11");
        }
        UUID id = UUID.fromString(rawId.toLowerCase(Locale.ROOT));
        JsonNode typeNode = e.get("type");
        if (typeNode == null || typeNode.isNull()) {
            throw new Refusal(RejectionReason.MISSING_FIELD, "type is required");
        }
        EventType type = EventType.fromWire(typeNode.asText())
                .filter(t -> typeNode.isTextual())
                .orElseThrow(() -> new Refusal(
                        RejectionReason.UNKNOWN_TYPE,
                        "type must be one of host-os, control-plane, host-error, mariner-vm, billing, security"));
        String sourceText = envelope.enumValue("source", true, SOURCES);
        EventSource source = EventSource.valueOf(sourceText);
        if (!type.sources.contains(source)) {
            throw new Refusal(
                    RejectionReason.SOURCE_NOT_ALLOWED,
                    type.wireName + " events come from "
                            + String.join(
                                    " or ",
                                    type.sources.stream().map(Enum::name).toList()) + ", not " + source);
        }
        JsonNode timeNode = e.get("time");
        if (timeNode == null || timeNode.isNull()) {
            throw new Refusal(RejectionReason.MISSING_FIELD, "time is required");
        }
        if (!timeNode.isTextual()) {
            throw new Refusal(RejectionReason.INVALID_FIELD, "time must be an RFC 3339 date-time string");
        }
        OffsetDateTime time = FieldReader.parseTime("time", timeNode.textValue());
        checkAge(time);
        JsonNode dataNode = e.get("data");
        if (dataNode == null || dataNode.isNull()) {
            throw new Refusal(RejectionReason.MISSING_FIELD, "data is required");
        }
        if (!(dataNode instanceof ObjectNode data)) {
            throw new Refusal(RejectionReason.INVALID_FIELD, "data must be an object");
        }
        FieldReader r = new FieldReader(data, "data.");
        switch (type) {
            case HOST_OS -> hostOs(r);
            case CONTROL_PLANE -> controlPlane(r);
            case HOST_ERROR -> hostError(r);
            case MARINER_VM -> marinerVm(r);
            case BILLING -> r.nonNegativeFinite("quantity", true);
            case SECURITY -> security(r);
        }
        return new ValidEvent(index, id, type, source, time, r.result(), r.redactions());
    }

    private void checkAge(OffsetDateTime time) {
        Instant now = clock.instant();
        Instant oldest = now.atOffset(ZoneOffset.UTC).minus(retention).toInstant();
        if (time.toInstant().isBefore(oldest)) {
            throw new Refusal(
                    RejectionReason.TOO_OLD,
                    "time is older than the retention period (" + retention + "); the event would be deleted at once");
        }
        if (time.toInstant().isAfter(now.plus(futureTolerance))) {
            throw new Refusal(
                    RejectionReason.TOO_FAR_IN_FUTURE,
                    "time is more than " + futureTolerance.toMinutes()
                            + " minutes in the future; check the sender's clock");
        }
    }

    private static void hostOs(FieldReader r) {
        r.identifier("osName", true);
        r.version("osVersion", true);
        r.identifier("model", false);
        r.identifier("eventName", true);
        r.identifier("deviceId", true);
        r.countryCode("countryCode", true);
        r.map("flags", MapValues.INTEGER_OR_BOOLEAN);
    }

    private static void controlPlane(FieldReader r) {
        r.dateTime("clusterCreatedAt", true);
        r.nonNegativeInteger("podCount", true);
        r.nonNegativeInteger("nodeCount", true);
        r.nonNegativeInteger("vCoreCount", true);
        r.map("metrics", MapValues.SCALAR);
    }

    private static void hostError(FieldReader r) {
        r.enumValue("platform", true, PLATFORMS);
        r.freeText("message", true, FieldReader.MESSAGE_MAX);
        r.freeText("stackTrace", false, FieldReader.STACK_TRACE_MAX);
    }

    private void marinerVm(FieldReader r) {
        String category = r.enumValue("category", true, MARINER_CATEGORIES);
        boolean namespaced = NAMESPACED_CATEGORIES.contains(category);
        String namespace = r.identifier("namespace", namespaced);
        if (namespace != null) {
            if (!NAMESPACE.matcher(namespace).matches()) {
                throw r.invalid("namespace", "must be a Kubernetes namespace name");
            }
            if (namespaced && !systemNamespaces.contains(namespace)) {
                throw new Refusal(
                        RejectionReason.NON_SYSTEM_NAMESPACE,
                        "mariner-vm " + category
                                + " events are collected only from system namespaces; data.namespace is not one");
            }
        }
        r.identifier("service", false);
        r.identifier("status", false);
        r.freeText("message", false, FieldReader.MESSAGE_MAX);
    }

    private static void security(FieldReader r) {
        r.enumValue("category", true, SECURITY_CATEGORIES);
        r.identifier("component", true);
        r.identifier("status", true);
        r.freeText("detail", false, FieldReader.MESSAGE_MAX);
    }
}
