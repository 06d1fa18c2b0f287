package io.akshybrid.gateway.support;

import io.akshybrid.gateway.hashing.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A generated region map of a large fleet, written as a directory the gateway reads as one map:
 * {@code regions.yaml} and {@code clusters-01.yaml} ... each with an equal slice of the clusters
 * (about 200 bytes each, as a real entry). Cluster {@code i} has the token {@link #token(int)}.
 */
public final class Fleet {

    public static final List<String> REGIONS = List.of("eastus", "westeurope", "southeastasia", "australiaeast");

    private Fleet() {}

    public static String id(int i) {
        return new UUID(0x5b0e0c3c7d414a8bL, 0x9a0e000000000000L | i).toString();
    }

    public static String token(int i) {
        return "fleet-token-" + i;
    }

    public static String region(int i) {
        return REGIONS.get(i % REGIONS.size());
    }

    public static String subscription(int i) {
        return new UUID(0x0b5e7c1e3a4f4d2bL, 0x8c6e000000000000L | (i % 1000)).toString();
    }

    public static String regionsYaml() {
        StringBuilder s = new StringBuilder("regions:\n");
        REGIONS.forEach(r -> s.append("  ").append(r).append(":\n    shard: embedded\n"));
        return s.toString();
    }

    /** The YAML entry of cluster {@code i}, four lines, indented under {@code clusters:}. */
    public static String clusterYaml(int i) {
        return "  \"" + id(i) + "\":\n"
                + "    region: " + region(i) + "\n"
                + "    subscription: \"" + subscription(i) + "\"\n"
                + "    tokenSha256: \"" + Sha256.hex(token(i)) + "\"\n";
    }

    /** The file that holds cluster {@code i} in a map of {@code clusters} written to {@code files} files. */
    public static String fileOf(int i, int clusters, int files) {
        return String.format("clusters-%02d.yaml", i / perFile(clusters, files) + 1);
    }

    /** The line of cluster {@code i}'s id in its file. */
    public static int lineOf(int i, int clusters, int files) {
        return 2 + 4 * (i % perFile(clusters, files));
    }

    private static int perFile(int clusters, int files) {
        return (clusters + files - 1) / files;
    }

    /** Writes the map to {@code dir}; returns the files written. */
    public static List<Path> write(Path dir, int clusters, int files) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        written.add(Files.writeString(dir.resolve("regions.yaml"), regionsYaml()));
        int per = perFile(clusters, files);
        for (int f = 0; f < files; f++) {
            StringBuilder s = new StringBuilder(per * 210).append("clusters:\n");
            for (int i = f * per; i < Math.min(clusters, (f + 1) * per); i++) {
                s.append(clusterYaml(i));
            }
            written.add(Files.writeString(dir.resolve(String.format("clusters-%02d.yaml", f + 1)), s));
        }
        return written;
    }

    /** The whole map in one file. */
    public static Path writeOneFile(Path file, int clusters) throws IOException {
        StringBuilder s =
                new StringBuilder(clusters * 210).append(regionsYaml()).append("clusters:\n");
        for (int i = 0; i < clusters; i++) {
            s.append(clusterYaml(i));
        }
        return Files.writeString(file, s);
    }
}
