package io.akshybrid.gateway.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akshybrid.gateway.config.ConfigurationDoc;
import io.akshybrid.gateway.config.GatewayKeys;
import io.akshybrid.gateway.regions.RegionMap;
import io.akshybrid.gateway.regions.RegionsFileParser;
import io.akshybrid.gateway.regions.RegionsSource;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifests in k8s/ agree with the application: ports, probe paths, the region map's projected volume and
 * the environment variables the gateway reads, the container image's name, and the Prometheus Operator
 * component (ServiceMonitor, alert rules, dashboard). Renders them with {@link Kustomize}.
 */
class K8sManifestsTest {

    static final Path K8S = Kustomize.K8S;
    static List<Map<String, Object>> docs;
    static Properties app;

    @BeforeAll
    static void render() throws Exception {
        docs = Kustomize.base();
        app = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            app.load(in);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Object node, String... path) {
        Object n = node;
        for (String p : path) {
            n = n instanceof List<?> l ? l.get(Integer.parseInt(p)) : ((Map<String, Object>) n).get(p);
            if (n == null) {
                return null;
            }
        }
        return (T) n;
    }

    static Map<String, Object> kind(String kind) {
        return docs.stream()
                .filter(d -> kind.equals(d.get("kind")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in k8s/"));
    }

    static Map<String, Object> container() {
        return at(kind("Deployment"), "spec", "template", "spec", "containers", "0");
    }

    static Map<String, Integer> containerPorts() {
        List<Map<String, Object>> ports = at(container(), "ports");
        return ports.stream()
                .collect(Collectors.toMap(p -> (String) p.get("name"), p -> (Integer) p.get("containerPort")));
    }

    static Map<String, String> env() {
        List<Map<String, Object>> env = at(container(), "env");
        Map<String, String> out = new HashMap<>();
        env.forEach(e -> out.put(
                (String) e.get("name"),
                e.get("value") == null ? null : e.get("value").toString()));
        return out;
    }

    @Test
    void givenTheDeployment_whenItsPortsAreRead_thenTheyAreTheApplicationsHttpsAndManagementPorts() {
        int management = Integer.parseInt(app.getProperty("quarkus.management.port"));
        int https = Integer.parseInt(app.getProperty("quarkus.http.ssl-port", "8443"));
        assertEquals(Map.of("https", https, "management", management), containerPorts());
        assertEquals(
                true, app.getProperty("quarkus.management.enabled").equals("true"), "health is on the management port");
        List<Map<String, Object>> servicePorts = at(kind("Service"), "spec", "ports");
        assertEquals(
                Set.of("https", "management"),
                servicePorts.stream().map(p -> p.get("targetPort").toString()).collect(Collectors.toSet()));
    }

    @Test
    void givenTheProbes_whenRead_thenTheyUseTheHealthPathsOnTheManagementPort() {
        assertFalse(
                app.stringPropertyNames().stream()
                        .anyMatch(k -> k.startsWith("quarkus.smallrye-health.")
                                || k.equals("quarkus.http.non-application-root-path")
                                || k.startsWith("quarkus.management.root-path")),
                "the health paths are Quarkus's defaults");
        Map<String, String> expected = Map.of(
                "startupProbe",
                "/q/health/started",
                "livenessProbe",
                "/q/health/live",
                "readinessProbe",
                "/q/health/ready");
        expected.forEach((probe, path) -> {
            assertEquals(path, at(container(), probe, "httpGet", "path"), probe);
            assertEquals("management", at(container(), probe, "httpGet", "port"), probe);
            assertEquals(
                    "HTTPS", at(container(), probe, "httpGet", "scheme"), probe + ": the management port serves TLS");
        });
    }

    @Test
    void givenTheRegionMap_whenRendered_thenItIsSeveralConfigMapsInOneProjectedVolumeThatMakeOneValidMap(
            @TempDir Path mounted) throws Exception {
        String dir = env().get("GATEWAY_REGIONS_FILE");
        List<Map<String, Object>> mounts = at(container(), "volumeMounts");
        Map<String, Object> mount = mounts.stream()
                .filter(m -> dir.equals(m.get("mountPath")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume mounted at " + dir));
        assertEquals(null, mount.get("subPath"), "a subPath mount never sees ConfigMap updates");
        List<Map<String, Object>> volumes = at(kind("Deployment"), "spec", "template", "spec", "volumes");
        Map<String, Object> volume = volumes.stream()
                .filter(v -> v.get("name").equals(mount.get("name")))
                .findFirst()
                .orElseThrow();
        List<Map<String, Object>> sources = at(volume, "projected", "sources");
        assertNotNull(sources, "the map's ConfigMaps are sources of one projected volume");
        assertTrue(sources.size() >= 2, "a ConfigMap of regions and at least one of clusters: " + sources);

        // What the pod sees: every key of every projected ConfigMap as a file of the mounted directory.
        for (Map<String, Object> source : sources) {
            String name = at(source, "configMap", "name");
            Map<String, Object> configMap = docs.stream()
                    .filter(d -> "ConfigMap".equals(d.get("kind")) && name.equals(at(d, "metadata", "name")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(name + " is not generated by kustomization.yaml"));
            Map<String, Object> data = at(configMap, "data");
            long bytes = 0;
            for (Map.Entry<String, Object> file : data.entrySet()) {
                assertTrue(file.getKey().endsWith(".yaml"), file.getKey() + " is read as part of the map");
                assertFalse(Files.exists(mounted.resolve(file.getKey())), file.getKey() + " is in two ConfigMaps");
                Files.writeString(
                        mounted.resolve(file.getKey()), file.getValue().toString());
                bytes += file.getValue().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            }
            assertTrue(bytes < 900_000, name + " fits a ConfigMap: " + bytes);
        }
        RegionMap map = new RegionsSource(mounted, RegionsFileParser.DEFAULT_MAX_FILE_BYTES, v -> "secret").load();
        assertTrue(map.regions().size() >= 2 && !map.clusters().isEmpty(), map.toString());
        assertEquals(
                new RegionsSource(K8S.resolve("regions"), RegionsFileParser.DEFAULT_MAX_FILE_BYTES, v -> "secret")
                        .load()
                        .clusters()
                        .keySet(),
                map.clusters().keySet(),
                "every file of k8s/regions is projected into the volume");
    }

    @Test
    void givenTheEnvironment_whenCompared_thenEveryVariableIsOneTheGatewayReads() throws Exception {
        Set<String> known = new HashSet<>(GatewayKeys.withDefaults().keySet());
        // The gateway's keys and the Quarkus keys docs/configuration.md documents (a deployment's among them)
        ConfigurationDoc.rows().stream().map(ConfigurationDoc.Row::key).forEach(known::add);
        assertTrue(
                known.containsAll(List.of(
                        "quarkus.datasource.reactive.url",
                        "quarkus.http.insecure-requests",
                        "quarkus.tls.management.key-store.pem.0.cert")),
                "docs/configuration.md documents the Quarkus keys of a deployment");
        Set<String> knownEnv = known.stream()
                .map(k -> k.toUpperCase().replaceAll("[^A-Z0-9]", "_"))
                .collect(Collectors.toSet());
        Set<String> regionVars = new HashSet<>();
        for (Path file : RegionsSource.files(K8S.resolve("regions"))) {
            Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}").matcher(Files.readString(file));
            while (m.find()) {
                regionVars.add(m.group(1));
            }
        }
        for (String name : env().keySet()) {
            assertTrue(
                    knownEnv.contains(name) || regionVars.contains(name) || name.equals("JAVA_OPTS_APPEND"),
                    name + " is read by nothing");
        }
        assertTrue(env().keySet().containsAll(regionVars), "every ${VAR} of regions.yaml is set: " + regionVars);
        assertTrue(
                env().keySet().containsAll(List.of("QUARKUS_DATASOURCE_REACTIVE_URL", "GATEWAY_ADMIN_TOKEN_SHA256")));
        assertTrue(
                knownEnv.contains("GATEWAY_REGIONS_FILE") && knownEnv.contains("GATEWAY_MTLS_ENABLED"),
                knownEnv.toString());
    }

    @Test
    void givenTheProductionRegionMap_whenValidated_thenItIsValidWithTheDeploymentsVariables() throws Exception {
        RegionMap map = new RegionsSource(
                        K8S.resolve("regions"), RegionsFileParser.DEFAULT_MAX_FILE_BYTES, v -> "secret")
                .load();
        assertTrue(map.regions().size() >= 2);
    }

    @Test
    void givenThePodSecurity_whenRead_thenNonRootWithAReadOnlyRootFilesystemAndAWritableTmp() {
        assertEquals(true, at(kind("Deployment"), "spec", "template", "spec", "securityContext", "runAsNonRoot"));
        assertEquals(true, at(container(), "securityContext", "readOnlyRootFilesystem"));
        assertEquals(false, at(container(), "securityContext", "allowPrivilegeEscalation"));
        List<Map<String, Object>> mounts = at(container(), "volumeMounts");
        assertTrue(mounts.stream().anyMatch(v -> "/tmp".equals(v.get("mountPath"))), "Vert.x needs a writable /tmp");
        assertNotNull(at(container(), "resources", "requests", "cpu"));
        assertNotNull(at(container(), "resources", "limits", "memory"));
    }

    @Test
    void givenScaling_whenRead_thenThreeReplicasAnHpaAndADisruptionBudget() {
        assertEquals(3, (Integer) at(kind("Deployment"), "spec", "replicas"));
        assertTrue((Integer) at(kind("HorizontalPodAutoscaler"), "spec", "minReplicas") >= 3);
        assertEquals("telemetry-gateway", at(kind("HorizontalPodAutoscaler"), "spec", "scaleTargetRef", "name"));
        assertNotNull(at(kind("PodDisruptionBudget"), "spec", "minAvailable"));
    }

    @Test
    void givenTheNetworkPolicy_whenRead_thenHttpsFromAnywhereManagementFromMonitoringAndEgressToPostgresAndDns() {
        Map<String, Object> np = kind("NetworkPolicy");
        List<Map<String, Object>> ingress = at(np, "spec", "ingress");
        Map<String, Object> https = ingress.stream()
                .filter(r -> ports(r).contains(8443))
                .findFirst()
                .orElseThrow();
        assertEquals(null, https.get("from"), "agents come from anywhere");
        Map<String, Object> mgmt = ingress.stream()
                .filter(r -> ports(r).contains(9000))
                .findFirst()
                .orElseThrow();
        assertEquals(
                "monitoring", at(mgmt, "from", "0", "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"));
        Set<Integer> egress = new HashSet<>();
        List<Map<String, Object>> rules = at(np, "spec", "egress");
        rules.forEach(r -> egress.addAll(ports(r)));
        assertEquals(Set.of(5432, 53), egress);
        assertEquals(List.of("Ingress", "Egress"), at(np, "spec", "policyTypes"));
    }

    @Test
    void givenTheBase_whenRendered_thenItNeedsNoPrometheusOperatorCrds() {
        assertEquals(
                List.of(),
                docs.stream()
                        .filter(d -> String.valueOf(d.get("apiVersion")).startsWith("monitoring.coreos.com/"))
                        .map(d -> d.get("kind"))
                        .toList(),
                "a cluster without the Prometheus Operator applies the base");
        assertTrue(
                Files.isRegularFile(Kustomize.PROMETHEUS_OPERATOR.resolve("kustomization.yaml")),
                "the operator's resources are a component beside the base");
    }

    @Test
    void givenThePrometheusOperatorComponent_whenRendered_thenTheServiceMonitorScrapesTheManagementPortOfTheService()
            throws Exception {
        List<Map<String, Object>> all = Kustomize.withPrometheusOperator();
        Map<String, Object> service = kind(all, "Service");
        Map<String, Object> monitor = kind(all, "ServiceMonitor");
        assertEquals((String) at(service, "metadata", "namespace"), (String) at(monitor, "metadata", "namespace"));
        Map<String, Object> selector = at(monitor, "spec", "selector", "matchLabels");
        Map<String, Object> serviceLabels = at(service, "metadata", "labels");
        assertFalse(selector.isEmpty());
        assertTrue(
                serviceLabels.entrySet().containsAll(selector.entrySet()),
                "the ServiceMonitor selects the Service: " + selector + " in " + serviceLabels);
        List<Map<String, Object>> endpoints = at(monitor, "spec", "endpoints");
        assertEquals(1, endpoints.size());
        Map<String, Object> endpoint = endpoints.get(0);
        assertEquals("/q/metrics", endpoint.get("path"));
        assertEquals("https", endpoint.get("scheme"), "the management port serves TLS");
        assertEquals(
                "management",
                env().get("QUARKUS_MANAGEMENT_TLS_CONFIGURATION_NAME"),
                "the deployment turns TLS on for the management port");
        assertEquals(
                true,
                endpoint.get("honorLabels"),
                "gateway_job_* have a label job of their own, which the rules select on");
        List<Map<String, Object>> servicePorts = at(service, "spec", "ports");
        Map<String, Object> scraped = servicePorts.stream()
                .filter(p -> p.get("name").equals(endpoint.get("port")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Service port named " + endpoint.get("port")));
        int management = Integer.parseInt(app.getProperty("quarkus.management.port"));
        assertEquals(management, containerPorts().get(scraped.get("targetPort").toString()), "the management port");
        Map<String, Object> fromMonitoring = this.<List<Map<String, Object>>>atNp("spec", "ingress").stream()
                .filter(r -> ports(r).contains(management))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the NetworkPolicy admits nobody on " + management));
        assertEquals(
                "monitoring",
                at(fromMonitoring, "from", "0", "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"),
                "Prometheus (namespace monitoring) may scrape the management port");
    }

    @Test
    void givenTheAlertRules_whenRead_thenEachFailureOfTheIssueHasAnAlertWithSeverityAndText() throws Exception {
        List<Map<String, Object>> all = Kustomize.withPrometheusOperator();
        Map<String, Object> rule = kind(all, "PrometheusRule");
        assertEquals(
                (String) at(kind(all, "Service"), "metadata", "namespace"), (String) at(rule, "metadata", "namespace"));
        List<MonitoringReferences.Expression> rules = MonitoringReferences.rules(all);
        Set<String> recorded = rules.stream()
                .filter(r -> r.where().startsWith("record "))
                .map(r -> r.where().substring("record ".length()))
                .collect(Collectors.toSet());
        Map<String, String> alerts = rules.stream()
                .filter(r -> !r.where().startsWith("record "))
                .collect(Collectors.toMap(
                        MonitoringReferences.Expression::where, MonitoringReferences.Expression::promql));
        Map<String, String> covered = Map.of(
                "forwarding lag", "gateway_forwarding_lag_seconds",
                "no successful forwarding run", "gateway_job_last_success_timestamp_seconds{job=\"forwarding\"}",
                "a shard down", "gateway_shard_up",
                "shard-unavailable refusals", "gateway_request_failures_total{type=\"shard-unavailable\"}",
                "rate-limited refusals", "gateway_request_failures_total{type=\"rate-limited\"}",
                "refused regions.yaml edits", "gateway_region_map_reloads_total{result=\"refused\"}",
                "a missed retention run", "gateway_job_last_success_timestamp_seconds{job=\"retention\"}",
                "p99 latency", "http_server_requests_seconds_bucket");
        covered.forEach((what, series) -> assertTrue(
                alerts.values().stream().anyMatch(e -> e.contains(series)), what + ": no alert reads " + series));
        assertTrue(
                alerts.values().stream()
                        .anyMatch(e -> e.contains("gateway_job_last_success_timestamp_seconds{job=\"retention\"}")
                                && e.contains("> 26 * 3600")),
                "retention runs daily: an alert when its last success is older than 26 h");
        for (Object g : (List<?>) at(rule, "spec", "groups")) {
            for (Object r : (List<?>) at(g, "rules")) {
                Map<String, Object> one = Kustomize.cast(r);
                if (one.containsKey("alert")) {
                    assertTrue(
                            Set.of("warning", "critical").contains(at(one, "labels", "severity")),
                            one.get("alert") + " has a severity");
                    assertNotNull(at(one, "annotations", "summary"), one.get("alert") + " has a summary");
                    assertNotNull(at(one, "annotations", "description"), one.get("alert") + " has a description");
                }
            }
        }
        for (MonitoringReferences.Expression e : rules) {
            assertTrue(recorded.containsAll(e.recordedSeries()), e.where() + " reads an unrecorded series");
        }
        assertEquals(rules.size() - recorded.size(), alerts.size(), "alert names are unique");
    }

    @Test
    void givenTheDashboard_whenRead_thenItIsAGrafanaDashboardWhosePanelsAllQuery() throws Exception {
        List<Map<String, Object>> all = Kustomize.withPrometheusOperator();
        List<JsonNode> dashboards = MonitoringReferences.dashboards(all);
        assertEquals(1, dashboards.size(), "one ConfigMap labelled grafana_dashboard");
        JsonNode dashboard = dashboards.get(0);
        assertFalse(dashboard.path("uid").asText().isBlank(), "a fixed uid, so that reloads replace it");
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        List<JsonNode> charts = panels.stream()
                .filter(p -> !"row".equals(p.path("type").asText()))
                .toList();
        assertTrue(charts.size() >= 10, "panels: " + charts.size());
        for (JsonNode p : charts) {
            assertTrue(p.path("targets").size() > 0, p.path("title") + " has queries");
            p.path("targets").forEach(t -> {
                assertFalse(t.path("expr").asText().isBlank(), p.path("title") + " has an expression");
                assertEquals("${datasource}", t.path("datasource").path("uid").asText(), "the chosen data source");
            });
        }
        assertTrue(
                Files.readString(Kustomize.PROMETHEUS_OPERATOR.resolve("dashboard.json"))
                        .contains("\"uid\": \"" + dashboard.path("uid").asText() + "\""),
                "the ConfigMap holds dashboard.json");
    }

    @Test
    void givenTheContainerImage_whenBuiltWithJib_thenItIsTheDeploymentsImageAndIsBuiltOnlyWhenAsked() {
        assertEquals(
                "false",
                app.getProperty("quarkus.container-image.build", "false"),
                "./mvnw package builds no image unless -Dquarkus.container-image.build=true");
        String image = app.getProperty("quarkus.container-image.registry") + "/"
                + app.getProperty("quarkus.container-image.group") + "/"
                + app.getProperty("quarkus.container-image.name") + ":"
                + app.getProperty("quarkus.container-image.tag");
        assertEquals(image, container().get("image"), "the Deployment pulls what jib pushes");
        assertEquals(
                Set.copyOf(containerPorts().values()),
                Set.of(app.getProperty("quarkus.jib.ports").split(",")).stream()
                        .map(Integer::parseInt)
                        .collect(Collectors.toSet()));
        assertEquals(
                at(kind("Deployment"), "spec", "template", "spec", "securityContext", "runAsUser")
                        .toString(),
                app.getProperty("quarkus.jib.user"),
                "the image runs as the Deployment's user");
    }

    <T> T atNp(String... path) {
        return at(kind("NetworkPolicy"), path);
    }

    static Map<String, Object> kind(List<Map<String, Object>> all, String kind) {
        return all.stream()
                .filter(d -> kind.equals(d.get("kind")))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no " + kind + " in k8s/ with the prometheus-operator component"));
    }

    static List<Integer> ports(Map<String, Object> rule) {
        List<Map<String, Object>> ports = at(rule, "ports");
        return ports.stream().map(p -> (Integer) p.get("port")).toList();
    }
}
