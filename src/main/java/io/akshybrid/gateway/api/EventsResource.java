package io.akshybrid.gateway.api;

import io.akshybrid.gateway.api.openapi.EventSchemas;
import io.akshybrid.gateway.ingest.IngestResult;
import io.akshybrid.gateway.ingest.IngestService;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The agent API: {@code POST /v1/events}. Thin on purpose: it hands the raw request to
 * {@link IngestService}. The body is taken as bytes because the content type, the encoding and the
 * limits are checked by the gateway itself, so that each failure gets the contract's status and a
 * problem+json reason. Runs on the event loop (returns a {@link Uni}).
 */
@Path("/v1/events")
@SecurityScheme(
        securitySchemeName = "clusterToken",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "The cluster's token; its SHA-256 is in regions.yaml")
@SecurityScheme(
        securitySchemeName = "operatorToken",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "The operators' token; its SHA-256 is gateway.admin.token-sha256")
public class EventsResource {

    private final IngestService ingest;

    public EventsResource(IngestService ingest) {
        this.ingest = ingest;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Send a batch of events",
            description =
                    "Answered once every accepted event is committed in the "
                            + "cluster's region. Valid events are stored even when others are rejected; rejected events are never stored.")
    @SecurityRequirement(name = "clusterToken")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = EventSchemas.EventBatch.class)))
    @APIResponse(
            responseCode = "200",
            description = "Per-event outcome",
            content = @Content(schema = @Schema(implementation = IngestResult.class)))
    @APIResponse(
            responseCode = "400",
            description = "Malformed body",
            content =
                    @Content(
                            mediaType = ProblemMapper.PROBLEM_JSON,
                            schema = @Schema(implementation = EventSchemas.Problem.class)))
    @APIResponse(responseCode = "401", description = "Missing or unknown credential")
    @APIResponse(responseCode = "403", description = "Cluster not registered in a region")
    @APIResponse(responseCode = "413", description = "Over 1 MiB on the wire, 8 MiB after gzip, or 1,000 events")
    @APIResponse(responseCode = "415", description = "Not application/json, or an encoding other than gzip")
    @APIResponse(responseCode = "429", description = "Over the cluster's event rate; see Retry-After")
    @APIResponse(responseCode = "503", description = "The region's shard is unavailable; see Retry-After")
    public Uni<IngestResult> post(
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
            @Context RoutingContext routing,
            @Parameter(hidden = true) byte[] body) {
        RequestGuard.bodyReceived(routing);
        return ingest.ingest(IngestService.Request.events(
                RequestGuard.cluster(routing), contentType, contentEncoding, body, RequestGuard.abandoned(routing)));
    }
}
