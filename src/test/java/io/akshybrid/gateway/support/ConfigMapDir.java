package io.akshybrid.gateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A directory laid out like a mounted Kubernetes ConfigMap: {@code regions.yaml} is a symlink to
 * {@code ..data/regions.yaml}, {@code ..data} a symlink to a timestamped directory, and an update
 * writes a new directory and swaps {@code ..data} atomically. The visible file's inode never changes.
 */
public final class ConfigMapDir {

    private final Path root;
    private int generation;

    public ConfigMapDir(String initialContent) throws IOException {
        root = Files.createTempDirectory("configmap");
        Path first = writeGeneration(initialContent);
        Files.createSymbolicLink(root.resolve("..data"), first.getFileName());
        Files.createSymbolicLink(root.resolve("regions.yaml"), Path.of("..data", "regions.yaml"));
    }

    public Path file() {
        return root.resolve("regions.yaml");
    }

    /** Publishes new content the way the kubelet does. */
    public synchronized void update(String content) throws IOException {
        Path next = writeGeneration(content);
        Path tmp = root.resolve("..data_tmp");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, next.getFileName());
        Files.move(tmp, root.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private Path writeGeneration(String content) throws IOException {
        Path dir = root.resolve("..2026_11_29_" + (generation++));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("regions.yaml"), content);
        return dir;
    }
}
