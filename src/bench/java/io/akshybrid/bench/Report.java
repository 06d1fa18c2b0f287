package io.akshybrid.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/** The results of one run as Markdown: the settings, a table of phases, and the overload. */
final class Report {

    private record Row(
            String phase,
            String load,
            String eventsPerSecond,
            String ratio,
            String p50,
            String p99,
            String rss,
            String cpu,
            String notes) {}

    private final Bench.Settings settings;
    private final String database;
    private final Map<String, String> pgSettings;
    private final Instant date = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final List<Row> rows = new ArrayList<>();
    private final List<String> overload = new ArrayList<>();
    private boolean aboveCeiling;
    private List<FleetPhase.Run> fleet = List.of();

    Report(Bench.Settings settings, String database, Map<String, String> pgSettings) {
        this.settings = settings;
        this.database = database;
        this.pgSettings = pgSettings;
    }

    void ceiling(DirectWriteCeiling.Result c, long storedRows) {
        rows.add(new Row(
                "direct-write ceiling (no HTTP)",
                "2 writers, 100-row transactions",
                count(c.rowsPerSecond()),
                "1.00",
                millis(c.percentileNanos(50) / 1e6),
                millis(c.percentileNanos(99) / 1e6),
                "–",
                "–",
                String.format(
                        "latency per transaction (INSERT + COMMIT); %,d transactions; %,d rows stored",
                        c.transactionNanos().length, storedRows)));
    }

    /** {@code after - before}, when both are known. */
    static OptionalDouble difference(OptionalDouble before, OptionalDouble after) {
        return before.isPresent() && after.isPresent()
                ? OptionalDouble.of(after.getAsDouble() - before.getAsDouble())
                : OptionalDouble.empty();
    }

    /** The gateway's CPU over a phase: µs per request, µs per event, and cores used on average. */
    private static String cpu(OptionalDouble cpuSeconds, Wrk.Result r, int batch) {
        if (cpuSeconds.isEmpty() || r.requests() == 0) {
            return "n/a";
        }
        double s = cpuSeconds.getAsDouble();
        return String.format(
                "%,.0f µs/req, %,.1f µs/event, %.2f cores",
                s * 1e6 / r.requests(), s * 1e6 / (r.requests() * (double) batch), s / r.seconds());
    }

    void gateway(
            int batch, int connections, Wrk.Result r, double ceiling, OptionalLong rss, long storedRows, OptionalDouble cpu) {
        rows.add(new Row(
                "gateway, " + batch + (batch == 1 ? " event" : " events") + "/request",
                connections + " connections",
                count(r.acceptedPerSecond()),
                ratio(r.acceptedPerSecond(), ceiling),
                millis(r.p50Micros() / 1e3),
                millis(r.p99Micros() / 1e3),
                rss(rss),
                cpu(cpu, r, batch),
                String.format(
                        "%,.0f req/s; non-200: %,d; socket errors: %,d; duplicates: %,d; rows stored: %,d",
                        r.requestsPerSecond(), r.non200(), r.socketErrors(), r.duplicates(), storedRows)));
    }

    void paced(int connections, double target, Wrk.Result r, double ceiling, OptionalLong rss, OptionalDouble cpu) {
        rows.add(new Row(
                "gateway, 100 events/request, paced at half max",
                connections + " connections, target " + count(target) + " events/s",
                count(r.acceptedPerSecond()),
                ratio(r.acceptedPerSecond(), ceiling),
                millis(r.p50Micros() / 1e3),
                millis(r.p99Micros() / 1e3),
                rss(rss),
                cpu(cpu, r, 100),
                String.format(
                        "achieved %,.0f req/s (%.0f%% of target); non-200: %,d; socket errors: %,d",
                        r.requestsPerSecond(), 100 * r.acceptedPerSecond() / target, r.non200(), r.socketErrors())));
    }

    void httpLimit(int connections, Wrk.Result nginx, Wrk.Result gateway) {
        rows.add(new Row(
                "HTTP limit: nginx, fixed 200, 1 event/request",
                connections + " connections, the same wrk script",
                "–",
                "–",
                millis(nginx.p50Micros() / 1e3),
                millis(nginx.p99Micros() / 1e3),
                "–",
                "–",
                String.format(
                        "%,.0f req/s; **the gateway's 1-event phase reached %.2f of it**; non-200: %,d",
                        nginx.requestsPerSecond(),
                        gateway.requestsPerSecond() / nginx.requestsPerSecond(),
                        nginx.non200())));
    }

    void httpLimitSkipped(String reason) {
        rows.add(new Row("HTTP limit: nginx, fixed 200", "–", "–", "–", "–", "–", "–", "–", "skipped: " + reason));
    }

    void pacedSkipped(String reason) {
        rows.add(new Row(
                "gateway, 100 events/request, paced at half max", "–", "–", "–", "–", "–", "–", "–", "skipped: " + reason));
    }

