package io.akshybrid.gateway.jobs;

import io.akshybrid.gateway.central.CentralStore;
import io.akshybrid.gateway.jobs.JobSummary.Counts;
import io.akshybrid.gateway.retention.RetentionWindow;
import io.akshybrid.gateway.schema.Migrations;
import io.akshybrid.gateway.shards.ShardInitializer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;

/**
 * Keeps the day partitions from the oldest kept day to {@code partition-days-ahead} days ahead in
 * place, so that ingest and forwarding never meet a missing partition. Reactive; the partition
 * function itself is idempotent and serialised in the database.
 */
@ApplicationScoped
public class PartitionJob {

    private final RetentionWindow window;

    public PartitionJob(RetentionWindow window) {
        this.window = window;
    }

    Uni<Counts> onShard(SqlConnection conn) {
        return ensure(conn, ShardInitializer.PARTITIONED_TABLES);
    }

    Uni<Counts> onCentral(SqlConnection conn) {
        return ensure(conn, CentralStore.PARTITIONED_TABLES);
    }

    private Uni<Counts> ensure(SqlConnection conn, String[] tables) {
        LocalDate today = window.today();
        LocalDate from = window.oldestRawDay(today);
        LocalDate to = window.newestPartitionDay(today);
        return conn.preparedQuery(Migrations.ENSURE_PARTITIONS_SQL)
                .execute(Tuple.of(tables, from, to))
                .map(rows ->
                        new Counts(0, rows.iterator().next().getInteger(0), 0, null, "days " + from + " to " + to));
    }
}
