package io.akshybrid.gateway.api;

import static io.akshybrid.gateway.support.Agent.post;
import static io.akshybrid.gateway.support.Events.body;
import static io.akshybrid.gateway.support.ShardDatabases.count;
import static io.akshybrid.gateway.support.ShardDatabases.query;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akshybrid.gateway.support.Events;
import io.quarkus.test.junit.QuarkusTest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The agent API against real shards: what is stored, where, and what the agent is told. */
@QuarkusTest
class EventsIngestTest {

    static final String EAST = "shard_eastus";
    static final String WEST = "shard_westeurope";

    static long rows(String db, String table, UUID id) {
        return count(db, "SELECT count(*) FROM " + table + " WHERE event_id = '" + id + "'");
    }

    @Test
    void givenOneEventOfEachType_whenPosted_thenEachIsStoredInItsTableOfTheClustersRegionOnly() {
        List<ObjectNode> events = Events.oneOfEach();

        post("west-1-token", body(events))
                .statusCode(200)
                .body("accepted", equalTo(6))
                .body("duplicates", equalTo(0))
                .body("rejected", empty());

        for (ObjectNode e : events) {
            UUID id = Events.id(e);
            boolean billing = e.get("type").asText().equals("billing");
            assertEquals(billing ? 0 : 1, rows(WEST, "telemetry_events", id), "telemetry row of " + e.get("type"));
            assertEquals(billing ? 1 : 0, rows(WEST, "billing_events", id), "billing row of " + e.get("type"));
            assertEquals(
                    0,
                    rows(EAST, "telemetry_events", id) + rows(EAST, "billing_events", id),
                    "nothing of westeurope's cluster in eastus");
        }
        Map<String, Object> row = query(
                        WEST,
                        "SELECT cluster_id, subscription_id, type, source, payload::text AS payload "
                                + "FROM telemetry_events WHERE event_id = '" + Events.id(events.get(0)) + "'")
                .get(0);
        assertEquals("west-1", row.get("cluster_id"));
        assertEquals("6e5d4c3b-2a1f-4e0d-9c8b-7a6f5e4d3c2b", row.get("subscription_id"));
        assertEquals("host-os", row.get("type"));
        assertEquals("UTC", row.get("source"));
        assertTrue(row.get("payload").toString().contains("\"osVersion\": \"10.0.20348.2461\""), row.toString());
        Map<String, Object> bill = query(
                        WEST,
                        "SELECT cores, cluster_id FROM billing_events WHERE event_id = '" + Events.id(events.get(4))
                                + "'")
                .get(0);
        assertEquals(16.5, ((Number) bill.get("cores")).doubleValue());
    }

    @Test
    void givenAClusterOfEastus_whenItPosts_thenTheEventIsInEastusAndNotInWesteurope() {
        ObjectNode e = Events.hostOs();
        post("east-2-token", body(e)).statusCode(200).body("accepted", equalTo(1));
        assertEquals(1, rows(EAST, "telemetry_events", Events.id(e)));
        assertEquals(0, rows(WEST, "telemetry_events", Events.id(e)));
    }

    @Test
    void givenAnUnknownField_whenPosted_thenItIsNotStored() {
        ObjectNode e = Events.hostOs();
        ((ObjectNode) e.get("data")).put("userName", "alice");
        e.put("clusterId", "someone-else");
        post("east-1-token", body(e)).statusCode(200).body("accepted", equalTo(1));
        Map<String, Object> row = query(
                        EAST,
                        "SELECT cluster_id, payload::text AS payload FROM telemetry_events " + "WHERE event_id = '"
                                + Events.id(e) + "'")
                .get(0);
        assertFalse(row.get("payload").toString().contains("userName"), row.toString());
        assertEquals("east-1", row.get("cluster_id"), "the identity comes from the credential, not the body");
    }

    @Test
    void givenAnEventAlreadyStored_whenResent_thenItCountsAsDuplicateAndIsStoredOnce() {
        ObjectNode e = Events.security();
        post("east-1-token", body(e))
                .statusCode(200)
                .body("accepted", equalTo(1))
                .body("duplicates", equalTo(0));
        post("east-1-token", body(e))
                .statusCode(200)
                .body("accepted", equalTo(0))
                .body("duplicates", equalTo(1));
        assertEquals(1, rows(EAST, "telemetry_events", Events.id(e)));
    }

    @Test
    void givenAnEventStoredOnAnEarlierDay_whenResentToday_thenItIsADuplicate() {
        ObjectNode e = Events.billing();
        e.put("time", Events.at(OffsetDateTime.now(ZoneOffset.UTC).minusDays(3)));
        post("east-1-token", body(e)).statusCode(200).body("accepted", equalTo(1));
        // As if the first copy had been received three days ago.
        io.akshybrid.gateway.support.ShardDatabases.update(
                EAST,
                "UPDATE billing_events SET received_at = now() - interval '3 days' " + "WHERE event_id = '"
                        + Events.id(e) + "'");

        post("east-1-token", body(e))
                .statusCode(200)
                .body("accepted", equalTo(0))
                .body("duplicates", equalTo(1));
        assertEquals(1, rows(EAST, "billing_events", Events.id(e)));
    }

    @Test
    void givenTheSameEventTwiceInOneBatch_whenPosted_thenItIsStoredOnceAndTheCopyIsADuplicate() {
        ObjectNode e = Events.hostError();
        post("east-1-token", body(e, e))
                .statusCode(200)
                .body("accepted", equalTo(1))
                .body("duplicates", equalTo(1));
        assertEquals(1, rows(EAST, "telemetry_events", Events.id(e)));
    }

