package io.akshybrid.gateway.jobs;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * When the jobs run. Every replica schedules them; the advisory lock per database makes each run
 * happen once at a time. Each schedule can be turned off with the value {@code off}. Scheduled
 * methods that return {@link Uni} run on a Vert.x context and must not block.
 */
@ApplicationScoped
public class JobSchedule {

    private final JobRunner runner;

    public JobSchedule(JobRunner runner) {
        this.runner = runner;
    }

    @Scheduled(
            identity = "forwarding",
            every = "{gateway.forwarding.every}",
            delayed = "PT5S",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> forwarding() {
        return runner.run(JobName.FORWARDING, true).replaceWithVoid();
    }

    @Scheduled(
            identity = "partitions",
            every = "{gateway.partitions.every}",
            delayed = "PT1M",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> partitions() {
        return runner.run(JobName.PARTITIONS, true).replaceWithVoid();
    }

    @Scheduled(
            identity = "retention",
            cron = "{gateway.retention.cron}",
            timeZone = "UTC",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> retention() {
        return runner.run(JobName.RETENTION, true).replaceWithVoid();
    }
}
