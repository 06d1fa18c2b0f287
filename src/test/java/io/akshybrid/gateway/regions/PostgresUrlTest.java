package io.akshybrid.gateway.regions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akshybrid.gateway.hashing.Sha256;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The URL forms PostgreSQL users write (libpq's), and no message built from a URL that quotes its
 * password, whatever characters the password holds.
 */
class PostgresUrlTest {

    /**
     * Passwords as generators and people make them: every character the URL grammar gives a
     * meaning to, escapes that are not escapes, spaces, quotes, non-ASCII, and things that look
     * like a variable or a parameter.
     */
    static final List<String> PASSWORDS = List.of(
            "p^{|}ss-word",
            "p@ss:w/rd#1",
            "ab%zz%%41cd",
            "a#b?c=d&e=f",
            "x/y/z?db=evil&q=1",
            "[::1]:6543,hostx",
            "100%_secure!",
            "pa ss wo rd",
            "\"quo'te`\\back",
            "pässwörd€",
            "${EASTUS_PG_PASSWORD}",
            "semi;colon<>*~+=",
            "user@evil.example:1/x",
            "Zm9v+YmFy/YmF6==");

    @Test
    void givenTheFormsLibpqReads_whenParsed_thenEveryPartIsKnown() {
        ShardLocation.Remote multi = PostgresUrl.parse(
                "postgresql://gw@pg-0.pg:5432,pg-1.pg:5433,[fd00::1]/telemetry?target_session_attrs=read-write"
                        + "&sslmode=verify-full&sslrootcert=/etc/pg/ca.crt&sslcert=/etc/pg/tls.crt&sslkey=/etc/pg/tls.key");
        assertEquals(
                List.of(
                        new ShardLocation.HostPort("pg-0.pg", 5432),
                        new ShardLocation.HostPort("pg-1.pg", 5433),
                        new ShardLocation.HostPort("fd00::1", 5432)),
                multi.hosts());
        assertEquals("gw", multi.user());
        assertNull(multi.password(), "no password: trust, a client certificate or .pgpass");
        assertEquals("/etc/pg/ca.crt", multi.params().get("sslrootcert"));
        assertEquals(
                "postgresql://gw@pg-0.pg:5432,pg-1.pg:5433,[fd00::1]:5432/telemetry"
                        + "?sslmode=verify-full&target_session_attrs=read-write",
                multi.describe());

        ShardLocation.Remote bare = PostgresUrl.parse("postgres://db.internal/telemetry");
        assertNull(bare.user());
        assertEquals(5432, bare.port());

        ShardLocation.Remote query = PostgresUrl.parse("postgresql://db/t?user=gw&password=s%26cret");
        assertEquals("gw", query.user());
        assertEquals("s&cret", query.password());
    }

    @Test
    void givenUrlsTheGatewayCannotUse_whenParsed_thenEachIsRefusedWithAReason() {
        Map<String, String> refusals = Map.of(
                "mysql://u@h/db", "scheme",
                "postgresql://u@h", "database name is missing",
                "postgresql://u@/db", "host is missing",
                "postgresql://u@h:0/db", "port",
                "postgresql://u@h/db?sslmode=sometimes", "sslmode must be one of",
                "postgresql://u@h/db?target_session_attrs=standby", "target_session_attrs",
                "postgresql://u@h/db?sslcert=/c.crt", "sslcert and sslkey go together",
                "postgresql://u@h/db?connect_timeout=3", "parameter 'connect_timeout' is not supported",
                "postgresql://u@h/db?frobnicate=1", "an unknown parameter",
                "postgresql://u@h/db?sslmode=require&sslmode=disable", "given twice");
        refusals.forEach((url, reason) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PostgresUrl.parse(url));
            assertTrue(e.getMessage().contains(reason), url + ": " + e.getMessage());
        });
    }

    @Test
    void givenAnyPassword_whenPercentEncodedInTheUrl_thenItIsReadBackExactly() {
        for (String pw : PASSWORDS) {
            ShardLocation.Remote db =
                    PostgresUrl.parse("postgresql://gw:" + PostgresUrl.percentEncode(pw) + "@pg:5432/telemetry");
            assertEquals(pw, db.password());
            assertEquals("pg", db.host());
            assertFalse(db.describe().contains(pw));
            assertEquals("failed: ****", db.redact("failed: " + pw));
        }
    }

    @Test
    void givenAnyPasswordWrittenRaw_whenTheUrlIsReadOrRefused_thenNoMessageQuotesIt() {
        List<String> shapes = List.of(
                "postgresql://gw:%s@pg:5432/telemetry",
                "postgresql://gw:%s@pg:99999/telemetry",
                "postgresql://gw:%s@/telemetry",
                "postgresql://gw:%s@pg/",
                "postgresql://gw:%s@pg/telemetry?frobnicate=1",
                "postgresql://gw:%s@pg/telemetry?sslmode=require&sslmode=require",
                "postgresql://gw:%s@pg/tele%%zzmetry",
                "postgresql://gw:%s@pg/telemetry?sslcert=/c",
                "mysql://gw:%s@pg/telemetry",
                "postgresql://gw:%s",
                "%s");
        for (String pw : PASSWORDS) {
            for (String shape : shapes) {
                String url = shape.formatted(pw);
                try {
                    ShardLocation.Remote db = PostgresUrl.parse(url);
                    assertFalse(db.describe().contains(pw), url);
                    assertFalse(db.describe().contains(PostgresUrl.percentEncode(pw)), url);
                } catch (IllegalArgumentException e) {
                    assertNoSecret(e.getMessage(), pw, url);
                }
            }
        }
    }

    @Test
    void givenAWholeShardUrlFromAVariable_whenTheParserRefusesIt_thenTheRefusalQuotesNoPassword() {
        for (String pw : PASSWORDS) {
            for (String url : List.of(
                    "postgresql://gateway:" + pw + "@pg-eastus:5432/telemetry?sslmode=bogus",
                    "postgresql://gateway:" + pw + "@pg-eastus:5432",
                    "postgres ql://gateway:" + pw + "@pg-eastus/telemetry")) {
                String yaml = """
                        regions:
                          eastus:
                            shard: ${EASTUS_PG_URL}
                        clusters:
                          c1:
                            region: eastus
                            subscription: "0b5e7c1e-3a4f-4d2b-8c6e-1f2a3b4c5d6e"
                            tokenSha256: "%s"
                        """.formatted(Sha256.hex("t"));
                Map<String, String> env = Map.of("EASTUS_PG_URL", url);
                RegionMapException e = assertThrows(
                        RegionMapException.class, () -> RegionsFileParser.parse("regions.yaml", yaml, env::get));
                assertTrue(e.getMessage().contains("region 'eastus'"), e.getMessage());
                assertNoSecret(e.getMessage(), pw, url);
            }
        }
    }

    static void assertNoSecret(String message, String pw, String url) {
        assertFalse(message.contains(pw), "the message quotes the password of " + url + ": " + message);
        assertFalse(message.contains(PostgresUrl.percentEncode(pw)), message);
        // A fragment of it is a leak too: any 5 characters in a row.
        for (int i = 0; i + 5 <= pw.length(); i++) {
            String part = pw.substring(i, i + 5);
            if (!"telemetry sslmode supported".contains(part)) {
                assertFalse(message.contains(part), "the message quotes '" + part + "' of " + url + ": " + message);
            }
        }
    }
}
