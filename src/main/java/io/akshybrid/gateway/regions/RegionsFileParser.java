package io.akshybrid.gateway.regions;

import io.akshybrid.gateway.hashing.Sha256;
import io.akshybrid.gateway.regions.RegionMapException.Problem;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Parses and validates regions.yaml as a whole: every problem is collected with its line, and the
 * file is either turned into a {@link RegionMap} or refused. Unknown and duplicate keys are refused
 * too, since a typo in an operator's edit must not silently change where data goes.
 *
 * <p>Pure function of the text and the environment: no I/O, safe on any thread.
 */
public final class RegionsFileParser {

    static final Pattern REGION_NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    static final Pattern CLUSTER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final Function<String, String> environment;
    private final List<Problem> problems = new ArrayList<>();

    private RegionsFileParser(Function<String, String> environment) {
        this.environment = environment;
    }

    /**
     * @param source a name for messages (the file path)
     * @param environment resolves {@code ${VAR}}; returns null for an unset variable
     */
    public static RegionMap parse(String source, String content, Function<String, String> environment)
            throws RegionMapException {
        RegionsFileParser parser = new RegionsFileParser(environment);
        RegionMap map = parser.parse(content);
        if (!parser.problems.isEmpty()) {
            throw new RegionMapException(source, parser.problems);
        }
        return map;
    }

