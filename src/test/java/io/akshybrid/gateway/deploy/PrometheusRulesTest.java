package io.akshybrid.gateway.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The alert rules behave as docs/operations.md says: {@code promtool} (Debian package prometheus) checks the
 * rendered PrometheusRule and runs the unit tests of src/test/resources/prometheus/rules-test.yaml,
 * which feed each alert series that must fire it and series that must not (a removed region, a
 * single pod's view, a gateway younger than the window). Without promtool those two are skipped; that
 * every alert has such a test case is checked in any case.
 */
class PrometheusRulesTest {

    static final Path TESTS = Path.of("src/test/resources/prometheus/rules-test.yaml");
    static final Path WORK = Path.of("target", "promtool");
    static Map<String, Object> spec;

    @BeforeAll
    static void render() throws Exception {
        Map<String, Object> rule = K8sManifestsTest.kind(Kustomize.withPrometheusOperator(), "PrometheusRule");
        spec = K8sManifestsTest.at(rule, "spec");
        Files.createDirectories(WORK.resolve("unit"));
        Files.writeString(WORK.resolve("rules.yaml"), new Yaml().dump(spec));
    }

    @Test
    void givenTheRules_whenCheckedByPromtool_thenTheyAreValidRulesWithValidTemplates() throws Exception {
        assumeTrue(promtool(), "promtool is not installed");
        assertEquals("", run(WORK, "promtool", "check", "rules", "rules.yaml"));
    }

    @Test
    void givenTheUnitTests_whenPromtoolRunsThem_thenEveryAlertFiresWhenItShouldAndOnlyThen() throws Exception {
        assumeTrue(promtool(), "promtool is not installed");
        // The tests compare labels; the annotations' wording is left out of them.
        Map<String, Object> bare = new Yaml().load(new Yaml().dump(spec));
        for (Object g : (List<?>) bare.get("groups")) {
            for (Object r : (List<?>) Kustomize.cast(g).get("rules")) {
                Kustomize.cast(r).remove("annotations");
            }
        }
        Files.writeString(WORK.resolve("unit/rules.yaml"), new Yaml().dump(bare));
        Files.copy(TESTS, WORK.resolve("unit/rules-test.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals("", run(WORK.resolve("unit"), "promtool", "test", "rules", "rules-test.yaml"));
    }

    @Test
    void givenTheAlerts_whenTheUnitTestsAreRead_thenEachAlertHasACaseThatFiresIt() throws IOException {
        Set<String> alerts = new TreeSet<>();
        for (Object g : (List<?>) spec.get("groups")) {
            for (Object r : (List<?>) Kustomize.cast(g).get("rules")) {
                Object name = Kustomize.cast(r).get("alert");
                if (name != null) {
                    alerts.add(name.toString());
                }
            }
        }
        Set<String> fired = new TreeSet<>();
        Map<String, Object> tests = new Yaml().load(Files.readString(TESTS));
        for (Object t : (List<?>) tests.get("tests")) {
            for (Object a : (List<?>) Kustomize.cast(t).get("alert_rule_test")) {
                Map<String, Object> c = Kustomize.cast(a);
                if (c.get("exp_alerts") instanceof List<?> expected && !expected.isEmpty()) {
                    fired.add(c.get("alertname").toString());
                }
            }
        }
        assertTrue(alerts.size() >= 8, alerts.toString());
        assertEquals(alerts, fired, "every alert, and only those, has a case in which it fires");
    }

    static boolean promtool() {
        try {
            return new ProcessBuilder("promtool", "--version").start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Runs a command; returns "" when it exits 0, else its output. */
    static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " timed out");
        return p.exitValue() == 0 ? "" : out;
    }
}
