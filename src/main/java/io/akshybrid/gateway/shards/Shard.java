package io.akshybrid.gateway.shards;

import io.akshybrid.gateway.regions.ShardLocation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One region's PostgreSQL shard as this process sees it: where it is, whether it is ready to take
 * traffic (schema migrated, partitions in place, pool built), the last error met, and how many
 * requests are using its pool. State changes are published through volatile fields; the request
 * path only reads them.
 *
 * <p>A shard replaced by a region-map reload is {@linkplain #retire() retired}: it takes no new work,
 * and its pool is closed once the requests already using it are done, so none of them fails.
 */
public final class Shard {

    /** A shard takes traffic only when {@link #READY}. */
    public enum State {
        STARTING,
        READY,
        FAILED,
        CLOSED
    }

    private final String region;
    private final ShardLocation location;
    private final AtomicBoolean initializing = new AtomicBoolean();
    // inFlight, retired and closed change together under this object's lock, so that the decision to
    // close the pool and the admission of new work can never interleave.
    private int inFlight;
    private boolean retired;
    private boolean closed;
    private volatile State state = State.STARTING;
    private volatile Pool pool;
    private volatile String lastError;
    private final AtomicInteger timeoutsInARow = new AtomicInteger();
    private final AtomicBoolean recycling = new AtomicBoolean();
    private final AtomicLong poolRecycles = new AtomicLong();

    Shard(String region, ShardLocation location) {
        this.region = region;
        this.location = location;
    }

    public String region() {
        return region;
    }

    public ShardLocation location() {
        return location;
    }

    public State state() {
        return state;
    }

    public String lastError() {
        return lastError;
    }

    /** Requests using the pool right now. */
    public synchronized int inFlight() {
        return inFlight;
    }

    /** The shard's reactive pool; null unless the shard has been ready once. */
    public Pool pool() {
        return pool;
    }

    /**
     * Runs work against the pool, counted as in flight so that a retirement waits for it. Reactive.
     */
    public <T> Uni<T> use(Function<Pool, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            synchronized (this) {
                if (retired || closed) {
                    // Retired between the caller's lookup and now: the caller asks the registry again.
                    // Nothing new starts on a retired shard, so that its pool drains and closes.
                    return Uni.createFrom().<T>failure(new Retired(region));
                }
                inFlight++;
            }
            Uni<T> started;
            try {
                started = work.apply(pool);
            } catch (RuntimeException e) {
                release();
                throw e;
            }
            return started.onTermination().invoke(this::release);
        });
    }

    /** The shard was replaced and closed before the work could start; nothing was done. */
    public static final class Retired extends RuntimeException {
        Retired(String region) {
            super("the shard of region " + region + " was replaced", null, false, false);
        }
    }

    /** Claims the one start-up attempt that may run at a time; false when one is already running. */
    boolean beginInitializing() {
        return initializing.compareAndSet(false, true);
    }

    void endInitializing() {
        initializing.set(false);
    }

    void ready(Pool pool) {
        synchronized (this) {
            this.pool = pool;
            if (!closed) {
                this.lastError = null;
                transition(State.READY);
                return;
            }
        }
        pool.closeAndForget(); // replaced while it was starting
    }

    void failed(String error) {
        synchronized (this) {
            if (closed) {
                return; // replaced while it was starting: it stays CLOSED, so callers hand over
            }
            this.lastError = redact(error);
            transition(State.FAILED);
        }
    }

    /** Claims the one pool replacement that may run at a time; false when one is already running. */
    boolean beginRecycling() {
        return recycling.compareAndSet(false, true);
    }

    void endRecycling() {
        recycling.set(false);
    }

    /** Records a failure seen while serving (the shard stays READY: the pool reconnects by itself). */
    public void observed(String error) {
        this.lastError = redact(error);
    }

    /** {@code text} with the shard's password masked wherever it appears; for every message about this shard. */
    public String redact(String text) {
        return location instanceof ShardLocation.Remote r ? r.redact(text) : text;
    }

    /** A request's work did not get an answer in time; returns how many in a row did not. */
    int timedOut() {
        return timeoutsInARow.incrementAndGet();
    }

    /** A request's work got an answer: the pool is giving connections back. */
    void answered() {
        timeoutsInARow.set(0);
    }

    /** Requests in a row whose work timed out: a pool that no longer gives connections back shows here. */
    public int timeoutsInARow() {
        return timeoutsInARow.get();
    }

    /** How often the pool was replaced because its connections stopped coming back. */
    public long poolRecycles() {
        return poolRecycles.get();
    }

    /**
     * Puts a fresh pool in place of the current one and returns the one to close: the old one, or the
     * fresh one itself when the shard was closed meanwhile, or when the pool is no longer
     * {@code expected} (another replacement came first; null: whichever pool is current).
     */
    synchronized Pool replacePool(Pool fresh, Pool expected) {
        if (closed || (expected != null && pool != expected)) {
            return fresh;
        }
        Pool old = pool;
        pool = fresh;
        timeoutsInARow.set(0);
        poolRecycles.incrementAndGet();
        return old;
    }

    /** No new work; the pool closes when the last request using it is done (now, if none is). */
    void retire() {
        synchronized (this) {
            retired = true;
        }
        closeIfIdle();
    }

    private void release() {
        synchronized (this) {
            inFlight--;
        }
        closeIfIdle();
    }

    private void closeIfIdle() {
        Pool toClose;
        synchronized (this) {
            if (!retired || closed || inFlight > 0) {
                return;
            }
            closed = true;
            transition(State.CLOSED);
            toClose = pool;
        }
        if (toClose != null) {
            toClose.closeAndForget();
        }
    }

    private void transition(State next) {
        this.state = next;
    }
}
