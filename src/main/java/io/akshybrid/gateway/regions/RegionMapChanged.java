package io.akshybrid.gateway.regions;

/**
 * A new region map is in force (fired synchronously after it replaced {@code previous}, on the
 * thread that loaded it: a worker thread). Observers must not block for long.
 */
public record RegionMapChanged(RegionMap previous, RegionMap current, String summary) {}
