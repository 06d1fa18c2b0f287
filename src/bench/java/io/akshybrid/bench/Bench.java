package io.akshybrid.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The benchmark behind bench/run (which builds the jar, the class path and this code first). One run:
 *
 * <ol>
 *   <li>a durable PostgreSQL (embedded, or BENCH_PG_URL) with databases shard_bench and central;
 *   <li>the gateway jar as a child process, region {@code bench} on shard_bench with 1,000 clusters,
 *       and region {@code bench2} on shard_bench2 with none that sends (a backlog for forwarding);
 *   <li>the direct-write ceiling: the gateway's INSERT by 2 JDBC writers on shard_bench, no HTTP;
 *   <li>a JVM warm-up, then wrk at 1, 10 and 100 events per request (each after a warm-up);
 *   <li>100-event requests paced at half the rate measured for them: the p99 with headroom;
 *   <li>overload (300 connections of 1,000-event requests): statuses, p99, and how long until the
 *       gateway serves a small request normally again;
 *   <li>forwarding: a backlog drained into the central store (one region, then two), and the
 *       100-event load alone and with forwarding running all along ({@link ForwardingPhases}).
 * </ol>
 *
 * <p>Before all of these, the fleet phase ({@link FleetPhase}): gateways of their own with a region map
 * of 1,000 and of 100,000 clusters in a directory of files: start time, single-event throughput, a
 * one-cluster edit in force, heap after a full collection.
 *
 * <p>BENCH_PHASES picks among ingest (2 and 3 above), overload, forwarding and fleet; with fleet alone,
 * only the fleet phase runs.
 *
 * The event table is truncated before every measured phase. Results go to stdout and results.md.
 */
public final class Bench {

    /** Every setting of a run; durations in seconds. */
    record Settings(
            Path out,
            Path jar,
            String build,
            Optional<String> pgUrl,
            boolean pgRecreate,
            int seconds,
            int warmupSeconds,
            int jvmWarmupSeconds,
            int overloadSeconds,
            int recoveryTimeoutSeconds,
            int wrkThreads,
            int clusters,
            Set<String> phases,
            long backlogRows) {

        static Settings fromEnvironment() {
            int seconds = env("BENCH_SECONDS", 30);
            return new Settings(
                    Path.of(System.getProperty("bench.out", "target/bench")),
                    Path.of(required("bench.jar")),
                    System.getProperty("bench.build", "?"),
                    Optional.ofNullable(System.getenv("BENCH_PG_URL")).filter(s -> !s.isBlank()),
                    "1".equals(System.getenv("BENCH_PG_RECREATE")),
                    seconds,
                    // Short runs (a smoke test) shorten everything else with them.
                    env("BENCH_WARMUP_SECONDS", Math.min(5, seconds)),
                    env("BENCH_JVM_WARMUP_SECONDS", Math.min(15, 3 * seconds)),
                    env("BENCH_OVERLOAD_SECONDS", Math.min(20, seconds)),
                    env("BENCH_RECOVERY_TIMEOUT_SECONDS", 60),
                    env("BENCH_WRK_THREADS", 2),
                    1000,
                    phasesFromEnvironment(),
                    env("BENCH_BACKLOG_ROWS", 1_000_000));
        }

        /** BENCH_PHASES: a comma-separated subset of ingest, overload and forwarding; all by default. */
        private static Set<String> phasesFromEnvironment() {
            String v = System.getenv("BENCH_PHASES");
            if (v == null || v.isBlank()) {
                return PHASES;
            }
            Set<String> out = new LinkedHashSet<>();
            for (String p : v.split(",")) {
                String name = p.trim();
                if (!PHASES.contains(name)) {
                    throw new IllegalArgumentException("BENCH_PHASES: unknown phase '" + name + "' (known: " + PHASES + ")");
                }
                out.add(name);
            }
            return out;
        }

        boolean runs(String phase) {
            return phases.contains(phase);
        }

        private static int env(String name, int fallback) {
            String v = System.getenv(name);
            if (v == null || v.isBlank()) {
                return fallback;
            }
            int n = Integer.parseInt(v.trim());
            if (n < 1) {
                throw new IllegalArgumentException(name + " must be at least 1");
            }
            return n;
        }

        private static String required(String property) {
            String v = System.getProperty(property);
            if (v == null) {
                throw new IllegalArgumentException("-D" + property + " is required (bench/run sets it)");
            }
            return v;
        }
    }

    static final Set<String> PHASES = new LinkedHashSet<>(List.of("ingest", "overload", "forwarding", "fleet"));

    /** Events per request and connections of the three end-to-end phases. */
    private static final int[][] GATEWAY_PHASES = {{1, 64}, {10, 64}, {100, 32}};

