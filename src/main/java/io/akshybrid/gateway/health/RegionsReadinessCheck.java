package io.akshybrid.gateway.health;

import io.akshybrid.gateway.regions.RegionMap;
import io.akshybrid.gateway.regions.RegionMapHolder;
import io.akshybrid.gateway.shards.Shard;
import io.akshybrid.gateway.shards.ShardRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: UP once a valid region map is loaded. Each shard's state (and last error) is listed in
 * the check's data, but one region's shard being down does not make the pod unready: that would take
 * every region's traffic away with it. Reads in-memory state only, so it is cheap and never hangs.
 */
@Readiness
@ApplicationScoped
public class RegionsReadinessCheck implements HealthCheck {

    private final RegionMapHolder regionMap;
    private final ShardRegistry shards;

    public RegionsReadinessCheck(RegionMapHolder regionMap, ShardRegistry shards) {
        this.regionMap = regionMap;
        this.shards = shards;
    }

    @Override
    public HealthCheckResponse call() {
        RegionMap map = regionMap.current();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("regions").status(map != null);
        if (map != null) {
            b.withData("revision", map.contentSha256().substring(0, 12));
        }
        for (Shard s : shards.all()) {
            String state = s.state().name();
            b.withData("shard." + s.region(), s.lastError() == null ? state : state + ": " + s.lastError());
        }
        return b.build();
    }
}
