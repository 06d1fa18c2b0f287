package io.akshybrid.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akshybrid.gateway.support.Events;
import io.akshybrid.gateway.support.ShardDatabases;
import io.akshybrid.gateway.support.TestPki;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * HTTPS with certificates made in the test, and mutual TLS in which the client certificate (CN or
 * SAN = cluster id) identifies the cluster and a bearer token cannot override it.
 */
@QuarkusTest
@QuarkusTestResource(value = MutualTlsTest.Certificates.class, restrictToAnnotatedClass = true)
class MutualTlsTest {

    static final int HTTPS_PORT = 8454;
    static TestPki pki;

    public static class Certificates implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                pki = new TestPki();
                Path dir = Files.createTempDirectory("tls");
                TestPki.Issued server = pki.issue("localhost", "localhost");
                TestPki.writePem(dir.resolve("server.crt"), server.certificate());
                TestPki.writePem(dir.resolve("server.key"), server.key());
                TestPki.writePem(dir.resolve("ca.crt"), pki.caCertificate());
                return Map.of(
                        "quarkus.tls.key-store.pem.0.cert",
                                dir.resolve("server.crt").toString(),
                        "quarkus.tls.key-store.pem.0.key",
                                dir.resolve("server.key").toString(),
                        "quarkus.tls.trust-store.pem.certs",
                                dir.resolve("ca.crt").toString(),
                        "quarkus.http.test-ssl-port", Integer.toString(HTTPS_PORT),
                        "gateway.mtls.enabled", "true");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {}
    }

    static HttpResponse<String> send(SSLContext tls, String token, String json) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(tls).build();
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("https://localhost:" + HTTPS_PORT + "/v1/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String clusterOf(UUID id) {
        return (String) ShardDatabases.query(
                        "shard_eastus", "SELECT cluster_id FROM telemetry_events WHERE event_id = '" + id + "'")
                .get(0)
                .get("cluster_id");
    }

    @Test
    void givenHttpsWithoutAClientCertificate_whenATokenIsSent_thenTheTokenIdentifiesTheCluster() throws Exception {
        var e = Events.hostOs();
        HttpResponse<String> r = send(pki.clientContext(null), "east-1-token", Events.body(e));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("east-1", clusterOf(Events.id(e)));
    }

    @Test
    void givenAClientCertificateNamingACluster_whenNoTokenIsSent_thenTheCertificateIdentifiesIt() throws Exception {
        var e = Events.hostOs();
        HttpResponse<String> r = send(pki.clientContext(pki.issue("east-2")), null, Events.body(e));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("east-2", clusterOf(Events.id(e)));

        var bySan = Events.hostOs();
        r = send(pki.clientContext(pki.issue("agent on host 7", "east-1")), null, Events.body(bySan));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("east-1", clusterOf(Events.id(bySan)), "a DNS SAN names the cluster too");
    }

    @Test
    void givenAClientCertificateOfOneCluster_whenATokenOfAnotherIsSent_thenTheTokenCannotOverrideIt() throws Exception {
        var e = Events.hostOs();
        HttpResponse<String> r = send(pki.clientContext(pki.issue("east-2")), "east-1-token", Events.body(e));
        assertEquals(401, r.statusCode(), r.body());
        assertTrue(r.body().contains("another cluster than the client certificate"), r.body());
        assertEquals(
                0,
                ShardDatabases.count(
                        "shard_eastus",
                        "SELECT count(*) FROM telemetry_events WHERE event_id = '" + Events.id(e) + "'"));

        var same = Events.hostOs();
        assertEquals(
                200,
                send(pki.clientContext(pki.issue("east-2")), "east-2-token", Events.body(same))
                        .statusCode());
    }

    @Test
    void givenAClientCertificateNamingNoCluster_whenPosting_then401() throws Exception {
        HttpResponse<String> r =
                send(pki.clientContext(pki.issue("stranger")), "east-1-token", Events.body(Events.hostOs()));
        assertEquals(401, r.statusCode(), r.body());
        assertTrue(r.body().contains("names no registered cluster"), r.body());
    }
}
