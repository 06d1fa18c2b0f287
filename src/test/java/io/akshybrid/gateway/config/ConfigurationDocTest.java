package io.akshybrid.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md stays next to the code's defaults: every {@code gateway.*} key of
 * {@link GatewayConfig} is documented once, with the default its {@code @WithDefault} gives ("unset"
 * for a key without one), and every documented {@code gateway.*} key exists. Every key that
 * application.properties sets is documented too. Runs without starting the application.
 */
class ConfigurationDocTest {

    /** What is wrong with the documented rows, compared with the code's keys and defaults. */
    static List<String> problems(Map<String, Optional<String>> inCode, List<ConfigurationDoc.Row> rows) {
        List<String> problems = new ArrayList<>();
        Map<String, List<ConfigurationDoc.Row>> byKey = rows.stream()
                .filter(r -> r.key().startsWith("gateway."))
                .collect(Collectors.groupingBy(ConfigurationDoc.Row::key));
        for (String key : new TreeSet<>(inCode.keySet())) {
            if (!byKey.containsKey(key)) {
                problems.add(key + ": not documented");
            }
        }
        for (String key : new TreeSet<>(byKey.keySet())) {
            List<ConfigurationDoc.Row> documented = byKey.get(key);
            ConfigurationDoc.Row row = documented.get(0);
            String where = key + " (line " + row.line() + ")";
            if (!inCode.containsKey(key)) {
                problems.add(where + ": documented, but GatewayConfig has no such key");
                continue;
            }
            if (documented.size() > 1) {
                problems.add(where + ": documented " + documented.size() + " times");
            }
            Optional<String> codeDefault = inCode.get(key);
            if (codeDefault.isPresent() && !codeDefault.get().equals(row.defaultValue())) {
                problems.add(where + ": documented default " + row.defaultCell() + ", but @WithDefault is `"
                        + codeDefault.get() + "`");
            }
            if (codeDefault.isEmpty() && !row.defaultCell().startsWith("unset")) {
                problems.add(where + ": documented default " + row.defaultCell() + ", but it has no @WithDefault");
            }
        }
        return problems;
    }

    @Test
    void givenTheTypedConfiguration_whenComparedWithTheDocs_thenEachKeyIsDocumentedOnceWithItsDefault()
            throws Exception {
        Map<String, Optional<String>> inCode = GatewayKeys.withDefaults();
        assertTrue(inCode.size() >= 40, "the walk finds the nested groups: " + inCode.keySet());
        assertEquals(List.of(), problems(inCode, ConfigurationDoc.rows()), ConfigurationDoc.FILE.toString());
    }

    @Test
    void givenADocThatDriftedFromTheCode_whenCompared_thenEachDriftIsReported() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(ConfigurationDoc.FILE));
        int queueTimeout = index(lines, "`gateway.shards.queue-timeout`");
        lines.set(queueTimeout, lines.get(queueTimeout).replace("`PT2S`", "`PT3S`"));
        lines.remove(index(lines, "`gateway.limits.body-timeout`"));
        lines.set(
                index(lines, "`gateway.embedded.durable`"),
                lines.get(index(lines, "`gateway.embedded.durable`")).replace("`true`", "always"));
        lines.add("| `gateway.shards.linger` | `PT1MS` | a key the code does not have |");
        lines.add("| `gateway.admin.token-sha256` | `abc` | the same key twice, and with a default it lacks |");

        List<String> problems = problems(GatewayKeys.withDefaults(), ConfigurationDoc.rows(lines));

        Set<String> found = problems.stream()
                .map(p -> p.replaceAll(" \\(line \\d+\\)", ""))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(
                new TreeSet<>(List.of(
                        "gateway.admin.token-sha256: documented 2 times",
                        "gateway.embedded.durable: documented default always (tests: `false`), but @WithDefault is `true`",
                        "gateway.limits.body-timeout: not documented",
                        "gateway.shards.linger: documented, but GatewayConfig has no such key",
                        "gateway.shards.queue-timeout: documented default `PT3S`, but @WithDefault is `PT2S`")),
                found,
                problems.toString());
    }

    @Test
    void givenApplicationProperties_whenEachKeyIsLookedUp_thenTheDocsNameIt() throws Exception {
        Properties app = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            app.load(in);
        }
        Set<String> documented =
                ConfigurationDoc.rows().stream().map(ConfigurationDoc.Row::key).collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>();
        for (String key : app.stringPropertyNames()) {
            String plain = key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
            if (!documented.contains(plain)) {
                missing.add(plain);
            }
        }
        assertEquals(Set.of(), missing, "keys application.properties sets, missing from " + ConfigurationDoc.FILE);
    }

    @Test
    void givenTheKeyWalk_whenNestedKeysAreLookedUp_thenTheirNamesAndDefaultsAreSmallRyes() {
        Map<String, Optional<String>> keys = GatewayKeys.withDefaults();
        assertEquals(Optional.of("PT2S"), keys.get("gateway.shards.queue-timeout"));
        assertEquals(Optional.empty(), keys.get("gateway.admin.token-sha256"));
        assertEquals(Optional.of("0 30 3 * * ?"), keys.get("gateway.retention.cron"));
    }

    static int index(List<String> lines, String key) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("| " + key + " |")) {
                return i;
            }
        }
        throw new AssertionError(key + " has no row");
    }
}
