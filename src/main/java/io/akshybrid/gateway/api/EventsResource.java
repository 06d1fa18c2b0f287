package io.akshybrid.gateway.api;

import io.akshybrid.gateway.ingest.IngestResult;
import io.akshybrid.gateway.ingest.IngestService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * The agent API: {@code POST /v1/events}. Thin on purpose: it hands the raw request to
 * {@link IngestService}. The body is taken as bytes because the content type, the encoding and the
 * limits are checked by the gateway itself, so that each failure gets the contract's status and a
 * problem+json reason. Runs on the event loop (returns a {@link Uni}).
 */
@Path("/v1/events")
public class EventsResource {

    private final IngestService ingest;

    public EventsResource(IngestService ingest) {
        this.ingest = ingest;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<IngestResult> post(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
            byte[] body) {
        return Uni.createFrom().deferred(() -> ingest.ingest(
                new IngestService.Request(authorization, contentType, contentEncoding, body == null ? new byte[0] : body)));
    }
}
