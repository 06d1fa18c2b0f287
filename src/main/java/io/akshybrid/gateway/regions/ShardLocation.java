package io.akshybrid.gateway.regions;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Where a region's shard lives: the process's embedded PostgreSQL, or a PostgreSQL server named by a
 * {@code postgresql://} URL. Credentials never appear in {@link #describe()} or {@link #toString()}.
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

    /** One host of a (possibly multi-host) URL. */
    record HostPort(String host, int port) {
        public HostPort {
            Objects.requireNonNull(host);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * A PostgreSQL server, or several of which one is the writable primary (a multi-host URL, tried
     * in order as libpq does). {@code user} and {@code password} may be null: the server may trust
     * the client, or know it by its certificate. {@code params} holds the supported URL query
     * parameters (see {@link PostgresUrl}).
     */
    record Remote(List<HostPort> hosts, String database, String user, String password, Map<String, String> params)
            implements ShardLocation {
        public Remote {
            hosts = List.copyOf(hosts);
            if (hosts.isEmpty()) {
                throw new IllegalArgumentException("host is missing");
            }
            Objects.requireNonNull(database);
            params = Map.copyOf(params);
        }

        /** One host. */
        public Remote(
                String host, int port, String database, String user, String password, Map<String, String> params) {
            this(List.of(new HostPort(host, port)), database, user, password, params);
        }

        /** The user to log in as: the URL's, else the operating system's (as libpq and pgjdbc do). */
        public String loginUser() {
            return user != null ? user : System.getProperty("user.name");
        }

        /** The first host. */
        public String host() {
            return hosts.get(0).host();
        }

        /** The first host's port. */
        public int port() {
            return hosts.get(0).port();
        }

        @Override
        public String describe() {
            // Only the settings whose values come from a fixed list: paths and names stay out of logs.
            String query = params.entrySet().stream()
                    .filter(e -> PostgresUrl.SHOWN_PARAMS.contains(e.getKey()))
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("&"));
            return "postgresql://" + (user == null ? "" : user + "@")
                    + hosts.stream().map(HostPort::toString).collect(Collectors.joining(","))
                    + "/" + database + (query.isEmpty() ? "" : "?" + query);
        }

        /**
         * {@code text} (an error a driver raised, a message built from this location) with the
         * password masked wherever it appears, as given or percent-encoded: the last defence, should
         * some library quote what it was given.
         */
        public String redact(String text) {
            return PostgresUrl.redact(text, password);
        }

        @Override
        public String toString() {
            return describe();
        }
    }
}
