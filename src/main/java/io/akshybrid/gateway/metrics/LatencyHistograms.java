package io.akshybrid.gateway.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;

/**
 * Histogram buckets for request latency, so that a p99 can be computed across pods
 * ({@code histogram_quantile} over the summed {@code http_server_requests_seconds_bucket}); a
 * client-side percentile could not be added up. Fixed boundaries from 5 ms to 10 s (11 buckets and
 * {@code +Inf} per series) rather than Micrometer's percentile histogram, whose 60-odd buckets per
 * URI, method and status would multiply the series count for no alert that needs them. Quarkus
 * applies every {@link MeterFilter} bean to its registries before the first meter is made.
 */
@Singleton
public class LatencyHistograms {

    /** The boundaries; the alert on p99 latency (k8s/components/prometheus-operator) uses 1 s of them. */
    public static final List<Duration> BUCKETS = List.of(
            Duration.ofMillis(5),
            Duration.ofMillis(10),
            Duration.ofMillis(25),
            Duration.ofMillis(50),
            Duration.ofMillis(100),
            Duration.ofMillis(250),
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofMillis(2500),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10));

    static final String HTTP_SERVER_REQUESTS = "http.server.requests";

    @Produces
    @Singleton
    MeterFilter requestLatencyBuckets() {
        double[] nanos = BUCKETS.stream().mapToDouble(d -> (double) d.toNanos()).toArray();
        DistributionStatisticConfig buckets = DistributionStatisticConfig.builder()
                .serviceLevelObjectives(nanos)
                .build();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() == Meter.Type.TIMER && id.getName().equals(HTTP_SERVER_REQUESTS)) {
                    return buckets.merge(config);
                }
                return config;
            }
        };
    }
}
