package io.akshybrid.gateway.deploy;

import static io.akshybrid.gateway.support.Agent.post;
import static io.akshybrid.gateway.support.Events.body;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akshybrid.gateway.support.Events;
import io.akshybrid.gateway.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import org.jboss.logging.Logger;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.Test;

/**
 * Production logs are one JSON object a line; dev and tests keep text. Starting the packaged jar in
 * the prod profile is for the *IT tests, which this suite does not run. Instead: the console format
 * that application.properties gives each profile is read from the file, and this test's application
 * runs with the prod profile's value. Its console handler, the one that writes to stdout, then
 * formats real records of the gateway (job runs) and a multi-line error with a stack trace; each must
 * come out as exactly one line that parses as JSON. The same records show that a forwarding run that
 * moved rows logs at INFO and one that found nothing at DEBUG.
 */
@QuarkusTest
@TestProfile(ProductionLogsTest.ProductionConsole.class)
class ProductionLogsTest {

    static final String CONSOLE_JSON = "quarkus.log.console.json.enabled";

    /** The console of the prod profile; the jobs' DEBUG lines are let through to be seen. */
    public static class ProductionConsole implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    CONSOLE_JSON,
                    configured("prod", CONSOLE_JSON),
                    "quarkus.log.category.\"io.akshybrid.gateway.jobs\".level",
                    "DEBUG");
        }
    }

    /** A key's value in one profile, from application.properties alone (no system property or environment). */
    static String configured(String profile, String key) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            p.load(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(p, "application.properties", 250))
                .build();
        return config.getOptionalValue(key, String.class).orElse("unset");
    }

    /** Keeps every record the root logger publishes while it is installed. */
    static final class Recorder extends ExtHandler {
        final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();

        @Override
        protected void doPublish(ExtLogRecord record) {
            record.copyAll();
            records.add(record);
        }
    }

    @Test
    void givenTheProfiles_whenTheirConsoleFormatIsRead_thenProductionIsJsonAndDevAndTestAreText() {
        assertEquals("true", configured("prod", CONSOLE_JSON));
        assertEquals("false", configured("dev", CONSOLE_JSON));
        assertEquals("false", configured("test", CONSOLE_JSON));
    }

    @Test
    void givenTheProductionConsole_whenTheGatewayLogs_thenEveryLineIsOneJsonObjectAndEmptyRunsAreDebug()
            throws Exception {
        Formatter console = consoleFormatter();
        Recorder recorder = new Recorder();
        org.jboss.logmanager.Logger root = LogContext.getLogContext().getLogger("");
        root.addHandler(recorder);
        try {
            post("east-1-token", body(Events.hostOs())).statusCode(200);
            runForwarding();
            runForwarding();
            Logger.getLogger(ProductionLogsTest.class)
                    .error("first line\nsecond line", new IllegalStateException("boom"));
        } finally {
            root.removeHandler(recorder);
        }

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (ExtLogRecord r : recorder.records) {
            String out = console.format(r);
            assertTrue(out.endsWith("\n"), "a record ends its line: " + out);
            assertEquals(out.length() - 1, out.indexOf('\n'), "one record, one line, stack traces included: " + out);
            JsonNode line = json.readTree(out);
            for (String field : List.of("timestamp", "level", "loggerName", "message")) {
                assertTrue(line.hasNonNull(field), field + " in " + out);
            }
            lines.add(line);
        }

        List<JsonNode> eastus = lines.stream()
                .filter(l -> l.path("message").asText().startsWith("job=forwarding target=eastus "))
                .toList();
        assertEquals(2, eastus.size(), "one line per run: " + eastus);
        assertEquals("INFO", eastus.get(0).path("level").asText(), "the run that forwarded the event");
        assertFalse(
                eastus.get(0).path("message").asText().contains(" rows=0 "),
                "it forwarded the event (and whatever earlier tests left): " + eastus.get(0));
        assertEquals("DEBUG", eastus.get(1).path("level").asText(), "the run that found nothing");
        assertTrue(
                eastus.get(1).path("message").asText().contains(" rows=0 "),
                eastus.get(1).toString());

        JsonNode error = lines.stream()
                .filter(l -> l.path("message").asText().equals("first line\nsecond line"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the test's own error line"));
        assertEquals("ERROR", error.path("level").asText());
        assertTrue(error.path("exception").toString().contains("IllegalStateException"), error.toString());
        assertFalse(error.path("exception").path("frames").isEmpty(), "the stack trace is in the same object");
    }

    private static void runForwarding() {
        given().port(Management.port())
                .header("Authorization", "Bearer dev-admin-token")
                .when()
                .post("/admin/jobs/forwarding/run")
                .then()
                .statusCode(200);
    }

    /** The formatter of the handler that writes the console, wherever Quarkus nested it. */
    private static Formatter consoleFormatter() {
        List<Handler> consoles = new ArrayList<>();
        collect(LogContext.getLogContext().getLogger("").getHandlers(), consoles);
        assertEquals(1, consoles.size(), "one console handler");
        Formatter f = consoles.get(0).getFormatter();
        assertTrue(f.getClass().getName().contains("Json"), "the console writes JSON: " + f.getClass());
        return f;
    }

    private static void collect(Handler[] handlers, List<Handler> consoles) {
        for (Handler h : handlers) {
            if (h instanceof ConsoleHandler) {
                consoles.add(h);
            }
            if (h instanceof ExtHandler nested) {
                collect(nested.getHandlers(), consoles);
            }
        }
    }
}
