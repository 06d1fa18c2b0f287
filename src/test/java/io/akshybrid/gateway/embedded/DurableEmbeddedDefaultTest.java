package io.akshybrid.gateway.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akshybrid.gateway.config.GatewayConfig;
import io.smallrye.config.WithDefault;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL that {@code quarkus:dev} and {@code java -jar} start acknowledges an event
 * only once it is on disk: fsync and synchronous_commit are on unless a test turns them off. The
 * server is one per JVM, so the durable one is started in a JVM of its own.
 */
class DurableEmbeddedDefaultTest {

    /** Run in a child JVM: starts a durable embedded server and prints its settings. */
    public static void main(String[] args) throws Exception {
        int port = EmbeddedPostgresServer.database("probe", Optional.empty(), true);
        Properties p = new Properties();
        p.setProperty("user", EmbeddedPostgresServer.USER);
        p.setProperty("password", EmbeddedPostgresServer.PASSWORD);
        try (Connection c = new org.postgresql.Driver().connect("jdbc:postgresql://localhost:" + port + "/probe", p);
                Statement s = c.createStatement()) {
            for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
                try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
                    rs.next();
                    System.out.println(setting + "=" + rs.getString(1));
                }
            }
        }
    }

    @Test
    void givenTheGatewaysSettings_whenNothingIsConfigured_thenTheEmbeddedServerIsDurable() throws Exception {
        WithDefault d = GatewayConfig.Embedded.class.getMethod("durable").getAnnotation(WithDefault.class);
        assertEquals("true", d.value());
    }

    @Test
    void givenADurableEmbeddedServer_whenStarted_thenFsyncAndSynchronousCommitAreOn() throws Exception {
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        DurableEmbeddedDefaultTest.class.getName())
                .redirectErrorStream(true)
                .start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the probe JVM ended in time");
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.contains("fsync=on"), out);
        assertTrue(out.contains("synchronous_commit=on"), out);
        assertTrue(out.contains("full_page_writes=on"), out);
    }
}
