package io.akshybrid.gateway.api;

import io.akshybrid.gateway.auth.ClientCertificate;
import io.akshybrid.gateway.auth.ClientCertificates;
import io.akshybrid.gateway.auth.ClusterAuthenticator;
import io.akshybrid.gateway.config.GatewayConfig;
import io.akshybrid.gateway.failure.Failure;
import io.akshybrid.gateway.failure.GatewayException;
import io.akshybrid.gateway.failure.Problems;
import io.akshybrid.gateway.metrics.GatewayMetrics;
import io.akshybrid.gateway.regions.Cluster;
import io.akshybrid.gateway.regions.RegionMap;
import io.akshybrid.gateway.regions.RegionMapHolder;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;

/**
 * What is refused from the request line and headers alone, before a byte of the body is read, so
 * that a hostile or broken client costs next to nothing and never holds a worker thread:
 *
 * <ol>
 *   <li>a {@code Transfer-Encoding} other than {@code chunked}: 501 (RFC 9112), and the connection is
 *       closed, so whatever follows on it is never taken for a request;
 *   <li>on {@code POST /v1/events} and {@code /v1/logs}, a {@code Content-Length} over the limit: 413;
 *   <li>then the credential (bearer token or client certificate): 401; the cluster it names is
 *       handed to the endpoint ({@link #cluster}), so nothing authenticates twice;
 *   <li>and a deadline for the body: a body not received within {@code gateway.limits.body-timeout}
 *       gets 408 and the connection is closed.
 * </ol>
 *
 * Each refusal is a problem+json answer (on {@code /v1/logs}, OTLP's {@code Status}) counted like
 * every other, with {@code Connection: close}.
 * Runs on the event loop; reads headers only.
 */
@ApplicationScoped
public class RequestGuard {

    static final String EVENTS = "/v1/events";
    static final String LOGS = "/v1/logs";
    /** Where the guard leaves the cluster it authenticated, for the endpoint; absent while no region map is loaded. */
    private static final String CLUSTER = "akshybrid.cluster";

    private final long maxBodyBytes;
    private final long bodyTimeoutMillis;
    private final boolean mutualTls;
    private final RegionMapHolder regionMap;
    private final GatewayMetrics metrics;
    private final Vertx vertx;

    public RequestGuard(GatewayConfig config, RegionMapHolder regionMap, GatewayMetrics metrics, Vertx vertx) {
        this.maxBodyBytes = config.limits().maxBodyBytes();
        this.bodyTimeoutMillis = config.limits().bodyTimeout().toMillis();
        this.mutualTls = config.mtls().enabled();
        this.regionMap = regionMap;
        this.metrics = metrics;
        this.vertx = vertx;
    }

    void register(@Observes Filters filters) {
        filters.register(this::guard, 100);
    }

    private void guard(RoutingContext rc) {
        String coding = rc.request().getHeader(HttpHeaders.TRANSFER_ENCODING);
        if (coding != null && !coding.trim().toLowerCase(Locale.ROOT).equals("chunked")) {
            refuse(
                    rc,
                    Failure.UNSUPPORTED_TRANSFER_CODING.because(
                            "Transfer-Encoding must be chunked or absent; this gateway does not implement '" + coding
                                    + "'"));
            return;
        }
        if (rc.request().method() != HttpMethod.POST
                || !(rc.normalizedPath().equals(EVENTS) || rc.normalizedPath().equals(LOGS))) {
            rc.next();
            return;
        }
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && tooLong(length)) {
            refuse(
                    rc,
                    Failure.PAYLOAD_TOO_LARGE.because("the body is " + length.trim() + " bytes; the limit is "
                            + maxBodyBytes + " bytes on the wire"));
            return;
        }
        RegionMap map = regionMap.current();
        if (map != null) { // without a map, ingest answers 503 itself
            try {
                ClientCertificate certificate = mutualTls && rc.request().isSSL()
                        ? ClientCertificates.of(rc.request().sslSession())
                        : ClientCertificate.NONE;
                rc.put(
                        CLUSTER,
                        ClusterAuthenticator.authenticate(
                                rc.request().getHeader(HttpHeaders.AUTHORIZATION), certificate, map));
            } catch (GatewayException e) {
                refuse(rc, e);
                return;
            }
        }
        armBodyDeadline(rc);
        rc.next();
    }

    /**
     * The cluster this request was authenticated as, from its headers; null when no region map was
     * loaded yet (ingest then answers 503). Authentication happens here once, before the body.
     */
    static Cluster cluster(RoutingContext rc) {
        return rc.get(CLUSTER);
    }

    /** A body still arriving when the deadline passes is answered 408 and its connection closed. */
    private void armBodyDeadline(RoutingContext rc) {
        long timer = vertx.setTimer(bodyTimeoutMillis, id -> {
            if (!rc.request().isEnded() && !rc.response().ended()) {
                refuse(
                        rc,
                        Failure.REQUEST_TIMEOUT.because(
                                "the body did not arrive within " + bodyTimeoutMillis + " ms; send it at once"));
            }
        });
        rc.addEndHandler(done -> vertx.cancelTimer(timer));
    }

    private void refuse(RoutingContext rc, GatewayException e) {
        Failure f = e.failure();
        metrics.requestFailure(f);
        Buffer answer;
        String type;
        if (rc.normalizedPath().equals(LOGS)) { // OTLP: a google.rpc.Status in the request's encoding
            boolean json = OtlpStatus.wantsJson(rc.request().getHeader(HttpHeaders.CONTENT_TYPE));
            answer = Buffer.buffer(OtlpStatus.body(f, e.getMessage(), json));
            type = json ? "application/json" : "application/x-protobuf";
        } else {
            answer = Buffer.buffer(Json.encode(Problems.body(f, e.getMessage())));
            type = ProblemMapper.PROBLEM_JSON;
        }
        rc.response()
                .setStatusCode(f.status)
                .putHeader(HttpHeaders.CONTENT_TYPE, type)
                .putHeader(HttpHeaders.CONNECTION, "close");
        Problems.headers(e).forEach((k, v) -> rc.response().putHeader(k, v));
        if (rc.request().version() == HttpVersion.HTTP_2) {
            rc.response().end(answer);
            rc.response().reset(); // this stream only: a body still arriving on it is never processed
            return;
        }
        // HTTP/1.1: closed here, not left to the client, since an unread body or a request pipelined
        // behind this one must never be read as the next request. Ending the response would let the
        // server take up the next request already read on this connection, so the answer is written
        // whole and the connection closed at once.
        rc.response().putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(answer.length()));
        rc.response().write(answer);
        rc.request().connection().close();
    }

    private boolean tooLong(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false; // Vert.x itself refuses a malformed Content-Length
        }
    }
}
