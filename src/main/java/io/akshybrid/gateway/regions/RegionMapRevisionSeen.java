package io.akshybrid.gateway.regions;

/**
 * A revision of regions.yaml was read: applied, or refused with the reasons in {@code summary}.
 * Fired on a worker or the startup thread, never on an event loop, so observers may block.
 */
public record RegionMapRevisionSeen(String contentSha256, boolean applied, String summary) {}
