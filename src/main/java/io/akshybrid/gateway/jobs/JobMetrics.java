package io.akshybrid.gateway.jobs;

import io.akshybrid.gateway.metrics.GatewayMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The jobs' series: {@code gateway_job_duration_seconds{job,target,outcome}} and
 * {@code gateway_forwarding_lag_seconds{region}}, {@code gateway_forwarding_yield_seconds{region}},
 * {@code gateway_job_last_success_timestamp_seconds{job,target}}.
 * Thread-safe; never blocks.
 */
@ApplicationScoped
public class JobMetrics {

    private final GatewayMetrics metrics;

    public JobMetrics(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    void run(JobName job, String target, JobOutcome outcome, Duration duration) {
        metrics.time("gateway.job.duration", duration, "job", job.label, "target", target, "outcome", outcome.label);
    }

    /** {@code gateway_job_last_success_timestamp_seconds{job,target}}: an alert fires when it grows old. */
    void lastSuccess(JobName job, String target, Instant at) {
        metrics.gauge(
                "gateway.job.last.success.timestamp.seconds",
                "When the job last succeeded on the target (Unix time)",
                Map.of("job", job.label, "target", target),
                at.toEpochMilli() / 1000.0);
    }

    /** {@code gateway_forwarding_yield_seconds{region}}: the pauses forwarding made for a busy ingest. */
    void forwardingYield(String region, Duration pause) {
        metrics.time("gateway.forwarding.yield", pause, "region", region);
    }

    void forwardingLag(String region, double seconds) {
        metrics.gauge(
                "gateway.forwarding.lag.seconds",
                "Age of the oldest telemetry row not yet forwarded to the central store",
                Map.of("region", region),
                seconds);
    }
}
