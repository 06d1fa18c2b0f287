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
 * {@link #FAILURE_BURST} failures an address is answered 429 without its token being looked at,
 * until one failure's worth of time per {@link #SECONDS_PER_FAILURE} has passed. A valid token is
 * never refused while its address is not throttled. Pure CPU work; thread-safe.
 */
@ApplicationScoped
public class OperatorAuthenticator {

    static final int FAILURE_BURST = 10;
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

    /** Checks the credential of a call from {@code address}; throws 401 or 429. */
    public void check(String authorization, String address) {
        long now = System.nanoTime();
        long wait = throttled(address, now);
        if (wait > 0) {
            metrics.adminAuthFailure(true);
            throw Failure.RATE_LIMITED.retryAfter(wait, "too many failed admin credentials from this address");
        }
        try {
            check(authorization);
        } catch (RuntimeException e) {
            failed(address, now);
            metrics.adminAuthFailure(false);
            throw e;
        }
    }

    private void check(String authorization) {
        if (expected.isEmpty()) {
            throw Failure.UNAUTHORIZED.because("the admin API is disabled: set gateway.admin.token-sha256");
        }
        String token = ClusterAuthenticator.bearerToken(authorization);
        if (!MessageDigest.isEqual(Sha256.digest(token), expected.get())) {
            throw Failure.UNAUTHORIZED.because("unknown operator credential");
        }
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
