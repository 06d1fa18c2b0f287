package io.akshybrid.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Runs wrk with src/bench/gateway.lua and reads the line its done() prints. */
final class Wrk {

    static final Path SCRIPT = Path.of("src/bench/gateway.lua");

    /**
     * One wrk run: {@code batch} events per request over {@code connections} connections for
     * {@code seconds}; with {@code requestsPerSecond} the requests are paced to that rate.
     * {@code timeoutSeconds} is wrk's --timeout: a slower answer counts as a timeout, not a latency.
     */
    record Load(
            int batch,
            int threads,
            int connections,
            int seconds,
            int timeoutSeconds,
            OptionalDouble requestsPerSecond) {}

    /** What done() printed. Latencies in microseconds; statuses by HTTP status. */
    record Result(
            long requests,
            long durationMicros,
            long p50Micros,
            long p99Micros,
            long maxMicros,
            long accepted,
            long duplicates,
            long rejected,
            long connectErrors,
            long readErrors,
            long writeErrors,
            long timeouts,
            Map<Integer, Long> statuses) {

        double seconds() {
            return durationMicros / 1e6;
        }

        /** Events the gateway answered as stored now, per second. */
        double acceptedPerSecond() {
            return accepted / seconds();
        }

        double requestsPerSecond() {
            return requests / seconds();
        }

        long non200() {
            return statuses.entrySet().stream()
                    .filter(e -> e.getKey() != 200)
                    .mapToLong(Map.Entry::getValue)
                    .sum();
        }

        long socketErrors() {
            return connectErrors + readErrors + writeErrors + timeouts;
        }
    }

    private final URI url;
    private final int clusters;
    private final Path logDirectory;
    private final Cleanup cleanup;

    Wrk(URI url, int clusters, Path logDirectory, Cleanup cleanup) {
        this.url = url;
        this.clusters = clusters;
        this.logDirectory = logDirectory;
        this.cleanup = cleanup;
    }

    /** The same script and clusters against another URL (the HTTP limit's nginx). */
    Wrk at(URI other) {
        return new Wrk(other, clusters, logDirectory, cleanup);
    }

    /** Runs wrk to its end (bounded: its duration plus a minute) and returns what it measured. */
    Result run(String name, Load load) throws IOException, InterruptedException {
        Path log = logDirectory.resolve("wrk-" + name + ".log");
        List<String> command = new ArrayList<>(List.of(
                "wrk",
                "-t" + load.threads(),
                "-c" + load.connections(),
                "-d" + load.seconds() + "s",
                "--timeout",
                load.timeoutSeconds() + "s",
                "-s",
                SCRIPT.toString(),
                url.toString()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        pb.environment().put("BATCH", Integer.toString(load.batch()));
        pb.environment().put("CLUSTERS", Integer.toString(clusters));
        pb.environment().put("THREADS", Integer.toString(load.threads()));
        pb.environment().remove("RATE");
        load.requestsPerSecond().ifPresent(r -> pb.environment().put("RATE", Double.toString(r)));
        Process p = pb.start();
        try (Cleanup.Registration ignored = cleanup.register(p::destroyForcibly)) {
            if (!p.waitFor(load.seconds() + 60L, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("wrk did not finish in time; see " + log);
            }
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("wrk exited with status " + p.exitValue() + "; see " + log);
        }
        return parse(Files.readAllLines(log), log);
    }

    private static Result parse(List<String> lines, Path log) {
        String line = lines.stream()
                .filter(l -> l.startsWith("BENCH "))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("wrk printed no BENCH line; see " + log));
        Map<String, String> kv = new HashMap<>();
        for (String token : line.substring("BENCH ".length()).trim().split("\\s+")) {
            String[] parts = token.split("=", 2);
            kv.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        Map<Integer, Long> statuses = new TreeMap<>();
        String byStatus = kv.getOrDefault("statuses", "-");
        if (!byStatus.equals("-")) {
            for (String pair : byStatus.split(",")) {
                String[] parts = pair.split(":", 2);
                statuses.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
            }
        }
        return new Result(
                number(kv, "requests"),
                number(kv, "duration_us"),
                number(kv, "p50_us"),
                number(kv, "p99_us"),
                number(kv, "max_us"),
                number(kv, "accepted"),
                number(kv, "duplicates"),
                number(kv, "rejected"),
                number(kv, "connect"),
                number(kv, "read"),
                number(kv, "write"),
                number(kv, "timeout"),
                statuses);
    }

    private static long number(Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null) {
            throw new IllegalStateException("wrk's BENCH line lacks " + key);
        }
        return Long.parseLong(v);
    }
}
