package io.akshybrid.gateway.admin;

import io.akshybrid.gateway.auth.OperatorAuthenticator;
import io.akshybrid.gateway.central.CentralStore;
import io.akshybrid.gateway.central.JobRun;
import io.akshybrid.gateway.config.GatewayConfig;
import io.akshybrid.gateway.failure.Failure;
import io.akshybrid.gateway.jobs.JobName;
import io.akshybrid.gateway.jobs.JobRunner;
import io.akshybrid.gateway.jobs.JobSummary;
import io.akshybrid.gateway.regions.RegionMap;
import io.akshybrid.gateway.regions.RegionMapHolder;
import io.akshybrid.gateway.shards.Shard;
import io.akshybrid.gateway.shards.ShardRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The operators' API under {@code /admin}: the region map in force and each shard's state, run a job
 * now, list recent job runs. Every call needs the
 * operators' bearer token. Thin: jobs live in {@link JobRunner}. Runs on the event loop.
 */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "operatorToken")
@Tag(name = "admin", description = "Operators: region map, jobs")
public class AdminResource {

    private final OperatorAuthenticator operators;
    private final JobRunner jobs;
    private final CentralStore central;
    private final RegionMapHolder regionMap;
    private final ShardRegistry shards;
    private final Duration retryAfter;

    public AdminResource(
            OperatorAuthenticator operators,
            JobRunner jobs,
            CentralStore central,
            RegionMapHolder regionMap,
            ShardRegistry shards,
            GatewayConfig config) {
        this.retryAfter = config.retryAfter();
        this.operators = operators;
        this.jobs = jobs;
        this.central = central;
        this.regionMap = regionMap;
        this.shards = shards;
    }

    @GET
    @Path("/regions")
    @Operation(summary = "The region map in force, each shard's state, the last refused edit")
    public RegionsView regions(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        operators.check(authorization);
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

    @POST
    @Path("/jobs/{job}/run")
    @Operation(summary = "Run a job now (partitions, forwarding or retention) and return its summary")
    public Uni<JobSummary> run(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("job") String job) {
        return Uni.createFrom()
                .item(() -> {
                    operators.check(authorization);
                    return JobName.of(job)
                            .orElseThrow(() -> Failure.NOT_FOUND.because(
                                    "no job '" + job + "'; the jobs are partitions, forwarding and retention"));
                })
                .flatMap(name -> jobs.run(name, false));
    }

    @GET
    @Path("/jobs")
    @Operation(summary = "Recent job runs, newest first, from job_runs")
    public Uni<List<JobRun>> recent(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        return Uni.createFrom()
                .item(() -> {
                    operators.check(authorization);
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
