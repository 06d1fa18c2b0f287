package io.akshybrid.gateway.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akshybrid.gateway.config.GatewayConfig;
import io.akshybrid.gateway.regions.RegionMap;
import io.akshybrid.gateway.regions.RegionsFileParser;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The manifests in k8s/ agree with the application: ports, probe paths, the regions.yaml mount and
 * the environment variables the gateway reads. Renders them with {@code kubectl kustomize} when kubectl
 * is installed, else reads the kustomization's resources directly (they use no patches).
 */
class K8sManifestsTest {

    static final Path K8S = Path.of("k8s");
    static List<Map<String, Object>> docs;
    static Properties app;

    @BeforeAll
    static void render() throws Exception {
        String rendered = kustomize();
        docs = new ArrayList<>();
        for (Object o : new Yaml().loadAll(rendered)) {
            if (o != null) {
                docs.add(cast(o));
            }
        }
        app = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            app.load(in);
        }
    }

    static String kustomize() throws Exception {
        if (Boolean.getBoolean("k8s.without-kubectl")) {
            return filesOfKustomization();
        }
        try {
            Process p = new ProcessBuilder("kubectl", "kustomize", K8S.toString())
                    .redirectErrorStream(false)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return out;
            }
            throw new AssertionError("kubectl kustomize k8s failed: "
                    + new String(p.getErrorStream().readAllBytes()));
        } catch (IOException noKubectl) {
            return filesOfKustomization();
        }
    }

    /** Without kubectl: the resources as written, and the generated ConfigMaps built the way kustomize does. */
    static String filesOfKustomization() throws IOException {
        Map<String, Object> k = cast(new Yaml().load(Files.readString(K8S.resolve("kustomization.yaml"))));
        StringBuilder all = new StringBuilder();
        for (Object r : (List<?>) k.get("resources")) {
            all.append(Files.readString(K8S.resolve(r.toString()))).append("\n---\n");
        }
        List<Map<String, Object>> generators = at(k, "configMapGenerator");
        for (Map<String, Object> g : generators) {
            Map<String, Object> data = new HashMap<>();
            for (Object f : (List<?>) g.get("files")) {
                data.put(Path.of(f.toString()).getFileName().toString(), Files.readString(K8S.resolve(f.toString())));
            }
            all.append(new Yaml()
                            .dump(Map.of(
                                    "apiVersion",
                                    "v1",
                                    "kind",
                                    "ConfigMap",
                                    "metadata",
                                    Map.of("name", g.get("name")),
                                    "data",
                                    data)))
                    .append("\n---\n");
        }
        return all.toString();
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
        });
    }

    @Test
    void givenTheRegionsConfigMap_whenMounted_thenTheGatewayReadsItFromTheMountAndSeesUpdates() {
        String file = env().get("GATEWAY_REGIONS_FILE");
        List<Map<String, Object>> mounts = at(container(), "volumeMounts");
        Map<String, Object> mount = mounts.stream()
                .filter(m -> file.startsWith(m.get("mountPath") + "/"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume mounted above " + file));
        assertEquals(null, mount.get("subPath"), "a subPath mount never sees ConfigMap updates");
        List<Map<String, Object>> volumes = at(kind("Deployment"), "spec", "template", "spec", "volumes");
        Map<String, Object> volume = volumes.stream()
                .filter(v -> v.get("name").equals(mount.get("name")))
                .findFirst()
                .orElseThrow();
        String configMap = at(volume, "configMap", "name");
        assertEquals(
                configMap, at(kind("ConfigMap"), "metadata", "name"), "the mounted ConfigMap is the generated one");
        String fileName = Path.of(file).getFileName().toString();
        assertNotNull(at(kind("ConfigMap"), "data", fileName), "the ConfigMap holds " + fileName);
    }

    @Test
    void givenTheEnvironment_whenCompared_thenEveryVariableIsOneTheGatewayReads() throws Exception {
        Set<String> known = new HashSet<>();
        gatewayKeys("gateway", GatewayConfig.class, known);
        // The Quarkus settings this project documents for a deployment (README, "Deploying with k8s/").
        known.addAll(List.of(
                "quarkus.datasource.reactive.url",
                "quarkus.datasource.username",
                "quarkus.datasource.password",
                "quarkus.http.insecure-requests",
                "quarkus.tls.key-store.pem.0.cert",
                "quarkus.tls.key-store.pem.0.key",
                "quarkus.tls.trust-store.pem.certs"));
        Set<String> knownEnv = known.stream()
                .map(k -> k.toUpperCase().replaceAll("[^A-Z0-9]", "_"))
                .collect(Collectors.toSet());
        Set<String> regionVars = new HashSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}")
                .matcher(Files.readString(K8S.resolve("regions.yaml")));
        while (m.find()) {
            regionVars.add(m.group(1));
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
        RegionMap map = RegionsFileParser.parse(
                "k8s/regions.yaml", Files.readString(K8S.resolve("regions.yaml")), v -> "secret");
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

    static List<Integer> ports(Map<String, Object> rule) {
        List<Map<String, Object>> ports = at(rule, "ports");
        return ports.stream().map(p -> (Integer) p.get("port")).toList();
    }

    /** Every key of the gateway's typed configuration, as SmallRye maps interface methods to names. */
    static void gatewayKeys(String prefix, Class<?> type, Set<String> out) {
        for (Method m : type.getDeclaredMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.isDefault() || m.getParameterCount() > 0) {
                continue;
            }
            String key = prefix + "."
                    + m.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            if (m.getReturnType().isInterface() && m.getReturnType().getEnclosingClass() == GatewayConfig.class) {
                gatewayKeys(key, m.getReturnType(), out);
            } else {
                out.add(key);
            }
        }
    }
}
