package io.akshybrid.gateway.shards;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akshybrid.gateway.regions.PostgresUrl;
import io.akshybrid.gateway.regions.ShardLocation;
import io.akshybrid.gateway.schema.Migrations;
import io.akshybrid.gateway.support.TestPki;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * sslmode with libpq's meaning, for both clients the gateway uses on a shard (the reactive pool and
 * JDBC for migrations), against a real server with a certificate for {@code localhost} only:
 * verify-full connects only when the CA signed the certificate and it names the host; require
 * encrypts without checking.
 */
class ShardTlsTest {

    static EmbeddedPostgres server;
    static Vertx vertx;
    static Path dir;
    static Path ca;
    static Path otherCa;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("shard-tls");
        TestPki pki = new TestPki();
        TestPki.Issued cert = pki.issue("localhost", "localhost");
        ca = dir.resolve("ca.crt");
        otherCa = dir.resolve("other-ca.crt");
        TestPki.writePem(ca, pki.caCertificate());
        TestPki.writePem(otherCa, new TestPki().caCertificate());
        TestPki.writePem(dir.resolve("server.crt"), cert.certificate());
        Path key = dir.resolve("server.key");
        TestPki.writePem(key, cert.key());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        server = EmbeddedPostgres.builder()
                .setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", dir.resolve("server.crt").toString())
                .setServerConfig("ssl_key_file", key.toString())
                .start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        server.close();
    }

    static ShardLocation.Remote url(String host, String query) {
        return PostgresUrl.parse("postgresql://postgres@" + host + ":" + server.getPort() + "/postgres?" + query);
    }

    /** Connects with the reactive client's options for the URL, and says whether the session is encrypted. */
    static boolean reactive(ShardLocation.Remote db) throws Exception {
        PgConnection conn = PgConnection.connect(
                        vertx, ShardInitializer.connectOptions(db, 5000).get(0))
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        try {
            return conn.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
                    .execute()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS)
                    .iterator()
                    .next()
                    .getBoolean(0);
        } finally {
            conn.close();
        }
    }

    static boolean jdbc(ShardLocation.Remote db) throws Exception {
        try (Connection c = Migrations.connect(db);
                ResultSet rs =
                        c.createStatement().executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    static void assertBothConnectEncrypted(ShardLocation.Remote db) throws Exception {
        assertTrue(reactive(db), "the reactive client's session is encrypted");
        assertTrue(jdbc(db), "the JDBC session is encrypted");
    }

    @Test
    void givenVerifyFullWithTheServersCa_whenTheHostIsTheNamedOne_thenBothClientsConnectEncrypted() throws Exception {
        assertBothConnectEncrypted(url("localhost", "sslmode=verify-full&sslrootcert=" + ca));
    }

    @Test
    void givenVerifyFull_whenTheCertificateDoesNotNameTheHost_thenBothClientsRefuse() {
        ShardLocation.Remote db = url("127.0.0.1", "sslmode=verify-full&sslrootcert=" + ca);
        assertThrows(Exception.class, () -> reactive(db));
        assertThrows(Exception.class, () -> jdbc(db));
    }

    @Test
    void givenVerifyCaOrFull_whenAnotherCaSignedTheCertificate_thenBothClientsRefuse() {
        for (String mode : new String[] {"verify-ca", "verify-full"}) {
            ShardLocation.Remote db = url("localhost", "sslmode=" + mode + "&sslrootcert=" + otherCa);
            assertThrows(Exception.class, () -> reactive(db), mode);
            assertThrows(Exception.class, () -> jdbc(db), mode);
        }
    }

    @Test
    void givenVerifyCa_whenTheCertificateDoesNotNameTheHost_thenItIsAccepted() throws Exception {
        assertBothConnectEncrypted(url("127.0.0.1", "sslmode=verify-ca&sslrootcert=" + ca));
    }

    @Test
    void givenRequire_whenTheCertificateIsUnknown_thenBothClientsConnectEncrypted() throws Exception {
        assertBothConnectEncrypted(url("127.0.0.1", "sslmode=require&sslrootcert=" + otherCa));
    }
}
