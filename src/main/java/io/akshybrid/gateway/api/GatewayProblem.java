package io.akshybrid.gateway.api;

import java.util.Map;

/**
 * A whole-request failure: the request stored nothing. {@link ProblemMapper} turns it into an RFC 9457
 * {@code application/problem+json} answer with the status and headers held here. Create one through
 * the factory methods, one per failure kind of the contract.
 */
public final class GatewayProblem extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, String> headers;

    private GatewayProblem(int status, String type, String title, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.headers = Map.copyOf(headers);
    }

    public static GatewayProblem malformed(String detail) {
        return new GatewayProblem(400, "malformed-body", "Malformed request body", detail, Map.of());
    }

    public static GatewayProblem unauthorized(String detail) {
        return new GatewayProblem(
                401,
                "unauthorized",
                "Missing or unknown credential",
                detail,
                Map.of("WWW-Authenticate", "Bearer realm=\"telemetry\""));
    }

    public static GatewayProblem forbidden(String detail) {
        return new GatewayProblem(
                403, "cluster-not-registered", "Cluster not registered in a region", detail, Map.of());
    }

    public static GatewayProblem badParameter(String detail) {
        return new GatewayProblem(400, "bad-parameter", "Bad parameter", detail, Map.of());
    }

    public static GatewayProblem notFound(String detail) {
        return new GatewayProblem(404, "not-found", "Not found", detail, Map.of());
    }

    public static GatewayProblem centralUnavailable(String detail) {
        return new GatewayProblem(
                503, "central-store-unavailable", "Central store unavailable", detail, Map.of("Retry-After", "10"));
    }

    public static GatewayProblem tooLarge(String detail) {
        return new GatewayProblem(413, "payload-too-large", "Request too large", detail, Map.of());
    }

    public static GatewayProblem unsupportedMedia(String detail) {
        return new GatewayProblem(
                415, "unsupported-media-type", "Unsupported content type or encoding", detail, Map.of());
    }

    public static GatewayProblem rateLimited(String detail, long retryAfterSeconds) {
        return new GatewayProblem(
                429,
                "rate-limited",
                "Too many events",
                detail,
                Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
    }

    public static GatewayProblem shardUnavailable(String detail, long retryAfterSeconds) {
        return new GatewayProblem(
                503,
                "shard-unavailable",
                "Region's shard unavailable",
                detail,
                Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
    }

    public int status() {
        return status;
    }

    /** Short machine-readable kind; the problem's {@code type} URI ends with it. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
