package io.akshybrid.gateway.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a single event was refused; the label is the {@code reason} the agent sees and the metric label. */
public enum RejectionReason {
    INVALID_EVENT("invalid-event"),
    MISSING_FIELD("missing-field"),
    INVALID_FIELD("invalid-field"),
    UNKNOWN_TYPE("unknown-type"),
    SOURCE_NOT_ALLOWED("source-not-allowed"),
    TOO_OLD("too-old"),
    TOO_FAR_IN_FUTURE("too-far-in-future"),
    PII_DETECTED("pii-detected"),
    NON_SYSTEM_NAMESPACE("non-system-namespace");

    @JsonValue
    public final String label;

    RejectionReason(String label) {
        this.label = label;
    }
}
