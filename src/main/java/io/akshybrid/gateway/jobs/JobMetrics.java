package io.akshybrid.gateway.jobs;

import io.akshybrid.gateway.metrics.GatewayMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The jobs' series: {@code gateway_job_duration_seconds{job,target,outcome}} and
 * {@code gateway_forwarding_lag_seconds{region}}. Thread-safe; never blocks.
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

    void forwardingLag(String region, double seconds) {
        metrics.gauge(
                "gateway.forwarding.lag.seconds",
                "Age of the oldest telemetry row not yet forwarded to the central store",
                "region",
                region,
                seconds);
    }
}
