package io.akshybrid.gateway.regions;

import io.akshybrid.gateway.hashing.Sha256Hash;
import io.akshybrid.gateway.regions.RegionMapException.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges the parsed files of a region map into one {@link RegionMap}, or refuses them all. What one
 * file cannot know is checked here: a region or cluster defined in two files, a token hash or a pinned
 * certificate of two clusters, a cluster in a region that no file defines. Every such problem names
 * both places, file and line.
 *
 * <p>Linear in the number of clusters; the places of earlier definitions are looked up only when a
 * problem needs them. Pure CPU work, safe on any thread.
 */
final class RegionMapMerger {

    private final List<RegionsFile> files;
    private final boolean named;
    private final List<Problem> problems = new ArrayList<>();
    private Map<String, String> clusterPlaces;

    private RegionMapMerger(List<RegionsFile> files, boolean named) {
        this.files = files;
        this.named = named;
    }

    /**
     * @param source the file or directory, for the message
     * @param named whether problems name their file (a directory) or only their line (a single file)
     * @param contentSha256 the revision's name
     */
    static RegionMap merge(String source, List<RegionsFile> files, boolean named, String contentSha256)
            throws RegionMapException {
        RegionMapMerger merger = new RegionMapMerger(files, named);
        RegionMap map = merger.merge(contentSha256);
        if (!merger.problems.isEmpty()) {
            throw new RegionMapException(source, merger.problems);
        }
        return map;
    }

    private RegionMap merge(String contentSha256) {
        int total = 0;
        boolean anyRegions = false;
        for (RegionsFile f : files) {
            f.problems().forEach(p -> problems.add(named ? p.inFile(f.name()) : p));
            total += f.clusters().size();
            anyRegions |= f.definesRegions();
        }
        if (!anyRegions && problems.isEmpty()) {
            problems.add(named ? new Problem(0, "no file defines 'regions'") : new Problem(1, "'regions' is missing"));
        }
        Map<String, Region> regions = new LinkedHashMap<>();
        Map<String, String> regionPlaces = new HashMap<>();
        for (RegionsFile f : files) {
            for (int i = 0; i < f.regions().size(); i++) {
                Region r = f.regions().get(i);
                String other = regionPlaces.putIfAbsent(r.name(), place(f, f.regionLines()[i]));
                if (other != null) {
                    problems.add(problem(
                            f, f.regionLines()[i], "region '" + r.name() + "' is defined twice: also at " + other));
                } else {
                    regions.put(r.name(), r);
                }
            }
        }
        // Regions named anywhere, valid or not: a cluster of a region refused for its own reason (a
        // missing variable, say) is not in an unknown region as well.
        Set<String> regionNames = new LinkedHashSet<>();
        files.forEach(f -> regionNames.addAll(f.regionNames()));
        Map<String, Cluster> clusters = new LinkedHashMap<>(capacity(total));
        Map<Sha256Hash, Cluster> byToken = new HashMap<>(capacity(total));
        Map<Sha256Hash, Cluster> byPin = new HashMap<>();
        for (RegionsFile f : files) {
            for (int i = 0; i < f.clusters().size(); i++) {
                Cluster c = f.clusters().get(i);
                int line = f.clusterLine(i);
                Cluster other = clusters.putIfAbsent(c.id(), c);
                if (other != null) {
                    problems.add(
                            problem(f, line, "cluster '" + c.id() + "' is defined twice: also at " + placeOf(other)));
                    continue;
                }
                for (Sha256Hash h : c.tokenSha256s()) {
                    Cluster owner = byToken.putIfAbsent(h, c);
                    if (owner != null) {
                        problems.add(problem(
                                f,
                                line,
                                "cluster '" + c.id() + "': tokenSha256 is the same as cluster '" + owner.id() + "'s ("
                                        + placeOf(owner) + "); every cluster needs its own token"));
                    }
                }
                for (Sha256Hash h : c.certSha256s()) {
                    Cluster owner = byPin.putIfAbsent(h, c);
                    if (owner != null) {
                        problems.add(problem(
                                f,
                                line,
                                "cluster '" + c.id() + "': certSha256 is the same as cluster '" + owner.id() + "'s ("
                                        + placeOf(owner) + "); a certificate identifies one cluster"));
                    }
                }
                if (anyRegions
                        && c.region().isPresent()
                        && !regionNames.contains(c.region().get())) {
                    problems.add(problem(
                            f,
                            f.clusterRegionLines()[i],
                            "cluster '" + c.id() + "': unknown region '"
                                    + c.region().get() + "' (regions: " + String.join(", ", regionNames) + ")"));
                }
            }
        }
        return problems.isEmpty() ? new RegionMap(regions, clusters, byToken, contentSha256) : null;
    }

    private static int capacity(int entries) {
        return (int) Math.min(Integer.MAX_VALUE, entries * 4L / 3 + 16);
    }

    private Problem problem(RegionsFile f, int line, String message) {
        return new Problem(named ? f.name() : null, line, message);
    }

    private String place(RegionsFile f, int line) {
        return named ? f.name() + " line " + line : "line " + line;
    }

    /** Where the cluster kept in the map was defined; the index is built on the first problem that asks. */
    private String placeOf(Cluster c) {
        if (clusterPlaces == null) {
            clusterPlaces = new HashMap<>();
            for (RegionsFile f : files) {
                for (int i = 0; i < f.clusters().size(); i++) {
                    clusterPlaces.putIfAbsent(f.clusters().get(i).id(), place(f, f.clusterLine(i)));
                }
            }
        }
        return clusterPlaces.get(c.id());
    }
}
