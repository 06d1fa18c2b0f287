package io.akshybrid.gateway.cli;

import io.akshybrid.gateway.regions.RegionMap;
import io.akshybrid.gateway.regions.RegionMapException;
import io.akshybrid.gateway.regions.RegionsSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * {@code split-regions <file-or-directory> <new-directory> [max-size]}: writes a valid region map as a
 * directory the gateway reads as one map: {@code regions.yaml} with the regions, and
 * {@code clusters-001.yaml}, {@code clusters-002.yaml}, ... with the clusters, each file at most
 * {@code max-size} bytes (default 900 KB, so that each fits a ConfigMap of at most 1 MiB with room
 * for its metadata). Each file can then be one ConfigMap of a projected volume.
 *
 * <p>Values are written as they stand in the source, {@code ${VAR}} references included: nothing is
 * resolved from the environment, so no secret reaches the files. Comments are not carried over. The
 * new directory is read back and must make the same map, or the command fails. Exit 0 when written,
 * 1 when the source is invalid, 2 on a usage or I/O problem.
 */
final class RegionsSplitter {

    static final long DEFAULT_MAX_BYTES = 900_000;
    private static final Pattern SIZE =
            Pattern.compile("(\\d{1,12})\\s*(|k|kb|kib|m|mb|mib)", Pattern.CASE_INSENSITIVE);
    private static final String CLUSTERS_HEADER = "clusters:\n";

    private RegionsSplitter() {}

    static int run(String[] args, PrintStream out, PrintStream err, Function<String, String> env) {
        if (args.length < 3 || args.length > 4) {
            err.println("usage: split-regions <file-or-directory> <new-directory> [max-size, default 900KB]");
            return Commands.USAGE;
        }
        long maxBytes = args.length == 4 ? size(args[3]) : DEFAULT_MAX_BYTES;
        if (maxBytes < 1024) {
            err.println("max-size must be a size of at least 1KB, such as 900KB or 1000000, not '"
                    + (args.length == 4 ? args[3] : "") + "'");
            return Commands.USAGE;
        }
        Path source = Path.of(args[1]);
        Path target = Path.of(args[2]);
        RegionMap map;
        try {
            map = Commands.load(args[1], env);
        } catch (IOException e) {
            err.println("cannot read " + source + ": " + e.getMessage());
            return Commands.USAGE;
        } catch (RegionMapException e) {
            err.println(e.getMessage());
            err.println("only a valid map is split; fix it first");
            return Commands.INVALID;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return Commands.USAGE;
        }
        try {
            if (Files.exists(target) && (!Files.isDirectory(target) || hasMapFiles(target))) {
                err.println(target + " must be a new or empty directory: files already in it would join the map");
                return Commands.USAGE;
            }
            List<String> written = write(source, target, maxBytes, Commands.maxFileBytes(env));
            RegionMap again = Commands.load(target.toString(), env);
            if (!again.regions().equals(map.regions()) || !again.clusters().equals(map.clusters())) {
                err.println("the files written to " + target + " do not make the same map; they were left for a look");
                return Commands.INVALID;
            }
            out.println("wrote " + map.regions().size() + " regions and "
                    + map.clusters().size() + " clusters to " + written.size() + " files in " + target
                    + " (each at most " + maxBytes + " bytes):");
            written.forEach(line -> out.println("  " + line));
            return Commands.OK;
        } catch (IOException e) {
            err.println("cannot write " + target + ": " + e.getMessage());
            return Commands.USAGE;
        } catch (RegionMapException e) {
            err.println("the files written to " + target + " are not a valid map: " + e.getMessage());
            return Commands.INVALID;
        } catch (IllegalStateException e) {
            err.println(e.getMessage());
            return Commands.USAGE;
        }
    }

