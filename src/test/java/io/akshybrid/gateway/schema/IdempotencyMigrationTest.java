package io.akshybrid.gateway.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.akshybrid.gateway.embedded.EmbeddedPostgresServer;
import io.akshybrid.gateway.regions.ShardLocation;
import io.akshybrid.gateway.support.ShardDatabases;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A shard created before idempotency became per cluster (schema version 2) is moved to the key
 * (cluster_id, event_id, event_time) by the next start's migration, without losing a row.
 */
class IdempotencyMigrationTest {

    static final String DB = "shard_migration";

    @Test
    void givenAShardAtVersion2WithRows_whenMigrated_thenEveryRowIsKeptAndTheKeyIsPerCluster() throws Exception {
        int port = EmbeddedPostgresServer.database(DB, Optional.empty(), false);
        ShardLocation.Remote db = new ShardLocation.Remote(
                "localhost", port, DB, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD, Map.of());
        Flyway.configure(getClass().getClassLoader())
                .dataSource(Migrations.jdbcUrl(db), db.user(), db.password())
                .locations(Migrations.SHARD, "classpath:db/common")
                .target("2")
                .load()
                .migrate();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Migrations.ensurePartitions(db, new String[] {"telemetry_events", "billing_events"}, today, today);
        String time = today + "T01:00:00Z";
        ShardDatabases.update(
                DB,
                "INSERT INTO telemetry_events (event_id, cluster_id, subscription_id, type, source, "
                        + "event_time, payload) VALUES ('11111111-1111-4111-8111-111111111111', 'a', 's', 'host-os', 'UTC', '"
                        + time + "', '{}'), ('22222222-2222-4222-8222-222222222222', 'a', 's', 'host-os', 'UTC', '"
                        + time
                        + "', '{}')");
        ShardDatabases.update(
                DB,
                "INSERT INTO billing_events (event_id, cluster_id, subscription_id, source, "
                        + "event_time, cores) VALUES ('11111111-1111-4111-8111-111111111111', 'a', 's', 'UTC', '" + time
                        + "', 2)");

        Migrations.migrate(db, Migrations.SHARD);

        assertEquals(2, ShardDatabases.count(DB, "SELECT count(*) FROM telemetry_events"));
        assertEquals(1, ShardDatabases.count(DB, "SELECT count(*) FROM billing_events"));
        for (String table : new String[] {"telemetry_events", "billing_events"}) {
            assertEquals(
                    "cluster_id,event_id,event_time",
                    ShardDatabases.query(
                                    DB,
                                    "SELECT string_agg(a.attname, ',' ORDER BY k.ord) AS cols FROM pg_constraint c "
                                            + "CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord) "
                                            + "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum "
                                            + "WHERE c.conrelid = '" + table + "'::regclass AND c.contype = 'p'")
                            .get(0)
                            .get("cols"),
                    table);
        }
        // Another cluster's event with the same id and time is a row of its own now.
        ShardDatabases.update(
                DB,
                "INSERT INTO telemetry_events (event_id, cluster_id, subscription_id, type, source, "
                        + "event_time, payload) VALUES ('11111111-1111-4111-8111-111111111111', 'b', 's', 'host-os', 'UTC', '"
                        + time + "', '{}')");
        assertEquals(3, ShardDatabases.count(DB, "SELECT count(*) FROM telemetry_events"));
    }
}
