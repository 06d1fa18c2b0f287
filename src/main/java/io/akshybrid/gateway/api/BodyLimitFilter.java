package io.akshybrid.gateway.api;

import io.akshybrid.gateway.config.GatewayConfig;
import io.akshybrid.gateway.failure.Failure;
import io.akshybrid.gateway.metrics.GatewayMetrics;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses an oversized {@code POST /v1/events} from its {@code Content-Length} header, before the body
 * is read, with the same problem+json answer as every other refusal. A body sent without a length
 * (chunked) is cut off by {@code quarkus.http.limits.max-body-size} instead, and a body under that
 * outer guard is measured exactly by the ingest path. Runs on the event loop; reads headers only.
 */
@ApplicationScoped
public class BodyLimitFilter {

    private final long maxBodyBytes;
    private final GatewayMetrics metrics;

    public BodyLimitFilter(GatewayConfig config, GatewayMetrics metrics) {
        this.maxBodyBytes = config.limits().maxBodyBytes();
        this.metrics = metrics;
    }

    void register(@Observes Filters filters) {
        filters.register(
                rc -> {
                    String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
                    if (length != null
                            && rc.request().method() == HttpMethod.POST
                            && rc.normalizedPath().equals("/v1/events")
                            && tooLong(length)) {
                        String detail = "the body is " + length.trim() + " bytes; the limit is " + maxBodyBytes
                                + " bytes on the wire";
                        metrics.requestFailure(Failure.PAYLOAD_TOO_LARGE);
                        rc.response()
                                .setStatusCode(Failure.PAYLOAD_TOO_LARGE.status)
                                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON)
                                .putHeader(HttpHeaders.CONNECTION, "close")
                                .end(Json.encode(ProblemMapper.body(Failure.PAYLOAD_TOO_LARGE, detail)));
                        return;
                    }
                    rc.next();
                },
                100);
    }

    private boolean tooLong(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false; // Vert.x itself refuses a malformed Content-Length
        }
    }
}
