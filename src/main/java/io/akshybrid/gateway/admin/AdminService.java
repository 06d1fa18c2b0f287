package io.akshybrid.gateway.admin;

import io.akshybrid.gateway.audit.AuditReport;
import io.akshybrid.gateway.audit.Auditor;
import io.akshybrid.gateway.central.CentralStore;
import io.akshybrid.gateway.central.JobRun;
import io.akshybrid.gateway.config.GatewayConfig;
import io.akshybrid.gateway.failure.Failure;
import io.akshybrid.gateway.jobs.JobName;
import io.akshybrid.gateway.jobs.JobRunner;
import io.akshybrid.gateway.jobs.JobSummary;
import io.akshybrid.gateway.regions.Region;
import io.akshybrid.gateway.regions.RegionMap;
import io.akshybrid.gateway.regions.RegionMapHolder;
import io.akshybrid.gateway.regions.ShardLocation;
import io.akshybrid.gateway.shards.Shard;
import io.akshybrid.gateway.shards.ShardInitializer;
import io.akshybrid.gateway.shards.ShardRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Period;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What the operators' API does: the region map in force and each shard's state, run a job now, list
 * recent job runs, audit the stores (a cluster's data is {@link io.akshybrid.gateway.clusterdata.ClusterData}). {@link AdminRoutes} serves it on the management port. Every method reports a
 * refusal as a failed {@link Uni}; reactive, never blocks.
 */
@ApplicationScoped
public class AdminService {

    private final JobRunner jobs;
    private final CentralStore central;
    private final RegionMapHolder regionMap;
    private final ShardRegistry shards;
    private final ShardInitializer locations;
    private final Duration retryAfter;
    private final Period retention;
    private final int minClusters;

    public AdminService(
            JobRunner jobs,
            CentralStore central,
            RegionMapHolder regionMap,
            ShardRegistry shards,
            ShardInitializer locations,
            GatewayConfig config) {
        this.jobs = jobs;
        this.central = central;
        this.regionMap = regionMap;
        this.shards = shards;
        this.locations = locations;
        this.retryAfter = config.retryAfter();
        this.retention = config.retention().period();
        this.minClusters = config.aggregates().minClusters();
    }

    /**
     * {@code GET /admin/audit}: every region of the map and the central store, checked from their data.
     * The audit is JDBC (the {@code audit} command shares it), so it runs on a worker thread.
     */
    public Uni<AuditReport> audit() {
        return Uni.createFrom()
                .item(() -> {
                    RegionMap map = regionMap.current();
                    if (map == null) {
                        throw Failure.SHARD_UNAVAILABLE.retryAfter(
                                retryAfter.toSeconds(), "no valid region map is loaded yet");
                    }
                    Map<String, Auditor.Store> stores = new TreeMap<>();
                    for (Region r : map.regions().values()) {
                        stores.put(r.name(), store(r.name(), () -> locations.resolve(r.shard())));
                    }
                    return new Auditor(map, retention, minClusters, Clock.systemUTC())
                            .run(stores, store("central", central::location));
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static Auditor.Store store(String name, Supplier<ShardLocation.Remote> location) {
        try {
            return Auditor.Store.at(name, location.get());
        } catch (RuntimeException e) {
            return Auditor.Store.unreachable(name, "its address cannot be resolved: " + e.getMessage());
        }
    }

    /** {@code GET /admin/regions}. */
    public RegionsView regions() {
        RegionMap map = regionMap.current();
        Map<String, Shard> pending = shards.pending();
        List<RegionsView.ShardView> views = shards.all().stream()
                .sorted(Comparator.comparing(Shard::region))
                .map(s -> view(s, pending.get(s.region())))
                .toList();
        RegionMapHolder.Refusal refusal = regionMap.lastRefusal();
        return new RegionsView(
                map == null ? null : map.contentSha256(),
                regionMap.appliedAt(),
                map == null ? 0 : map.clusters().size(),
                views,
                refusal == null
                        ? null
                        : new RegionsView.RefusedEdit(refusal.contentSha256(), refusal.at(), refusal.message()),
                central.ready() ? "READY" : "FAILED: " + central.lastError());
    }

    private static RegionsView.ShardView view(Shard s, Shard next) {
        return new RegionsView.ShardView(
                s.region(),
                s.location().describe(),
                s.state().name(),
                s.lastError(),
                s.inFlight(),
                next == null ? null : view(next, null));
    }

    /** {@code POST /admin/jobs/{job}/run}. */
    public Uni<JobSummary> run(String job) {
        return Uni.createFrom()
                .item(() -> JobName.of(job)
                        .orElseThrow(() -> Failure.NOT_FOUND.because(
                                "no job '" + job + "'; the jobs are partitions, forwarding and retention")))
                .flatMap(name -> jobs.run(name, false));
    }

    /** {@code GET /admin/jobs?limit=}: recent job runs, newest first. */
    public Uni<List<JobRun>> recent(String limitParameter) {
        return Uni.createFrom()
                .item(() -> {
                    int limit;
                    try {
                        limit = limitParameter == null ? 50 : Integer.parseInt(limitParameter.trim());
                    } catch (NumberFormatException e) {
                        limit = -1;
                    }
                    if (limit < 1 || limit > 1000) {
                        throw Failure.BAD_PARAMETER.because("limit must be between 1 and 1000");
                    }
                    if (!central.ready()) {
                        throw Failure.CENTRAL_STORE_UNAVAILABLE.retryAfter(
                                retryAfter.toSeconds(), "the central store is unavailable: " + central.lastError());
                    }
                    return limit;
                })
                .flatMap(n -> Panache.withSession(() -> JobRun.<JobRun>findAll(Sort.descending("startedAt", "id"))
                        .page(0, n)
                        .list()));
    }
}