    /** A size in bytes: plain, or with KB or MB (powers of 1000), KiB or MiB (powers of 1024); -1 when not one. */
    static long size(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return -1;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k", "kb" -> n * 1000;
            case "kib" -> n * 1024;
            case "m", "mb" -> n * 1000 * 1000;
            case "mib" -> n * 1024 * 1024;
            default -> n;
        };
    }

    private static boolean hasMapFiles(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        }
    }

    private static List<String> write(Path source, Path target, long maxBytes, long maxFileBytes) throws IOException {
        Map<String, Object> regions = new LinkedHashMap<>();
        List<String> clusters = new ArrayList<>();
        LoaderOptions loading = new LoaderOptions();
        loading.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, maxFileBytes));
        for (Path file : Files.isDirectory(source) ? RegionsSource.files(source) : List.of(source)) {
            // The nodes, not loaded values: each scalar is kept as its text, as the gateway reads it.
            Node root = new Yaml(loading).compose(Files.newBufferedReader(file, StandardCharsets.UTF_8));
            if (root instanceof MappingNode top) {
                for (NodeTuple section : top.getValue()) {
                    String key = ((ScalarNode) section.getKeyNode()).getValue();
                    if (key.equals("regions") && section.getValueNode() instanceof MappingNode m) {
                        m.getValue().forEach(t -> regions.put(text(t.getKeyNode()), plain(t.getValueNode())));
                    } else if (key.equals("clusters") && section.getValueNode() instanceof MappingNode m) {
                        m.getValue().forEach(t -> clusters.add(cluster(t)));
                    }
                }
            }
        }
        DumperOptions dumping = new DumperOptions();
        dumping.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        dumping.setIndent(2);
        dumping.setWidth(Integer.MAX_VALUE);
        dumping.setSplitLines(false);
        Files.createDirectories(target);
        List<String> written = new ArrayList<>();
        String regionsText = "# The regions of the map; the clusters are in clusters-*.yaml.\n"
                + new Yaml(dumping).dump(Map.of("regions", regions));
        written.add(save(target.resolve("regions.yaml"), regionsText, maxBytes));
        List<String> slices = new ArrayList<>();
        StringBuilder slice = new StringBuilder(CLUSTERS_HEADER);
        long sliceBytes = CLUSTERS_HEADER.length();
        for (String entry : clusters) {
            long entryBytes = entry.getBytes(StandardCharsets.UTF_8).length;
            if (sliceBytes > CLUSTERS_HEADER.length() && sliceBytes + entryBytes > maxBytes) {
                slices.add(slice.toString());
                slice = new StringBuilder(CLUSTERS_HEADER);
                sliceBytes = CLUSTERS_HEADER.length();
            }
            slice.append(entry);
            sliceBytes += entryBytes;
        }
        if (sliceBytes > CLUSTERS_HEADER.length()) {
            slices.add(slice.toString());
        }
        int width = Math.max(3, String.valueOf(slices.size()).length());
        for (int i = 0; i < slices.size(); i++) {
            String name = String.format("clusters-%0" + width + "d.yaml", i + 1);
            written.add(save(target.resolve(name), slices.get(i), maxBytes));
        }
        return written;
    }

    /**
     * One cluster's entry, written directly: a valid map's cluster fields are scalars or lists of
     * scalars, each written double-quoted as its text. A hundred thousand small dumps through the
     * YAML library took many seconds.
     */
    private static String cluster(NodeTuple entry) {
        StringBuilder s = new StringBuilder(256)
                .append("  ")
                .append(quoted(text(entry.getKeyNode())))
                .append(":\n");
        if (entry.getValueNode() instanceof MappingNode fields) {
            for (NodeTuple f : fields.getValue()) {
                s.append("    ").append(text(f.getKeyNode())).append(':');
                Node v = f.getValueNode();
                if (v instanceof SequenceNode list) {
                    s.append('\n');
                    list.getValue()
                            .forEach(item -> s.append("      - ")
                                    .append(quoted(text(item)))
                                    .append('\n'));
                } else if (isNull(v)) {
                    s.append('\n');
                } else {
                    s.append(' ').append(quoted(text(v))).append('\n');
                }
            }
        }
        return s.toString();
    }

    private static String text(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : "";
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s
                && "tag:yaml.org,2002:null".equals(s.getTag().getValue());
    }

    private static String quoted(String text) {
        StringBuilder s = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.append('"').toString();
    }

    /** A node as plain values (strings, lists, maps) of its text, for the regions written by the YAML library. */
    private static Object plain(Node node) {
        if (node instanceof MappingNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.getValue().forEach(t -> out.put(text(t.getKeyNode()), plain(t.getValueNode())));
            return out;
        }
        if (node instanceof SequenceNode list) {
            return list.getValue().stream().map(RegionsSplitter::plain).toList();
        }
        return isNull(node) ? null : text(node);
    }

    private static String save(Path file, String text, long maxBytes) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            throw new IllegalStateException(file.getFileName() + " would be " + bytes.length
                    + " bytes, over the limit of " + maxBytes + "; choose a larger max-size");
        }
        Files.write(file, bytes);
        return file.getFileName() + " (" + bytes.length + " bytes)";
    }
}
