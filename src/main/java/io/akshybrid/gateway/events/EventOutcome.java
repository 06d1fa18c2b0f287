package io.akshybrid.gateway.events;

/** What became of one event of a request, as counted in {@code gateway_events_total{outcome}}. */
public enum EventOutcome {
    /** Stored now. */
    ACCEPTED("accepted"),
    /** Already stored (a resend), or repeated in the same batch: stored once. */
    DUPLICATE("duplicate"),
    /** Refused with a reason; never stored. */
    REJECTED("rejected");

    public final String label;

    EventOutcome(String label) {
        this.label = label;
    }
}
