package io.akshybrid.gateway.api;

import io.quarkus.runtime.LaunchMode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * The agent port's paths as the request guard sees them: one canonical spelling of any path, and the
 * explicit list of paths that answer without a credential. The guard's decision to check a request
 * never depends on its path being one of the endpoints', so a spelling that the REST layer also
 * accepts (a trailing slash, {@code //}, {@code /./}, {@code %2F}, {@code ;params}, another case)
 * cannot slip past it, as Envoy normalises a path before its filters see it. Pure functions.
 */
final class AgentPaths {

    /**
     * Paths on the agent port that answer without a credential: none in production (health, metrics,
     * OpenAPI and admin are on the management port). In dev mode, Quarkus's Dev UI.
     */
    static final List<String> PUBLIC =
            LaunchMode.current() == LaunchMode.DEVELOPMENT ? List.of("/q/dev-ui") : List.of();

    private static final String LOGS = "/v1/logs";

    private AgentPaths() {}

    /** Whether a request may pass without a credential: its canonical path is, or is under, a public one. */
    static boolean isPublic(String rawPath) {
        if (PUBLIC.isEmpty()) {
            return false;
        }
        String path = canonical(rawPath);
        return PUBLIC.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
    }

    /** Whether a request is for OTLP logs (its refusals are then OTLP Status messages), in any spelling. */
    static boolean isLogs(String rawPath) {
        return canonical(rawPath).equals(LOGS);
    }

    /**
     * One spelling of a path: percent-decoded (as often as it takes, so {@code %252F} is a slash too),
     * matrix parameters dropped, empty and {@code .} segments removed, {@code ..} resolved (never above
     * the root), lower case, no trailing slash.
     */
    static String canonical(String rawPath) {
        String path = rawPath == null ? "" : rawPath;
        for (int i = 0; i < 3 && path.indexOf('%') >= 0; i++) {
            path = decode(path);
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.replace('\\', '/').split("/")) {
            int params = segment.indexOf(';');
            String s = params < 0 ? segment : segment.substring(0, params);
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(s.toLowerCase(Locale.ROOT));
            }
        }
        return "/" + String.join("/", segments);
    }

    private static String decode(String path) {
        try {
            return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return path; // a stray % is kept as it is
        }
    }
}