    private static final int CEILING_WRITERS = 2;
    private static final int CEILING_BATCH = 100;
    private static final int PACED_CONNECTIONS = 16;
    private static final int OVERLOAD_CONNECTIONS = 300;
    private static final int OVERLOAD_BATCH = 1000;
    /** A small request answered 200 within this is "serving normally". */
    private static final Duration NORMAL_LATENCY = Duration.ofSeconds(1);

    private final Settings settings;
    private final Cleanup cleanup = new Cleanup();
    private final long started = System.nanoTime();

    private Bench(Settings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) {
        Settings settings = Settings.fromEnvironment();
        Bench bench = new Bench(settings);
        int status = 0;
        try {
            bench.run();
        } catch (Exception e) {
            if (bench.cleanup.interrupted()) {
                System.err.println("bench: interrupted; stopping the gateway and PostgreSQL");
            } else {
                System.err.println("bench: " + e.getMessage());
                e.printStackTrace();
            }
            status = 1;
        } finally {
            bench.cleanup.closeAll();
        }
        System.exit(status);
    }

    private void run() throws Exception {
        Path out = settings.out();
        Files.createDirectories(out);
        log("output in " + out + "; gateway " + settings.build() + ", run from a copy: " + settings.jar());
        DirectWriteCeiling.driftWarning().ifPresent(w -> log("WARNING: " + w));

        BenchDatabase db;
        if (settings.pgUrl().isPresent()) {
            db = BenchDatabase.external(settings.pgUrl().get(), settings.pgRecreate());
        } else {
            log("starting embedded PostgreSQL (log: " + out.resolve("postgres.log") + ")");
            db = BenchDatabase.embedded(out.resolve("postgres.log"), out.resolve("postgres.datadir"));
        }
        cleanup.register(db);
        Map<String, String> pg = db.settings();
        log(db.describe() + ": SHOW fsync = " + pg.get("fsync") + ", SHOW synchronous_commit = "
                + pg.get("synchronous_commit") + " (" + pg + ")");

        Report report = new Report(settings, db.describe(), pg);
        if (settings.runs("fleet")) {
            report.fleet(new FleetPhase(settings, db, cleanup, this::log).runAll());
            if (settings.phases().equals(Set.of("fleet"))) {
                finish(report);
                return;
            }
        }

        Path regions = out.resolve("regions.yaml");
        GatewayProcess.writeRegionsFile(
                regions, db.shardUrl(BenchDatabase.SHARD), db.shardUrl(BenchDatabase.SHARD2), settings.clusters());
        log("starting the gateway (log: " + out.resolve("gateway.log") + ")");
        GatewayProcess gateway = GatewayProcess.start(
                settings.jar(),
                regions,
                db,
                settings.clusters(),
                out.resolve("gateway.log"),
                out.resolve("gateway.pid"));
        cleanup.register(gateway);
        gateway.awaitServing(Duration.ofSeconds(180));
        if (!db.shardMigrated()) {
            throw new IllegalStateException("the gateway serves but shard_bench has no telemetry_events");
        }
        log("gateway pid " + gateway.pid() + " serving on " + gateway.eventsUri());

        Wrk wrk = new Wrk(gateway.eventsUri(), settings.clusters(), out, cleanup);

        // 1. The ceiling, while the gateway is idle.
        DirectWriteCeiling ceiling = new DirectWriteCeiling(db, BenchDatabase.SHARD, CEILING_WRITERS, CEILING_BATCH, settings.clusters());
        log("ceiling: " + ceiling.describe() + ", warm-up " + settings.warmupSeconds() + " s");
        db.resetShard();
        ceiling.run(Duration.ofSeconds(settings.warmupSeconds()));
        db.resetShard();
        log("ceiling: measuring " + settings.seconds() + " s");
        DirectWriteCeiling.Result c = ceiling.run(Duration.ofSeconds(settings.seconds()));
        double ceilingRate = c.rowsPerSecond();
        report.ceiling(c, db.shardRows());
        log(String.format("ceiling: %,.0f rows/s", ceilingRate));

        // 2. The gateway end to end. The JVM compiles its hot paths in the first seconds under load
        // (it runs at about half speed meanwhile): one warm-up for all shapes, then one per phase.
        int third = Math.max(1, settings.jvmWarmupSeconds() / GATEWAY_PHASES.length);
        log("JVM warm-up: " + GATEWAY_PHASES.length + " x " + third + " s");
        for (int[] phase : GATEWAY_PHASES) {
            wrk.run("jvm-warmup-" + phase[0], load(phase[0], phase[1], third));
        }
        if (settings.runs("ingest")) {
            ingest(db, gateway, wrk, report, ceilingRate);
        }
        if (settings.runs("overload")) {
            overload(db, gateway, wrk, report, ceilingRate);
        }
        if (settings.runs("forwarding")) {
            forwarding(db, gateway, wrk, report, ceilingRate);
        }

        finish(report);
    }

