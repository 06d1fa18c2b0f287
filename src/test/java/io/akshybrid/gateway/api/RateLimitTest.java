package io.akshybrid.gateway.api;

import static io.akshybrid.gateway.api.WholeRequestErrorsTest.assertProblem;
import static io.akshybrid.gateway.support.Agent.post;
import static io.akshybrid.gateway.support.Events.body;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akshybrid.gateway.support.Events;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A cluster over its event rate gets 429 with Retry-After; other clusters are not held back. */
@QuarkusTest
@TestProfile(RateLimitTest.SlowRate.class)
class RateLimitTest {

    public static class SlowRate implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.limits.events-per-second", "0.5", "gateway.limits.burst-events", "1000");
        }
    }

    @Test
    void givenAClusterThatSpentItsBurst_whenItSendsMore_then429WithRetryAfterAndOthersStillPass() {
        List<ObjectNode> burst = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            burst.add(Events.billing());
        }
        post("east-1-token", body(burst)).statusCode(200).body("accepted", equalTo(1000));

        assertProblem(post("east-1-token", body(Events.billing(), Events.billing())), 429, "rate-limited")
                .header("Retry-After", matchesPattern("[1-4]")); // 2 events at 0.5/s, less what refilled meanwhile

        post("east-2-token", body(Events.billing())).statusCode(200).body("accepted", equalTo(1));
    }
}
