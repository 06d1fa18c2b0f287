package io.akshybrid.gateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables of docs/configuration.md: one row per key (or per few keys, comma-separated in the first
 * cell), each with its default cell as written.
 */
public final class ConfigurationDoc {

    public static final Path FILE = Path.of("docs", "configuration.md");

    /** One documented key, the line it is on, and the default cell of its row. */
    public record Row(String key, int line, String defaultCell) {

        /** The first {@code `code`} of the default cell, or null when the cell has none ("unset", ...). */
        public String defaultValue() {
            Matcher m = CODE.matcher(defaultCell);
            return m.find() ? m.group(1) : null;
        }
    }

    private static final Pattern CODE = Pattern.compile("`([^`]*)`");
    private static final Pattern KEY = Pattern.compile("(?:gateway|quarkus)\\.[a-z0-9.\"-]+");

    private ConfigurationDoc() {}

    public static List<Row> rows() throws IOException {
        return rows(Files.readAllLines(FILE));
    }

    public static List<Row> rows(List<String> lines) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (!line.startsWith("|") || line.startsWith("|---")) {
                continue;
            }
            String[] cells = line.substring(1).split("(?<!\\\\)\\|");
            if (cells.length < 3) {
                continue;
            }
            Matcher code = CODE.matcher(cells[0]);
            while (code.find()) {
                if (KEY.matcher(code.group(1)).matches()) {
                    rows.add(new Row(code.group(1), i + 1, cells[1].trim()));
                }
            }
        }
        return rows;
    }

    public static String text() throws IOException {
        return Files.readString(FILE);
    }
}
