package io.akshybrid.gateway.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An event that passed validation and the privacy rules, ready to store.
 *
 * @param index position in the request's {@code events} array
 * @param time the event time in UTC, truncated to microseconds (PostgreSQL's precision), so that a
 *     retry always lands on the same row
 * @param data the validated, redacted {@code data}: known fields only
 * @param redactionsByKind how many pieces of personal data of each kind were replaced in free text,
 *     indexed by {@link io.akshybrid.gateway.privacy.PiiScanner.Kind#ordinal()}
 */
public record ValidEvent(
        int index,
        UUID id,
        EventType type,
        EventSource source,
        OffsetDateTime time,
        ObjectNode data,
        int[] redactionsByKind) {

    /** All pieces of personal data replaced in this event. */
    public int redactions() {
        int n = 0;
        for (int k : redactionsByKind) {
            n += k;
        }
        return n;
    }

    public boolean isBilling() {
        return type == EventType.BILLING;
    }

    /** Billing quantity in cores; only for billing events. */
    public double cores() {
        return data.get("quantity").doubleValue();
    }
}
