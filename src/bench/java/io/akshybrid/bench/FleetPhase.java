package io.akshybrid.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The fleet phase: the gateway with a region map of 1,000 and then 100,000 clusters, each split over
 * {@value #FILES} files in a directory, as ConfigMaps mount it. For each size, a gateway of its own:
 *
 * <ol>
 *   <li>start: from launching the jar until readiness answers 200 and a first event is stored;
 *   <li>single-event throughput: 1-event requests, each with a random one of the clusters' tokens;
 *   <li>a one-cluster edit in force: one file replaced (atomically, as the kubelet swaps a ConfigMap)
 *       with a new token for one cluster, then a request with that token every 20 ms until one gets 200;
 *   <li>the heap in use after a full collection (the map's share is the difference between the sizes).
 * </ol>
 */
final class FleetPhase {

    static final int FILES = 25;
    static final int[] SIZES = {1_000, 100_000};
    private static final int CONNECTIONS = 64;

    /** One size's figures. */
    record Run(
            int clusters,
            int files,
            long largestFileBytes,
            Duration ready,
            Duration editInForce,
            OptionalLong heapAfterGcKib,
            Wrk.Result singleEvent,
            OptionalLong peakRssKib,
            Optional<Wrk.Result> fromFirstThousand) {}

    private final Bench.Settings settings;
    private final BenchDatabase db;
    private final Cleanup cleanup;
    private final java.util.function.Consumer<String> log;

    FleetPhase(Bench.Settings settings, BenchDatabase db, Cleanup cleanup, java.util.function.Consumer<String> log) {
        this.settings = settings;
        this.db = db;
        this.cleanup = cleanup;
        this.log = log;
    }

    List<Run> runAll() throws Exception {
        List<Run> runs = new ArrayList<>();
        for (int clusters : SIZES) {
            runs.add(run(clusters));
        }
        return runs;
    }

    private Run run(int clusters) throws Exception {
        Path out = settings.out();
        Path dir = out.resolve("fleet-" + clusters);
        delete(dir);
        GatewayProcess.writeRegionsDirectory(
                dir, db.shardUrl(BenchDatabase.SHARD), db.shardUrl(BenchDatabase.SHARD2), clusters, FILES);
        long largest;
        try (Stream<Path> files = Files.list(dir)) {
            largest = files.mapToLong(FleetPhase::size).max().orElse(0);
        }
        if (db.shardMigrated()) { // the first gateway of the run migrates it
            db.resetShard();
        }
        log.accept(String.format("fleet: %,d clusters in %d files (largest %,d bytes); starting a gateway", clusters, FILES + 1, largest));
        long t0 = System.nanoTime();
        Duration ready;
        try (GatewayProcess gateway = GatewayProcess.start(
                settings.jar(),
                dir,
                db,
                clusters,
                out.resolve("gateway-fleet-" + clusters + ".log"),
                out.resolve("gateway.pid"))) {
            try (Cleanup.Registration ignored = cleanup.register(gateway::close)) {
                gateway.awaitServing(Duration.ofSeconds(180));
                ready = Duration.ofNanos(System.nanoTime() - t0);
                log.accept(String.format("fleet: %,d clusters: serving %.1f s after launch", clusters, ready.toNanos() / 1e9));

                Wrk wrk = new Wrk(gateway.eventsUri(), clusters, out, cleanup);
                wrk.run("fleet-" + clusters + "-warmup", load(Math.max(settings.warmupSeconds(), settings.jvmWarmupSeconds())));
                db.resetShard();
                gateway.resetPeakRss();
                Wrk.Result r = wrk.run("fleet-" + clusters, load(settings.seconds()));
                OptionalLong rss = gateway.peakRssKib();
                log.accept(String.format("fleet: %,d clusters: %,.0f events/s of 1 event, p99 %.1f ms", clusters, r.acceptedPerSecond(), r.p99Micros() / 1e3));
                // The same map, but only the first 1,000 clusters send: the map's size alone, apart from
                // the shard's index taking keys of 100 times as many clusters.
                Optional<Wrk.Result> first = Optional.empty();
                if (clusters > SIZES[0]) {
                    db.resetShard();
                    first = Optional.of(new Wrk(gateway.eventsUri(), SIZES[0], out, cleanup)
                            .run("fleet-" + clusters + "-first-" + SIZES[0], load(settings.seconds())));
                    log.accept(String.format("fleet: %,d clusters, the first %,d sending: %,.0f events/s of 1 event", clusters, SIZES[0], first.get().acceptedPerSecond()));
                }

                Duration edit = edit(gateway, dir, clusters);
                log.accept(String.format("fleet: %,d clusters: a one-cluster edit in force after %.2f s", clusters, edit.toNanos() / 1e9));
                OptionalLong heap = gateway.heapAfterGcKib();
                return new Run(clusters, FILES + 1, largest, ready, edit, heap, r, rss, first);
            }
        }
    }

    /** Gives the middle cluster a new token in its file; the time until that token is accepted. */
    private static Duration edit(GatewayProcess gateway, Path dir, int clusters) throws Exception {
        int cluster = clusters / 2 + 1;
        String newToken = "bench-edited-token-" + System.nanoTime();
        Path file = dir.resolve(GatewayProcess.fileOf(cluster, clusters, FILES));
        String content = Files.readString(file);
        String before = GatewayProcess.clusterEntry(cluster, GatewayProcess.token(cluster));
        if (!content.contains(before)) {
            throw new IllegalStateException("cluster " + cluster + " is not in " + file);
        }
        Path next = dir.resolve(".next-" + file.getFileName()); // a dot-name: the gateway ignores it
        Files.writeString(next, content.replace(before, GatewayProcess.clusterEntry(cluster, newToken)));
        long t0 = System.nanoTime();
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        long deadline = t0 + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            GatewayProcess.Probe p = gateway.post(newToken);
            if (p.status() == 200) {
                return Duration.ofNanos(System.nanoTime() - t0);
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the edit was not in force within 60 s");
    }

    private Wrk.Load load(int seconds) {
        return new Wrk.Load(1, settings.wrkThreads(), CONNECTIONS, seconds, 10, OptionalDouble.empty());
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
