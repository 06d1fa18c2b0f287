package io.akshybrid.gateway.regions;

import io.akshybrid.gateway.regions.RegionMapException.Problem;
import java.util.List;

/**
 * One parsed file of the region map, before it is merged with the others: its regions and clusters
 * with the lines that define them, and its own problems. The clusters are the very instances the
 * merged {@link RegionMap} holds, so keeping a file's parse for the next reload costs only the lists
 * and line numbers.
 *
 * @param name the file's name in messages
 * @param contentSha256 hex SHA-256 of the file's bytes
 * @param definesRegions whether the file has a {@code regions} key
 * @param regionNames every region the file names, also those refused (so that their clusters are not
 *     reported as in an unknown region as well)
 * @param clusterRegionLines for each cluster, the line of its {@code region} value (0 when it has none)
 */
public record RegionsFile(
        String name,
        String contentSha256,
        boolean definesRegions,
        List<String> regionNames,
        List<Region> regions,
        int[] regionLines,
        List<Cluster> clusters,
        int[] clusterLines,
        int[] clusterRegionLines,
        List<Problem> problems) {

    public RegionsFile {
        regionNames = List.copyOf(regionNames);
        regions = List.copyOf(regions);
        clusters = List.copyOf(clusters);
        problems = List.copyOf(problems);
    }

    /** The line of the cluster at {@code index} in {@link #clusters()}. */
    int clusterLine(int index) {
        return clusterLines[index];
    }
}
