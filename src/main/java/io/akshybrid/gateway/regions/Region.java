package io.akshybrid.gateway.regions;

import java.util.Objects;

/** A data-residency region and the PostgreSQL shard that holds its data. */
public record Region(String name, ShardLocation shard) {
    public Region {
        Objects.requireNonNull(name);
        Objects.requireNonNull(shard);
    }
}
