package io.akshybrid.gateway.failure;

import java.util.OptionalLong;

/**
 * The gateway's one error type: a whole request failed and stored nothing. It carries its
 * {@link Failure} kind, a detail in the gateway's own words (never a library's internals or personal
 * data) and, for retryable kinds, how long the client should wait. Create one from the kind:
 * {@code Failure.UNAUTHORIZED.because("...")}. No stack trace: it is an answer, not a bug.
 */
public final class GatewayException extends RuntimeException {

    private final Failure failure;
    private final long retryAfterSeconds;

    GatewayException(Failure failure, String detail, long retryAfterSeconds) {
        super(detail, null, false, false);
        if (!failure.retryable && retryAfterSeconds != 0) {
            throw new IllegalArgumentException(failure + " is not retryable");
        }
        this.failure = failure;
        this.retryAfterSeconds = failure.retryable ? Math.max(1, retryAfterSeconds) : 0;
    }

    public Failure failure() {
        return failure;
    }

    /** Seconds for {@code Retry-After}; empty for kinds that are not retryable. */
    public OptionalLong retryAfterSeconds() {
        return failure.retryable ? OptionalLong.of(retryAfterSeconds) : OptionalLong.empty();
    }
}
