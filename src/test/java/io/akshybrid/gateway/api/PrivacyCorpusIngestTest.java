package io.akshybrid.gateway.api;

import static io.akshybrid.gateway.support.Agent.post;
import static io.akshybrid.gateway.support.Events.body;
import static io.akshybrid.gateway.support.ShardDatabases.query;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akshybrid.gateway.privacy.PrivacyCorpus;
import io.akshybrid.gateway.support.Events;
import io.akshybrid.gateway.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The privacy corpus ({@code src/test/resources/privacy/}) through the whole ingest path: posted to
 * {@code /v1/events} on the running gateway, then read back from the region's shard. What is stored
 * is what the corpus says, byte for byte: personal data replaced by its kind's marker, benign text
 * unchanged, identifiers accepted or the event refused.
 */
@QuarkusTest
class PrivacyCorpusIngestTest {

    static final String EAST = "shard_eastus";

    /** {@code field} of each stored event by id, from the shard. */
    static Map<String, String> stored(List<ObjectNode> events, String field) {
        String ids = events.stream().map(e -> "'" + Events.id(e) + "'").collect(Collectors.joining(","));
        Map<String, String> byId = new HashMap<>();
        for (Map<String, Object> row : query(
                EAST,
                "SELECT event_id::text AS id, payload->>'" + field + "' AS v FROM telemetry_events WHERE event_id IN ("
                        + ids + ")")) {
            byId.put((String) row.get("id"), (String) row.get("v"));
        }
        return byId;
    }

    static ObjectNode hostErrorWithMessage(String message) {
        ObjectNode e = Events.hostError();
        ((ObjectNode) e.get("data")).put("message", message);
        return e;
    }

