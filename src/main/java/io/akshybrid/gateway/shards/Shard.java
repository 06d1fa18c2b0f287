package io.akshybrid.gateway.shards;

import io.akshybrid.gateway.regions.ShardLocation;
import io.vertx.mutiny.sqlclient.Pool;
import java.time.Instant;

/**
 * One region's PostgreSQL shard as this process sees it: where it is, whether it is ready to take
 * traffic (schema migrated, partitions in place, pool built), and the last error met. State changes
 * are published through volatile fields; the request path only reads them.
 */
public final class Shard {

    /** A shard takes traffic only when {@link #READY}. */
    public enum State {
        STARTING, READY, FAILED, CLOSED
    }

    private final String region;
    private final ShardLocation location;
    private volatile State state = State.STARTING;
    private volatile Pool pool;
    private volatile String lastError;
    private volatile Instant lastChange = Instant.now();

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

    public Instant lastChange() {
        return lastChange;
    }

    /** The shard's reactive pool; null unless the shard has been ready once. */
    public Pool pool() {
        return pool;
    }

    void ready(Pool pool) {
        this.pool = pool;
        this.lastError = null;
        transition(State.READY);
    }

    void failed(String error) {
        this.lastError = error;
        transition(State.FAILED);
    }

    /** Records a failure seen while serving (the shard stays READY: the pool reconnects by itself). */
    public void observed(String error) {
        this.lastError = error;
    }

    void closed() {
        transition(State.CLOSED);
    }

    private void transition(State next) {
        this.state = next;
        this.lastChange = Instant.now();
    }
}
