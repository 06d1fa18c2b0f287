package io.akshybrid.gateway.ingest;

import io.akshybrid.gateway.events.Rejection;
import java.util.List;

/**
 * The answer to a batch: how many events were stored now, how many were already stored (resent),
 * how many pieces of personal data were redacted, and why each refused event was refused.
 */
public record IngestResult(int accepted, int duplicates, int redactions, List<Rejection> rejected) {

    public IngestResult {
        if (accepted < 0 || duplicates < 0 || redactions < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        rejected = List.copyOf(rejected);
    }
}
