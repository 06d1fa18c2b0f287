package io.akshybrid.gateway.regions;

import java.util.Objects;
import java.util.Optional;

/**
 * A cluster registered in regions.yaml. {@code region} is empty while the cluster's credential is
 * issued but the cluster is not (yet) registered in a region: it is then refused with 403.
 */
public record Cluster(String id, Optional<String> region, String subscription, String tokenSha256) {
    public Cluster {
        Objects.requireNonNull(id);
        Objects.requireNonNull(region);
        Objects.requireNonNull(subscription);
        Objects.requireNonNull(tokenSha256);
    }
}
