package io.akshybrid.gateway.api;

import io.akshybrid.gateway.failure.Failure;
import io.akshybrid.gateway.failure.GatewayException;
import io.akshybrid.gateway.failure.Problems;
import io.akshybrid.gateway.metrics.GatewayMetrics;
import io.vertx.core.http.HttpClosedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become HTTP answers: RFC 9457 problem details
 * ({@code application/problem+json}) with {@code type}, {@code title}, {@code status} and {@code detail}.
 * Unexpected failures answer a bare 500 whose detail names no class or stack frame; they are logged.
 */
public class ProblemMapper {

    public static final String PROBLEM_JSON = Problems.PROBLEM_JSON;
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    private final GatewayMetrics metrics;

    public ProblemMapper(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @ServerExceptionMapper
    public Response gatewayException(GatewayException e) {
        LOG.logf(e.failure().logLevel, "%s: %s", e.failure().type, e.getMessage());
        return answer(e);
    }

    private Response answer(GatewayException e) {
        Failure f = e.failure();
        metrics.requestFailure(f);
        Response.ResponseBuilder r =
                Response.status(f.status).type(PROBLEM_JSON).entity(Problems.body(f, e.getMessage()));
        Problems.headers(e).forEach(r::header);
        return r.build();
    }

    /** Framework answers (404, 405, 406, ...) in the same shape. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("Request failed", e);
        }
        Response.StatusType info = e.getResponse().getStatusInfo();
        String title = info == null ? "Error" : info.getReasonPhrase();
        return Response.status(status)
                .type(PROBLEM_JSON)
                .entity(Problems.body(
                        status, "http-" + status, title, status >= 500 ? "internal error" : e.getMessage()))
                .build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable t) {
        if (clientWentAway(t)) {
            LOG.debugf("Client closed the connection before the request was done: %s", t.getMessage());
            return answer(Failure.CLIENT_DISCONNECTED.because("the connection was closed"));
        }
        LOG.error("Unexpected failure while serving a request", t);
        return answer(Failure.INTERNAL_ERROR.because("the gateway failed unexpectedly"));
    }

    /** A connection the client closed or reset while its request was being read or answered. */
    static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpClosedException || t instanceof ClosedChannelException) {
                return true;
            }
            if (t instanceof IOException && String.valueOf(t.getMessage()).contains("Connection reset")) {
                return true;
            }
        }
        return false;
    }
}
