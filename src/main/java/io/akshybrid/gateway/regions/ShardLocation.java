package io.akshybrid.gateway.regions;

import java.util.Map;
import java.util.Objects;

/**
 * Where a region's shard lives: the process's embedded PostgreSQL, or a PostgreSQL server named by a
 * {@code postgresql://} URL. Credentials never appear in {@link #toString()}.
 */
public sealed interface ShardLocation {

    /** A description safe for logs, health output and admin answers (no password). */
    String describe();

    /** The region's own database in the embedded server. */
    record Embedded(String database) implements ShardLocation {
        public Embedded {
            Objects.requireNonNull(database);
        }

        @Override
        public String describe() {
            return "embedded:" + database;
        }
    }

    /** A PostgreSQL server; {@code params} holds the supported URL query parameters (sslmode, application_name). */
    record Remote(String host, int port, String database, String user, String password, Map<String, String> params)
            implements ShardLocation {
        public Remote {
            Objects.requireNonNull(host);
            Objects.requireNonNull(database);
            params = Map.copyOf(params);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        @Override
        public String describe() {
            return "postgresql://" + (user == null ? "" : user + "@") + host + ":" + port + "/" + database;
        }

        @Override
        public String toString() {
            return describe();
        }
    }
}
