package io.akshybrid.gateway.regions;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A cluster registered in regions.yaml. {@code region} is empty while the cluster's credential is
 * issued but the cluster is not (yet) registered in a region: it is then refused with 403.
 *
 * @param tokenSha256s hex SHA-256 hashes of the tokens that identify it: one, or two while a token is rotated
 */
public record Cluster(String id, Optional<String> region, String subscription, List<String> tokenSha256s) {
    public Cluster {
        Objects.requireNonNull(id);
        Objects.requireNonNull(region);
        Objects.requireNonNull(subscription);
        tokenSha256s = List.copyOf(tokenSha256s);
        if (tokenSha256s.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs a token hash");
        }
    }
}
