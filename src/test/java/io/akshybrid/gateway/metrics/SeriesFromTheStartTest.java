package io.akshybrid.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.akshybrid.gateway.events.EventOutcome;
import io.akshybrid.gateway.events.EventType;
import io.akshybrid.gateway.events.RejectionReason;
import io.akshybrid.gateway.failure.Failure;
import io.akshybrid.gateway.privacy.PiiScanner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * Every counter whose label values are known exists at 0 before its first event, so that a dashboard
 * shows 0 rather than "no data" and an alert's {@code increase()} sees the first one.
 */
class SeriesFromTheStartTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void givenAFreshGateway_whenNothingHappenedYet_thenEveryRedactionKindAndFailureTypeIsAtZero() {
        new GatewayMetrics(registry);

        for (PiiScanner.Kind kind : PiiScanner.Kind.values()) {
            assertZero(
                    registry.find("gateway.redactions").tag("kind", kind.label).counter(), kind.label);
        }
        for (Failure f : Failure.values()) {
            assertZero(
                    registry.find("gateway.request.failures")
                            .tag("type", f.metricLabel())
                            .counter(),
                    f.name());
        }
    }

    @Test
    void givenARegionsShard_whenRegistered_thenItsRejectionsAndEventsByTypeAndOutcomeAreAtZero() {
        GatewayMetrics metrics = new GatewayMetrics(registry);

        metrics.shardGauges("northeurope", this, x -> 1, x -> 0, x -> 0, x -> 0);

        for (RejectionReason reason : RejectionReason.values()) {
            assertZero(
                    registry.find("gateway.rejections")
                            .tags("region", "northeurope", "reason", reason.label)
                            .counter(),
                    reason.label);
        }
        for (EventType type : EventType.values()) {
            for (EventOutcome outcome : EventOutcome.values()) {
                assertZero(
                        registry.find("gateway.events")
                                .tags("region", "northeurope", "type", type.wireName, "outcome", outcome.label)
                                .counter(),
                        type.wireName + "/" + outcome.label);
            }
        }
        assertZero(
                registry.find("gateway.events")
                        .tags("region", "northeurope", "type", "unknown", "outcome", "rejected")
                        .counter(),
                "rejected events of no known type");
    }

    private static void assertZero(Counter counter, String what) {
        assertNotNull(counter, what + " is not registered");
        assertEquals(0.0, counter.count(), what);
    }
}
