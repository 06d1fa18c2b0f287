package io.akshybrid.gateway.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The manifests of k8s/ as a cluster gets them: rendered with {@code kubectl kustomize} when kubectl
 * is installed, else read the way kustomize reads these files (resources, components and ConfigMap
 * generators; k8s/ uses no patches). {@link #withPrometheusOperator()} renders the base with the
 * prometheus-operator component through the overlay that docs/operations.md shows.
 */
final class Kustomize {

    static final Path K8S = Path.of("k8s");
    static final Path PROMETHEUS_OPERATOR = K8S.resolve("components/prometheus-operator");
    static final Path OPERATIONS = Path.of("docs", "operations.md");

    private Kustomize() {}

    /** The base alone: what a cluster without the Prometheus Operator applies. */
    static List<Map<String, Object>> base() throws Exception {
        return render(K8S);
    }

    /**
     * The base and the component, through the overlay docs/operations.md shows, placed where it says:
     * {@code deploy/telemetry-gateway/} beside a checkout named {@code telemetry-gateway} (here a link to
     * this one), outside k8s/ (kustomize refuses an overlay inside the directory of the base it names).
     */
    static List<Map<String, Object>> withPrometheusOperator() throws Exception {
        Path root = Path.of("target", "documented-overlay").toAbsolutePath();
        Path checkout = root.resolve("telemetry-gateway");
        Path overlay = root.resolve("deploy").resolve("telemetry-gateway");
        Files.createDirectories(overlay);
        if (!Files.isSymbolicLink(checkout)) {
            Files.createSymbolicLink(checkout, Path.of("").toAbsolutePath());
        }
        Files.writeString(overlay.resolve("kustomization.yaml"), documentedOverlay());
        return render(overlay);
    }

    /** The kustomization docs/operations.md gives for the base with the prometheus-operator component. */
    static String documentedOverlay() throws IOException {
        String doc = Files.readString(OPERATIONS);
        Matcher block = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(doc);
        List<String> overlays = new ArrayList<>();
        while (block.find()) {
            if (block.group(1).contains("components:") && block.group(1).contains("prometheus-operator")) {
                overlays.add(block.group(1));
            }
        }
        if (overlays.size() != 1) {
            throw new AssertionError(
                    OPERATIONS + " shows " + overlays.size() + " overlays with the component, not one");
        }
        return overlays.get(0);
    }

    static List<Map<String, Object>> render(Path dir) throws Exception {
        if (Boolean.getBoolean("k8s.without-kubectl")) {
            return filesOf(dir);
        }
        String rendered;
        try {
            Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                    .redirectErrorStream(false)
                    .start();
            rendered = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed: "
                        + new String(p.getErrorStream().readAllBytes()));
            }
        } catch (IOException noKubectl) {
            return filesOf(dir);
        }
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object o : new Yaml().loadAll(rendered)) {
            if (o != null) {
                docs.add(cast(o));
            }
        }
        return docs;
    }

    /**
     * Without kubectl: the resources as written, the generated ConfigMaps built the way kustomize
     * does, then the components' and the kustomization's namespace and labels (metadata only).
     */
    static List<Map<String, Object>> filesOf(Path dir) throws IOException {
        Map<String, Object> k = cast(new Yaml().load(Files.readString(dir.resolve("kustomization.yaml"))));
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object r : k.get("resources") instanceof List<?> l ? l : List.of()) {
            Path p = dir.resolve(r.toString()).normalize();
            if (Files.isDirectory(p)) {
                docs.addAll(filesOf(p));
            } else {
                for (Object o : new Yaml().loadAll(Files.readString(p))) {
                    if (o != null) {
                        docs.add(cast(o));
                    }
                }
            }
        }
        if (k.get("configMapGenerator") instanceof List<?> generators) {
            for (Object o : generators) {
                docs.add(configMap(dir, cast(o)));
            }
        }
        for (Object c : k.get("components") instanceof List<?> l ? l : List.of()) {
            Path component = dir.resolve(c.toString()).normalize();
            docs.addAll(filesOf(component));
            Map<String, Object> ck = cast(new Yaml().load(Files.readString(component.resolve("kustomization.yaml"))));
            transform(ck, docs);
        }
        if (!"Component".equals(k.get("kind"))) {
            transform(k, docs);
        }
        return docs;
    }

    private static Map<String, Object> configMap(Path dir, Map<String, Object> g) throws IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        for (Object f : (List<?>) g.get("files")) {
            String[] keyAndFile = f.toString().split("=", 2);
            String file = keyAndFile[keyAndFile.length - 1];
            String key = keyAndFile.length == 2
                    ? keyAndFile[0]
                    : Path.of(file).getFileName().toString();
            data.put(key, Files.readString(dir.resolve(file)));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", g.get("name"));
        if (g.get("options") instanceof Map<?, ?> options) {
            for (String field : List.of("labels", "annotations")) {
                if (options.get(field) != null) {
                    metadata.put(field, new LinkedHashMap<>(cast(options.get(field))));
                }
            }
        }
        Map<String, Object> cm = new LinkedHashMap<>();
        cm.put("apiVersion", "v1");
        cm.put("kind", "ConfigMap");
        cm.put("metadata", metadata);
        cm.put("data", data);
        return cm;
    }

    private static void transform(Map<String, Object> k, List<Map<String, Object>> docs) {
        for (Map<String, Object> d : docs) {
            Map<String, Object> metadata = cast(d.computeIfAbsent("metadata", x -> new LinkedHashMap<>()));
            if (k.get("namespace") != null) {
                metadata.put("namespace", k.get("namespace"));
            }
            for (Object l : k.get("labels") instanceof List<?> list ? list : List.of()) {
                Map<String, Object> labels = cast(metadata.computeIfAbsent("labels", x -> new LinkedHashMap<>()));
                labels.putAll(cast(cast(l).get("pairs")));
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }
}
