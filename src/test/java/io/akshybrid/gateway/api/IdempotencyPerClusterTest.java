package io.akshybrid.gateway.api;

import static io.akshybrid.gateway.api.EventsIngestTest.rows;
import static io.akshybrid.gateway.support.Agent.post;
import static io.akshybrid.gateway.support.Events.body;
import static io.akshybrid.gateway.support.ShardDatabases.count;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akshybrid.gateway.support.Events;
import io.quarkus.test.junit.QuarkusTest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * An event is identified by its cluster, its id and its time (DESIGN.md, Agent API), the same inside
 * one batch and across requests, and an answer never reveals what another cluster sent.
 */
@QuarkusTest
class IdempotencyPerClusterTest {

    static final String EAST = "shard_eastus";

    @Test
    void givenAnotherClustersIdAndTime_whenSent_thenItIsStoredAsTheSendersOwnEvent() {
        ObjectNode e = Events.hostOs();
        post("east-1-token", body(e)).statusCode(200).body("accepted", equalTo(1));

        post("east-2-token", body(e))
                .statusCode(200)
                .body("accepted", equalTo(1))
                .body("duplicates", equalTo(0));

        assertEquals(2, rows(EAST, "telemetry_events", Events.id(e)));
        assertEquals(
                1,
                count(
                        EAST,
                        "SELECT count(*) FROM telemetry_events WHERE cluster_id = 'east-2' AND event_id = '"
                                + Events.id(e) + "'"));
        post("east-2-token", body(e)).statusCode(200).body("duplicates", equalTo(1));
    }

    @Test
    void givenOneIdAtTwoTimes_whenSentInOneBatchOrInTwoRequests_thenBothAreStoredEitherWay() {
        OffsetDateTime t = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(10);
        ObjectNode first = Events.controlPlane();
        first.put("time", Events.at(t));
        ObjectNode second = first.deepCopy();
        second.put("time", Events.at(t.plusSeconds(1)));

        post("east-1-token", body(first, second))
                .statusCode(200)
                .body("accepted", equalTo(2))
                .body("duplicates", equalTo(0));
        assertEquals(2, rows(EAST, "telemetry_events", Events.id(first)));

        ObjectNode third = first.deepCopy();
        third.put("time", Events.at(t.plusSeconds(2)));
        post("east-1-token", body(first)).statusCode(200).body("duplicates", equalTo(1));
        post("east-1-token", body(third)).statusCode(200).body("accepted", equalTo(1));
        assertEquals(3, rows(EAST, "telemetry_events", Events.id(first)));
    }

    @Test
    void givenATelemetryAndABillingEventWithOneId_whenSentInOneBatch_thenBothAreStored() {
        ObjectNode telemetry = Events.security();
        ObjectNode billing = Events.billing();
        billing.put("id", telemetry.get("id").asText());
        billing.put("time", telemetry.get("time").asText());

        post("east-1-token", body(telemetry, billing))
                .statusCode(200)
                .body("accepted", equalTo(2))
                .body("duplicates", equalTo(0));

        assertEquals(1, rows(EAST, "telemetry_events", Events.id(telemetry)));
        assertEquals(1, rows(EAST, "billing_events", Events.id(billing)));
    }
}
