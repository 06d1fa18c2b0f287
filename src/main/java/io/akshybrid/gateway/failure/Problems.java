package io.akshybrid.gateway.failure;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The RFC 9457 problem-details body and the headers of a failure's answer, as plain maps, so that
 * every surface that answers (the agent API's mapper and filters, the admin routes on the
 * management port) answers alike.
 */
public final class Problems {

    public static final String PROBLEM_JSON = "application/problem+json";
    static final String TYPE_BASE = "https://akshybrid.io/problems/";

    private Problems() {}

    public static Map<String, Object> body(Failure f, String detail) {
        return body(f.status, f.type, f.title, detail);
    }

    public static Map<String, Object> body(int status, String type, String title, String detail) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("type", TYPE_BASE + type);
        b.put("title", title);
        b.put("status", status);
        if (detail != null) {
            b.put("detail", detail);
        }
        return b;
    }

    /** The headers a failure's answer carries: Retry-After, and the challenge of a 401. */
    public static Map<String, String> headers(GatewayException e) {
        Map<String, String> h = new LinkedHashMap<>();
        e.retryAfterSeconds().ifPresent(s -> h.put("Retry-After", Long.toString(s)));
        if (e.failure() == Failure.UNAUTHORIZED) {
            h.put("WWW-Authenticate", "Bearer realm=\"telemetry\"");
        }
        return h;
    }
}
