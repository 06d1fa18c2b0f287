package io.akshybrid.gateway.audit;

import java.util.List;

/**
 * What an audit found. {@code ok} is false when any finding breaks a promise or a store could not be
 * checked; a cluster whose rows lie in a region it has moved away from is listed but does not make
 * it false (its rows were stored where it was registered then).
 */
public record AuditReport(boolean ok, List<Finding> findings) {

    public AuditReport {
        findings = List.copyOf(findings);
    }

    static AuditReport of(List<Finding> findings) {
        return new AuditReport(findings.stream().allMatch(f -> f.check().informational), findings);
    }

    /** One finding: the store (a region's shard, or {@code central}), the check, and what was found. */
    public record Finding(String store, Check check, String detail) {}

    /** The checks; the label is what the answer and the command show. */
    public enum Check {
        BILLING_IN_CENTRAL("billing-in-central", false),
        UNKNOWN_REGION("unknown-region", false),
        PAST_RETENTION("past-retention", false),
        SMALL_AGGREGATE_CELL("small-aggregate-cell", false),
        MOVED_CLUSTER("moved-cluster", true),
        UNREACHABLE("unreachable", false);

        @com.fasterxml.jackson.annotation.JsonValue
        public final String label;

        final boolean informational;

        Check(String label, boolean informational) {
            this.label = label;
            this.informational = informational;
        }
    }
}
