package io.akshybrid.gateway.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The pages a user reads (README.md and docs/*.md) and the shell blocks in them, as a reader would
 * paste them: one block is one script.
 */
final class DocPages {

    static final Path README = Path.of("README.md");
    static final Path DOCS = Path.of("docs");

    /** A fenced {@code sh} block: the page, the line its fence opens on, and its text. */
    record ShellBlock(Path page, int line, String script) {

        String where() {
            return page + ":" + line;
        }
    }

    /** The output of a script run with bash. */
    record Run(int exit, String out, String err) {}

    private DocPages() {}

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(README);
        try (Stream<Path> docs = Files.list(DOCS)) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    static List<ShellBlock> shellBlocks() throws IOException {
        List<ShellBlock> blocks = new ArrayList<>();
        for (Path page : pages()) {
            List<String> lines = Files.readAllLines(page);
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).trim().equals("```sh")) {
                    continue;
                }
                int open = i;
                StringBuilder script = new StringBuilder();
                while (++i < lines.size() && !lines.get(i).trim().equals("```")) {
                    script.append(lines.get(i)).append('\n');
                }
                blocks.add(new ShellBlock(page, open + 1, script.toString()));
            }
        }
        return blocks;
    }

    /** The blocks whose text contains {@code marker}; at least one, or the test would check nothing. */
    static List<ShellBlock> shellBlocksWith(String marker) throws IOException {
        List<ShellBlock> found =
                shellBlocks().stream().filter(b -> b.script().contains(marker)).toList();
        if (found.isEmpty()) {
            throw new AssertionError("no shell block of README.md or docs/ contains " + marker);
        }
        return found;
    }

    /**
     * Runs a script with bash in {@code dir}, with an environment as bare as a fresh shell's (PATH,
     * HOME, and the JDK running the tests first on PATH).
     */
    static Run bash(String script, Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        pb.environment().put("HOME", System.getProperty("user.home"));
        Path err = Files.createTempFile("doc-command", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("still running after 120 s: " + script);
        }
        try {
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readString(err));
        } finally {
            Files.delete(err);
        }
    }
}
