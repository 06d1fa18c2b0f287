package io.akshybrid.gateway.regions;

import io.akshybrid.gateway.config.GatewayConfig;
import io.akshybrid.gateway.metrics.GatewayMetrics;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Holds the region map in force and follows edits of regions.yaml, or of the files of a regions
 * directory, without a restart.
 *
 * <p>The file or directory is polled every {@code gateway.regions-reload-interval} by
 * {@link RegionsSource}, which reads again only files whose stamp changed and parses only files whose
 * content changed; a revision is named by content hash, not by inode or modification time: a
 * Kubernetes ConfigMap volume swaps a {@code ..data} symlink atomically, which an inode watch on the
 * visible file misses. A valid edit replaces the map and is
 * announced as {@link RegionMapChanged}; an invalid one (YAML, unknown region, duplicate token hash,
 * missing variable, bad URL) never does: it is logged with its lines, kept for {@code GET /admin/regions},
 * counted, and the last good map keeps serving. Every revision seen is announced as
 * {@link RegionMapRevisionSeen}.
 *
 * <p>Readers on the request path call {@link #current()}, a volatile read. Loading reads the file and
 * so blocks: it runs at startup and on scheduler worker threads, never on an event loop.
 */
@ApplicationScoped
public class RegionMapHolder {

    private static final Logger LOG = Logger.getLogger(RegionMapHolder.class);

    private final GatewayConfig config;
    private final GatewayMetrics metrics;
    private final Event<RegionMapChanged> changed;
    private final Event<RegionMapRevisionSeen> seen;
    private final AtomicReference<RegionMap> current = new AtomicReference<>();
    private final RegionsSource source;
    private volatile String lastSeenHash;
    private volatile Instant appliedAt;
    private volatile Refusal lastRefusal;
    private volatile String lastReadError;

    /** The last edit that was refused, and why. */
    public record Refusal(String contentSha256, Instant at, String message) {}

    public RegionMapHolder(
            GatewayConfig config,
            GatewayMetrics metrics,
            Event<RegionMapChanged> changed,
            Event<RegionMapRevisionSeen> seen) {
        this.config = config;
        this.metrics = metrics;
        this.changed = changed;
        this.seen = seen;
        this.source = new RegionsSource(
                Path.of(config.regionsFile()), config.regionsMaxFileSize().asLongValue(), System::getenv);
    }

    /** The map in force; null until the first valid file has been loaded. */
    public RegionMap current() {
        return current.get();
    }

    public Instant appliedAt() {
        return appliedAt;
    }

    /** The last refused edit, or null when the file in place is the map in force. */
    public Refusal lastRefusal() {
        return lastRefusal;
    }

    /**
     * Loads the file at startup. An invalid file here stops the gateway: there is no last good map to
     * keep serving. Blocking.
     */
    public synchronized RegionMap loadAtStartup() throws RegionMapException, IOException {
        long started = System.nanoTime();
        RegionsSource.Snapshot snapshot = source.read();
        lastSeenHash = snapshot.contentSha256();
        RegionMap map = source.merge(snapshot);
        apply(map, snapshot, started);
        return map;
    }

    /** Polls the file; a worker thread of the scheduler runs it. */
    @Scheduled(
            identity = "region-map-reload",
            every = "{gateway.regions-reload-interval}",
            delayed = "{gateway.regions-reload-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public synchronized void poll() {
        if (current.get() == null) {
            return; // startup has not loaded the first map yet
        }
        RegionsSource.Snapshot snapshot;
        long started = System.nanoTime();
        try {
            snapshot = source.read();
            lastReadError = null;
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).equals(lastReadError)) {
                lastReadError = String.valueOf(e.getMessage());
                LOG.warnf("Cannot read %s (the map in force keeps serving): %s", path(), e.getMessage());
            }
            return;
        }
        String hash = snapshot.contentSha256();
        if (hash.equals(lastSeenHash)) {
            return;
        }
        lastSeenHash = hash;
        try {
            apply(source.merge(snapshot), snapshot, started);
        } catch (RegionMapException e) {
            lastRefusal = new Refusal(hash, Instant.now(), e.getMessage());
            metrics.regionMapReload(false);
            LOG.errorf(
                    "Edit of the region map refused; revision %s keeps serving. %s",
                    current.get().contentSha256().substring(0, 12), e.getMessage());
            seen.fire(new RegionMapRevisionSeen(hash, false, e.getMessage()));
        }
    }

    private void apply(RegionMap map, RegionsSource.Snapshot snapshot, long started) {
        RegionMap previous = current.getAndSet(map);
        appliedAt = Instant.now();
        lastRefusal = null;
        String summary = RegionMapDiff.summary(previous, map);
        if (previous != null) {
            metrics.regionMapReload(true);
        }
        LOG.infof(
                "Region map %s in force (%s%s): %s",
                map.contentSha256().substring(0, 12),
                path(),
                snapshot.directory()
                        ? "; " + snapshot.parsed() + " of " + snapshot.files().size() + " files parsed, "
                                + (System.nanoTime() - started) / 1_000_000 + " ms"
                        : "",
                summary);
        changed.fire(new RegionMapChanged(previous, map, summary));
        seen.fire(new RegionMapRevisionSeen(map.contentSha256(), true, summary));
    }

    private Path path() {
        return Path.of(config.regionsFile());
    }
}
