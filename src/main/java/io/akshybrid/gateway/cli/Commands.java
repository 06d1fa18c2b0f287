package io.akshybrid.gateway.cli;

import io.akshybrid.gateway.hashing.Sha256;
import io.akshybrid.gateway.regions.RegionMap;
import io.akshybrid.gateway.regions.RegionMapException;
import io.akshybrid.gateway.regions.RegionsFileParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Function;

/**
 * Operator commands that run without starting the server:
 *
 * <ul>
 *   <li>{@code validate-regions [file]}: checks a regions.yaml edit with the same rules and messages
 *       as a reload; exit 0 when valid, 1 when not, 2 when the file cannot be read.
 *   <li>{@code mint-token <cluster-id>}: prints a new random cluster token, once, and the
 *       {@code tokenSha256} line to paste into regions.yaml.
 * </ul>
 */
public final class Commands {

    public static final int OK = 0;
    public static final int INVALID = 1;
    public static final int USAGE = 2;

    private Commands() {}

    public static boolean handles(String[] args) {
        return args.length > 0 && (args[0].equals("validate-regions") || args[0].equals("mint-token"));
    }

    public static int run(String[] args, PrintStream out, PrintStream err, Function<String, String> env) {
        return switch (args[0]) {
            case "validate-regions" -> validate(args.length > 1 ? args[1] : defaultFile(env), out, err, env);
            case "mint-token" -> mint(args, out, err);
            default -> USAGE;
        };
    }

    private static String defaultFile(Function<String, String> env) {
        String configured = env.apply("GATEWAY_REGIONS_FILE");
        return configured == null || configured.isBlank() ? "regions.yaml" : configured;
    }

    static int validate(String file, PrintStream out, PrintStream err, Function<String, String> env) {
        String content;
        try {
            content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return USAGE;
        }
        try {
            RegionMap map = RegionsFileParser.parse(file, content, env);
            out.println(file + " is valid: " + map.regions().size() + " regions, "
                    + map.clusters().size() + " clusters, revision "
                    + map.contentSha256().substring(0, 12));
            return OK;
        } catch (RegionMapException e) {
            err.println(e.getMessage());
            return INVALID;
        }
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
