package io.akshybrid.gateway.regions;

import io.akshybrid.gateway.hashing.Sha256;
import io.akshybrid.gateway.hashing.Sha256Hash;
import io.akshybrid.gateway.regions.RegionMapException.Problem;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
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
 * Parses and validates one file of the region map: every problem is collected with its line, and the
 * file is turned into a {@link RegionsFile}, which {@link RegionMapMerger} merges with the other files
 * of a directory (or alone, for a single regions.yaml) into a {@link RegionMap}. Unknown and duplicate
 * keys are refused too, since a typo in an operator's edit must not silently change where data goes.
 *
 * <p>A file over the size limit is refused before YAML sees it, and the YAML parser is given the same
 * limit explicitly (its default of 3 MiB would otherwise refuse a large file with a message of its own).
 *
 * <p>Pure function of the bytes and the environment: no I/O, safe on any thread.
 */
public final class RegionsFileParser {

    static final Pattern REGION_NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    static final Pattern CLUSTER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    /** A certificate fingerprint as people copy it: 64 hex digits, or pairs joined by colons (openssl's form). */
    static final Pattern FINGERPRINT = Pattern.compile("[0-9A-Fa-f]{64}|[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){31}");

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /** The default size limit of one file: far above a ConfigMap's 1 MiB, and bounded. */
    public static final long DEFAULT_MAX_FILE_BYTES = 8L * 1024 * 1024;

    private final Function<String, String> environment;
    private final List<Problem> problems = new ArrayList<>();
    /** One instance per value, shared by the clusters of this file. */
    private final Map<String, Optional<String>> regionValues = new HashMap<>();

    private final Map<String, String> subscriptionValues = new HashMap<>();

    private RegionsFileParser(Function<String, String> environment) {
        this.environment = environment;
    }

