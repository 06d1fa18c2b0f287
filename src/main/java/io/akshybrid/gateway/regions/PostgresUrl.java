package io.akshybrid.gateway.regions;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a PostgreSQL address: a {@code postgresql://} URL as regions.yaml's {@code shard} gives it,
 * or the central store's {@code quarkus.datasource.reactive.url} with the datasource's own username
 * and password. The forms are libpq's:
 *
 * <ul>
 *   <li>{@code postgresql://[user[:password]@]host[:port][,host[:port]...]/database[?param=value&...]};
 *       user and password are optional (trust, client certificates);
 *   <li>several hosts are tried in order, and with {@code target_session_attrs=read-write} (or
 *       {@code primary}) only one that accepts writes is used;
 *   <li>{@code sslmode} from {@code disable} to {@code verify-full}, with {@code sslrootcert},
 *       {@code sslcert} and {@code sslkey} as file paths.
 * </ul>
 *
 * <p>A password may hold any character when percent-encoded; unencoded, every character but
 * {@code @} is still read right, since the user information ends at the URL's last {@code @}.
 *
 * <p>No message of this class quotes any part of the URL it was given (a password with a
 * character the URL grammar does not expect would otherwise land in a log, an admin answer or the
 * central store): only names from a fixed list. Pure CPU work; throws
 * {@link IllegalArgumentException} with the reason.
 */
public final class PostgresUrl {

    static final Set<String> URL_PARAMS = Set.of(
            "sslmode",
            "sslrootcert",
            "sslcert",
            "sslkey",
            "passfile",
            "target_session_attrs",
            "application_name",
            "user",
            "password");
    /** Parameters whose values {@link ShardLocation.Remote#describe()} shows: they come from a fixed list. */
    static final Set<String> SHOWN_PARAMS = Set.of("sslmode", "target_session_attrs");

    static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
    /** libpq's values that let a session take writes; the gateway writes, so the others are refused. */
    static final Set<String> SESSION_ATTRS = Set.of("any", "read-write", "primary");
    /** Other libpq parameter names, which a message may name because they are not the user's text. */
    private static final Set<String> KNOWN_LIBPQ_PARAMS = Set.of(
            "host",
            "hostaddr",
            "port",
            "dbname",
            "channel_binding",
            "connect_timeout",
            "client_encoding",
            "options",
            "fallback_application_name",
            "keepalives",
            "keepalives_idle",
            "keepalives_interval",
            "keepalives_count",
            "tcp_user_timeout",
            "replication",
            "gssencmode",
            "requiressl",
            "sslcompression",
            "sslpassword",
            "sslcertmode",
            "sslcrl",
            "sslcrldir",
            "sslsni",
            "requirepeer",
            "require_auth",
            "ssl_min_protocol_version",
            "ssl_max_protocol_version",
            "krbsrvname",
            "gsslib",
            "gssdelegation",
            "service",
            "load_balance_hosts",
            "targetServerType",
            "target_server_type",
            "currentSchema",
            "loginTimeout",
            "socketTimeout",
            "ssl",
            "sslfactory");

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.-]{0,252})?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    private PostgresUrl() {}

    /** Parses a postgresql:// URL into its parts; percent-encoding in user, password, database and values is decoded. */
    public static ShardLocation.Remote parse(String url) {
        String rest;
        if (url.startsWith("postgresql://")) {
            rest = url.substring("postgresql://".length());
        } else if (url.startsWith("postgres://")) {
            rest = url.substring("postgres://".length());
        } else {
            throw new IllegalArgumentException("the scheme must be postgresql://");
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decodeLenient(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decodeLenient(userInfo.substring(colon + 1));
        }
        int end = indexOfAny(rest, "/?");
        List<ShardLocation.HostPort> hosts = hosts(end < 0 ? rest : rest.substring(0, end));
        String database = null;
        Map<String, String> params = new LinkedHashMap<>();
        if (end >= 0) {
            String tail = rest.substring(end);
            int q = tail.indexOf('?');
            String path = q < 0 ? tail : tail.substring(0, q);
            if (path.startsWith("/") && path.length() > 1) {
                if (path.indexOf('/', 1) >= 0) {
                    throw new IllegalArgumentException("the database name holds a '/'; percent-encode it");
                }
                database = decode(path.substring(1), "the database name");
            }
            if (q >= 0) {
                query(tail.substring(q + 1), params);
            }
        }
        if (params.containsKey("user")) {
            user = params.remove("user");
        }
        if (params.containsKey("password")) {
            password = params.remove("password");
        }
        if (database == null || database.isEmpty()) {
            throw new IllegalArgumentException("the database name is missing");
        }
        if (params.containsKey("sslcert") != params.containsKey("sslkey")) {
            throw new IllegalArgumentException("sslcert and sslkey go together (a client certificate and its key)");
        }
        return new ShardLocation.Remote(
                hosts, database, user == null || user.isEmpty() ? null : user, password, params);
    }

    private static List<ShardLocation.HostPort> hosts(String spec) {
        if (spec.isEmpty()) {
            throw new IllegalArgumentException("the host is missing");
        }
        List<ShardLocation.HostPort> hosts = new ArrayList<>();
        for (String one : spec.split(",", -1)) {
            String host;
            String port = null;
            if (one.startsWith("[")) {
                int close = one.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("an IPv6 address is not closed by ']'");
                }
                host = one.substring(1, close);
                if (!IPV6.matcher(host).matches()) {
                    throw new IllegalArgumentException("an IPv6 address is malformed");
                }
                String after = one.substring(close + 1);
                if (!after.isEmpty()) {
                    if (!after.startsWith(":")) {
                        throw new IllegalArgumentException("a host is malformed");
                    }
                    port = after.substring(1);
                }
            } else {
                int colon = one.indexOf(':');
                host = colon < 0 ? one : one.substring(0, colon);
                port = colon < 0 ? null : one.substring(colon + 1);
                if (host.isEmpty()) {
                    throw new IllegalArgumentException("a host is missing");
                }
                if (!HOST_NAME.matcher(host).matches()) {
                    throw new IllegalArgumentException(
                            "a host name holds characters a host name cannot (a password with '@' must be "
                                    + "percent-encoded as %40)");
                }
            }
            int p = 5432;
            if (port != null) {
                if (!PORT.matcher(port).matches() || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                    throw new IllegalArgumentException("a port must be a number from 1 to 65535");
                }
                p = Integer.parseInt(port);
            }
            hosts.add(new ShardLocation.HostPort(host, p));
        }
        return hosts;
    }

    private static void query(String query, Map<String, String> params) {
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq), "a parameter name");
            String val = eq < 0 ? "" : decode(pair.substring(eq + 1), "a parameter value");
            if (!URL_PARAMS.contains(key)) {
                throw new IllegalArgumentException((KNOWN_LIBPQ_PARAMS.contains(key)
                                ? "parameter '" + key + "' is not supported"
                                : "an unknown parameter")
                        + " (supported: "
                        + String.join(", ", URL_PARAMS.stream().sorted().toList()) + ")");
            }
            if (params.put(key, val) != null) {
                throw new IllegalArgumentException("parameter '" + key + "' is given twice");
            }
            switch (key) {
                case "sslmode" -> {
                    if (!SSL_MODES.contains(val)) {
                        throw new IllegalArgumentException("sslmode must be one of "
                                + String.join(", ", SSL_MODES.stream().sorted().toList()));
                    }
                }
                case "target_session_attrs" -> {
                    if (!SESSION_ATTRS.contains(val)) {
                        throw new IllegalArgumentException("target_session_attrs must be one of "
                                + String.join(
                                        ", ", SESSION_ATTRS.stream().sorted().toList())
                                + " (the gateway writes)");
                    }
                }
                case "sslrootcert", "sslcert", "sslkey", "passfile" -> {
                    if (val.isEmpty()) {
                        throw new IllegalArgumentException(key + " must be a file path");
                    }
                }
                default -> {}
            }
        }
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Percent-decoding of one part; a malformed escape is refused without quoting it. {@code +} stays {@code +}. */
    private static String decode(String s, String what) {
        String out = decode(s, false);
        if (out == null) {
            throw new IllegalArgumentException(what + " holds a '%' that does not start a percent-encoded byte");
        }
        return out;
    }

    /** User and password: a '%' that starts no escape is taken as itself, as a person who typed it meant. */
    private static String decodeLenient(String s) {
        return decode(s, true);
    }

    private static String decode(String s, boolean lenient) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%' && i + 2 < in.length && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
                out.write(hex(in[i + 1]) * 16 + hex(in[i + 2]));
                i += 2;
            } else if (in[i] == '%' && !lenient) {
                return null;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit((char) b, 16);
    }

    /**
     * {@code text} with every appearance of {@code password} masked: as given, and percent-encoded
     * (as a URL would carry it). Passwords shorter than 4 characters are left alone: masking them
     * would garble every message, and such a password protects nothing.
     */
    public static String redact(String text, String password) {
        if (text == null || password == null || password.length() < 4) {
            return text;
        }
        String out = text.replace(password, "****");
        String encoded = percentEncode(password);
        return encoded.equals(password) ? out : out.replace(encoded, "****");
    }

    /** Every byte but the unreserved characters of RFC 3986 as %XX. */
    public static String percentEncode(String v) {
        StringBuilder sb = new StringBuilder();
        for (byte b : v.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    /**
     * The address of a Quarkus reactive datasource URL ({@code [vertx-reactive:]postgresql://...}; of
     * several comma-separated URLs, the first). Explicit username and password win over the URL's.
     */
    public static ShardLocation.Remote ofDatasource(String url, Optional<String> username, Optional<String> password) {
        String u = url.trim();
        if (u.startsWith("vertx-reactive:")) {
            u = u.substring("vertx-reactive:".length());
        }
        for (String next : List.of(",postgresql://", ",postgres://", ",vertx-reactive:")) {
            int comma = u.indexOf(next);
            if (comma > 0) {
                u = u.substring(0, comma);
            }
        }
        ShardLocation.Remote parsed = parse(u);
        return new ShardLocation.Remote(
                parsed.hosts(),
                parsed.database(),
                username.orElse(parsed.user()),
                password.orElse(parsed.password()),
                parsed.params());
    }
}
