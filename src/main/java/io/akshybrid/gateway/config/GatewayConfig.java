package io.akshybrid.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's own settings ({@code gateway.*}). Every key is documented here once; docs/configuration.md
 * lists each with its default, and ConfigurationDocTest fails the build when the two disagree.
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /**
     * Path of regions.yaml, the cluster-to-region map that operators edit; or of a directory whose
     * {@code *.yaml} and {@code *.yml} files (not those whose names begin with a dot) together make the map.
     */
    @WithDefault("regions.yaml")
    String regionsFile();

    /** The size limit of one file of the region map; a larger file is refused with a message that says so. */
    @WithDefault("8M")
    MemorySize regionsMaxFileSize();

    /** How often regions.yaml is read again and compared by content hash (a duration). */
    @WithDefault("PT2S")
    Duration regionsReloadInterval();

    /** {@code Retry-After} on every 503: a shard or the central store unavailable, the region map not loaded. */
    @WithDefault("PT5S")
    Duration retryAfter();

    Retention retention();

    Aggregates aggregates();

    Forwarding forwarding();

    Admin admin();

    Partitions partitions();

    Mtls mtls();

    interface Mtls {
        /**
         * Identify clusters by their TLS client certificate (subject CN or a DNS/URI SAN equal to the
         * cluster id). Needs HTTPS with a client CA ({@code quarkus.tls.trust-store.*}) and
         * {@code quarkus.http.ssl.client-auth=request} (or {@code required}).
         */
        @WithDefault("false")
        boolean enabled();
    }

    interface Partitions {
        /** How often the partition job runs (it also runs when a shard starts); {@code off} disables it. */
        @WithDefault("PT1H")
        @WithConverter(Schedule.Reader.class)
        Schedule every();
    }

    Limits limits();

    Privacy privacy();

    Shards shards();

    Embedded embedded();

    interface Retention {
        /** How long raw events live; older events are refused at ingest with reason {@code too-old}. */
        @WithDefault("P28D")
        Period period();

        /** When the retention job runs (Quartz-style cron, UTC); {@code off} disables it. */
        @WithDefault("0 30 3 * * ?")
        String cron();

        /** How far an event's time may lie in the future before it is refused ({@code too-far-in-future}). */
        @WithDefault("PT1H")
        Duration futureTolerance();

        /**
         * The longest a partition drop waits for its lock ({@code lock_timeout}). Inserts queue behind
         * a drop that waits, so this bounds what a long reader (a backup, an export, an analyst's
         * query) can add to ingest latency while retention runs.
         */
        @WithDefault("PT0.2S")
        Duration lockTimeout();

        /** Attempts per day's drop in one run before it is left for the next run (reported as failed). */
        @WithDefault("5")
        int dropAttempts();

        /** The pause between two attempts of a drop. */
        @WithDefault("PT2S")
        Duration dropRetryDelay();
    }

    interface Aggregates {
        /** How long de-identified daily aggregates are kept. */
        @WithDefault("P730D")
        Period retention();

        /** A cell built from fewer distinct clusters than this is not stored (k-anonymity). */
        @WithDefault("5")
        int minClusters();
    }

    interface Forwarding {
        /** How often telemetry is forwarded to the central store (a duration); {@code off} disables it. */
        @WithDefault("PT5S")
        @WithConverter(Schedule.Reader.class)
        Schedule every();

        /** Rows read from a shard and written to the central store per page. */
        @WithDefault("5000")
        int pageSize();

        /**
         * Pages per region per run, so that one run stays bounded and the next picks up the rest
         * (100 pages of 5,000 rows took about 11 s on a 2-core machine: about 45k rows/s).
         */
        @WithDefault("100")
        int maxPagesPerRun();

        /**
         * Share of the time forwarding may take while a region's ingest keeps all its writers busy
         * (above 0, at most 1; 1 never yields): after each page it pauses for the page's time times
         * (1 - share) / share, up to 2 s. At 0.5, on the 2-core benchmark machine, ingest kept 0.90 to
         * 0.98 of its rate while forwarding ran back to back, against 0.66 to 0.81 with no pauses
         * (docs/performance.md, Forwarding).
         */
        @WithDefault("0.5")
        double busyShare();

        /** Longest wait before a region whose shard failed is tried again (backoff doubles up to this). */
        @WithDefault("PT5M")
        Duration maxBackoff();
    }

    interface Admin {
        /** Hex SHA-256 of the operators' bearer token for /admin. Unset: the admin API refuses every request. */
        Optional<String> tokenSha256();
    }

    interface Limits {
        /** Compressed (on the wire) body limit in bytes. */
        @WithDefault("1048576")
        int maxBodyBytes();

        /** Body limit in bytes after gzip decompression. */
        @WithDefault("8388608")
        int maxDecompressedBytes();

        /**
         * How long the body of an authenticated {@code POST /v1/events} may take to arrive; a slower
         * one gets 408 and its connection is closed (1 MiB at 100 KiB/s takes 10 s).
         */
        @WithDefault("PT10S")
        Duration bodyTimeout();

        /** Events per request (log records on {@code /v1/logs}), counted while the body is parsed. */
        @WithDefault("1000")
        int maxEventsPerRequest();

        /**
         * Values (scalars, objects and arrays) one event may hold, counted while the body is parsed. The
         * largest valid event holds under 100 (a map has at most 64 entries).
         */
        @WithDefault("512")
        int maxValuesPerEvent();

        /**
         * Values one request's body may hold, counted while it is parsed: what bounds the objects a
         * small body that inflates can make the gateway build. 1,000 events with a full 64-entry map
         * each hold about 75,000.
         */
        @WithDefault("100000")
        int maxValuesPerRequest();

        /**
         * A body that is at most this size, inflated, is parsed and checked on the event loop that
         * received it (a few milliseconds at worst, for text dense with personal data to scan); a
         * larger one on the parse workers. A gzip body this small on the wire is tried inline, and
         * moves to the workers as soon as it inflates past this size.
         */
        @WithDefault("16384")
        int inlineParseBytes();

        /** Worker threads that parse and check large or compressed bodies, so event loops stay free. */
        @WithDefault("2")
        int parseThreads();

        /** Large bodies that may wait for a parse worker; past it a request gets 503 with Retry-After. */
        @WithDefault("64")
        int parseQueue();

        /** How long a large body may wait for a parse worker before it is answered 503 with Retry-After. */
        @WithDefault("PT2S")
        Duration parseQueueTimeout();

        /** Sustained events per second per cluster (token bucket refill rate), per replica. */
        @WithDefault("5000")
        double eventsPerSecond();

        /** Token bucket size per cluster: the largest burst of events a cluster may send at once. */
        @WithDefault("20000")
        double burstEvents();
    }

    interface Privacy {
        /** Namespaces from which mariner-vm {@code auth} and {@code app-error} events are accepted. */
        @WithDefault(
                "kube-system,kube-public,kube-node-lease,azure-arc,calico-system,tigera-operator,gatekeeper-system")
        List<String> systemNamespaces();
    }

    interface Shards {
        /** Maximum connections per regional shard pool. */
        @WithDefault("8")
        int poolSize();

        /** TCP connect timeout to a shard; bounds how long a request waits on an unreachable shard. */
        @WithDefault("PT2S")
        Duration connectTimeout();

        /** How long a request may wait for a free pooled connection before it is answered 503. */
        @WithDefault("PT3S")
        Duration acquireTimeout();

        /** How long startup waits for shards to become ready before serving anyway (unready shards answer 503). */
        @WithDefault("PT60S")
        Duration startupWait();

        /** How often shards that failed to initialise are tried again. */
        @WithDefault("PT10S")
        Duration retryInterval();

        /**
         * Transactions that write one region's events at the same time. Requests that arrive while
         * they are busy wait and are written together, in one transaction (group commit).
         */
        @WithDefault("2")
        int writers();

        /** Rows at most in one group transaction. */
        @WithDefault("5000")
        int maxBatchRows();

        /** Requests at most waiting for a region's writers; more are answered 503 at once. */
        @WithDefault("1000")
        int queueMaxRequests();

        /** Rows at most waiting for a region's writers; more are answered 503 at once. */
        @WithDefault("20000")
        int queueMaxRows();

        /** How long a request may wait for a writer before it is answered 503. */
        @WithDefault("PT2S")
        Duration queueTimeout();

        /**
         * Requests in a row whose write timed out before the region's pool is replaced: a pool whose
         * connections stopped coming back is rebuilt instead of answering 503 until a restart.
         */
        @WithDefault("3")
        int recycleAfterTimeouts();

        /** Days of partitions kept ready ahead of today. */
        @WithDefault("7")
        int partitionDaysAhead();
    }

    interface Embedded {
        /**
         * Data directory of the embedded PostgreSQL server. Unset: a fresh temporary directory, deleted
         * when the process exits.
         */
        Optional<String> dataDirectory();

        /**
         * fsync and synchronous_commit on, so that an acknowledged event survives a crash of the
         * embedded server. Tests turn it off: their data is thrown away.
         */
        @WithDefault("true")
        boolean durable();
    }
}