    /**
     * Parses and validates a single regions.yaml (the whole map in one file).
     *
     * @param source a name for messages (the file path)
     * @param environment resolves {@code ${VAR}}; returns null for an unset variable
     */
    public static RegionMap parse(String source, String content, Function<String, String> environment)
            throws RegionMapException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        RegionsFile file = parseFile(source, bytes, environment, Math.max(DEFAULT_MAX_FILE_BYTES, bytes.length));
        return RegionMapMerger.merge(source, List.of(file), false, file.contentSha256());
    }

    /**
     * Parses one file. Its problems are in {@link RegionsFile#problems()}; problems that need the other
     * files (an unknown region, a cluster in two files) are found when the files are merged.
     *
     * @param name the file's name in messages
     * @param maxBytes the file's size limit; a larger file is refused with a problem that says so
     */
    public static RegionsFile parseFile(
            String name, byte[] content, Function<String, String> environment, long maxBytes) {
        String hash = Sha256.hex(content);
        if (content.length > maxBytes) {
            return tooLarge(name, content.length, maxBytes, hash);
        }
        RegionsFileParser parser = new RegionsFileParser(environment);
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            parser.problems.add(new Problem(0, "the file is not valid UTF-8 text"));
            return parser.empty(name, hash);
        }
        return parser.parse(name, hash, text, maxBytes);
    }

    /** A file refused for its size alone, without reading it. */
    static RegionsFile tooLarge(String name, long size, long maxBytes, String contentSha256) {
        RegionsFileParser parser = new RegionsFileParser(v -> null);
        parser.problems.add(new Problem(
                0,
                "the file is " + size + " bytes, over the limit of " + maxBytes
                        + " bytes for one file (gateway.regions-max-file-size); split the map over several"
                        + " files in a directory, for example with the split-regions command"));
        return parser.empty(name, contentSha256);
    }

    private RegionsFile empty(String name, String hash) {
        return new RegionsFile(
                name, hash, false, List.of(), List.of(), new int[0], List.of(), new int[0], new int[0], problems);
    }

    private RegionsFile parse(String name, String hash, String content, long maxBytes) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            // Set explicitly: the size check above has already refused anything larger.
            options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, maxBytes));
            root = new Yaml(options).compose(new StringReader(content));
        } catch (MarkedYAMLException e) {
            problems.add(new Problem(
                    e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1,
                    "YAML syntax: " + e.getProblem()));
            return empty(name, hash);
        } catch (YAMLException e) {
            problems.add(new Problem(0, "YAML syntax: " + e.getMessage()));
            return empty(name, hash);
        }
        if (!(root instanceof MappingNode top)) {
            problems.add(new Problem(
                    root == null ? 0 : line(root), "the file must be a mapping with 'regions' and 'clusters'"));
            return empty(name, hash);
        }
        Map<String, Node> sections = entries(top, Set.of("regions", "clusters"));
        List<Region> regions = new ArrayList<>();
        List<Integer> regionLines = new ArrayList<>();
        Node regionsNode = sections.get("regions");
        if (regionsNode instanceof MappingNode rm) {
            Map<String, Integer> regionKeyLines = keyLines(rm);
            entries(rm, null)
                    .forEach((region, node) -> region(region, node).ifPresent(r -> {
                        regions.add(r);
                        regionLines.add(regionKeyLines.getOrDefault(region, line(node)));
                    }));
            if (rm.getValue().isEmpty()) {
                problems.add(new Problem(line(rm), "'regions' must name at least one region"));
            }
        } else if (regionsNode != null) {
            problems.add(new Problem(line(regionsNode), "'regions' must be a mapping of region name to settings"));
        }
        List<Cluster> clusters = new ArrayList<>();
        List<Integer> clusterLines = new ArrayList<>();
        List<Integer> clusterRegionLines = new ArrayList<>();
        Map<Sha256Hash, String> tokenOwners = new HashMap<>();
        Map<Sha256Hash, String> pinOwners = new HashMap<>();
        Node clustersNode = sections.get("clusters");
        if (clustersNode instanceof MappingNode cm) {
            clusters = new ArrayList<>(cm.getValue().size());
            List<Cluster> into = clusters;
            Map<String, Integer> keyLines = keyLines(cm);
            entries(cm, null)
                    .forEach((id, node) -> cluster(id, node, tokenOwners, pinOwners)
                            .ifPresent(c -> {
                                into.add(c);
                                clusterLines.add(keyLines.getOrDefault(id, line(node)));
                                Node regionNode = node instanceof MappingNode m ? value(m, "region") : null;
                                clusterRegionLines.add(regionNode == null ? 0 : line(regionNode));
                            }));
        } else if (clustersNode != null && !isNull(clustersNode)) {
            problems.add(new Problem(line(clustersNode), "'clusters' must be a mapping of cluster id to settings"));
        }
        return new RegionsFile(
                name,
                hash,
                regionsNode != null,
                regionsNode instanceof MappingNode rm ? List.copyOf(keyLines(rm).keySet()) : List.of(),
                regions,
                ints(regionLines),
                clusters,
                ints(clusterLines),
                ints(clusterRegionLines),
                problems);
    }

    /** The line of each key of a mapping: a region's or cluster's line is that of its name, where an operator looks. */
    private static Map<String, Integer> keyLines(MappingNode mapping) {
        Map<String, Integer> lines = new HashMap<>(mapping.getValue().size() * 2);
        mapping.getValue().forEach(t -> {
            if (t.getKeyNode() instanceof ScalarNode k) {
                lines.putIfAbsent(k.getValue(), line(k));
            }
        });
        return lines;
    }

    private static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Node value(MappingNode mapping, String key) {
        for (NodeTuple t : mapping.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return t.getValueNode();
            }
        }
        return null;
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
            String id, Node node, Map<Sha256Hash, String> tokenOwners, Map<Sha256Hash, String> pinOwners) {
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
        Map<String, Node> fields = entries(m, Set.of("region", "subscription", "tokenSha256", "certSha256"));
        int before = problems.size();
        Optional<String> region = Optional.empty();
        Node regionNode = fields.get("region");
        if (regionNode != null && !isNull(regionNode)) {
            region = scalar(regionNode, where + ": 'region'", line)
                    .flatMap(r -> regionValues.computeIfAbsent(r, Optional::of));
        }
        Optional<String> subscription = scalar(fields.get("subscription"), where + ": 'subscription'", line);
        subscription.ifPresent(s -> {
            if (!isUuid(s)) {
                problems.add(new Problem(line(fields.get("subscription")), where + ": subscription must be a UUID"));
            }
        });
        // One hash, or a list of them while a token is being rotated (old and new both valid).
        List<Sha256Hash> tokens = hashes(
                fields.get("tokenSha256"),
                id,
                "tokenSha256",
                line,
                SHA256_HEX,
                "64 lower-case hex digits (the SHA-256 of the token)",
                tokenOwners,
                "every cluster needs its own token");
        List<Sha256Hash> pins = fields.containsKey("certSha256")
                ? hashes(
                        fields.get("certSha256"),
                        id,
                        "certSha256",
                        line,
                        FINGERPRINT,
                        "64 hex digits (the SHA-256 of the DER certificate)",
                        pinOwners,
                        "a certificate identifies one cluster")
                : List.of();
        if (problems.size() > before || subscription.isEmpty() || tokens.isEmpty()) {
            return Optional.empty();
        }
        String sharedSubscription = subscriptionValues.computeIfAbsent(subscription.get(), s -> s);
        return Optional.of(new Cluster(id, region, sharedSubscription, tokens, pins));
    }

    /** One hash or a list of them (a rotation), each unique within this file. */
    private List<Sha256Hash> hashes(
            Node node,
            String id,
            String key,
            int line,
            Pattern form,
            String formText,
            Map<Sha256Hash, String> owners,
            String uniqueness) {
        String where = "cluster '" + id + "'";
        List<Sha256Hash> out = new ArrayList<>(1);
        List<Node> nodes = node instanceof SequenceNode seq ? seq.getValue() : Collections.singletonList(node);
        if (node instanceof SequenceNode seq && seq.getValue().isEmpty()) {
            problems.add(new Problem(line(node), where + ": " + key + " lists no hash"));
        }
        for (Node n : nodes) {
            scalar(n, where + ": '" + key + "'", line).ifPresent(t -> {
                int tl = line(n);
                if (!form.matcher(t).matches()) {
                    problems.add(new Problem(tl, where + ": " + key + " must be " + formText));
                    return;
                }
                Sha256Hash hash = Sha256Hash.ofHex(t.replace(":", ""));
                String other = owners.putIfAbsent(hash, id);
                if (other != null) {
                    problems.add(new Problem(
                            tl,
                            other.equals(id)
                                    ? where + ": " + key + " lists the same hash twice"
                                    : where + ": " + key + " is the same as cluster '" + other + "'s; " + uniqueness));
                    return;
                }
                out.add(hash);
            });
        }
        return out;
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
