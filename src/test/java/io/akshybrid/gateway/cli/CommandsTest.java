package io.akshybrid.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akshybrid.gateway.hashing.Sha256;
import io.akshybrid.gateway.support.Fleet;
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
import org.junit.jupiter.api.io.TempDir;

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

    // --- A fleet's map: a directory of files, validated and split as ops do.

    static final int FLEET = 100_000;

    @Test
    void givenAFleetOf100kClustersIn25Files_whenTheDirectoryIsValidated_thenExit0WithTheWholeMap(@TempDir Path dir)
            throws Exception {
        Fleet.write(dir, FLEET, 25);

        assertEquals(0, run(Map.of(), "validate-regions", dir.toString()), err.toString());
        assertTrue(out.toString().contains("is valid: 4 regions, 100000 clusters"), out.toString());
    }

    @Test
    void givenADirectoryWithAClusterInTwoFiles_whenValidated_thenExit1NamingBothFilesAndLines(@TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("regions.yaml"), VALID);
        Files.writeString(
                dir.resolve("more.yaml"),
                "clusters:\n  c3:\n    subscription: \"0b5e7c1e-3a4f-4d2b-8c6e-1f2a3b4c5d6e\"\n    tokenSha256: \""
                        + Sha256.hex("t3") + "\"\n  c2:\n    subscription: \"0b5e7c1e-3a4f-4d2b-8c6e-1f2a3b4c5d6e\"\n"
                        + "    tokenSha256: \"" + Sha256.hex("t4") + "\"\n");

        assertEquals(1, run(Map.of("PG_PASSWORD", "x"), "validate-regions", dir.toString()), out.toString());
        assertTrue(
                err.toString()
                        .contains("regions.yaml line 11: cluster 'c2' is defined twice: also at more.yaml line 5"),
                err.toString());
    }

    @Test
    void givenOneFileOver3MiB_whenSplit_thenEveryFileIsUnder900KbAndTheDirectoryIsTheSameMap(@TempDir Path dir)
            throws Exception {
        Path one = Fleet.writeOneFile(dir.resolve("regions.yaml"), 20_000);
        Map<String, String> env = Map.of("GATEWAY_REGIONS_MAX_FILE_SIZE", "3M");
        assertEquals(1, run(env, "validate-regions", one.toString()));
        assertTrue(err.toString().contains("over the limit of 3145728 bytes"), err.toString());
        env = Map.of("GATEWAY_REGIONS_MAX_FILE_SIZE", "8M");
        Path split = dir.resolve("split");

        assertEquals(0, run(env, "split-regions", one.toString(), split.toString()), err.toString());

        List<Path> files = io.akshybrid.gateway.regions.RegionsSource.files(split);
        assertTrue(files.size() >= 1 + Math.ceil(Files.size(one) / 900_000.0), out + " " + files);
        for (Path f : files) {
            assertTrue(Files.size(f) <= 900_000, f + ": " + Files.size(f));
        }
        out.reset();
        assertEquals(0, run(Map.of(), "validate-regions", split.toString()), err.toString());
        assertTrue(out.toString().contains("20000 clusters"), out.toString());
        assertEquals(
                2,
                run(env, "split-regions", one.toString(), split.toString()),
                "a directory that already holds files is not written into");
    }

    @Test
    void givenAShardUrlWithAVariable_whenSplit_thenTheVariableIsWrittenNotItsValue(@TempDir Path dir) throws Exception {
        Path split = dir.resolve("out");

        assertEquals(
                0,
                run(
                        Map.of("PG_PASSWORD", "s3cret-value"),
                        "split-regions",
                        write(VALID).toString(),
                        split.toString(),
                        "1KiB"),
                err.toString());

        String regions = Files.readString(split.resolve("regions.yaml"));
        assertTrue(regions.contains("${PG_PASSWORD}") && !regions.contains("s3cret-value"), regions);
        assertTrue(Files.exists(split.resolve("clusters-001.yaml")), out.toString());
        assertEquals(
                2,
                run(
                        Map.of(),
                        "split-regions",
                        write(VALID).toString(),
                        dir.resolve("x").toString(),
                        "lots"));
    }
}
