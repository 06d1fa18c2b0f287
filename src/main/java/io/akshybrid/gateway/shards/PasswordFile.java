package io.akshybrid.gateway.shards;

import io.akshybrid.gateway.regions.ShardLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A shard URL without a password gets one as libpq would: from {@code PGPASSWORD}, else from the
 * password file ({@code passfile} in the URL, else {@code PGPASSFILE}, else {@code ~/.pgpass}), whose
 * lines are {@code host:port:database:user:password} with {@code *} matching anything and
 * {@code \:} and {@code \\} escaped. The first line that matches one of the URL's hosts wins. None
 * found: no password (the server may trust the client or know it by its certificate).
 *
 * <p>Reads a file: blocking, call it on a worker thread. Never logs or reports a line of the file.
 */
final class PasswordFile {

    private PasswordFile() {}

    static ShardLocation.Remote fill(ShardLocation.Remote db, Function<String, String> env) {
        if (db.password() != null) {
            return db;
        }
        String password = Optional.ofNullable(env.apply("PGPASSWORD"))
                .filter(p -> !p.isEmpty())
                .orElseGet(() -> fromFile(db, env));
        if (password == null) {
            return db;
        }
        return new ShardLocation.Remote(db.hosts(), db.database(), db.user(), password, db.params());
    }

    private static String fromFile(ShardLocation.Remote db, Function<String, String> env) {
        String file = Optional.ofNullable(db.params().get("passfile"))
                .or(() -> Optional.ofNullable(env.apply("PGPASSFILE")))
                .orElse(System.getProperty("user.home") + "/.pgpass");
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return null; // no file: no password, as libpq
        }
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> f = fields(line);
            if (f.size() != 5) {
                continue;
            }
            for (ShardLocation.HostPort h : db.hosts()) {
                if (matches(f.get(0), h.host())
                        && matches(f.get(1), Integer.toString(h.port()))
                        && matches(f.get(2), db.database())
                        && matches(f.get(3), db.loginUser())) {
                    return f.get(4);
                }
            }
        }
        return null;
    }

    private static boolean matches(String pattern, String value) {
        return pattern.equals("*") || pattern.equals(value);
    }

    /** The fields of a line, split at unescaped colons; the last field takes the rest of the line. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                field.append(line.charAt(++i));
            } else if (c == ':' && out.size() < 4) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }
}