    @Test
    void givenTheSameInstantWithAnotherOffset_whenResent_thenItIsADuplicate() {
        ObjectNode e = Events.hostOs();
        OffsetDateTime t = OffsetDateTime.now(ZoneOffset.UTC).minusHours(2).withNano(123_456_000);
        e.put("time", Events.at(t));
        post("east-1-token", body(e)).statusCode(200).body("accepted", equalTo(1));
        e.put("time", Events.at(t.withOffsetSameInstant(ZoneOffset.ofHours(2))));
        post("east-1-token", body(e)).statusCode(200).body("duplicates", equalTo(1));
    }

    @Test
    void givenAMixOfValidAndInvalidEvents_whenPosted_thenValidOnesAreStoredAndEachInvalidOneIsReported() {
        ObjectNode good = Events.controlPlane();
        ObjectNode bad = Events.controlPlane();
        ((ObjectNode) bad.get("data")).put("podCount", -1);
        ObjectNode pii = Events.hostOs();
        ((ObjectNode) pii.get("data")).put("deviceId", "alice@contoso.com");

        post("east-1-token", body(good, bad, pii))
                .statusCode(200)
                .body("accepted", equalTo(1))
                .body("rejected", hasSize(2))
                .body("rejected[0].index", equalTo(1))
                .body("rejected[0].id", equalTo(bad.get("id").asText()))
                .body("rejected[0].reason", equalTo("invalid-field"))
                .body("rejected[0].detail", equalTo("data.podCount must be an integer >= 0"))
                .body("rejected[1].index", equalTo(2))
                .body("rejected[1].reason", equalTo("pii-detected"));
        assertEquals(1, rows(EAST, "telemetry_events", Events.id(good)));
        assertEquals(0, rows(EAST, "telemetry_events", Events.id(bad)));
        assertEquals(0, rows(EAST, "telemetry_events", Events.id(pii)));
    }

    @Test
    void givenFreeTextWithPersonalData_whenPosted_thenItIsRedactedBeforeStorageAndCounted() {
        ObjectNode e = Events.hostError();
        ((ObjectNode) e.get("data"))
                .put("message", "login by bob@contoso.com from 10.20.30.40 failed")
                .put("stackTrace", "at C:\\Users\\alice\\app.dll");
        post("east-1-token", body(e))
                .statusCode(200)
                .body("accepted", equalTo(1))
                .body("redactions", equalTo(3));
        String payload = query(
                        EAST,
                        "SELECT payload->>'message' AS m, payload->>'stackTrace' AS s FROM telemetry_events "
                                + "WHERE event_id = '" + Events.id(e) + "'")
                .get(0)
                .toString();
        assertFalse(
                payload.contains("bob@contoso.com") || payload.contains("10.20.30.40") || payload.contains("alice"),
                payload);
        assertTrue(
                payload.contains("[redacted:email]")
                        && payload.contains("[redacted:ipv4]")
                        && payload.contains("[redacted:user-path]"),
                payload);
    }

    @Test
    void givenAnOsVersionShapedLikeAnIpAddress_whenPosted_thenItIsAcceptedUnchanged() {
        ObjectNode e = Events.hostOs();
        ((ObjectNode) e.get("data")).put("osVersion", "5.15.153.1");
        post("east-1-token", body(e))
                .statusCode(200)
                .body("accepted", equalTo(1))
                .body("redactions", equalTo(0));
        assertEquals(
                "5.15.153.1",
                query(
                                EAST,
                                "SELECT payload->>'osVersion' AS v FROM telemetry_events WHERE event_id = '"
                                        + Events.id(e) + "'")
                        .get(0)
                        .get("v"));
    }

    @Test
    void givenAnAuthEventFromAUserNamespace_whenPosted_thenItIsRejectedAsNonSystemNamespace() {
        ObjectNode e = Events.marinerVm();
        ((ObjectNode) e.get("data")).put("namespace", "payments");
        post("east-1-token", body(e))
                .statusCode(200)
                .body("accepted", equalTo(0))
                .body("rejected[0].reason", equalTo("non-system-namespace"));
        assertEquals(0, rows(EAST, "telemetry_events", Events.id(e)));
    }

    @Test
    void givenTextWithNulAndALoneSurrogate_whenPosted_thenItIsStoredWithoutThem() {
        String json = body(Events.hostError()).replace("VMMS failed to start the VM", "bad\\u0000byte \\ud800 here");
        post("east-1-token", json).statusCode(200).body("accepted", equalTo(1));
    }

    @Test
    void givenEventsOutsideTheAcceptedTimeWindow_whenPosted_thenTheyAreRejectedWithTheirReason() {
        ObjectNode old = Events.hostOs();
        old.put("time", Events.at(OffsetDateTime.now(ZoneOffset.UTC).minusDays(29)));
        ObjectNode edge = Events.hostOs();
        edge.put(
                "time",
                Events.at(OffsetDateTime.now(ZoneOffset.UTC).minusDays(28).plusMinutes(5)));
        ObjectNode future = Events.hostOs();
        future.put("time", Events.at(OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(90)));
        ObjectNode soon = Events.billing();
        soon.put("time", Events.at(OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(50)));

        post("east-1-token", body(old, edge, future, soon))
                .statusCode(200)
                .body("accepted", equalTo(2))
                .body("rejected.reason", equalTo(List.of("too-old", "too-far-in-future")))
                .body("rejected.index", equalTo(List.of(0, 2)));
        assertEquals(1, rows(EAST, "telemetry_events", Events.id(edge)), "the oldest acceptable day has its partition");
        assertEquals(1, rows(EAST, "billing_events", Events.id(soon)));
    }

    @Test
    void givenAnEmptyBatch_whenPosted_thenNothingIsStoredAndTheAnswerIsZero() {
        post("east-1-token", "{\"events\":[]}")
                .statusCode(200)
                .body("accepted", equalTo(0))
                .body("rejected", empty());
    }
}
