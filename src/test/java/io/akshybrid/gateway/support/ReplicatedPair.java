package io.akshybrid.gateway.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A primary and a streaming standby built from the embedded PostgreSQL binaries, which have no
 * {@code pg_basebackup}: the primary is stopped cleanly, its data directory copied, and the copy
 * started with {@code standby.signal} and {@code primary_conninfo}. Each server trusts local logins
 * (the binaries' initdb uses trust), so the gateway's URL needs no password. Both run with
 * {@code synchronous_commit=on} (the library's default is off), and {@link #synchronous()} makes
 * the standby synchronous, so that a commit the gateway acknowledged is on the standby too.
 */
public final class ReplicatedPair implements AutoCloseable {

    public static final String DATABASE = "telemetry";
    private static final String STANDBY_NAME = "standby1";

    private final Path root;
    private final int primaryPort;
    private final int standbyPort;
    private EmbeddedPostgres primary;
    private EmbeddedPostgres standby;

    public ReplicatedPair() {
        try {
            root = Files.createTempDirectory("epg-pair");
            primaryPort = freePort();
            standbyPort = freePort();
            Path primaryData = root.resolve("primary");
            primary = server(primaryData, primaryPort).start();
            sql(primaryPort, "postgres", "CREATE DATABASE " + DATABASE);
            primary.close();
            Path standbyData = root.resolve("standby");
            copy(primaryData, standbyData);
            Files.createFile(standbyData.resolve("standby.signal"));
            // In the file: the library passes settings on a command line that splits them at spaces.
            Files.writeString(
                    standbyData.resolve("postgresql.auto.conf"),
                    "primary_conninfo = 'host=127.0.0.1 port=" + primaryPort + " user=postgres application_name="
                            + STANDBY_NAME + "'\n",
                    java.nio.file.StandardOpenOption.APPEND);
            primary = server(primaryData, primaryPort).start();
            standby = server(standbyData, standbyPort).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private EmbeddedPostgres.Builder server(Path data, int port) {
        // The servers' own logs, beside their data, for when a test needs to know why.
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(
                root.resolve(data.getFileName() + ".log").toFile());
        return EmbeddedPostgres.builder()
                .setOutputRedirector(log)
                .setErrorRedirector(log)
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(30))
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("wal_level", "replica")
                .setServerConfig("max_wal_senders", "4")
                .setServerConfig("hot_standby", "on")
                .setLocaleConfig("locale", "C")
                .setLocaleConfig("encoding", "UTF8");
    }

    public int primaryPort() {
        return primaryPort;
    }

    public int standbyPort() {
        return standbyPort;
    }

    /** Makes the standby synchronous, once it streams: from then on a commit waits for it. */
    public void synchronous() throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (count(primaryPort, "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the standby never streamed");
            }
            Thread.sleep(100);
        }
        sql(primaryPort, "postgres", "ALTER SYSTEM SET synchronous_standby_names = '" + STANDBY_NAME + "'");
        sql(primaryPort, "postgres", "SELECT pg_reload_conf()");
    }

    /** The primary stops (fast shutdown: its sessions end with 57P01), as a failover tool fences it. */
    public void stopPrimary() {
        try {
            primary.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The standby becomes the primary. */
    public void promoteStandby() throws SQLException {
        sql(standbyPort, "postgres", "SELECT pg_promote(true, 30)");
    }

    /** Turns a running server read-only for every session, open ones included (or back). */
    public static void readOnly(int port, boolean on) throws SQLException {
        sql(port, "postgres", "ALTER SYSTEM SET default_transaction_read_only = " + (on ? "on" : "off"));
        sql(port, "postgres", "SELECT pg_reload_conf()");
    }

    public static void sql(int port, String database, String statement) throws SQLException {
        PgServer.sql(port, database, statement);
    }

    public static long count(int port, String query) throws SQLException {
        return PgServer.count(port, DATABASE, query);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
                } else if (!f.getFileName().toString().equals("postmaster.pid")) {
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @Override
    public void close() {
        for (EmbeddedPostgres s : new EmbeddedPostgres[] {standby, primary}) {
            try {
                s.close();
            } catch (IOException | RuntimeException ignored) {
                // stopped already
            }
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
