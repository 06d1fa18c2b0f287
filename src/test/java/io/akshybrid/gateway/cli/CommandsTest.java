package io.akshybrid.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akshybrid.gateway.hashing.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The operator commands, run as ops would before committing an edit. */
class CommandsTest {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(Map<String, String> env, String... args) {
        return Commands.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env::get);
    }

    static final String VALID = """
            regions:
              eastus:
                shard: postgresql://gateway:${PG_PASSWORD}@pg-eastus:5432/telemetry
              westeurope:
                shard: embedded
            clusters:
              c1:
                region: eastus
                subscription: "0b5e7c1e-3a4f-4d2b-8c6e-1f2a3b4c5d6e"
                tokenSha256: "%s"
              c2:
                region: westeurope
                subscription: "0b5e7c1e-3a4f-4d2b-8c6e-1f2a3b4c5d6e"
                tokenSha256: "%s"
            """.formatted(Sha256.hex("t1"), Sha256.hex("t2"));

    Path write(String content) throws Exception {
        Path f = Files.createTempFile("regions", ".yaml");
        Files.writeString(f, content);
        return f;
    }

    @Test
    void givenAValidFile_whenValidated_thenExit0WithASummary() throws Exception {
        assertEquals(
                0,
                run(Map.of("PG_PASSWORD", "x"), "validate-regions", write(VALID).toString()));
        assertTrue(out.toString().contains("is valid: 2 regions, 2 clusters"), out.toString());
    }

    record BadEdit(String kind, String from, String to, String expected) {}

    @Test
    void givenEachKindOfBadEdit_whenValidated_thenExit1WithTheReasonAndLine() throws Exception {
        List<BadEdit> edits = List.of(
                new BadEdit("YAML error", "    shard: embedded", "    shard: [embedded", "YAML syntax"),
                new BadEdit(
                        "unknown region",
                        "    region: westeurope",
                        "    region: northpole",
                        "line 12: cluster 'c2': unknown region 'northpole'"),
                new BadEdit(
                        "duplicate token hash",
                        Sha256.hex("t2"),
                        Sha256.hex("t1"),
                        "line 14: cluster 'c2': tokenSha256 is the same as cluster 'c1'"),
                new BadEdit(
                        "missing variable",
                        "${PG_PASSWORD}",
                        "${PG_SECRET}",
                        "line 3: region 'eastus': environment variable PG_SECRET is not set"),
                new BadEdit(
                        "bad URL",
                        "postgresql://gateway:${PG_PASSWORD}@pg-eastus:5432/telemetry",
                        "mysql://pg-eastus/telemetry",
                        "line 3: region 'eastus': shard must be"),
                new BadEdit(
                        "unknown key",
                        "    subscription: \"0b5e7c1e",
                        "    subscriptoin: \"0b5e7c1e",
                        "unknown key 'subscriptoin'"));
        for (BadEdit edit : edits) {
            out.reset();
            err.reset();
            String content = VALID.replaceFirst(Pattern.quote(edit.from), Matcher.quoteReplacement(edit.to));
            assertEquals(
                    1,
                    run(
                            Map.of("PG_PASSWORD", "x"),
                            "validate-regions",
                            write(content).toString()),
                    edit.kind + ": " + out);
            assertTrue(err.toString().contains(edit.expected), edit.kind + ": " + err);
        }
    }

    @Test
    void givenAMissingFile_whenValidated_thenExit2() {
        assertEquals(2, run(Map.of(), "validate-regions", "/nonexistent/regions.yaml"));
    }

    @Test
    void givenAClusterId_whenMintingAToken_thenTheTokenAndItsHashLineArePrinted() {
        assertEquals(0, run(Map.of(), "mint-token", "c9"));
        Matcher token = Pattern.compile("^  (aksh_[A-Za-z0-9_-]{43})$", Pattern.MULTILINE)
                .matcher(out.toString());
        assertTrue(token.find(), out.toString());
        assertTrue(out.toString().contains("tokenSha256: \"" + Sha256.hex(token.group(1)) + "\""), out.toString());
        assertEquals(2, run(Map.of(), "mint-token"));
    }

    @Test
    @org.junit.jupiter.api.Timeout(60) // without the client-side timeouts the audit hung here for good
    void givenStoresThatAcceptConnectionsAndThenSayNothing_whenAudited_thenEachIsUnreachableWithinSeconds()
            throws Exception {
        // A listener that accepts and never answers: what a wedged database looks like from outside.
        try (java.net.ServerSocket silent =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                List<java.net.Socket> held = new java.util.ArrayList<>();
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (java.io.IOException e) {
                    // closed: the test is over
                }
            });
            accept.setDaemon(true);
            accept.start();
            Path file = Files.createTempFile("regions-silent", ".yaml");
            Files.writeString(
                    file,
                    "regions:\n  eastus:\n    shard: postgresql://gateway:pw@127.0.0.1:" + silent.getLocalPort()
                            + "/telemetry\nclusters: {}\n");
            long t0 = System.nanoTime();

            int status = run(
                    Map.of(
                            "QUARKUS_DATASOURCE_REACTIVE_URL",
                            "postgresql://127.0.0.1:" + silent.getLocalPort() + "/central"),
                    "audit",
                    file.toString());

            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
            String report = out.toString(StandardCharsets.UTF_8);
            assertEquals(1, status, report + err);
            assertTrue(report.contains("\"store\" : \"eastus\"") && report.contains("\"store\" : \"central\""), report);
            assertTrue(report.contains("unreachable"), report);
            assertTrue(seconds < 30, "each silent store is given up on within seconds, not hung on: " + seconds + " s");
        }
    }
}
