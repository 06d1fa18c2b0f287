package io.akshybrid.gateway.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * Why one event of a request was not stored, as the agent sees it. The agent should not resend it.
 *
 * @param id the event's id as sent, when it had a readable one (absent from the JSON otherwise)
 * @param detail a human-readable explanation naming the field; never echoes personal data
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rejection(int index, String id, RejectionReason reason, String detail) implements Validated {

    public Rejection {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative");
        }
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
