package io.akshybrid.gateway.metrics;

import static io.akshybrid.gateway.support.Agent.post;
import static io.akshybrid.gateway.support.Events.body;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akshybrid.gateway.support.Events;
import io.akshybrid.gateway.support.Management;
import io.akshybrid.gateway.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** /q/metrics on the management port counts events by outcome, rejections by reason, redactions by kind. */
@QuarkusTest
class MetricsTest {

    static String scrape() {
        return Metrics.scrape();
    }

    static double value(String scrape, String series) {
        return Metrics.value(scrape, series);
    }

    @Test
    void givenAcceptedDuplicateAndRejectedEvents_whenScraped_thenEachIsCountedWithItsLabels() {
        String accepted = "gateway_events_total{outcome=\"accepted\",region=\"westeurope\",type=\"security\"}";
        String duplicate = "gateway_events_total{outcome=\"duplicate\",region=\"westeurope\",type=\"security\"}";
        String rejected = "gateway_events_total{outcome=\"rejected\",region=\"westeurope\",type=\"host-os\"}";
        String pii = "gateway_rejections_total{reason=\"pii-detected\",region=\"westeurope\"}";
        String email = "gateway_redactions_total{kind=\"email\"}";
        String before = scrape();

        ObjectNode sec = Events.security();
        ((ObjectNode) sec.get("data")).put("detail", "renewed by admin@contoso.com");
        ObjectNode bad = Events.hostOs();
        ((ObjectNode) bad.get("data")).put("deviceId", "alice@contoso.com");
        post("west-1-token", body(sec, bad)).statusCode(200).body("accepted", equalTo(1));
        post("west-1-token", body(sec)).statusCode(200).body("duplicates", equalTo(1));

        String after = scrape();
        assertEquals(1, value(after, accepted) - value(before, accepted), accepted);
        assertEquals(1, value(after, duplicate) - value(before, duplicate), duplicate);
        assertEquals(1, value(after, rejected) - value(before, rejected), rejected);
        assertEquals(1, value(after, pii) - value(before, pii), pii);
        assertEquals(2, value(after, email) - value(before, email), "redacted in the event and in its resend");
    }

    @Test
    void givenAForwardingRun_whenScraped_thenItsDurationAndEachRegionsLagAreThere() {
        String timer = "gateway_job_duration_seconds_count{job=\"forwarding\",outcome=\"ok\",target=\"eastus\"}";
        double before = value(scrape(), timer);
        given().port(Management.port())
                .header("Authorization", "Bearer dev-admin-token")
                .when()
                .post("/admin/jobs/forwarding/run")
                .then()
                .statusCode(200);
        String after = scrape();
        assertEquals(1, value(after, timer) - before, timer);
        assertTrue(after.contains("gateway_forwarding_lag_seconds{region=\"eastus\"}"), "forwarding lag per region");
        assertTrue(
                after.contains("gateway_forwarding_lag_seconds{region=\"westeurope\"}"), "forwarding lag per region");
    }

    @Test
    void givenWholeRequestFailuresAndShards_whenScraped_thenFailuresByTypeAndShardPoolsAreThere() {
        post("nobody", body(Events.hostOs())).statusCode(401);
        String scrape = scrape();
        assertTrue(value(scrape, "gateway_request_failures_total{type=\"unauthorized\"}") >= 1, "401 counted");
        assertEquals(
                1.0,
                value(scrape, "gateway_shard_up{region=\"eastus\"}"),
                scrape.lines()
                        .filter(l -> l.startsWith("gateway_shard"))
                        .toList()
                        .toString());
        assertEquals(0.0, value(scrape, "gateway_shard_up{region=\"unreachable\"}"));
        assertTrue(scrape.contains("gateway_shard_pool_connections{region=\"eastus\"}"), "pool usage per shard");
        assertTrue(scrape.contains("http_server_requests_seconds_count{"), "request latency");
    }

    @Test
    void givenTrafficAndJobRuns_whenScraped_thenEveryGatewaySeriesHasAHelpText() {
        post("west-1-token", body(Events.security())).statusCode(200);
        post("nobody", body(Events.hostOs())).statusCode(401);
        given().port(Management.port())
                .header("Authorization", "Bearer dev-admin-token")
                .when()
                .post("/admin/jobs/forwarding/run")
                .then()
                .statusCode(200);
        Map<String, String> help = new TreeMap<>();
        for (String line : scrape().split("\n")) {
            if (line.startsWith("# HELP gateway_")) {
                String[] parts = line.substring("# HELP ".length()).split(" ", 2);
                help.put(parts[0], parts.length == 2 ? parts[1].trim() : "");
            }
        }
        assertTrue(help.size() >= 12, "gateway families: " + help.keySet());
        assertTrue(
                help.containsKey("gateway_job_last_success_timestamp_seconds"),
                help.keySet().toString());
        assertTrue(
                help.containsKey("gateway_job_duration_seconds"), help.keySet().toString());
        help.forEach((family, text) -> assertFalse(text.isEmpty(), family + " has no HELP text"));
    }

    @Test
    void givenEventRequests_whenScraped_thenTheirLatencyHasTheHistogramBucketsFrom5msTo10s() {
        post("west-1-token", body(Events.security())).statusCode(200);
        List<Double> expected = new ArrayList<>(
                LatencyHistograms.BUCKETS.stream().map(d -> d.toNanos() / 1e9).toList());
        expected.add(Double.POSITIVE_INFINITY);
        List<Double> buckets = scrape().lines()
                .filter(l -> l.startsWith("http_server_requests_seconds_bucket{")
                        && l.contains("uri=\"/v1/events\"")
                        && l.contains("status=\"200\""))
                .map(l -> l.replaceAll(".*le=\"([^\"]+)\".*", "$1"))
                .map(le -> le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le))
                .sorted()
                .toList();
        assertEquals(expected, buckets, "one series per bucket for POST /v1/events answered 200");
    }
}
