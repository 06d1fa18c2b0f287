package io.akshybrid.gateway.deploy;

import static io.akshybrid.gateway.support.Agent.post;
import static io.akshybrid.gateway.support.Events.body;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akshybrid.gateway.deploy.MonitoringReferences.Expression;
import io.akshybrid.gateway.deploy.MonitoringReferences.LabelMatcher;
import io.akshybrid.gateway.deploy.MonitoringReferences.Selector;
import io.akshybrid.gateway.support.Events;
import io.akshybrid.gateway.support.Management;
import io.akshybrid.gateway.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and the dashboard of k8s/components/prometheus-operator, as kustomize renders them,
 * name only series that the running gateway exports, with label values it exports, so that the two
 * cannot drift apart. The gateway first serves traffic (accepted, redacted, rejected, unauthorized,
 * shard-unavailable) and runs each job once, as in production.
 */
@QuarkusTest
class MonitoringRulesTest {

    /** Labels that Prometheus adds to every series it scrapes through the ServiceMonitor. */
    static final Set<String> TARGET_LABELS = Set.of("namespace", "pod", "service", "endpoint", "container", "instance");

    static Scrape exported;
    static List<Expression> expressions;

    static synchronized void produce() throws Exception {
        if (exported != null) {
            return;
        }
        ObjectNode withEmail = Events.security();
        ((ObjectNode) withEmail.get("data")).put("detail", "renewed by admin@contoso.com");
        ObjectNode withPii = Events.hostOs();
        ((ObjectNode) withPii.get("data")).put("deviceId", "alice@contoso.com");
        post("east-1-token", body(Events.hostOs(), withEmail, withPii)).statusCode(200);
        post("nobody", body(Events.hostOs())).statusCode(401);
        post("lost-1-token", body(Events.hostOs())).statusCode(503);
        for (String job : List.of("partitions", "forwarding", "retention")) {
            given().port(Management.port())
                    .header("Authorization", "Bearer dev-admin-token")
                    .when()
                    .post("/admin/jobs/" + job + "/run")
                    .then()
                    .statusCode(200);
        }
        String scrape = Metrics.scrape();
        Files.writeString(Path.of("target", "monitoring-rules-scrape.txt"), scrape);
        exported = Scrape.parse(scrape);
        List<Map<String, Object>> docs = Kustomize.withPrometheusOperator();
        expressions = new ArrayList<>(MonitoringReferences.rules(docs));
        MonitoringReferences.dashboards(docs).forEach(d -> expressions.addAll(MonitoringReferences.queries(d)));
    }

    @Test
    void givenTheRulesAndTheDashboard_whenTheirSeriesAreLookedUp_thenTheGatewayExportsEveryOne() throws Exception {
        produce();
        Set<String> named = new TreeSet<>();
        List<String> missing = new ArrayList<>();
        for (Expression e : expressions) {
            for (Selector s : e.selectors()) {
                named.add(s.series());
                if (!exported.has(s.series())) {
                    missing.add(e.where() + ": " + s.series());
                }
            }
        }
        assertEquals(List.of(), missing, "named in k8s/components/prometheus-operator, not in /q/metrics");
        assertTrue(
                expressions.stream().anyMatch(e -> e.where().startsWith("panel "))
                        && expressions.stream().anyMatch(e -> e.where().startsWith("Gateway")),
                "both the rules and the dashboard were read");
        assertTrue(named.size() >= 15, "series named: " + named);
    }

    @Test
    void givenTheRulesAndTheDashboard_whenTheirLabelsAreLookedUp_thenEachSelectsSamplesTheGatewayExports()
            throws Exception {
        produce();
        List<String> wrong = new ArrayList<>();
        for (Expression e : expressions) {
            Set<String> labelsOfItsSeries = new HashSet<>(TARGET_LABELS);
            labelsOfItsSeries.addAll(e.madeLabels());
            for (Selector s : e.selectors()) {
                exported.of(s.series()).forEach(sample -> labelsOfItsSeries.addAll(sample.keySet()));
                for (LabelMatcher m : s.matchers()) {
                    if (m.value().contains("$") || TARGET_LABELS.contains(m.label())) {
                        continue;
                    }
                    boolean selects =
                            exported.of(s.series()).stream().anyMatch(sample -> matches(m, sample.get(m.label())));
                    if (!selects) {
                        wrong.add(e.where() + ": " + s.series() + "{" + m.label() + m.op() + "\"" + m.value()
                                + "\"} selects nothing");
                    }
                }
            }
            for (String l : e.groupingLabels()) {
                if (!labelsOfItsSeries.contains(l)) {
                    wrong.add(e.where() + ": groups by " + l + ", a label none of its series has");
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void givenTheJobRuns_whenScraped_thenTheLastSuccessOfEachJobOnEachDatabaseIsExported() throws Exception {
        produce();
        List<Map<String, String>> lastSuccess = exported.of("gateway_job_last_success_timestamp_seconds");
        for (String job : List.of("partitions", "forwarding", "retention")) {
            assertTrue(
                    lastSuccess.stream().anyMatch(l -> job.equals(l.get("job")) && "eastus".equals(l.get("target"))),
                    job + " on eastus: " + lastSuccess);
        }
        assertTrue(
                lastSuccess.stream()
                        .anyMatch(l -> "retention".equals(l.get("job")) && "central".equals(l.get("target"))),
                "retention on the central store: " + lastSuccess);
    }

    static boolean matches(LabelMatcher m, String value) {
        return switch (m.op()) {
            case "=" -> m.value().equals(value);
            case "=~" -> value != null && value.matches(m.value());
            // A negative matcher selects whatever lacks the value; nothing to look up.
            default -> true;
        };
    }
}
