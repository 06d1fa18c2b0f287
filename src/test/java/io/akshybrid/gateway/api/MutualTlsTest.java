package io.akshybrid.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akshybrid.gateway.hashing.Sha256;
import io.akshybrid.gateway.regions.RegionMapHolder;
import io.akshybrid.gateway.support.Events;
import io.akshybrid.gateway.support.ShardDatabases;
import io.akshybrid.gateway.support.TestPki;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * HTTPS with certificates made in the test, and mutual TLS in which the client certificate (CN or
 * SAN = cluster id) identifies the cluster and a bearer token cannot override it. The region map is a
 * directory: the suite's regions-test.yaml and a file of clusters that pin their certificates.
 */
@QuarkusTest
@QuarkusTestResource(value = MutualTlsTest.Certificates.class, restrictToAnnotatedClass = true)
class MutualTlsTest {

    static final int HTTPS_PORT = 8454;

    @Inject
    RegionMapHolder regionMap;

    static TestPki pki;
    static Path regionsDir;
    /** Pinned for pinned-1: two certificates, as during a rotation. */
    static TestPki.Issued pinnedA;

    static TestPki.Issued pinnedB;
    /** Pinned for pinned-2 until a test removes its pin. */
    static TestPki.Issued revocable;

    static TestPki.Issued kept;

    static String fingerprint(TestPki.Issued issued) throws Exception {
        return Sha256.hex(issued.certificate().getEncoded());
    }

    /** openssl's form: {@code openssl x509 -noout -fingerprint -sha256} prints AB:CD:... */
    static String opensslFingerprint(TestPki.Issued issued) throws Exception {
        return fingerprint(issued).toUpperCase(Locale.ROOT).replaceAll("(..)(?!$)", "$1:");
    }

    static String pinnedClusters(List<TestPki.Issued> pinnedForTwo) throws Exception {
        StringBuilder pins = new StringBuilder();
        for (TestPki.Issued i : pinnedForTwo) {
            pins.append("      - \"").append(fingerprint(i)).append("\"\n");
        }
        return """
                # Clusters whose certificates are pinned: only these certificates are these clusters.
                clusters:
                  pinned-1:
                    region: eastus
                    subscription: "0b5e7c1e-3a4f-4d2b-8c6e-1f2a3b4c5d6e"
                    tokenSha256: "%s"
                    certSha256:
                      - "%s"
                      - "%s"
                  pinned-2:
                    region: eastus
                    subscription: "0b5e7c1e-3a4f-4d2b-8c6e-1f2a3b4c5d6e"
                    tokenSha256: "%s"
                    certSha256:
                %s""".formatted(
                        Sha256.hex("pinned-1-token"),
                        fingerprint(pinnedA),
                        opensslFingerprint(pinnedB),
                        Sha256.hex("pinned-2-token"),
                        pins);
    }

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
                pinnedA = pki.issue("pinned-1");
                pinnedB = pki.issue("agent", "pinned-1");
                revocable = pki.issue("pinned-2");
                kept = pki.issue("pinned-2");
                regionsDir = Files.createTempDirectory("regions");
                Files.copy(Path.of("src/test/resources/regions-test.yaml"), regionsDir.resolve("regions.yaml"));
                Files.writeString(regionsDir.resolve("pinned.yaml"), pinnedClusters(List.of(revocable, kept)));
                return Map.of(
                        "gateway.regions-file", regionsDir.toString(),
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
    void givenCertificatesPinnedForACluster_whenEachIsPresented_thenEachIsThatCluster() throws Exception {
        for (TestPki.Issued pinned : List.of(pinnedA, pinnedB)) {
            var e = Events.hostOs();
            HttpResponse<String> r = send(pki.clientContext(pinned), null, Events.body(e));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("pinned-1", clusterOf(Events.id(e)));
        }
    }

    @Test
    void givenACertificateThatNamesAPinningClusterButIsNotPinned_whenPosting_then401AndNothingStored()
            throws Exception {
        TestPki.Issued sameName = pki.issue("pinned-1");
        var e = Events.hostOs();
        HttpResponse<String> r = send(pki.clientContext(sameName), null, Events.body(e));
        assertEquals(401, r.statusCode(), r.body());
        assertTrue(r.body().contains("not one that the region map pins"), r.body());
        assertStoredNothing(e);

        var withToken = Events.hostOs();
        r = send(pki.clientContext(sameName), "pinned-1-token", Events.body(withToken));
        assertEquals(401, r.statusCode(), "the cluster's own token does not make an unpinned certificate good");
        assertStoredNothing(withToken);
    }

    @Test
    void givenACertificateNamingTwoRegisteredClusters_whenPosting_then401NotTheFirstMatch() throws Exception {
        for (TestPki.Issued both : List.of(pki.issue("east-1", "east-2"), pki.issue("stranger", "east-2", "west-1"))) {
            var e = Events.hostOs();
            HttpResponse<String> r = send(pki.clientContext(both), "east-1-token", Events.body(e));
            assertEquals(401, r.statusCode(), r.body());
            assertTrue(r.body().contains("names 2 registered clusters"), r.body());
            assertStoredNothing(e);
        }
    }

    @Test
    void givenAPinRemovedFromTheMap_whenTheEditIsInForce_thenThatCertificateNoLongerIdentifiesTheCluster()
            throws Exception {
        assertEquals(
                200,
                send(pki.clientContext(revocable), null, Events.body(Events.hostOs()))
                        .statusCode());

        // First an edit that the map refuses: a cluster that regions.yaml defines already.
        Files.writeString(
                regionsDir.resolve("pinned.yaml"),
                pinnedClusters(List.of(kept))
                        + "  east-1:\n    region: eastus\n    subscription: \"0b5e7c1e-3a4f-4d2b-8c6e-1f2a3b4c5d6e\"\n"
                        + "    tokenSha256: \"" + Sha256.hex("another-token") + "\"\n");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> regionMap.lastRefusal() != null);
        String reason = regionMap.lastRefusal().message();
        assertTrue(
                reason.matches(
                        "(?s).*regions\\.yaml line \\d+: cluster 'east-1' is defined twice: also at pinned\\.yaml line \\d+.*"),
                reason);
        assertEquals(
                200,
                send(pki.clientContext(revocable), null, Events.body(Events.hostOs()))
                        .statusCode(),
                "the refused edit did not replace the map in force");

        Files.writeString(regionsDir.resolve("pinned.yaml"), pinnedClusters(List.of(kept)));

        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> send(pki.clientContext(revocable), null, Events.body(Events.hostOs()))
                                .statusCode()
                        == 401);
        var e = Events.hostOs();
        HttpResponse<String> r = send(pki.clientContext(kept), null, Events.body(e));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("pinned-2", clusterOf(Events.id(e)));
    }

    static void assertStoredNothing(com.fasterxml.jackson.databind.node.ObjectNode event) {
        assertEquals(
                0,
                ShardDatabases.count(
                        "shard_eastus",
                        "SELECT count(*) FROM telemetry_events WHERE event_id = '" + Events.id(event) + "'"));
    }

    @Test
    void givenAClientCertificateNamingNoCluster_whenPosting_then401() throws Exception {
        HttpResponse<String> r =
                send(pki.clientContext(pki.issue("stranger")), "east-1-token", Events.body(Events.hostOs()));
        assertEquals(401, r.statusCode(), r.body());
        assertTrue(r.body().contains("names no registered cluster"), r.body());
    }
}
