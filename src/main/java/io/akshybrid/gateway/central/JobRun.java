package io.akshybrid.gateway.central;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * One run of one job on one database (a region's shard, or {@code central}), as recorded in the
 * central store's {@code job_runs}. Written by the job runner, read by {@code GET /admin/jobs}.
 */
@Entity
@Table(name = "job_runs")
public class JobRun extends PanacheEntityBase {

    @Id
    @SequenceGenerator(name = "job_runs_seq", sequenceName = "job_runs_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "job_runs_seq")
    public Long id;

    public String job;

    /** A region name, or {@code central}. */
    public String target;

    /** The host name of the gateway replica that ran it. */
    public String replica;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    @Column(name = "duration_ms")
    public long durationMs;

    /** {@code ok}, {@code skipped} (lock held elsewhere, store unavailable, backoff) or {@code failed}. */
    public String outcome;

    @Column(name = "rows_moved")
    public long rowsMoved;

    @Column(name = "partitions_created")
    public int partitionsCreated;

    @Column(name = "partitions_dropped")
    public int partitionsDropped;

    @Column(name = "lag_seconds")
    public Double lagSeconds;

    public String detail;
}
