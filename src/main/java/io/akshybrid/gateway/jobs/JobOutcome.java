package io.akshybrid.gateway.jobs;

import com.fasterxml.jackson.annotation.JsonValue;

/** How one job ended on one database: the label is what job_runs, the admin API, logs and metrics show. */
public enum JobOutcome {
    /** The work was done. */
    OK("ok"),
    /** Not attempted: the database was unavailable, backing off, or another replica held the lock. */
    SKIPPED("skipped"),
    /** Attempted and failed; the detail says why. */
    FAILED("failed");

    @JsonValue
    public final String label;

    JobOutcome(String label) {
        this.label = label;
    }
}
