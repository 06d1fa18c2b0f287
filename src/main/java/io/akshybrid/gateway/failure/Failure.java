package io.akshybrid.gateway.failure;

import org.jboss.logging.Logger;

/**
 * Every way a whole request can fail, with what the contract says about it: the HTTP status, the
 * problem type (the last segment of the problem's {@code type} URI, also the metric label of
 * {@code gateway_request_failures_total}), the title, whether the answer carries {@code Retry-After},
 * and the level at which it is logged. Below the HTTP surface, code raises a {@link GatewayException}
 * of one of these kinds and knows nothing of HTTP; the API's one mapper turns it into problem+json.
 */
public enum Failure {
    MALFORMED_BODY(400, "malformed-body", "Malformed request body"),
    BAD_PARAMETER(400, "bad-parameter", "Bad parameter"),
    UNAUTHORIZED(401, "unauthorized", "Missing or unknown credential"),
    CLUSTER_NOT_REGISTERED(403, "cluster-not-registered", "Cluster not registered in a region"),
    NOT_FOUND(404, "not-found", "Not found"),
    REQUEST_TIMEOUT(408, "request-timeout", "Request body too slow"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Request too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported content type or encoding"),
    UNSUPPORTED_TRANSFER_CODING(501, "unsupported-transfer-coding", "Transfer coding not implemented"),
    RATE_LIMITED(429, "rate-limited", "Too many events", true, Logger.Level.DEBUG),
    /**
     * An operator's export or erasure while another runs: one at a time, so that together they hold
     * at most the one shard connection the pool keeps for them beside the writers and the jobs.
     */
    CLUSTER_DATA_BUSY(429, "cluster-data-busy", "Another export or erasure is in progress", true, Logger.Level.DEBUG),
    SHARD_UNAVAILABLE(503, "shard-unavailable", "Region's shard unavailable", true, Logger.Level.DEBUG),
    /** Every parse worker is busy and the requests waiting for one are at their bound: shed, not queued. */
    OVERLOADED(503, "overloaded", "Gateway overloaded", true, Logger.Level.DEBUG),
    CENTRAL_STORE_UNAVAILABLE(503, "central-store-unavailable", "Central store unavailable", true, Logger.Level.DEBUG),
    /**
     * The client went away before its request was read or answered: nobody receives the answer, and
     * it is neither the client's input error nor the gateway's bug (Nginx calls it 499).
     */
    CLIENT_DISCONNECTED(400, "client-disconnected", "Client closed the connection"),
    /** A bug of the gateway: the answer names no class or stack frame; the log has the stack trace. */
    INTERNAL_ERROR(500, "internal-error", "Internal error", false, Logger.Level.ERROR);

    public final int status;
    /** Short machine-readable kind; the problem's {@code type} URI ends with it. */
    public final String type;

    public final String title;
    /** The answer carries {@code Retry-After}: the client should send the same request again later. */
    public final boolean retryable;

    public final Logger.Level logLevel;

    Failure(int status, String type, String title) {
        this(status, type, title, false, Logger.Level.DEBUG);
    }

    Failure(int status, String type, String title, boolean retryable, Logger.Level logLevel) {
        this.status = status;
        this.type = type;
        this.title = title;
        this.retryable = retryable;
        this.logLevel = logLevel;
    }

    /** The label of this kind in metrics: the same as the problem type. */
    public String metricLabel() {
        return type;
    }

    /** A failure of a kind that is not retryable, with the gateway's explanation. */
    public GatewayException because(String detail) {
        if (retryable) {
            throw new IllegalArgumentException(this + " needs a Retry-After: use retryAfter()");
        }
        return new GatewayException(this, detail, 0);
    }

    /** A retryable failure: the answer tells the client to wait {@code retryAfterSeconds} (at least 1). */
    public GatewayException retryAfter(long retryAfterSeconds, String detail) {
        return new GatewayException(this, detail, retryAfterSeconds);
    }
}