    private void finish(Report report) throws java.io.IOException {
        String markdown = report.markdown();
        Files.writeString(settings.out().resolve("results.md"), markdown);
        System.out.println();
        System.out.println(markdown);
        log("written to " + settings.out().resolve("results.md"));
    }

    /** 2 and 3: 1, 10 and 100 events per request as fast as they go, then 100 at half that rate. */
    private void ingest(BenchDatabase db, GatewayProcess gateway, Wrk wrk, Report report, double ceilingRate)
            throws Exception {
        double max100 = 0;
        for (int[] phase : GATEWAY_PHASES) {
            int batch = phase[0];
            int connections = phase[1];
            String name = batch + "-event";
            log(name + ": warm-up " + settings.warmupSeconds() + " s, then " + settings.seconds() + " s, " + connections
                    + " connections");
            wrk.run(name + "-warmup", load(batch, connections, settings.warmupSeconds()));
            db.resetShard();
            gateway.resetPeakRss();
            OptionalDouble cpuBefore = gateway.cpuSeconds();
            Wrk.Result r = wrk.run(name, load(batch, connections, settings.seconds()));
            OptionalDouble cpu = Report.difference(cpuBefore, gateway.cpuSeconds());
            OptionalLong rss = gateway.peakRssKib();
            report.gateway(batch, connections, r, ceilingRate, rss, db.shardRows(), cpu);
            log(String.format(
                    "%s: %,.0f events/s, p99 %.1f ms, %d non-200",
                    name, r.acceptedPerSecond(), r.p99Micros() / 1e3, r.non200()));
            if (batch == 100) {
                max100 = r.acceptedPerSecond();
            }
            if (batch == 1) {
                httpLimit(wrk, report, connections, r);
            }
        }

        // 3. Headroom: the same 100-event requests at half the rate just measured.
        if (max100 > 0) {
            double target = max100 / 2;
            log(String.format("paced: 100-event requests at %,.0f events/s for %d s", target, settings.seconds()));
            db.resetShard();
            gateway.resetPeakRss();
            OptionalDouble cpuBefore = gateway.cpuSeconds();
            Wrk.Result r = wrk.run(
                    "100-event-half-rate",
                    new Wrk.Load(
                            100,
                            settings.wrkThreads(),
                            PACED_CONNECTIONS,
                            settings.seconds(),
                            10,
                            OptionalDouble.of(target / 100)));
            report.paced(
                    PACED_CONNECTIONS,
                    target,
                    r,
                    ceilingRate,
                    gateway.peakRssKib(),
                    Report.difference(cpuBefore, gateway.cpuSeconds()));
        } else {
            report.pacedSkipped("the 100-event phase stored nothing");
        }
    }

    /**
     * The HTTP limit of this machine for the 1-event script: nginx answering a fixed 200, driven by the
     * same wrk script and connections right after the gateway's 1-event phase.
     */
    private void httpLimit(Wrk gatewayWrk, Report report, int connections, Wrk.Result gateway) throws Exception {
        Optional<HttpLimit> started = HttpLimit.start(settings.out());
        if (started.isEmpty()) {
            report.httpLimitSkipped("nginx is not installed (Debian/Ubuntu: apt-get install nginx)");
            return;
        }
        try (HttpLimit nginx = started.get();
                Cleanup.Registration registered = cleanup.register(nginx)) {
            Wrk wrk = gatewayWrk.at(nginx.uri());
            log("HTTP limit: nginx answering a fixed 200, " + connections + " connections, " + settings.seconds()
                    + " s");
            wrk.run("http-limit-warmup", load(1, connections, settings.warmupSeconds()));
            Wrk.Result r = wrk.run("http-limit", load(1, connections, settings.seconds()));
            report.httpLimit(connections, r, gateway);
            log(String.format(
                    "HTTP limit: %,.0f req/s; the gateway reached %.2f of it",
                    r.requestsPerSecond(), gateway.requestsPerSecond() / r.requestsPerSecond()));
        }
    }

