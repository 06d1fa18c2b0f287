package io.akshybrid.gateway.jobs;

import io.akshybrid.gateway.central.CentralStore;
import io.akshybrid.gateway.central.JobRun;
import io.akshybrid.gateway.central.ReplicaName;
import io.akshybrid.gateway.config.GatewayConfig;
import io.akshybrid.gateway.jobs.JobSummary.Counts;
import io.akshybrid.gateway.jobs.JobSummary.TargetResult;
import io.akshybrid.gateway.shards.Shard;
import io.akshybrid.gateway.shards.ShardFailures;
import io.akshybrid.gateway.shards.ShardRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Runs a job on every database it concerns (each region's shard, and the central store for partitions
 * and retention), each under that database's advisory lock, the regions concurrently so that a slow or
 * down shard holds up no other. Every run is logged (one line per job per database; at DEBUG when it
 * changed nothing, see {@link #routine}) and recorded in {@code job_runs}. A region whose shard failed is left alone by scheduled runs for a backoff that
 * doubles up to {@code gateway.forwarding.max-backoff}; a run asked for by an operator ignores it.
 *
 * <p>Reactive: call it from a Vert.x context (the scheduler and the admin endpoint do), never block.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    public static final String CENTRAL = "central";
    private static final String ANOTHER_REPLICA = "another replica is running it";
    private static final String BACKING_OFF = "backing off until ";

    private final ShardRegistry shards;
    private final CentralStore central;
    private final PartitionJob partitions;
    private final ForwardingJob forwarding;
    private final RetentionJob retention;
    private final Duration maxBackoff;
    private final JobMetrics metrics;
    private final String replica;
    private final Map<String, Backoff> backoffs = new ConcurrentHashMap<>();

    public JobRunner(
            ShardRegistry shards,
            CentralStore central,
            PartitionJob partitions,
            ForwardingJob forwarding,
            RetentionJob retention,
            GatewayConfig config,
            JobMetrics metrics) {
        this.metrics = metrics;
        this.shards = shards;
        this.central = central;
        this.partitions = partitions;
        this.forwarding = forwarding;
        this.retention = retention;
        this.maxBackoff = config.forwarding().maxBackoff();
        this.replica = ReplicaName.NAME;
    }

    private record Backoff(Instant until, Duration delay) {}

    /**
     * One database a job touches, and what the job does there: a region's shard or the central store.
     * {@code unavailable} says why the job cannot run there now; null when it can.
     */
    private sealed interface Target {
        String name();

        String unavailable();

        /** Takes the job's advisory lock on the database and runs the work; empty when another holds it. */
        Uni<Optional<Counts>> lockAndRun(String key);
    }

    /** A region's shard, held as in use while the job runs, so that a reload's switch waits for it. */
    private record ShardTarget(Shard shard, String unavailable, Function<SqlConnection, Uni<Counts>> work)
            implements Target {
        @Override
        public String name() {
            return shard.region();
        }

        @Override
        public Uni<Optional<Counts>> lockAndRun(String key) {
            return shard.use(p -> AdvisoryLock.tryWith(p, key, work));
        }
    }

    private record CentralTarget(Pool pool, String unavailable, Function<SqlConnection, Uni<Counts>> work)
            implements Target {
        @Override
        public String name() {
            return CENTRAL;
        }

        @Override
        public Uni<Optional<Counts>> lockAndRun(String key) {
            return AdvisoryLock.tryWith(pool, key, work);
        }
    }

    /**
     * @param scheduled true when the scheduler asks (backoff applies), false when an operator does
     */
    public Uni<JobSummary> run(JobName job, boolean scheduled) {
        OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC);
        long t0 = System.nanoTime();
        List<Uni<TargetResult>> runs = new ArrayList<>();
        for (Target t : targets(job)) {
            runs.add(runOne(job, t, scheduled));
        }
        if (runs.isEmpty()) {
            return Uni.createFrom().item(new JobSummary(job.label, started, 0, List.of()));
        }
        return Uni.join()
                .all(runs)
                .andFailFast()
                .flatMap(results ->
                        store(job, results).replaceWith(new JobSummary(job.label, started, millisSince(t0), results)));
    }

    private List<Target> targets(JobName job) {
        List<Target> out = new ArrayList<>();
        for (Shard s : shards.all()) {
            String unavailable = s.state() == Shard.State.READY
                    ? null
                    : "shard " + s.state().name().toLowerCase();
            if (job == JobName.FORWARDING && unavailable == null && !central.ready()) {
                unavailable = "central store unavailable";
            }
            String region = s.region();
            Function<SqlConnection, Uni<Counts>> work = switch (job) {
                case PARTITIONS -> partitions::onShard;
                case FORWARDING -> conn -> forwarding.forward(region, conn);
                case RETENTION -> conn -> retention.onShard(region, conn);
            };
            out.add(new ShardTarget(s, unavailable, work));
        }
        out.sort(Comparator.comparing(Target::name));
        if (job != JobName.FORWARDING) {
            out.add(new CentralTarget(
                    central.pool(),
                    central.ready() ? null : "central store unavailable",
                    job == JobName.PARTITIONS ? partitions::onCentral : retention::onCentral));
        }
        return out;
    }

    private Uni<TargetResult> runOne(JobName job, Target target, boolean scheduled) {
        String key = job.label + "/" + target.name();
        Backoff backoff = backoffs.get(key);
        if (target.unavailable() != null) {
            fail(key);
            return withLag(job, target, TargetResult.skipped(target.name(), target.unavailable(), 0))
                    .map(r -> report(job, r));
        }
        if (scheduled && backoff != null && Instant.now().isBefore(backoff.until)) {
            return withLag(job, target, TargetResult.skipped(target.name(), BACKING_OFF + backoff.until, 0))
                    .map(r -> report(job, r));
        }
        long t0 = System.nanoTime();
        return target.lockAndRun(job.lockKey())
                .map(done -> {
                    backoffs.remove(key);
                    return done.map(c -> TargetResult.done(target.name(), c, millisSince(t0)))
                            .orElseGet(() -> TargetResult.skipped(target.name(), ANOTHER_REPLICA, millisSince(t0)));
                })
                .onFailure()
                .recoverWithUni(e -> {
                    fail(key);
                    long rows = e instanceof ForwardingJob.PartlyDone partly ? partly.rows : 0;
                    return withLag(
                            job,
                            target,
                            TargetResult.failed(target.name(), ShardFailures.describe(e), rows, millisSince(t0)));
                })
                .map(r -> report(job, r));
    }

    /**
     * A forwarding result that did not measure the lag (skipped, failed) gets it from the shard when
     * the shard answers, so that the lag series keeps showing the age of what waits while the
     * central store is down, instead of its last value.
     */
    private Uni<TargetResult> withLag(JobName job, Target target, TargetResult r) {
        if (job != JobName.FORWARDING
                || r.lagSeconds() != null
                || !(target instanceof ShardTarget st)
                || st.shard().state() != Shard.State.READY) {
            return Uni.createFrom().item(r);
        }
        return st.shard()
                .use(pool -> pool.withConnection(forwarding::lag))
                .map(r::withLag)
                .onFailure()
                .recoverWithItem(r);
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private void fail(String key) {
        backoffs.compute(key, (k, b) -> {
            Duration next = b == null ? Duration.ofSeconds(5) : b.delay.multipliedBy(2);
            if (next.compareTo(maxBackoff) > 0) {
                next = maxBackoff;
            }
            return new Backoff(Instant.now().plus(next), next);
        });
    }

    /** Logs one database's result and counts it in the metrics, as soon as it is known. */
    private TargetResult report(JobName job, TargetResult r) {
        String line = String.format(
                "job=%s target=%s outcome=%s rows=%d partitions_created=%d partitions_dropped=%d%s duration_ms=%d%s",
                job.label,
                r.target(),
                r.outcome().label,
                r.rows(),
                r.partitionsCreated(),
                r.partitionsDropped(),
                r.lagSeconds() == null ? "" : String.format(" lag_s=%.1f", r.lagSeconds()),
                r.durationMs(),
                r.detail() == null ? "" : " detail=\"" + r.detail() + "\"");
        metrics.run(job, r.target(), r.outcome(), Duration.ofMillis(r.durationMs()));
        if (r.outcome() == JobOutcome.OK) {
            metrics.lastSuccess(job, r.target(), Instant.now());
        }
        if (job == JobName.FORWARDING && r.lagSeconds() != null) {
            metrics.forwardingLag(r.target(), r.lagSeconds());
        }
        if (r.outcome() == JobOutcome.FAILED) {
            LOG.warn(line);
        } else if (routine(r)) {
            LOG.debug(line);
        } else {
            LOG.info(line);
        }
        return r;
    }

    /**
     * A run that changed nothing and says nothing new: done with no row moved and no partition
     * created or dropped (forwarding finds nothing every 5 s per region), or skipped because another
     * replica holds the lock or because a failure, already logged at WARN, is being backed off. Logged
     * at DEBUG so that INFO shows what moved; the metrics count every run. A target that is
     * unavailable stays at INFO.
     */
    private static boolean routine(TargetResult r) {
        if (r.outcome() == JobOutcome.OK) {
            return r.rows() == 0 && r.partitionsCreated() == 0 && r.partitionsDropped() == 0;
        }
        return r.outcome() == JobOutcome.SKIPPED
                && r.detail() != null
                && (r.detail().equals(ANOTHER_REPLICA) || r.detail().startsWith(BACKING_OFF));
    }

    /**
     * Stores a run's results in job_runs, in one transaction once every database is done (a Panache
     * session must not be shared by concurrent operations). A central store that is down only costs
     * the record.
     */
    private Uni<Void> store(JobName job, List<TargetResult> results) {
        if (!central.ready()) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<JobRun> runs = results.stream()
                .map(r -> {
                    JobRun run = new JobRun();
                    run.job = job.label;
                    run.target = r.target();
                    run.replica = replica;
                    run.finishedAt = now;
                    run.startedAt = now.minusNanos(r.durationMs() * 1_000_000);
                    run.durationMs = r.durationMs();
                    run.outcome = r.outcome().label;
                    run.rowsMoved = r.rows();
                    run.partitionsCreated = r.partitionsCreated();
                    run.partitionsDropped = r.partitionsDropped();
                    run.lagSeconds = r.lagSeconds();
                    run.detail = r.detail();
                    return run;
                })
                .toList();
        return Panache.withTransaction(() -> JobRun.persist(runs))
                .onFailure()
                .recoverWithItem(e -> {
                    LOG.warnf("Could not record the %s run in job_runs: %s", job.label, e.getMessage());
                    return null;
                })
                .replaceWithVoid();
    }
}