    void overload(int connections, int batch, Wrk.Result r, double ceiling, OptionalLong rss, Bench.Recovery recovery) {
        rows.add(new Row(
                "overload, " + String.format("%,d", batch) + " events/request",
                connections + " connections, " + settings.overloadSeconds() + " s",
                count(r.acceptedPerSecond()),
                ratio(r.acceptedPerSecond(), ceiling),
                millis(r.p50Micros() / 1e3),
                millis(r.p99Micros() / 1e3),
                rss(rss),
                "–",
                "events/s stored; see below"));
        String statuses = r.statuses().isEmpty()
                ? "none"
                : r.statuses().entrySet().stream()
                        .map(e -> e.getKey() + ": " + String.format("%,d", e.getValue()))
                        .collect(Collectors.joining(", "));
        overload.add("| statuses | " + statuses + " |");
        overload.add(String.format(
                "| socket errors | connect %,d, read %,d, write %,d, timeout (> 30 s) %,d |",
                r.connectErrors(), r.readErrors(), r.writeErrors(), r.timeouts()));
        overload.add("| p50 / p99 / max | " + millis(r.p50Micros() / 1e3) + " / " + millis(r.p99Micros() / 1e3) + " / "
                + millis(r.maxMicros() / 1e3) + " |");
        overload.add(String.format("| requests/s | %,.0f |", r.requestsPerSecond()));
        overload.add("| recovery | "
                + recovery.after()
                        .map(d -> String.format(
                                "%.2f s after the overload ended (%d probes until a 1-event request got 200 in < 1 s)",
                                d.toNanos() / 1e9, recovery.probes()))
                        .orElse("not serving normally " + recovery.timeout().toSeconds() + " s after the overload ("
                                + recovery.lastFailure() + ")")
                + " |");
    }

    void drain(ForwardingPhases.Drain d, double ceiling) {
        rows.add(new Row(
                "forwarding, backlog drain, " + d.regions() + (d.regions() == 1 ? " region" : " regions"),
                String.format("%,d rows, runs back to back", d.backlog()),
                count(d.rowsPerSecond()),
                ratio(d.rowsPerSecond(), ceiling),
                "–",
                "–",
                rss(d.rss()),
                "–",
                String.format(
                        "rows/s forwarded; %,d rows in %.1f s, %d runs; central store holds %,d of %,d rows",
                        d.forwarded(), d.seconds(), d.runs(), d.centralRows(), d.backlog())));
    }

    void withIngest(int connections, ForwardingPhases.WithIngest w, double ceiling) {
        rows.add(new Row(
                "gateway, 100 events/request, no forwarding",
                connections + " connections",
                count(w.alone().acceptedPerSecond()),
                ratio(w.alone().acceptedPerSecond(), ceiling),
                millis(w.alone().p50Micros() / 1e3),
                millis(w.alone().p99Micros() / 1e3),
                "–",
                "–",
                String.format("baseline of the next row; non-200: %,d", w.alone().non200())));
        double seconds = w.withForwarding().seconds();
        rows.add(new Row(
                "gateway, 100 events/request, while forwarding",
                connections + " connections, forwarding back to back",
                count(w.withForwarding().acceptedPerSecond()),
                ratio(w.withForwarding().acceptedPerSecond(), ceiling),
                millis(w.withForwarding().p50Micros() / 1e3),
                millis(w.withForwarding().p99Micros() / 1e3),
                rss(w.rss()),
                "–",
                String.format(
                        "**%.2f of the rate without forwarding**; forwarded %,.0f rows/s meanwhile, largest lag %.1f s; "
                                + "caught up %.1f s after ingest stopped (central %,d of %,d rows); non-200: %,d",
                        w.withForwarding().acceptedPerSecond() / w.alone().acceptedPerSecond(),
                        w.forwardedDuringIngest() / seconds,
                        w.maxLagSeconds(),
                        w.catchUpSeconds(),
                        w.centralRows(),
                        w.shardRows(),
                        w.withForwarding().non200())));
    }

    void fleet(List<FleetPhase.Run> runs) {
        fleet = List.copyOf(runs);
    }

