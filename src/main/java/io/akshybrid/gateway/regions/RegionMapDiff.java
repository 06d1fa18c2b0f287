package io.akshybrid.gateway.regions;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A one-line account of what a new region map changes, for logs and {@code region_map_revisions}. At
 * most {@value #LISTED} changes are named, and the rest counted, so that an edit of thousands of
 * clusters makes a line that can still be read.
 */
final class RegionMapDiff {

    static final int LISTED = 20;

    private RegionMapDiff() {}

    static String summary(RegionMap before, RegionMap after) {
        if (before == null) {
            return "initial map: " + after.regions().size() + " regions, "
                    + after.clusters().size() + " clusters";
        }
        List<String> parts = new ArrayList<>();
        after.regions().values().forEach(r -> {
            Region old = before.regions().get(r.name());
            if (old == null) {
                parts.add("+region " + r.name());
            } else if (!old.shard().equals(r.shard())) {
                parts.add("~region " + r.name() + " shard " + r.shard().describe());
            }
        });
        before.regions().keySet().stream()
                .filter(n -> !after.regions().containsKey(n))
                .forEach(n -> parts.add("-region " + n));
        after.clusters().values().forEach(c -> {
            Cluster old = before.clusters().get(c.id());
            if (old == c) {
                return; // the same instance: its file was not parsed again
            }
            if (old == null) {
                parts.add("+cluster " + c.id());
            } else if (!Objects.equals(old, c)) {
                List<String> what = new ArrayList<>();
                if (!old.region().equals(c.region())) {
                    what.add("region " + c.region().orElse("none"));
                }
                if (!old.tokenSha256s().equals(c.tokenSha256s())) {
                    what.add("token");
                }
                if (!old.subscription().equals(c.subscription())) {
                    what.add("subscription");
                }
                if (!old.certSha256s().equals(c.certSha256s())) {
                    what.add("certificate pins");
                }
                parts.add("~cluster " + c.id() + " (" + String.join(", ", what) + ")");
            }
        });
        before.clusters().keySet().stream()
                .filter(id -> !after.clusters().containsKey(id))
                .forEach(id -> parts.add("-cluster " + id));
        if (parts.isEmpty()) {
            return "no change in meaning";
        }
        String listed = String.join("; ", parts.subList(0, Math.min(LISTED, parts.size())));
        return parts.size() > LISTED ? listed + "; and " + (parts.size() - LISTED) + " more changes" : listed;
    }
}
