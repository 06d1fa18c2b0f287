package io.akshybrid.gateway.api;

import io.akshybrid.gateway.failure.GatewayException;
import io.akshybrid.gateway.failure.Problems;
import io.akshybrid.gateway.ingest.IngestService;
import io.akshybrid.gateway.ingest.OtlpLogs;
import io.akshybrid.gateway.metrics.GatewayMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.logging.Logger;

/**
 * OTLP/HTTP logs: {@code POST /v1/logs}, for standard agents (OpenTelemetry Collector, Fluent Bit,
 * Vector). Thin: it hands the raw request to {@link IngestService} as OTLP, and answers in the
 * request's encoding, failures included ({@link OtlpStatus}). The credential was checked from the
 * headers by {@link RequestGuard}, as for {@code /v1/events}. Runs on the event loop.
 */
@Path("/v1/logs")
public class LogsResource {

    private static final Logger LOG = Logger.getLogger(LogsResource.class);

    private final IngestService ingest;
    private final GatewayMetrics metrics;

    public LogsResource(IngestService ingest, GatewayMetrics metrics) {
        this.ingest = ingest;
        this.metrics = metrics;
    }

    @POST
    @Operation(
            summary = "Send OTLP logs (ExportLogsServiceRequest, protobuf or JSON)",
            description = "Each log record is one event: attribute log.record.uid is its id, event.type and "
                    + "event.source its type and source, time_unix_nano its time, the body (a map) its data. "
                    + "Answered once every accepted record is committed, with partial_success for refused ones.")
    @SecurityRequirement(name = "clusterToken")
    @APIResponse(
            responseCode = "200",
            description = "ExportLogsServiceResponse, with partial_success if any record was refused")
    @APIResponse(responseCode = "400", description = "Not an ExportLogsServiceRequest")
    @APIResponse(responseCode = "401", description = "Missing or unknown credential")
    @APIResponse(responseCode = "403", description = "Cluster not registered in a region")
    @APIResponse(responseCode = "413", description = "Over 1 MiB on the wire, 8 MiB after gzip, or 1,000 records")
    @APIResponse(responseCode = "415", description = "Not application/x-protobuf or application/json, or not gzip")
    @APIResponse(responseCode = "429", description = "Over the cluster's event rate; see Retry-After")
    @APIResponse(responseCode = "503", description = "The region's shard is unavailable; see Retry-After")
    public Uni<Response> post(
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
            @Context RoutingContext routing,
            @Parameter(hidden = true) byte[] body) {
        boolean json = OtlpStatus.wantsJson(contentType);
        String type = json ? OtlpLogs.JSON : OtlpLogs.PROTOBUF;
        RequestGuard.bodyReceived(routing);
        return Uni.createFrom()
                .item(() -> new IngestService.Request(
                        RequestGuard.cluster(routing),
                        OtlpLogs.isProtobuf(contentType)
                                ? IngestService.Format.OTLP_PROTOBUF
                                : IngestService.Format.OTLP_JSON,
                        contentType,
                        contentEncoding,
                        body,
                        RequestGuard.abandoned(routing)))
                .flatMap(ingest::ingestLogs)
                .map(answer -> Response.ok(answer, type).build())
                .onFailure(GatewayException.class)
                .recoverWithItem(e -> refusal((GatewayException) e, json, type));
    }

    private Response refusal(GatewayException e, boolean json, String type) {
        LOG.logf(e.failure().logLevel, "%s: %s", e.failure().type, e.getMessage());
        metrics.requestFailure(e.failure());
        Response.ResponseBuilder r = Response.status(e.failure().status)
                .type(type)
                .entity(OtlpStatus.body(e.failure(), e.getMessage(), json));
        Problems.headers(e).forEach(r::header);
        return r.build();
    }
}
