package io.akshybrid.gateway.shards;

import io.akshybrid.gateway.events.ValidEvent;
import io.akshybrid.gateway.regions.Cluster;
import java.util.List;
import java.util.Objects;

/**
 * One request's valid events, waiting to be written to its region's shard.
 *
 * @param events valid events with distinct keys (table, id, time)
 */
public record PendingWrite(Cluster cluster, List<ValidEvent> events) {

    public PendingWrite {
        Objects.requireNonNull(cluster, "cluster");
        events = List.copyOf(events);
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a write needs at least one event");
        }
    }

    public int rows() {
        return events.size();
    }
}
