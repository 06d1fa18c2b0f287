package io.akshybrid.gateway.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /admin/regions}: the revision in force, each region's shard, and the last refused edit.
 *
 * @param revision hex SHA-256 of the regions.yaml content in force
 * @param lastRefusedEdit the last edit that was refused (null once a later edit was applied)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegionsView(
        String revision,
        Instant appliedAt,
        int clusters,
        List<ShardView> shards,
        RefusedEdit lastRefusedEdit,
        String centralStore) {

    /** One region's shard; {@code switchingTo} is set while a new shard URL is being brought up. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ShardView(
            String region, String shard, String state, String lastError, int inFlight, ShardView switchingTo) {}

    public record RefusedEdit(String contentSha256, Instant at, String reason) {}
}
