package io.akshybrid.gateway.events;

/**
 * Why one event of a request was not stored. The agent should not resend it.
 *
 * @param id the event's id as sent, when it had a readable one
 * @param reason a stable machine-readable reason ({@link Reason})
 * @param detail a human-readable explanation naming the field; never echoes personal data
 */
public record Rejection(int index, String id, String reason, String detail) {

    /** The reasons a single event is refused. */
    public static final class Reason {
        public static final String INVALID_EVENT = "invalid-event";
        public static final String MISSING_FIELD = "missing-field";
        public static final String INVALID_FIELD = "invalid-field";
        public static final String UNKNOWN_TYPE = "unknown-type";
        public static final String SOURCE_NOT_ALLOWED = "source-not-allowed";
        public static final String TOO_OLD = "too-old";
        public static final String TOO_FAR_IN_FUTURE = "too-far-in-future";
        public static final String PII_DETECTED = "pii-detected";
        public static final String NON_SYSTEM_NAMESPACE = "non-system-namespace";

        private Reason() {}
    }
}
