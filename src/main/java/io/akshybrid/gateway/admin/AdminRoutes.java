package io.akshybrid.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akshybrid.gateway.auth.OperatorAuthenticator;
import io.akshybrid.gateway.clusterdata.ClusterData;
import io.akshybrid.gateway.failure.Failure;
import io.akshybrid.gateway.failure.GatewayException;
import io.akshybrid.gateway.failure.Problems;
import io.akshybrid.gateway.metrics.GatewayMetrics;
import io.quarkus.vertx.http.ManagementInterface;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The operators' API, served on the management port only (the agent port, which the NetworkPolicy
 * opens to every cluster, answers 404 for {@code /admin}): {@code GET /admin/regions},
 * {@code POST /admin/jobs/{job}/run}, {@code GET /admin/jobs?limit=}, {@code GET /admin/audit}, and a
 * cluster's data: {@code GET} and {@code DELETE /admin/clusters/{cluster}/events}. Every call needs the
 * operators' bearer token; failures are problem+json like the agent API's. Runs on the event loop; the work
 * behind each route is reactive.
 */
@ApplicationScoped
public class AdminRoutes {

    private static final Logger LOG = Logger.getLogger(AdminRoutes.class);

    static final String NDJSON = "application/x-ndjson";

    private final AdminService admin;
    private final ClusterData clusterData;
    private final OperatorAuthenticator operators;
    private final GatewayMetrics metrics;
    private final ObjectMapper json;

    public AdminRoutes(
            AdminService admin,
            ClusterData clusterData,
            OperatorAuthenticator operators,
            GatewayMetrics metrics,
            ObjectMapper json) {
        this.admin = admin;
        this.clusterData = clusterData;
        this.operators = operators;
        this.metrics = metrics;
        this.json = json;
    }

    void register(@Observes ManagementInterface management) {
        management
                .router()
                .get("/admin/regions")
                .handler(rc -> answer(rc, () -> Uni.createFrom().item(admin::regions)));
        management
                .router()
                .post("/admin/jobs/:job/run")
                .handler(rc -> answer(rc, () -> admin.run(rc.pathParam("job"))));
        management
                .router()
                .get("/admin/jobs")
                .handler(rc -> answer(rc, () -> admin.recent(rc.queryParams().get("limit"))));
        management.router().get("/admin/audit").handler(rc -> answer(rc, admin::audit));
        management.router().get("/admin/clusters/:cluster/events").handler(this::export);
        management
                .router()
                .delete("/admin/clusters/:cluster/events")
                .handler(rc -> answer(rc, operator -> clusterData.erase(rc.pathParam("cluster"), operator)));
    }

    /**
     * {@code GET /admin/clusters/{cluster}/events}: NDJSON, streamed. The status line goes out with the
     * first lines, so a refusal before then (credential, cluster id, a shard down, another export) is
     * a problem; a failure after it aborts the connection, so that the client sees a cut-off answer
     * (no final chunk), never one that looks complete.
     */
    private void export(RoutingContext rc) {
        String cluster = rc.pathParam("cluster");
        HttpServerResponse response = rc.response();
        Uni.createFrom()
                .item(() -> {
                    operators.check(rc.request().getHeader(HttpHeaders.AUTHORIZATION), address(rc));
                    clusterData.beginExport(cluster);
                    return true;
                })
                .flatMap(ok -> clusterData.export(cluster, chunk -> write(response, chunk)))
                .subscribe()
                .with(
                        done -> {
                            if (!response.headWritten()) {
                                response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, NDJSON);
                            }
                            response.end();
                        },
                        e -> {
                            if (response.headWritten()) {
                                LOG.warnf("An export of cluster %s was cut off: %s", cluster, e.getMessage());
                                rc.request().connection().close();
                            } else {
                                fail(rc, e);
                            }
                        });
    }

    /** Writes a chunk; completes once the connection can take more (the client's pace sets the export's). */
    private static Uni<Void> write(HttpServerResponse response, String chunk) {
        if (!response.headWritten()) {
            response.setStatusCode(200).setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, NDJSON);
        }
        return Uni.createFrom()
                .emitter(e -> response.write(chunk).onComplete(written -> {
                    if (written.failed()) {
                        e.fail(written.cause());
                    } else if (response.writeQueueFull()) {
                        response.drainHandler(v -> e.complete(null));
                    } else {
                        e.complete(null);
                    }
                }));
    }

    private static String address(RoutingContext rc) {
        return rc.request().remoteAddress() == null
                ? "unknown"
                : rc.request().remoteAddress().hostAddress();
    }

    /** Checks the operators' credential, runs the work and writes its item as JSON, or its failure as a problem. */
    private void answer(RoutingContext rc, Supplier<Uni<?>> work) {
        answer(rc, operator -> work.get());
    }

    /** As above, for work that records which operator credential asked for it (its short fingerprint). */
    private void answer(RoutingContext rc, Function<String, Uni<?>> work) {
        Uni.createFrom()
                .item(() -> operators.check(rc.request().getHeader(HttpHeaders.AUTHORIZATION), address(rc)))
                .flatMap(work)
                .subscribe()
                .with(item -> write(rc, 200, "application/json", item), e -> fail(rc, e));
    }

    private void fail(RoutingContext rc, Throwable e) {
        if (e instanceof GatewayException g) {
            metrics.requestFailure(g.failure());
            Problems.headers(g).forEach((k, v) -> rc.response().putHeader(k, v));
            write(rc, g.failure().status, Problems.PROBLEM_JSON, Problems.body(g.failure(), g.getMessage()));
            return;
        }
        metrics.requestFailure(Failure.INTERNAL_ERROR);
        LOG.error("Unexpected failure while serving an admin request", e);
        write(rc, 500, Problems.PROBLEM_JSON, Problems.body(Failure.INTERNAL_ERROR, "the gateway failed unexpectedly"));
    }

    private void write(RoutingContext rc, int status, String type, Object body) {
        if (rc.response().ended()) {
            return;
        }
        try {
            rc.response()
                    .setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, type)
                    .end(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            LOG.error("Cannot write an admin answer as JSON", e);
            rc.response().setStatusCode(500).end();
        }
    }
}
