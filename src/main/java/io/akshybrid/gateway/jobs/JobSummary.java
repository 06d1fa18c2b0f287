package io.akshybrid.gateway.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;

/** What one run of a job did, per database it touched. The admin API returns it as is. */
public record JobSummary(String job, OffsetDateTime startedAt, long durationMs, List<TargetResult> targets) {

    /**
     * One database's part of a run.
     *
     * @param target a region name, or {@code central}
     * @param outcome {@code ok}, {@code skipped} or {@code failed}
     * @param rows rows forwarded (forwarding) or aggregate rows written (retention)
     * @param lagSeconds forwarding only: age of the oldest row not yet forwarded after the run (0 when none)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TargetResult(
            String target,
            String outcome,
            long rows,
            int partitionsCreated,
            int partitionsDropped,
            Double lagSeconds,
            long durationMs,
            String detail) {

        static TargetResult skipped(String target, String why) {
            return new TargetResult(target, "skipped", 0, 0, 0, null, 0, why);
        }
    }

    /** What a job's work on one database counted. */
    public record Counts(long rows, int partitionsCreated, int partitionsDropped, Double lagSeconds, String detail) {}
}
