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
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * What is refused from the request line and headers alone, before a byte of the body is read, so
 * that a hostile or broken client costs next to nothing and never holds a worker thread. Default
 * deny: every request on the agent port passes these checks, whatever its method and however its
 * path is spelled (a trailing slash, dot segments, encoded characters, another case), because the
 * guard never looks at the path to decide whether to check; only the paths of {@link AgentPaths#PUBLIC}
 * are let through without a credential.
 *
 * <ol>
 *   <li>a {@code Transfer-Encoding} other than {@code chunked}: 501 (RFC 9112), and the connection is
 *       closed, so whatever follows on it is never taken for a request;
 *   <li>a {@code Content-Length} over the limit: 413;
 *   <li>no region map loaded yet: 503 with {@code Retry-After};
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

    /** Where the guard leaves the cluster it authenticated, for the endpoint; absent while no region map is loaded. */
    private static final String CLUSTER = "akshybrid.cluster";
    /** Where the guard leaves what disarms the body deadline, for the endpoint once it has the body. */
    private static final String BODY_DEADLINE = "akshybrid.body-deadline";

    private final long maxBodyBytes;
    private final long bodyTimeoutMillis;
    private final boolean mutualTls;
    private final long retryAfterSeconds;
    private final RegionMapHolder regionMap;
    private final GatewayMetrics metrics;
    private final Vertx vertx;

    public RequestGuard(GatewayConfig config, RegionMapHolder regionMap, GatewayMetrics metrics, Vertx vertx) {
        this.maxBodyBytes = config.limits().maxBodyBytes();
        this.bodyTimeoutMillis = config.limits().bodyTimeout().toMillis();
        this.mutualTls = config.mtls().enabled();
        this.retryAfterSeconds = config.retryAfter().toSeconds();
        this.regionMap = regionMap;
        this.metrics = metrics;
        this.vertx = vertx;
    }

    void register(@Observes Filters filters) {
        filters.register(this::guard, 100);
    }

    private void guard(RoutingContext rc) {
        // Every line of the header counts (a second "Transfer-Encoding: gzip" line must not slip past);
        // the list is built only for the requests that carry the header at all.
        String coding = rc.request().getHeader(HttpHeaders.TRANSFER_ENCODING);
        if (coding != null) {
            List<String> codings = rc.request().headers().getAll(HttpHeaders.TRANSFER_ENCODING);
            coding = String.join(", ", codings);
        }
        if (coding != null && !coding.trim().toLowerCase(Locale.ROOT).equals("chunked")) {
            refuse(
                    rc,
                    Failure.UNSUPPORTED_TRANSFER_CODING.because(
                            "Transfer-Encoding must be chunked or absent; this gateway does not implement '" + coding
                                    + "'"));
            return;
        }
        if (AgentPaths.isPublic(rc.request().path())) {
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
        if (map == null) {
            refuse(rc, Failure.SHARD_UNAVAILABLE.retryAfter(retryAfterSeconds, "the region map is not loaded yet"));
            return;
        }
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
        armBodyDeadline(rc);
        rc.next();
    }

    /**
     * The cluster this request was authenticated as, from its headers. Authentication happens here
     * once, before the body; an endpoint never sees a request that did not pass it.
     */
    static Cluster cluster(RoutingContext rc) {
        return rc.get(CLUSTER);
    }

    /**
     * The endpoint has the whole body: its deadline no longer applies, however long the work on it
     * takes. (The request's own {@code isEnded()} cannot tell: it reads false while the server holds
     * the request paused, which it does while the work runs.)
     */
    static void bodyReceived(RoutingContext rc) {
        Runnable disarm = rc.get(BODY_DEADLINE);
        if (disarm != null) {
            disarm.run();
        }
    }

    /** True once nobody waits for this request's answer: it was answered (408, say), or its client went away. */
    static BooleanSupplier abandoned(RoutingContext rc) {
        return () -> rc.response().ended() || rc.response().closed();
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
        rc.put(BODY_DEADLINE, (Runnable) () -> vertx.cancelTimer(timer));
        rc.addEndHandler(done -> vertx.cancelTimer(timer));
    }

    private void refuse(RoutingContext rc, GatewayException e) {
        Failure f = e.failure();
        metrics.requestFailure(f);
        Buffer answer;
        String type;
        if (AgentPaths.isLogs(rc.request().path())) { // OTLP: a google.rpc.Status in the request's encoding
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
