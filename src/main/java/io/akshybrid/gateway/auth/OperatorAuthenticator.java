package io.akshybrid.gateway.auth;

import io.akshybrid.gateway.config.GatewayConfig;
import io.akshybrid.gateway.failure.Failure;
import io.akshybrid.gateway.hashing.Sha256;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Checks the operators' bearer token for {@code /admin} against {@code gateway.admin.token-sha256},
 * in constant time. Without that setting the admin API refuses everyone. Pure CPU work.
 */
@ApplicationScoped
public class OperatorAuthenticator {

    private final Optional<byte[]> expected;

    public OperatorAuthenticator(GatewayConfig config) {
        this.expected = config.admin()
                .tokenSha256()
                .map(h -> HexFormat.of().parseHex(h.trim().toLowerCase()));
    }

    public void check(String authorization) {
        if (expected.isEmpty()) {
            throw Failure.UNAUTHORIZED.because("the admin API is disabled: set gateway.admin.token-sha256");
        }
        String token = ClusterAuthenticator.bearerToken(authorization);
        if (!MessageDigest.isEqual(Sha256.digest(token), expected.get())) {
            throw Failure.UNAUTHORIZED.because("unknown operator credential");
        }
    }
}
