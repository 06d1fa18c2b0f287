package io.akshybrid.gateway.regions;

import java.util.List;
import java.util.stream.Collectors;

/** regions.yaml could not be used; each problem names its line. The last good map stays in force. */
public class RegionMapException extends Exception {

    /** One reason the file was refused; {@code line} is 1-based, 0 when the problem has no single line. */
    public record Problem(int line, String message) {
        @Override
        public String toString() {
            return line > 0 ? "line " + line + ": " + message : message;
        }
    }

    private final List<Problem> problems;

    public RegionMapException(String source, List<Problem> problems) {
        super(source + " is invalid:\n  "
                + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
