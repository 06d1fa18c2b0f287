package io.akshybrid.gateway.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.akshybrid.gateway.events.Rejection;
import java.util.List;

/**
 * The answer to a batch: how many events were stored now, how many were already stored (resent),
 * how many pieces of personal data were redacted, and why each refused event was refused.
 */
public record IngestResult(int accepted, int duplicates, int redactions, List<RejectedEvent> rejected) {

    /** One refused event as the agent sees it; {@code id} is absent when the event had no readable id. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RejectedEvent(int index, String id, String reason, String detail) {
        static RejectedEvent of(Rejection r) {
            return new RejectedEvent(r.index(), r.id(), r.reason(), r.detail());
        }
    }
}
