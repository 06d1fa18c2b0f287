package io.akshybrid.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akshybrid.gateway.support.Management;
import io.akshybrid.gateway.support.TestPki;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The management port over TLS, as k8s/ runs it: health, metrics and the admin API answer over HTTPS
 * with the configured certificate, so the operators' token never crosses the pod network in the clear,
 * and the port no longer speaks plain HTTP.
 */
@QuarkusTest
@QuarkusTestResource(value = ManagementTlsTest.Certificate.class, restrictToAnnotatedClass = true)
class ManagementTlsTest {

    static TestPki pki;

    public static class Certificate implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                pki = new TestPki();
                Path dir = Files.createTempDirectory("management-tls");
                TestPki.Issued server = pki.issue("localhost", "localhost");
                TestPki.writePem(dir.resolve("tls.crt"), server.certificate());
                TestPki.writePem(dir.resolve("tls.key"), server.key());
                return Map.of(
                        "quarkus.management.tls-configuration-name", "management",
                        "quarkus.tls.management.key-store.pem.0.cert",
                                dir.resolve("tls.crt").toString(),
                        "quarkus.tls.management.key-store.pem.0.key",
                                dir.resolve("tls.key").toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {}
    }

    static HttpClient trustingTheTestCa() throws Exception {
        return HttpClient.newBuilder().sslContext(pki.clientContext(null)).build();
    }

    static HttpResponse<String> get(HttpClient client, String url, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void givenACertificateForTheManagementPort_whenProbedAndAdministeredOverHttps_thenItAnswers() throws Exception {
        HttpClient client = trustingTheTestCa();
        String base = "https://localhost:" + Management.port();

        assertEquals(200, get(client, base + "/q/health/live", null).statusCode());
        assertTrue(get(client, base + "/q/metrics", null).body().contains("gateway_request_failures_total"));
        HttpResponse<String> regions = get(client, base + "/admin/regions", "dev-admin-token");
        assertEquals(200, regions.statusCode(), regions.body());
        assertEquals(401, get(client, base + "/admin/regions", "wrong").statusCode());
    }

    @Test
    void givenTls_whenPlainHttpIsTried_thenTheTokenIsNeverAnsweredInTheClear() {
        HttpClient plain = HttpClient.newHttpClient();
        assertThrows(
                IOException.class,
                () -> get(plain, "http://localhost:" + Management.port() + "/admin/regions", "dev-admin-token"));
    }
}
