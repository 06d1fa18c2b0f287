package io.akshybrid.gateway.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akshybrid.gateway.privacy.Redactions;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * An event that passed validation and the privacy rules, ready to store.
 *
 * @param index position in the request's {@code events} array
 * @param time the event time in UTC, truncated to microseconds (PostgreSQL's precision), so that a
 *     retry always lands on the same row
 * @param data the validated, redacted {@code data}: known fields only
 * @param redactions how many pieces of personal data of each kind were replaced in free text
 */
public record ValidEvent(
        int index,
        UUID id,
        EventType type,
        EventSource source,
        OffsetDateTime time,
        ObjectNode data,
        Redactions redactions)
        implements Validated {

    public ValidEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(redactions, "redactions");
        if (!type.sources.contains(source)) {
            throw new IllegalArgumentException(type.wireName + " events do not come from " + source);
        }
    }

    public boolean isBilling() {
        return type == EventType.BILLING;
    }

    /** Billing quantity in cores; only for billing events. */
    public double cores() {
        return data.get("quantity").doubleValue();
    }
}
