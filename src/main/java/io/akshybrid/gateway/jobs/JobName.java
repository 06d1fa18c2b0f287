package io.akshybrid.gateway.jobs;

import java.util.Optional;

/** The scheduled jobs, by the name used in the admin API, in {@code job_runs} and in logs. */
public enum JobName {
    PARTITIONS("partitions"),
    FORWARDING("forwarding"),
    RETENTION("retention");

    public final String label;

    JobName(String label) {
        this.label = label;
    }

    public static Optional<JobName> of(String label) {
        for (JobName j : values()) {
            if (j.label.equals(label)) {
                return Optional.of(j);
            }
        }
        return Optional.empty();
    }

    /** The advisory lock key of this job on one database; the same on every replica. */
    /** The advisory lock a run holds on each database; an erasure takes forwarding's to exclude a run. */
    public String lockKey() {
        return "telemetry-gateway.job." + label;
    }
}
