package io.akshybrid.gateway.api.openapi;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The agent API's request body as OpenAPI sees it. Documentation only: the gateway reads the body
 * itself ({@link io.akshybrid.gateway.events.EventValidator} is the authority on every rule).
 */
public final class EventSchemas {

    private EventSchemas() {}

    @Schema(name = "EventBatch", description = "Up to 1,000 events; 1 MiB on the wire, 8 MiB after gzip.")
    public record EventBatch(
            @Schema(required = true, maxItems = 1000) List<Event> events) {}

    @Schema(
            name = "Event",
            description = "One event. Unknown fields are not stored; the cluster comes from the credential.")
    public record Event(
            @Schema(required = true, description = "Chosen by the agent; the idempotency key together with time")
            UUID id,

            @Schema(
                    required = true,
                    enumeration = {"host-os", "control-plane", "host-error", "mariner-vm", "billing", "security"})
            String type,

            @Schema(
                    required = true,
                    enumeration = {"UTC", "ADHS"},
                    description = "host-os and host-error: UTC; mariner-vm: ADHS; the others: either")
            String source,

            @Schema(
                    required = true,
                    description = "RFC 3339 with offset; within the retention period and at most an hour ahead")
            OffsetDateTime time,

            @Schema(
                    required = true,
                    oneOf = {
                        HostOs.class,
                        ControlPlane.class,
                        HostError.class,
                        MarinerVm.class,
                        Billing.class,
                        Security.class
                    })
            Object data) {}

    @Schema(
            name = "HostOsData",
            description = "type host-os. Identifiers holding personal data make the event rejected (pii-detected).")
    public record HostOs(
            @Schema(required = true, maxLength = 128) String osName,

            @Schema(
                    required = true,
                    pattern = "^\\d+(\\.\\d+){0,5}([-+~][0-9A-Za-z.+~-]+)?$",
                    example = "10.0.20348.2461")
            String osVersion,

            @Schema(maxLength = 128) String model,
            @Schema(required = true, maxLength = 128) String eventName,
            @Schema(required = true, maxLength = 128) String deviceId,

            @Schema(required = true, description = "ISO 3166-1 alpha-2", example = "DE")
            String countryCode,

            @Schema(
                    description = "At most 64 entries; keys [A-Za-z][A-Za-z0-9_.-]{0,63}; integer or boolean values",
                    type = SchemaType.OBJECT)
            Map<String, Object> flags) {}

    @Schema(name = "ControlPlaneData", description = "type control-plane")
    public record ControlPlane(
            @Schema(required = true) OffsetDateTime clusterCreatedAt,
            @Schema(required = true, minimum = "0") long podCount,
            @Schema(required = true, minimum = "0") long nodeCount,
            @Schema(required = true, minimum = "0") long vCoreCount,

            @Schema(
                    description = "At most 64 entries; boolean, string (redacted), integer or double values",
                    type = SchemaType.OBJECT)
            Map<String, Object> metrics) {}

    @Schema(name = "HostErrorData", description = "type host-error. Free text is redacted: [redacted:<kind>].")
    public record HostError(
            @Schema(
                    required = true,
                    enumeration = {"WindowsServer", "AzureStackHCI"})
            String platform,

            @Schema(required = true, maxLength = 8192) String message,
            @Schema(maxLength = 65536) String stackTrace) {}

    @Schema(
            name = "MarinerVmData",
            description = "type mariner-vm. auth and app-error only from system namespaces "
                    + "(otherwise rejected: non-system-namespace).")
    public record MarinerVm(
            @Schema(
                    required = true,
                    enumeration = {"boot", "shutdown", "service-status", "kernel", "app-error", "auth"})
            String category,

            @Schema(description = "Required for auth and app-error")
            String namespace,

            @Schema(maxLength = 128) String service,
            @Schema(maxLength = 128) String status,
            @Schema(maxLength = 8192) String message) {}

    @Schema(name = "BillingData", description = "type billing. Stored in its region only; never forwarded.")
    public record Billing(
            @Schema(required = true, minimum = "0", description = "Cores, a finite number")
            double quantity) {}

    @Schema(name = "SecurityData", description = "type security")
    public record Security(
            @Schema(
                    required = true,
                    enumeration = {
                        "certificate-renewal",
                        "certificate-revocation",
                        "certificate-expiry",
                        "kms-key-status",
                        "kms-plugin-health"
                    })
            String category,

            @Schema(required = true, maxLength = 128) String component,
            @Schema(required = true, maxLength = 128) String status,
            @Schema(maxLength = 8192) String detail) {}

    @Schema(name = "Problem", description = "RFC 9457 problem details; the request stored nothing.")
    public record Problem(String type, String title, int status, String detail) {}
}
