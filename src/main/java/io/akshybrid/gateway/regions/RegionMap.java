package io.akshybrid.gateway.regions;

import io.akshybrid.gateway.hashing.Sha256Hash;
import java.util.HashMap;
import java.util.Map;

/**
 * One valid revision of the region map: regions with their shards, and clusters indexed by id and by
 * the SHA-256 of their bearer tokens. Immutable; a reload replaces the whole map.
 *
 * <p>Authenticating a token is one lookup in {@code byTokenHash}, whatever the fleet's size. The maps
 * are immutable copies ({@link Map#copyOf}), which keep keys and values in one open-addressed array
 * and no entry objects.
 *
 * @param byTokenHash clusters by the SHA-256 of their token (hashes are unique; the parser checks)
 * @param contentSha256 hex SHA-256 of the content this revision was parsed from (for a directory, of
 *     its files' names and contents)
 */
public record RegionMap(
        Map<String, Region> regions,
        Map<String, Cluster> clusters,
        Map<Sha256Hash, Cluster> byTokenHash,
        String contentSha256) {

    public RegionMap {
        regions = Map.copyOf(regions);
        clusters = Map.copyOf(clusters);
        byTokenHash = Map.copyOf(byTokenHash);
    }

    public static RegionMap of(Map<String, Region> regions, Map<String, Cluster> clusters, String contentSha256) {
        Map<Sha256Hash, Cluster> index = new HashMap<>(clusters.size() * 2);
        clusters.values().forEach(c -> c.tokenSha256s().forEach(h -> index.put(h, c)));
        return new RegionMap(regions, clusters, index, contentSha256);
    }
}
