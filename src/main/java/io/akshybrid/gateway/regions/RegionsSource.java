package io.akshybrid.gateway.regions;

import io.akshybrid.gateway.hashing.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Where the region map comes from: one regions.yaml, or a directory of files that together make the
 * map (every {@code *.yaml} and {@code *.yml} directly in it; names beginning with a dot, such as a
 * ConfigMap volume's {@code ..data} links, are ignored).
 *
 * <p>Each file's parse is kept for the next read. A file whose size, modification time and identity
 * (device and inode, after following symlinks) are unchanged is not read again; a file that is read
 * again but has the same content is not parsed again. So an edit of one file of a 25-file map parses
 * that one file, then merges. On a ConfigMap volume, every update swaps all files for new ones, which
 * are read and hashed (cheap) but parsed only when their content changed. A file modified within the
 * last {@value #RACY_SECONDS} seconds of being read is read again next time, since a second write in
 * the same clock tick would leave its stamp unchanged.
 *
 * <p>Blocking file I/O: called at startup and on worker threads, never on an event loop. Not
 * thread-safe; its callers serialize.
 */
public final class RegionsSource {

    static final int RACY_SECONDS = 2;

    private final Path path;
    private final long maxFileBytes;
    private final Function<String, String> environment;
    private Map<String, Kept> kept = Map.of();

    private record Stamp(long size, FileTime modified, Object key) {}

    private record Kept(Stamp stamp, Instant readAt, RegionsFile file) {}

    /**
     * What one read found: the files, and the revision's name (for a directory, the hash of its files'
     * names and content hashes).
     *
     * @param read files whose bytes were read this time
     * @param parsed files that were parsed this time (their content was new)
     */
    public record Snapshot(String contentSha256, List<RegionsFile> files, boolean directory, int read, int parsed) {}

    public RegionsSource(Path path, long maxFileBytes, Function<String, String> environment) {
        this.path = path;
        this.maxFileBytes = maxFileBytes;
        this.environment = environment;
    }

    public Path path() {
        return path;
    }

    /** Reads and parses what changed since the last read. */
    public Snapshot read() throws IOException {
        boolean directory = Files.isDirectory(path);
        List<Path> paths = directory ? files(path) : List.of(path);
        Map<String, Kept> next = new HashMap<>();
        List<Path> toParse = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        List<Stamp> stamps = new ArrayList<>();
        int read = 0;
        Instant now = Instant.now();
        for (Path p : paths) {
            String name = directory ? p.getFileName().toString() : p.toString();
            BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class);
            Stamp stamp = new Stamp(attrs.size(), attrs.lastModifiedTime(), attrs.fileKey());
            Kept before = kept.get(name);
            if (before != null && trusted(before, stamp)) {
                next.put(name, before);
                continue;
            }
            if (stamp.size() > maxFileBytes) {
                RegionsFile tooLarge = RegionsFileParser.tooLarge(
                        name,
                        stamp.size(),
                        maxFileBytes,
                        Sha256.hex(stamp.toString().getBytes(StandardCharsets.UTF_8)));
                next.put(name, new Kept(stamp, now, tooLarge));
                continue;
            }
            byte[] content = Files.readAllBytes(p);
            read++;
            String hash = Sha256.hex(content);
            if (before != null && before.file().contentSha256().equals(hash)) {
                next.put(name, new Kept(stamp, now, before.file()));
                continue;
            }
            toParse.add(p);
            contents.add(content);
            stamps.add(stamp);
        }
        // Several new files (at startup, all of them) are parsed on the common pool's threads as well.
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < toParse.size(); i++) {
            indexes.add(i);
        }
        Stream<Integer> work = indexes.size() > 1 ? indexes.parallelStream() : indexes.stream();
        List<RegionsFile> parsed = work.map(i -> RegionsFileParser.parseFile(
                        directory
                                ? toParse.get(i).getFileName().toString()
                                : toParse.get(i).toString(),
                        contents.get(i),
                        environment,
                        maxFileBytes))
                .toList();
        for (int i = 0; i < parsed.size(); i++) {
            next.put(parsed.get(i).name(), new Kept(stamps.get(i), now, parsed.get(i)));
        }
        kept = next;
        List<RegionsFile> files = next.values().stream()
                .map(Kept::file)
                .sorted(Comparator.comparing(RegionsFile::name))
                .toList();
        String revision = directory ? revision(files) : files.get(0).contentSha256();
        return new Snapshot(revision, files, directory, read, parsed.size());
    }

    /** Merges a snapshot into the map it describes, or refuses it naming every problem. */
    public RegionMap merge(Snapshot snapshot) throws RegionMapException {
        return RegionMapMerger.merge(path.toString(), snapshot.files(), snapshot.directory(), snapshot.contentSha256());
    }

    /** Reads and merges: the map as it is on disk now. */
    public RegionMap load() throws IOException, RegionMapException {
        return merge(read());
    }

    private static boolean trusted(Kept before, Stamp stamp) {
        return before.stamp().equals(stamp)
                && Objects.nonNull(stamp.modified())
                && Duration.between(stamp.modified().toInstant(), before.readAt())
                                .getSeconds()
                        >= RACY_SECONDS;
    }

    /** The map's files in a directory, by name. */
    public static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> {
                        String n = p.getFileName().toString();
                        return !n.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml"));
                    })
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        }
    }

    private static String revision(List<RegionsFile> files) {
        StringBuilder names = new StringBuilder();
        files.forEach(f ->
                names.append(f.name()).append('\n').append(f.contentSha256()).append('\n'));
        return Sha256.hex(names.toString().getBytes(StandardCharsets.UTF_8));
    }
}
