package io.akshybrid.gateway.health;

import io.akshybrid.gateway.central.CentralStore;
import io.akshybrid.gateway.regions.RegionMap;
import io.akshybrid.gateway.regions.RegionMapHolder;
import io.akshybrid.gateway.shards.Shard;
import io.akshybrid.gateway.shards.ShardRegistry;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: UP once a valid region map is loaded. Every shard and the central store are probed
 * ({@code SELECT 1}) concurrently, each within {@link #PROBE_TIMEOUT}, and listed in the check's data
 * with their state and last error; but one region's shard (or the central store) being down does not
 * make the pod unready, since that would take every region's traffic away with it. Reactive: the
 * probes never block an event loop, and the whole check answers within the timeout.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements AsyncHealthCheck {

    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final RegionMapHolder regionMap;
    private final ShardRegistry shards;
    private final CentralStore central;

    public ReadinessCheck(RegionMapHolder regionMap, ShardRegistry shards, CentralStore central) {
        this.regionMap = regionMap;
        this.shards = shards;
        this.central = central;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        RegionMap map = regionMap.current();
        List<Uni<Map.Entry<String, String>>> probes = new ArrayList<>();
        for (Shard s : shards.all()) {
            probes.add(
                    s.state() == Shard.State.READY
                            ? probe(s.pool()).map(r -> Map.entry("shard." + s.region(), r))
                            : Uni.createFrom()
                                    .item(Map.entry(
                                            "shard." + s.region(),
                                            s.state() + (s.lastError() == null ? "" : ": " + s.lastError()))));
        }
        probes.add(
                central.ready()
                        ? probe(central.pool()).map(r -> Map.entry("central", r))
                        : Uni.createFrom().item(Map.entry("central", "FAILED: " + central.lastError())));
        for (Shard s : shards.all()) {
            // A pool whose connections stopped coming back: its writes time out until it is replaced.
            if (s.timeoutsInARow() > 0) {
                probes.add(Uni.createFrom()
                        .item(Map.entry(
                                "shard." + s.region() + ".writes-timed-out-in-a-row", "" + s.timeoutsInARow())));
            }
            if (s.poolRecycles() > 0) {
                probes.add(Uni.createFrom()
                        .item(Map.entry("shard." + s.region() + ".pool-recycles", "" + s.poolRecycles())));
            }
        }
        return Uni.join().all(probes).andFailFast().map(results -> {
            HealthCheckResponseBuilder b = HealthCheckResponse.named("regions").status(map != null);
            if (map != null) {
                b.withData("revision", map.contentSha256().substring(0, 12));
            } else {
                b.withData("reason", "no valid region map loaded");
            }
            results.forEach(e -> b.withData(e.getKey(), e.getValue()));
            return b.build();
        });
    }

    private static Uni<String> probe(Pool pool) {
        return pool.query("SELECT 1")
                .execute()
                .map(rows -> "UP")
                .ifNoItem()
                .after(PROBE_TIMEOUT)
                .failWith(() -> new IllegalStateException("no answer within " + PROBE_TIMEOUT))
                .onFailure()
                .recoverWithItem(e -> "DOWN: " + e.getMessage());
    }
}
