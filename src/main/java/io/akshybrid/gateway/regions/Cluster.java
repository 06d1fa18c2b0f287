package io.akshybrid.gateway.regions;

import io.akshybrid.gateway.hashing.Sha256Hash;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A cluster registered in regions.yaml. {@code region} is empty while the cluster's credential is
 * issued but the cluster is not (yet) registered in a region: it is then refused with 403.
 *
 * <p>Held compactly, since a fleet's map holds 100,000 of these: hashes as bytes, and the parser
 * shares one instance of each region and subscription value among the clusters that name it.
 *
 * @param tokenSha256s SHA-256 hashes of the tokens that identify it: one, or two while a token is rotated
 * @param certSha256s SHA-256 fingerprints of the DER client certificates pinned for it; empty when any
 *     certificate that names the cluster (and that the configured CA signed) is the cluster
 */
public record Cluster(
        String id,
        Optional<String> region,
        String subscription,
        List<Sha256Hash> tokenSha256s,
        List<Sha256Hash> certSha256s) {
    public Cluster {
        Objects.requireNonNull(id);
        Objects.requireNonNull(region);
        Objects.requireNonNull(subscription);
        tokenSha256s = List.copyOf(tokenSha256s);
        certSha256s = List.copyOf(certSha256s);
        if (tokenSha256s.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs a token hash");
        }
    }

    public Cluster(String id, Optional<String> region, String subscription, List<Sha256Hash> tokenSha256s) {
        this(id, region, subscription, tokenSha256s, List.of());
    }

    /** Whether this cluster accepts only the certificates it pins. */
    public boolean pinsCertificates() {
        return !certSha256s.isEmpty();
    }
}