    @Test
    void givenTheCorpusOfPersonalData_whenPostedAsMessages_thenTheShardHoldsMarkersInsteadAndNothingElseChanged() {
        List<PrivacyCorpus.Redact> cases = PrivacyCorpus.redact();
        List<ObjectNode> events =
                cases.stream().map(c -> hostErrorWithMessage(c.sent())).toList();
        int personal = cases.stream().mapToInt(c -> c.personal().size()).sum();
        String metricsBefore = Metrics.scrape();

        post("east-1-token", body(events))
                .statusCode(200)
                .body("accepted", equalTo(cases.size()))
                .body("redactions", equalTo(personal));

        Map<String, String> byId = stored(events, "message");
        List<Executable> checks = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            PrivacyCorpus.Redact c = cases.get(i);
            String got = byId.get(Events.id(events.get(i)).toString());
            checks.add(() -> {
                assertEquals(c.stored(), got, c.toString());
                for (String p : c.personal()) {
                    assertFalse(got.contains(p), c + ": " + p + " is not stored");
                }
            });
        }
        assertAll(checks);
        String metricsAfter = Metrics.scrape();
        Map<String, Long> perKind = cases.stream()
                .collect(Collectors.groupingBy(
                        PrivacyCorpus.Redact::kind,
                        Collectors.summingLong(c -> c.personal().size())));
        perKind.forEach((kind, n) -> {
            String series = "gateway_redactions_total{kind=\"" + kind + "\"}";
            assertEquals(
                    (double) n, Metrics.value(metricsAfter, series) - Metrics.value(metricsBefore, series), series);
        });
    }

    @Test
    void givenTheCorpusOfBenignText_whenPostedAsMessages_thenTheShardHoldsItByteForByte() {
        List<PrivacyCorpus.Keep> cases = PrivacyCorpus.keep();
        List<ObjectNode> events =
                cases.stream().map(c -> hostErrorWithMessage(c.text())).toList();

        post("east-1-token", body(events))
                .statusCode(200)
                .body("accepted", equalTo(cases.size()))
                .body("redactions", equalTo(0));

        Map<String, String> byId = stored(events, "message");
        List<Executable> checks = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            PrivacyCorpus.Keep c = cases.get(i);
            String got = byId.get(Events.id(events.get(i)).toString());
            checks.add(() -> assertEquals(c.text(), got, c.toString()));
        }
        assertAll(checks);
    }

    @Test
    void givenTheLabelledSourceLines_whenPostedAsMessages_thenTheShardHoldsEachAsLabelledByteForByte() {
        List<PrivacyCorpus.Source> cases = PrivacyCorpus.sources();
        List<ObjectNode> events =
                cases.stream().map(c -> hostErrorWithMessage(c.sent())).toList();
        // In requests of 100, as an agent sends them.
        for (int from = 0; from < events.size(); from += 100) {
            List<ObjectNode> request = events.subList(from, Math.min(events.size(), from + 100));
            int labelled = cases.subList(from, from + request.size()).stream()
                    .mapToInt(c -> c.spans().size())
                    .sum();
            post("east-1-token", body(request))
                    .statusCode(200)
                    .body("accepted", equalTo(request.size()))
                    .body("redactions", equalTo(labelled));
        }

        Map<String, String> byId = stored(events, "message");
        List<Executable> checks = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            PrivacyCorpus.Source c = cases.get(i);
            String got = byId.get(Events.id(events.get(i)).toString());
            checks.add(() -> {
                assertEquals(c.stored(), got, c.toString());
                for (PrivacyCorpus.Span span : c.spans()) {
                    assertFalse(got.contains(span.text()), c + ": " + span.text() + " is not stored");
                }
            });
        }
        assertAll(checks);
    }

    @Test
    void givenTheCorpusOfIdentifiers_whenPosted_thenEachIsStoredAsSentOrItsEventRefusedWithTheReason()
            throws Exception {
        List<PrivacyCorpus.Identifier> cases = PrivacyCorpus.identifiers();
        List<ObjectNode> events = new ArrayList<>();
        for (PrivacyCorpus.Identifier c : cases) {
            ObjectNode e = switch (c.field()) {
                case "component" -> Events.security();
                case "service" -> Events.marinerVm();
                default -> Events.hostOs();
            };
            ((ObjectNode) e.get("data")).put(c.field(), c.value());
            events.add(e);
        }
        long accepted =
                cases.stream().filter(c -> c.outcome().equals("accepted")).count();

        JsonNode answer = Events.JSON.readTree(post("east-1-token", body(events))
                .statusCode(200)
                .body("accepted", equalTo((int) accepted))
                .extract()
                .asString());

        Map<Integer, JsonNode> rejected = new HashMap<>();
        answer.get("rejected").forEach(r -> rejected.put(r.get("index").asInt(), r));
        List<Executable> checks = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            PrivacyCorpus.Identifier c = cases.get(i);
            ObjectNode event = events.get(i);
            UUID id = Events.id(event);
            JsonNode r = rejected.get(i);
            if (c.outcome().equals("accepted")) {
                checks.add(() -> {
                    assertEquals(null, r, c.toString());
                    assertEquals(c.value(), stored(List.of(event), c.field()).get(id.toString()));
                });
            } else {
                String[] outcome = c.outcome().split(":", 2);
                checks.add(() -> {
                    assertTrue(r != null, c + " is refused");
                    assertEquals(outcome[0], r.get("reason").asText(), c.toString());
                    assertFalse(r.get("detail").asText().contains(c.value()), "the answer does not echo it");
                    if (outcome.length == 2) {
                        assertTrue(r.get("detail").asText().endsWith("(" + outcome[1] + ")"), r.toString());
                    }
                    assertEquals(0, stored(List.of(event), c.field()).size(), "not stored");
                });
            }
        }
        assertAll(checks);
    }

    @Test
    void givenFreeTextAtItsBoundFullOfShortFindings_whenPosted_thenWhatIsStoredStaysWithinTheBound() {
        // "10.1.2.3 " (9 characters) becomes "[redacted:ipv4] " (16): 8,192 characters would grow to
        // about 14,500 (one message grew from 8,192 to 19,890 before), and a stack trace likewise.
        String message = "10.1.2.3 ".repeat(910) + "ok";
        String stackTrace = "at 10.1.2.3 ".repeat(5_461) + "ok!!";
        ObjectNode e = Events.hostError();
        ((ObjectNode) e.get("data")).put("message", message).put("stackTrace", stackTrace);
        ObjectNode m = Events.controlPlane();
        ((ObjectNode) m.get("data").get("metrics")).put("peers", message);
        assertEquals(8_192, message.length());
        assertEquals(65_536, stackTrace.length());

        post("east-1-token", body(e, m)).statusCode(200).body("accepted", equalTo(2));

        Function<String, String> read =
                sql -> (String) query(EAST, sql).get(0).values().iterator().next();
        String where = " FROM telemetry_events WHERE event_id = '";
        String storedMessage = read.apply("SELECT payload->>'message'" + where + Events.id(e) + "'");
        String storedTrace = read.apply("SELECT payload->>'stackTrace'" + where + Events.id(e) + "'");
        String storedMetric = read.apply("SELECT payload->'metrics'->>'peers'" + where + Events.id(m) + "'");
        assertAll(
                () -> assertBoundedAndWhole(storedMessage, 8_192),
                () -> assertBoundedAndWhole(storedTrace, 65_536),
                () -> assertBoundedAndWhole(storedMetric, 8_192));
    }

    static void assertBoundedAndWhole(String stored, int bound) {
        assertTrue(stored.length() <= bound, "length " + stored.length() + " within " + bound);
        assertTrue(stored.length() > bound - 20, "cut at the bound, not far before: " + stored.length());
        assertFalse(stored.contains("10.1.2.3"), "no address survives");
        String tail = stored.substring(stored.lastIndexOf('['));
        assertTrue(tail.startsWith("[redacted:ipv4]"), "the text ends with a whole marker: " + tail);
    }
}
