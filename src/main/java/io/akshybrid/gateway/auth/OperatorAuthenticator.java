package io.akshybrid.gateway.auth;

import io.akshybrid.gateway.config.GatewayConfig;
import io.akshybrid.gateway.failure.Failure;
import io.akshybrid.gateway.hashing.Sha256;
import io.akshybrid.gateway.metrics.GatewayMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks the operators' bearer token for {@code /admin} against {@code gateway.admin.token-sha256},
 * in constant time. Without that setting the admin API refuses everyone. Failed attempts are counted
 * ({@code gateway_admin_auth_failures_total}) and throttled per client address: after
 * {@link #FAILURE_BURST} failures an address's failing attempts are answered 429, until one
 * failure's worth of time per {@link #SECONDS_PER_FAILURE} has passed.
 *
 * <p>A valid token is never refused, throttled address or not. Behind a {@code kubectl port-forward}
 * every operator comes from 127.0.0.1, so a throttle that refused a whole address would let one
 * mistyped token (or one attacker) lock every operator out at once. The throttle therefore bounds
 * what failures cost and how loudly they are answered; it is not what keeps the token secret, its
 * length is (a 256-bit token cannot be guessed online). Pure CPU work; thread-safe.
 */
@ApplicationScoped
public class OperatorAuthenticator {

    static final int FAILURE_BURST = 10;
    /** Hex digits of a credential's SHA-256 that identify it in records. */
    static final int FINGERPRINT_HEX = 12;

    static final int SECONDS_PER_FAILURE = 6;
    /** Addresses remembered at most; past it the oldest record is of no use to a many-address attacker anyway. */
    static final int MAX_ADDRESSES = 10_000;

    private final Optional<byte[]> expected;
    private final GatewayMetrics metrics;
    private final Map<String, long[]> failures = new ConcurrentHashMap<>(); // address -> {count, since}

    public OperatorAuthenticator(GatewayConfig config, GatewayMetrics metrics) {
        this.expected = config.admin()
                .tokenSha256()
                .map(h -> HexFormat.of().parseHex(h.trim().toLowerCase()));
        this.metrics = metrics;
    }

    /**
     * Checks the credential of a call from {@code address}; throws 401, or 429 for a failure from a
     * throttled address.
     *
     * @return the credential's fingerprint: the first {@link #FINGERPRINT_HEX} hex digits of its
     *     SHA-256, which tells credentials apart in records (an erasure's) without revealing them
     */
    public String check(String authorization, String address) {
        long now = System.nanoTime();
        try {
            return check(authorization);
        } catch (RuntimeException e) {
            long wait = throttled(address, now);
            if (wait > 0) {
                metrics.adminAuthFailure(true);
                throw Failure.RATE_LIMITED.retryAfter(wait, "too many failed admin credentials from this address");
            }
            failed(address, now);
            metrics.adminAuthFailure(false);
            throw e;
        }
    }

    private String check(String authorization) {
        if (expected.isEmpty()) {
            throw Failure.UNAUTHORIZED.because("the admin API is disabled: set gateway.admin.token-sha256");
        }
        String token = ClusterAuthenticator.bearerToken(authorization);
        byte[] digest = Sha256.digest(token);
        if (!MessageDigest.isEqual(digest, expected.get())) {
            throw Failure.UNAUTHORIZED.because("unknown operator credential");
        }
        return HexFormat.of().formatHex(digest).substring(0, FINGERPRINT_HEX);
    }

    /** Seconds until {@code address} may try again; 0 when it may now. */
    private long throttled(String address, long now) {
        long[] f = failures.get(address);
        if (f == null) {
            return 0;
        }
        synchronized (f) {
            long forgiven = (now - f[1]) / (SECONDS_PER_FAILURE * 1_000_000_000L);
            if (forgiven > 0) {
                f[0] = Math.max(0, f[0] - forgiven);
                f[1] = now;
            }
            return f[0] >= FAILURE_BURST ? SECONDS_PER_FAILURE : 0;
        }
    }

    private void failed(String address, long now) {
        if (failures.size() >= MAX_ADDRESSES && !failures.containsKey(address)) {
            failures.clear();
        }
        long[] f = failures.computeIfAbsent(address, a -> new long[] {0, now});
        synchronized (f) {
            f[0]++;
        }
    }
}