    private void fleetMarkdown(StringBuilder md) {
        if (fleet.isEmpty()) {
            return;
        }
        FleetPhase.Run base = fleet.get(0);
        md.append("\n### The region map of a fleet\n\n");
        md.append("Each size on a gateway of its own (-Xmx256m), the map in a directory of files as ConfigMaps mount it; "
                + "1-event requests, " + settings.seconds() + " s, a random one of the clusters' tokens each.\n\n");
        md.append("| clusters | files (largest) | ready after launch | one-cluster edit in force | heap after full GC |"
                + " map's share (vs " + String.format("%,d", base.clusters()) + ") | 1-event events/s | vs "
                + String.format("%,d", base.clusters()) + " | p99 | peak RSS |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (FleetPhase.Run r : fleet) {
            String share = r == base || r.heapAfterGcKib().isEmpty() || base.heapAfterGcKib().isEmpty()
                    ? "–"
                    : String.format("%.1f MB", (r.heapAfterGcKib().getAsLong() - base.heapAfterGcKib().getAsLong()) / 1024.0);
            md.append(String.format(
                    "| %,d | %d (%,d bytes) | %.1f s | %.2f s | %s | %s | %s | %s | %s | %s |%n",
                    r.clusters(),
                    r.files(),
                    r.largestFileBytes(),
                    r.ready().toNanos() / 1e9,
                    r.editInForce().toNanos() / 1e9,
                    r.heapAfterGcKib().isPresent() ? String.format("%.1f MB", r.heapAfterGcKib().getAsLong() / 1024.0) : "?",
                    share,
                    count(r.singleEvent().acceptedPerSecond()),
                    String.format("%.2f", r.singleEvent().acceptedPerSecond() / base.singleEvent().acceptedPerSecond()),
                    millis(r.singleEvent().p99Micros() / 1e3),
                    rss(r.peakRssKib())));
        }
        for (FleetPhase.Run r : fleet) {
            r.fromFirstThousand().ifPresent(first -> md.append(String.format(
                    "%nWith the map of %,d clusters but only its first %,d clusters sending: %s events/s (%.2f of the "
                            + "%,d-cluster map's figure), p99 %s: the map's size alone, while all %,d sending also spreads "
                            + "the shard's inserts over the keys of 100 times as many clusters.%n",
                    r.clusters(),
                    base.clusters(),
                    count(first.acceptedPerSecond()),
                    first.acceptedPerSecond() / base.singleEvent().acceptedPerSecond(),
                    base.clusters(),
                    millis(first.p99Micros() / 1e3),
                    r.clusters())));
        }
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## bench/run ").append(date).append("\n\n");
        md.append("- gateway: ").append(settings.build()).append("\n");
        md.append("- machine: ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs, shared by wrk, the gateway (-Xmx256m) and PostgreSQL; Java ")
                .append(Runtime.version())
                .append("\n");
        md.append("- database: ")
                .append(database)
                .append(", PostgreSQL ")
                .append(pgSettings.get("server_version"))
                .append(": fsync = ")
                .append(pgSettings.get("fsync"))
                .append(", synchronous_commit = ")
                .append(pgSettings.get("synchronous_commit"))
                .append(", full_page_writes = ")
                .append(pgSettings.get("full_page_writes"))
                .append(", shared_buffers = ")
                .append(pgSettings.get("shared_buffers"))
                .append(", max_wal_size = ")
                .append(pgSettings.get("max_wal_size"))
                .append("\n");
        md.append(String.format(
                "- load: wrk, %d threads; %,d clusters (a random token per request), one region; a fresh UUID per "
                        + "event; each phase measured %d s after a %d s warm-up (JVM warm-up %d s once), on an "
                        + "emptied table\n\n",
                settings.wrkThreads(),
                settings.clusters(),
                settings.seconds(),
                settings.warmupSeconds(),
                settings.jvmWarmupSeconds()));
        md.append("| phase | load | events/s | vs ceiling | p50 | p99 | peak RSS | gateway CPU | notes |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row r : rows) {
            md.append(String.join(
                            " | ",
                            "| " + r.phase(),
                            r.load(),
                            r.eventsPerSecond(),
                            r.ratio(),
                            r.p50(),
                            r.p99(),
                            r.rss(),
                            r.cpu(),
                            r.notes() + " |"))
                    .append("\n");
        }
        if (aboveCeiling) {
            md.append("\nAbove 1.00: the gateway writes the requests that queue up while its writers are busy in one "
                    + "transaction (group commit, up to gateway.shards.max-batch-rows rows), so it commits less "
                    + "often than the ceiling's 100-row transactions.\n");
        }
        if (!overload.isEmpty()) {
            md.append("\nOverload:\n\n| | |\n|---|---|\n");
            overload.forEach(line -> md.append(line).append("\n"));
        }
        fleetMarkdown(md);
        return md.toString();
    }

    private static String count(double v) {
        return String.format("%,.0f", v);
    }

    private String ratio(double v, double ceiling) {
        if (ceiling <= 0) {
            return "–";
        }
        aboveCeiling |= v > ceiling;
        return String.format("%.2f", v / ceiling);
    }

    private static String millis(double ms) {
        return ms < 10 ? String.format("%.1f ms", ms) : String.format("%,.0f ms", ms);
    }

    private static String rss(OptionalLong kib) {
        return kib.isPresent() ? String.format("%,d MiB", kib.getAsLong() / 1024) : "n/a";
    }
}
