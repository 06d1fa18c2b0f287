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
        Map<String, Object> clusters = new LinkedHashMap<>();
        LoaderOptions loading = new LoaderOptions();
        loading.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, maxFileBytes));
        for (Path file : Files.isDirectory(source) ? RegionsSource.files(source) : List.of(source)) {
            Object root = new Yaml(loading).load(Files.readString(file, StandardCharsets.UTF_8));
            if (root instanceof Map<?, ?> top) {
                section(top.get("regions"), regions);
                section(top.get("clusters"), clusters);
            }
        }
        DumperOptions dumping = new DumperOptions();
        dumping.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        dumping.setIndent(2);
        dumping.setWidth(Integer.MAX_VALUE);
        dumping.setSplitLines(false);
        Yaml yaml = new Yaml(dumping);
        Files.createDirectories(target);
        List<String> written = new ArrayList<>();
        String regionsText = "# The regions of the map; the clusters are in clusters-*.yaml.\n"
                + yaml.dump(Map.of("regions", regions));
        written.add(save(target.resolve("regions.yaml"), regionsText, maxBytes));
        List<String> slices = new ArrayList<>();
        StringBuilder slice = new StringBuilder(CLUSTERS_HEADER);
        for (Map.Entry<String, Object> cluster : clusters.entrySet()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put(cluster.getKey(), cluster.getValue());
            String entry = yaml.dump(one).replaceAll("(?m)^", "  ");
            if (slice.length() > CLUSTERS_HEADER.length() && utf8Length(slice) + utf8Length(entry) > maxBytes) {
                slices.add(slice.toString());
                slice = new StringBuilder(CLUSTERS_HEADER);
            }
            slice.append(entry);
        }
        if (slice.length() > CLUSTERS_HEADER.length()) {
            slices.add(slice.toString());
        }
        int width = Math.max(3, String.valueOf(slices.size()).length());
        for (int i = 0; i < slices.size(); i++) {
            String name = String.format("clusters-%0" + width + "d.yaml", i + 1);
            written.add(save(target.resolve(name), slices.get(i), maxBytes));
        }
        return written;
    }

    @SuppressWarnings("unchecked")
    private static void section(Object value, Map<String, Object> into) {
        if (value instanceof Map<?, ?> m) {
            ((Map<Object, Object>) m).forEach((k, v) -> into.put(String.valueOf(k), v));
        }
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

    private static int utf8Length(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }
}
