package io.akshybrid.gateway.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

/** What one run of a job did, per database it touched. The admin API returns it as is. */
public record JobSummary(String job, OffsetDateTime startedAt, long durationMs, List<TargetResult> targets) {

    public JobSummary {
        targets = List.copyOf(targets);
    }

    /**
     * One database's part of a run.
     *
     * @param target a region name, or {@code central}
     * @param rows rows forwarded (forwarding) or aggregate rows written (retention)
     * @param lagSeconds forwarding only: age of the oldest row not yet forwarded after the run (0 when none)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TargetResult(
            String target,
            JobOutcome outcome,
            long rows,
            int partitionsCreated,
            int partitionsDropped,
            Double lagSeconds,
            long durationMs,
            String detail) {

        public TargetResult {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(outcome, "outcome");
            if (rows < 0 || partitionsCreated < 0 || partitionsDropped < 0 || durationMs < 0) {
                throw new IllegalArgumentException("counts and durations must not be negative");
            }
        }

        static TargetResult skipped(String target, String why, long durationMs) {
            return new TargetResult(target, JobOutcome.SKIPPED, 0, 0, 0, null, durationMs, why);
        }

        static TargetResult done(String target, Counts c, long durationMs) {
            return new TargetResult(
                    target,
                    JobOutcome.OK,
                    c.rows(),
                    c.partitionsCreated(),
                    c.partitionsDropped(),
                    c.lagSeconds(),
                    durationMs,
                    c.detail());
        }

        /** @param rows what the run had done before it failed (forwarding moves pages one by one) */
        static TargetResult failed(String target, String why, long rows, long durationMs) {
            return new TargetResult(target, JobOutcome.FAILED, rows, 0, 0, null, durationMs, why);
        }

        TargetResult withLag(Double seconds) {
            return new TargetResult(
                    target, outcome, rows, partitionsCreated, partitionsDropped, seconds, durationMs, detail);
        }
    }

    /** What a job's work on one database counted. */
    public record Counts(long rows, int partitionsCreated, int partitionsDropped, Double lagSeconds, String detail) {}
}
