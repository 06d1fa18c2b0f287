package io.akshybrid.gateway.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: the process is running and serving. It never touches a database, so that a slow or
 * absent shard can never make Kubernetes restart healthy pods.
 */
@Liveness
public class LivenessCheck implements HealthCheck {
    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.up("gateway");
    }
}