    /** 4. */
    private void overload(BenchDatabase db, GatewayProcess gateway, Wrk wrk, Report report, double ceilingRate)
            throws Exception {

        // 4. Overload: far more than the shard can take. wrk's timeout is long so that slow answers are
        // latencies rather than timeouts; the gateway's own queue timeout should answer first.
        log("overload: " + OVERLOAD_CONNECTIONS + " connections of " + OVERLOAD_BATCH + "-event requests for "
                + settings.overloadSeconds() + " s");
        db.resetShard();
        gateway.resetPeakRss();
        Wrk.Result overload = wrk.run(
                "overload",
                new Wrk.Load(
                        OVERLOAD_BATCH,
                        settings.wrkThreads(),
                        OVERLOAD_CONNECTIONS,
                        settings.overloadSeconds(),
                        30,
                        OptionalDouble.empty()));
        Recovery recovery = recover(gateway, Duration.ofSeconds(settings.recoveryTimeoutSeconds()));
        report.overload(OVERLOAD_CONNECTIONS, OVERLOAD_BATCH, overload, ceilingRate, gateway.peakRssKib(), recovery);
        log(recovery.describe());
    }

    /**
     * 5. A backlog across both regions drained by forwarding runs back to back. 6. The 100-event load
     * alone, then with forwarding running all along: what ingest keeps, and what forwarding moves.
     */
    private void forwarding(BenchDatabase db, GatewayProcess gateway, Wrk wrk, Report report, double ceilingRate)
            throws Exception {
        ForwardingPhases phases = new ForwardingPhases(
                db, gateway, settings.clusters(), Duration.ofSeconds(Math.max(300, 10L * settings.seconds())));
        for (int regions = 1; regions <= 2; regions++) {
            log(String.format("forwarding: a backlog of %,d rows in %d region(s)", settings.backlogRows(), regions));
            ForwardingPhases.Drain drain = phases.drain(settings.backlogRows(), regions);
            report.drain(drain, ceilingRate);
            log(String.format(
                    "forwarding: %,d rows in %.1f s: %,.0f rows/s (%d runs)",
                    drain.forwarded(), drain.seconds(), drain.rowsPerSecond(), drain.runs()));
        }

        log("forwarding: 100-event requests for " + settings.seconds() + " s alone, then with forwarding");
        Wrk.Load load = load(100, GATEWAY_PHASES[2][1], settings.seconds());
        wrk.run("100-event-warmup", load(100, GATEWAY_PHASES[2][1], settings.warmupSeconds()));
        ForwardingPhases.WithIngest w = phases.whileIngesting(wrk, load);
        report.withIngest(GATEWAY_PHASES[2][1], w, ceilingRate);
        log(String.format(
                "forwarding: ingest %,.0f events/s alone, %,.0f with forwarding (%.2f); forwarded %,d meanwhile",
                w.alone().acceptedPerSecond(),
                w.withForwarding().acceptedPerSecond(),
                w.withForwarding().acceptedPerSecond() / w.alone().acceptedPerSecond(),
                w.forwardedDuringIngest()));
    }

    private Wrk.Load load(int batch, int connections, int seconds) {
        return new Wrk.Load(batch, settings.wrkThreads(), connections, seconds, 10, OptionalDouble.empty());
    }

    /** How long after the overload ended a small request was first served normally; empty if never. */
    record Recovery(Optional<Duration> after, int probes, String lastFailure, Duration timeout) {
        String describe() {
            return after.map(d -> String.format(
                            "recovery: a 1-event request got 200 within %d ms %.2f s after the overload (%d probes)",
                            NORMAL_LATENCY.toMillis(), d.toNanos() / 1e9, probes))
                    .orElse("recovery: not serving normally " + timeout.toSeconds() + " s after the overload ("
                            + lastFailure + ")");
        }
    }

    /**
     * Polls single 1-event requests, one after another, from the moment wrk ended until one gets 200
     * in under {@link #NORMAL_LATENCY}. The time counts to the end of that request.
     */
    private static Recovery recover(GatewayProcess gateway, Duration timeout) throws InterruptedException {
        long end = System.nanoTime();
        long deadline = end + timeout.toNanos();
        int probes = 0;
        String lastFailure = "no probe";
        while (System.nanoTime() < deadline) {
            GatewayProcess.Probe p = gateway.post();
            probes++;
            if (p.status() == 200 && p.latency().compareTo(NORMAL_LATENCY) < 0) {
                return new Recovery(Optional.of(Duration.ofNanos(System.nanoTime() - end)), probes, "", timeout);
            }
            lastFailure = p.status() == 0
                    ? p.body()
                    : "status " + p.status() + " in " + p.latency().toMillis() + " ms";
            Thread.sleep(50);
        }
        return new Recovery(Optional.empty(), probes, lastFailure, timeout);
    }

    private void log(String message) {
        System.out.printf("[%4ds] %s%n", (System.nanoTime() - started) / 1_000_000_000, message);
    }
}