    private RegionMap parse(String content) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            root = new Yaml(options).compose(new StringReader(content));
        } catch (MarkedYAMLException e) {
            problems.add(new Problem(
                    e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1,
                    "YAML syntax: " + e.getProblem()));
            return null;
        } catch (YAMLException e) {
            problems.add(new Problem(0, "YAML syntax: " + e.getMessage()));
            return null;
        }
        if (!(root instanceof MappingNode top)) {
            problems.add(new Problem(
                    root == null ? 0 : line(root), "the file must be a mapping with 'regions' and 'clusters'"));
            return null;
        }
        Map<String, Node> sections = entries(top, Set.of("regions", "clusters"));
        Map<String, Region> regions = new LinkedHashMap<>();
        Node regionsNode = sections.get("regions");
        if (regionsNode == null) {
            problems.add(new Problem(line(top), "'regions' is missing"));
        } else if (regionsNode instanceof MappingNode rm) {
            entries(rm, null).forEach((name, node) -> region(name, node).ifPresent(r -> regions.put(name, r)));
            if (rm.getValue().isEmpty()) {
                problems.add(new Problem(line(rm), "'regions' must name at least one region"));
            }
        } else {
            problems.add(new Problem(line(regionsNode), "'regions' must be a mapping of region name to settings"));
        }
        Map<String, Cluster> clusters = new LinkedHashMap<>();
        Map<String, String> tokenOwners = new HashMap<>();
        Node clustersNode = sections.get("clusters");
        if (clustersNode instanceof MappingNode cm) {
            entries(cm, null)
                    .forEach((id, node) -> cluster(id, node, regionsNode == null ? null : regions, tokenOwners)
                            .ifPresent(c -> clusters.put(id, c)));
        } else if (clustersNode != null && !isNull(clustersNode)) {
            problems.add(new Problem(line(clustersNode), "'clusters' must be a mapping of cluster id to settings"));
        }
        return problems.isEmpty() ? RegionMap.of(regions, clusters, Sha256.hex(content)) : null;
    }

    private Optional<Region> region(String name, Node node) {
        int line = line(node);
        if (!REGION_NAME.matcher(name).matches()) {
            problems.add(new Problem(line, "region name '" + name + "' must match " + REGION_NAME.pattern()));
            return Optional.empty();
        }
        if (!(node instanceof MappingNode m)) {
            problems.add(new Problem(line, "region '" + name + "' must be a mapping with 'shard'"));
            return Optional.empty();
        }
        Map<String, Node> fields = entries(m, Set.of("shard"));
        Optional<String> shard = scalar(fields.get("shard"), "region '" + name + "': 'shard'", line);
        return shard.flatMap(s -> shardLocation(name, s, line(fields.get("shard"))))
                .map(loc -> new Region(name, loc));
    }

    private Optional<ShardLocation> shardLocation(String region, String value, int line) {
        if (value.equals("embedded")) {
            return Optional.of(new ShardLocation.Embedded("shard_" + region.replace('-', '_')));
        }
        Optional<String> resolved = substitute(value, line, "region '" + region + "'");
        if (resolved.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(PostgresUrl.parse(resolved.get()));
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(
                    line,
                    "region '" + region + "': shard must be 'embedded' or a URL like "
                            + "postgresql://user:password@host:5432/database (" + e.getMessage() + ")"));
            return Optional.empty();
        }
    }

    /**
     * Replaces {@code ${VAR}} from the environment. A value that is exactly one variable is taken as
     * is (a whole URL in a secret); a variable inside a URL is percent-encoded, so a password with
     * {@code @} or {@code /} in it cannot change the URL's meaning.
     */
    private Optional<String> substitute(String value, int line, String where) {
        Matcher whole = VARIABLE.matcher(value);
        if (whole.matches()) {
            String v = environment.apply(whole.group(1));
            if (v == null) {
                problems.add(new Problem(line, where + ": environment variable " + whole.group(1) + " is not set"));
                return Optional.empty();
            }
            return Optional.of(v);
        }
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        boolean missing = false;
        while (m.find()) {
            String v = environment.apply(m.group(1));
            if (v == null) {
                problems.add(new Problem(line, where + ": environment variable " + m.group(1) + " is not set"));
                missing = true;
                v = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(PostgresUrl.percentEncode(v)));
        }
        m.appendTail(out);
        if (!missing && out.indexOf("${") >= 0) {
            problems.add(new Problem(line, where + ": malformed ${...} reference"));
            return Optional.empty();
        }
        return missing ? Optional.empty() : Optional.of(out.toString());
    }

    private Optional<Cluster> cluster(
            String id, Node node, Map<String, Region> regions, Map<String, String> tokenOwners) {
        int line = line(node);
        if (!CLUSTER_ID.matcher(id).matches()) {
            problems.add(new Problem(line, "cluster id '" + id + "' must match " + CLUSTER_ID.pattern()));
            return Optional.empty();
        }
        if (!(node instanceof MappingNode m)) {
            problems.add(new Problem(
                    line, "cluster '" + id + "' must be a mapping with region, subscription and tokenSha256"));
            return Optional.empty();
        }
        String where = "cluster '" + id + "'";
        Map<String, Node> fields = entries(m, Set.of("region", "subscription", "tokenSha256"));
        int before = problems.size();
        Optional<String> region = Optional.empty();
        Node regionNode = fields.get("region");
        if (regionNode != null && !isNull(regionNode)) {
            region = scalar(regionNode, where + ": 'region'", line);
            if (region.isPresent() && regions != null && !regions.containsKey(region.get())) {
                problems.add(new Problem(
                        line(regionNode),
                        where + ": unknown region '" + region.get() + "' (regions: "
                                + String.join(", ", regions.keySet()) + ")"));
            }
        }
        Optional<String> subscription = scalar(fields.get("subscription"), where + ": 'subscription'", line);
        subscription.ifPresent(s -> {
            if (!isUuid(s)) {
                problems.add(new Problem(line(fields.get("subscription")), where + ": subscription must be a UUID"));
            }
        });
        // One hash, or a list of them while a token is being rotated (old and new both valid).
        List<String> tokens = new ArrayList<>();
        Node tokenNode = fields.get("tokenSha256");
        List<Node> tokenNodes =
                tokenNode instanceof SequenceNode seq ? seq.getValue() : java.util.Collections.singletonList(tokenNode);
        if (tokenNode instanceof SequenceNode seq && seq.getValue().isEmpty()) {
            problems.add(new Problem(line(tokenNode), where + ": tokenSha256 lists no hash"));
        }
        for (Node n : tokenNodes) {
            scalar(n, where + ": 'tokenSha256'", line).ifPresent(t -> {
                int tl = line(n);
                if (!SHA256_HEX.matcher(t).matches()) {
                    problems.add(new Problem(
                            tl, where + ": tokenSha256 must be 64 lower-case hex digits (the SHA-256 of the token)"));
                    return;
                }
                String other = tokenOwners.putIfAbsent(t, id);
                if (other != null) {
                    problems.add(new Problem(
                            tl,
                            other.equals(id)
                                    ? where + ": tokenSha256 lists the same hash twice"
                                    : where + ": tokenSha256 is the same as cluster '" + other
                                            + "'s; every cluster needs its own token"));
                }
                tokens.add(t);
            });
        }
        if (problems.size() > before || subscription.isEmpty() || tokens.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Cluster(id, region, subscription.get(), tokens));
    }

    private static boolean isUuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        try {
            UUID.fromString(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The entries of a mapping by key; unknown keys (when {@code allowed} is given) and non-scalar keys are problems. */
    private Map<String, Node> entries(MappingNode mapping, Set<String> allowed) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                problems.add(new Problem(line(t.getKeyNode()), "keys must be plain strings"));
                continue;
            }
            String key = k.getValue();
            if (allowed != null && !allowed.contains(key)) {
                problems.add(new Problem(
                        line(k), "unknown key '" + key + "' (expected one of " + String.join(", ", allowed) + ")"));
                continue;
            }
            if (out.putIfAbsent(key, t.getValueNode()) != null) {
                problems.add(new Problem(line(k), "duplicate key '" + key + "'"));
            }
        }
        return out;
    }

    private Optional<String> scalar(Node node, String what, int parentLine) {
        if (node == null || isNull(node)) {
            problems.add(new Problem(node == null ? parentLine : line(node), what + " is missing"));
            return Optional.empty();
        }
        if (!(node instanceof ScalarNode s)) {
            problems.add(new Problem(line(node), what + " must be a string"));
            return Optional.empty();
        }
        if (s.getValue().isBlank()) {
            problems.add(new Problem(line(node), what + " is empty"));
            return Optional.empty();
        }
        return Optional.of(s.getValue().trim());
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s
                && "tag:yaml.org,2002:null".equals(s.getTag().getValue());
    }

    private static int line(Node node) {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
