package io.akshybrid.gateway.shards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.akshybrid.gateway.regions.PostgresUrl;
import io.akshybrid.gateway.regions.ShardLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A URL without a password gets the one libpq would use: PGPASSWORD, else the password file. */
class PasswordFileTest {

    static ShardLocation.Remote fill(String url, Map<String, String> env) {
        return PasswordFile.fill(PostgresUrl.parse(url), env::get);
    }

    @Test
    void givenAPasswordFile_whenAUrlHasNoPassword_thenTheFirstMatchingLineGivesIt() throws Exception {
        Path file = Files.createTempFile("pgpass", "");
        Files.writeString(file, """
                # comment
                other-host:5432:telemetry:gateway:not-this
                pg-2.pg:*:telemetry:gateway:p\\:ss\\\\w:rd
                *:*:*:*:fallback
                """);
        Map<String, String> env = Map.of("PGPASSFILE", file.toString());
        assertEquals(
                "p:ss\\w:rd",
                fill("postgresql://gateway@pg-1.pg:5432,pg-2.pg:6432/telemetry", env)
                        .password(),
                "a line for any of the URL's hosts, with \\: and \\\\ unescaped");
        assertEquals("fallback", fill("postgresql://ops@elsewhere/db", env).password());
        assertEquals(
                "from-env",
                fill(
                                "postgresql://gateway@pg-2.pg/telemetry",
                                Map.of("PGPASSWORD", "from-env", "PGPASSFILE", file.toString()))
                        .password(),
                "PGPASSWORD comes first, as in libpq");
        assertEquals(
                "in-url",
                fill("postgresql://gateway:in-url@pg-2.pg/telemetry", env).password(),
                "a password in the URL wins");
        assertEquals(
                "p:ss\\w:rd",
                fill("postgresql://gateway@pg-2.pg/telemetry?passfile=" + file, Map.of())
                        .password(),
                "passfile in the URL");
    }

    @Test
    void givenNoPasswordAnywhere_whenFilled_thenThereIsNone() {
        assertNull(fill("postgresql://gateway@pg/telemetry", Map.of("PGPASSFILE", "/nonexistent/pgpass"))
                .password());
    }
}
