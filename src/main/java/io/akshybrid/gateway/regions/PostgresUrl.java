package io.akshybrid.gateway.regions;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a PostgreSQL address: a {@code postgresql://} URL as regions.yaml's {@code shard} gives it,
 * or the central store's {@code quarkus.datasource.reactive.url} with the datasource's own username
 * and password. Pure CPU work; throws {@link IllegalArgumentException} with the reason.
 */
public final class PostgresUrl {

    private static final Set<String> URL_PARAMS = Set.of("sslmode", "application_name");
    private static final Set<String> SSL_MODES =
            Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    private PostgresUrl() {}

    /** Parses a postgresql:// URL into its parts; percent-encoding in user, password and database is decoded. */
    public static ShardLocation.Remote parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException("scheme must be postgresql");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("host is missing");
        }
        String path = uri.getRawPath();
        if (path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
            throw new IllegalArgumentException("database name is missing");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                String key = decode(kv[0]);
                String val = kv.length > 1 ? decode(kv[1]) : "";
                if (!URL_PARAMS.contains(key)) {
                    throw new IllegalArgumentException(
                            "unsupported parameter '" + key + "' (supported: " + URL_PARAMS + ")");
                }
                if (key.equals("sslmode") && !SSL_MODES.contains(val)) {
                    throw new IllegalArgumentException("sslmode must be one of " + SSL_MODES);
                }
                params.put(key, val);
            }
        }
        return new ShardLocation.Remote(
                uri.getHost(),
                uri.getPort() == -1 ? 5432 : uri.getPort(),
                decode(path.substring(1)),
                user,
                password,
                params);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * The address of a Quarkus reactive datasource URL ({@code [vertx-reactive:]postgresql://...}; of
     * several comma-separated hosts, the first). Explicit username and password win over the URL's.
     */
    public static ShardLocation.Remote ofDatasource(String url, Optional<String> username, Optional<String> password) {
        String u = url.trim();
        if (u.startsWith("vertx-reactive:")) {
            u = u.substring("vertx-reactive:".length());
        }
        int comma = u.indexOf(',');
        if (comma > 0) {
            u = u.substring(0, comma);
        }
        ShardLocation.Remote parsed = parse(u);
        return new ShardLocation.Remote(
                parsed.host(),
                parsed.port(),
                parsed.database(),
                username.orElse(parsed.user()),
                password.orElse(parsed.password()),
                parsed.params());
    }
}
