package io.akshybrid.gateway.regions;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The region map could not be used; each problem names its line (and, for a directory, its file). The
 * last good map stays in force. The message lists at most {@value #LISTED} problems, so that an edit
 * that breaks thousands of clusters still makes a readable log line.
 */
public class RegionMapException extends Exception {

    static final int LISTED = 50;

    /**
     * One reason the map was refused; {@code line} is 1-based, 0 when the problem has no single line;
     * {@code file} is the file's name when the map is a directory, else null.
     */
    public record Problem(String file, int line, String message) {
        public Problem(int line, String message) {
            this(null, line, message);
        }

        Problem inFile(String name) {
            return new Problem(name, line, message);
        }

        @Override
        public String toString() {
            String where = line > 0 ? "line " + line : "";
            if (file != null) {
                where = where.isEmpty() ? file : file + " " + where;
            }
            return where.isEmpty() ? message : where + ": " + message;
        }
    }

    private final List<Problem> problems;

    public RegionMapException(String source, List<Problem> problems) {
        super(source + " is invalid:\n  "
                + problems.stream().limit(LISTED).map(Problem::toString).collect(Collectors.joining("\n  "))
                + (problems.size() > LISTED ? "\n  and " + (problems.size() - LISTED) + " more problems" : ""));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
