package io.akshybrid.gateway.regions;

import java.util.HashMap;
import java.util.Map;

/**
 * One valid revision of regions.yaml: regions with their shards, and clusters indexed by the SHA-256
 * of their bearer token. Immutable; a reload replaces the whole map.
 *
 * @param byTokenHash clusters by the lower-case hex SHA-256 of their token (hashes are unique; the parser checks)
 * @param contentSha256 hex SHA-256 of the file content this revision was parsed from
 */
public record RegionMap(
        Map<String, Region> regions,
        Map<String, Cluster> clusters,
        Map<String, Cluster> byTokenHash,
        String contentSha256) {

    public RegionMap {
        regions = Map.copyOf(regions);
        clusters = Map.copyOf(clusters);
        byTokenHash = Map.copyOf(byTokenHash);
    }

    public static RegionMap of(Map<String, Region> regions, Map<String, Cluster> clusters, String contentSha256) {
        Map<String, Cluster> index = new HashMap<>();
        clusters.values().forEach(c -> c.tokenSha256s().forEach(h -> index.put(h, c)));
        return new RegionMap(regions, clusters, index, contentSha256);
    }
}
