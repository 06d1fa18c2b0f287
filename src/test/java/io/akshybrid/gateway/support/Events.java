package io.akshybrid.gateway.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/** Builds agent events and request bodies for tests: one valid event of each type, easy to spoil. */
public final class Events {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Events() {}

    public static String now() {
        return at(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1));
    }

    public static String at(OffsetDateTime t) {
        return t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    public static ObjectNode envelope(String type, String source, ObjectNode data) {
        ObjectNode e = F.objectNode();
        e.put("id", UUID.randomUUID().toString());
        e.put("type", type);
        e.put("source", source);
        e.put("time", now());
        e.set("data", data);
        return e;
    }

    public static ObjectNode hostOs() {
        ObjectNode d = F.objectNode()
                .put("osName", "Windows Server")
                .put("osVersion", "10.0.20348.2461")
                .put("model", "PowerEdge R750")
                .put("eventName", "HostBoot")
                .put("deviceId", "d-7f3a9c")
                .put("countryCode", "DE");
        d.putObject("flags").put("secureBoot", true).put("tpmVersion", 2);
        return envelope("host-os", "UTC", d);
    }

    public static ObjectNode controlPlane() {
        ObjectNode d = F.objectNode()
                .put("clusterCreatedAt", "2026-01-15T10:00:00Z")
                .put("podCount", 42)
                .put("nodeCount", 3)
                .put("vCoreCount", 24);
        d.putObject("metrics")
                .put("ha", true)
                .put("k8sVersion", "1.29.4")
                .put("etcdDbMb", 118)
                .put("cpuLoad", 0.37);
        return envelope("control-plane", "ADHS", d);
    }

    public static ObjectNode hostError() {
        return envelope(
                "host-error",
                "UTC",
                F.objectNode()
                        .put("platform", "AzureStackHCI")
                        .put("message", "VMMS failed to start the VM")
                        .put("stackTrace", "at Vmms.Start()\nat Host.Run()"));
    }

    public static ObjectNode marinerVm() {
        return envelope(
                "mariner-vm",
                "ADHS",
                F.objectNode()
                        .put("category", "auth")
                        .put("namespace", "kube-system")
                        .put("service", "sshd")
                        .put("status", "failed")
                        .put("message", "authentication failure"));
    }

    public static ObjectNode billing() {
        return envelope("billing", "UTC", F.objectNode().put("quantity", 16.5));
    }

    public static ObjectNode security() {
        return envelope(
                "security",
                "ADHS",
                F.objectNode()
                        .put("category", "certificate-renewal")
                        .put("component", "kube-apiserver")
                        .put("status", "renewed")
                        .put("detail", "renewed 30 days early"));
    }

    public static List<ObjectNode> oneOfEach() {
        return List.of(hostOs(), controlPlane(), hostError(), marinerVm(), billing(), security());
    }

    public static String body(List<? extends com.fasterxml.jackson.databind.JsonNode> events) {
        ObjectNode root = F.objectNode();
        ArrayNode arr = root.putArray("events");
        events.forEach(arr::add);
        return root.toString();
    }

    public static String body(com.fasterxml.jackson.databind.JsonNode... events) {
        return body(List.of(events));
    }

    public static UUID id(ObjectNode event) {
        return UUID.fromString(event.get("id").asText());
    }
}
