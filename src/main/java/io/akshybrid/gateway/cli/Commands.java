package io.akshybrid.gateway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akshybrid.gateway.audit.AuditReport;
import io.akshybrid.gateway.audit.Auditor;
import io.akshybrid.gateway.hashing.Sha256;
import io.akshybrid.gateway.regions.PostgresUrl;
import io.akshybrid.gateway.regions.Region;
import io.akshybrid.gateway.regions.RegionMap;
import io.akshybrid.gateway.regions.RegionMapException;
import io.akshybrid.gateway.regions.RegionsFileParser;
import io.akshybrid.gateway.regions.RegionsSource;
import io.akshybrid.gateway.regions.ShardLocation;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Period;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Operator commands that run without starting the server:
 *
 * <ul>
 *   <li>{@code validate-regions [file-or-directory]}: checks a regions.yaml edit, or a directory of
 *       files that together make the map, with the same rules and messages as a reload; exit 0 when
 *       valid, 1 when not, 2 when it cannot be read.
 *   <li>{@code split-regions <file-or-directory> <new-directory> [max-bytes]}: writes a valid map as
 *       one file of regions and files of clusters, each at most {@code max-bytes} (default 900 KB, so
 *       that each fits a ConfigMap of 1 MiB); see {@link RegionsSplitter}.
 *   <li>{@code mint-token <cluster-id>}: prints a new random cluster token, once, and the
 *       {@code tokenSha256} line to paste into regions.yaml.
 *   <li>{@code audit [file]}: the residency and retention audit of {@code GET /admin/audit}, run
 *       straight against each region's shard and the central store (from the same environment
 *       variables as the gateway); prints the report as JSON; exit 0 when it is ok, 1 when not, 2
 *       when the file or the settings cannot be used.
 * </ul>
 */
public final class Commands {

    public static final int OK = 0;
    public static final int INVALID = 1;
    public static final int USAGE = 2;

    private Commands() {}

    public static boolean handles(String[] args) {
        return args.length > 0
                && (args[0].equals("validate-regions")
                        || args[0].equals("split-regions")
                        || args[0].equals("mint-token")
                        || args[0].equals("audit"));
    }

    public static int run(String[] args, PrintStream out, PrintStream err, Function<String, String> env) {
        return switch (args[0]) {
            case "validate-regions" -> validate(args.length > 1 ? args[1] : defaultFile(env), out, err, env);
            case "split-regions" -> RegionsSplitter.run(args, out, err, env);
            case "mint-token" -> mint(args, out, err);
            case "audit" -> audit(args.length > 1 ? args[1] : defaultFile(env), out, err, env);
            default -> USAGE;
        };
    }

    private static String defaultFile(Function<String, String> env) {
        String configured = env.apply("GATEWAY_REGIONS_FILE");
        return configured == null || configured.isBlank() ? "regions.yaml" : configured;
    }

    static int validate(String file, PrintStream out, PrintStream err, Function<String, String> env) {
        RegionMap map;
        try {
            map = load(file, env);
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return USAGE;
        } catch (RegionMapException e) {
            err.println(e.getMessage());
            return INVALID;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return USAGE;
        }
        out.println(file + " is valid: " + map.regions().size() + " regions, "
                + map.clusters().size() + " clusters, revision "
                + map.contentSha256().substring(0, 12));
        return OK;
    }

    /**
     * The map in a file or directory, read as the gateway reads it (with its file size limit from
     * {@code GATEWAY_REGIONS_MAX_FILE_SIZE}).
     */
    static RegionMap load(String file, Function<String, String> env) throws IOException, RegionMapException {
        return new RegionsSource(Path.of(file), maxFileBytes(env), env).load();
    }

    static long maxFileBytes(Function<String, String> env) {
        String configured = env.apply("GATEWAY_REGIONS_MAX_FILE_SIZE");
        if (configured == null || configured.isBlank()) {
            return RegionsFileParser.DEFAULT_MAX_FILE_BYTES;
        }
        try {
            return new MemorySizeConverter().convert(configured.trim()).asLongValue();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "GATEWAY_REGIONS_MAX_FILE_SIZE must be a size such as 8M, not '" + configured + "'");
        }
    }

    static int audit(String file, PrintStream out, PrintStream err, Function<String, String> env) {
        RegionMap map;
        try {
            map = load(file, env);
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return USAGE;
        } catch (RegionMapException | IllegalArgumentException e) {
            err.println(e.getMessage());
            return USAGE;
        }
        String url = env.apply("QUARKUS_DATASOURCE_REACTIVE_URL");
        if (url == null || url.isBlank()) {
            err.println("QUARKUS_DATASOURCE_REACTIVE_URL (with QUARKUS_DATASOURCE_USERNAME and _PASSWORD) must name "
                    + "the central store; the embedded default lives inside a running gateway: ask it with "
                    + "GET /admin/audit on its management port");
            return USAGE;
        }
        Period retention;
        int minClusters;
        ShardLocation.Remote central;
        try {
            retention = Period.parse(setting(env, "GATEWAY_RETENTION_PERIOD", "P28D"));
            minClusters = Integer.parseInt(setting(env, "GATEWAY_AGGREGATES_MIN_CLUSTERS", "5"));
            central = PostgresUrl.ofDatasource(
                    url,
                    Optional.ofNullable(env.apply("QUARKUS_DATASOURCE_USERNAME")),
                    Optional.ofNullable(env.apply("QUARKUS_DATASOURCE_PASSWORD")));
        } catch (RuntimeException e) {
            err.println("cannot use the settings: " + e.getMessage());
            return USAGE;
        }
        Map<String, Auditor.Store> shards = new TreeMap<>();
        for (Region r : map.regions().values()) {
            shards.put(
                    r.name(),
                    r.shard() instanceof ShardLocation.Remote db
                            ? Auditor.Store.at(r.name(), db)
                            : Auditor.Store.unreachable(
                                    r.name(),
                                    "an embedded shard lives inside a running gateway; ask it with GET /admin/audit"));
        }
        AuditReport report = new Auditor(map, retention, minClusters, Clock.systemUTC())
                .run(shards, Auditor.Store.at("central", central));
        try {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } catch (JsonProcessingException e) {
            err.println("cannot print the report: " + e.getMessage());
            return USAGE;
        }
        return report.ok() ? OK : INVALID;
    }

    private static String setting(Function<String, String> env, String name, String fallback) {
        String v = env.apply(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    static int mint(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2 || !args[1].matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            err.println("usage: mint-token <cluster-id>");
            return USAGE;
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = "aksh_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        out.println(
                "Token for cluster " + args[1] + " (shown once; give it to the cluster's agent as its bearer token):");
        out.println("  " + token);
        out.println("Paste under clusters." + args[1] + " in regions.yaml:");
        out.println("    tokenSha256: \"" + Sha256.hex(token) + "\"");
        return OK;
    }
}
