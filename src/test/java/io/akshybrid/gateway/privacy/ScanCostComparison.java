package io.akshybrid.gateway.privacy;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Compares the cost of scanning ordinary text in two builds of the scanner, in one JVM: each build's
 * classes are loaded apart and the two are timed in turns, so that a shared machine's noise falls on
 * both alike. The text is the corpus's benign lines (those of {@code sources.tsv} kept whole, and
 * {@code keep.tsv}), redacted; and the identifier fields of the benchmark's events, checked. Run it
 * with the classes of an older commit:
 *
 * <pre>
 * git worktree add /tmp/gw-old &lt;commit&gt; &amp;&amp; (cd /tmp/gw-old &amp;&amp; ./mvnw -q -B compile)
 * ./mvnw -q test-compile exec:java -Dexec.mainClass=io.akshybrid.gateway.privacy.ScanCostComparison \
 *     -Dexec.classpathScope=test -Dexec.args="/tmp/gw-old/target/classes target/classes 40"
 * </pre>
 *
 * It prints nanoseconds per character (and per identifier) of each build and the median ratio of the
 * rounds. It is a measurement, not a test: no build fails on it.
 */
public final class ScanCostComparison {

    private ScanCostComparison() {}

    public static void main(String[] args) throws Exception {
        List<String> text = Stream.concat(
                        PrivacyCorpus.sources().stream()
                                .filter(PrivacyCorpus.Source::keep)
                                .map(PrivacyCorpus.Source::sent),
                        PrivacyCorpus.keep().stream().map(PrivacyCorpus.Keep::text))
                .toList();
        String[] ids = {"Windows Server", "10.0.20348.2461", "PowerEdge R750", "HostBoot", "d-7f3a9c", "UTC"};
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        Method[] redact = new Method[2];
        Method[] detect = new Method[2];
        for (int k = 0; k < 2; k++) {
            Class<?> scanner = loader(Path.of(args[k])).loadClass(PiiScanner.class.getName());
            redact[k] = scanner.getMethod("redact", String.class);
            detect[k] = scanner.getMethod("detect", String.class);
        }
        long chars = text.stream().mapToLong(String::length).sum();
        for (int warm = 0; warm < 200; warm++) {
            for (int k = 0; k < 2; k++) {
                for (String t : text) {
                    redact[k].invoke(null, t);
                }
            }
        }
        long[][] textNanos = new long[2][rounds];
        long[][] idNanos = new long[2][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int turn = 0; turn < 2; turn++) {
                int k = (r + turn) % 2;
                long t0 = System.nanoTime();
                for (int rep = 0; rep < 10; rep++) {
                    for (String t : text) {
                        redact[k].invoke(null, t);
                    }
                }
                textNanos[k][r] = System.nanoTime() - t0;
                t0 = System.nanoTime();
                for (int rep = 0; rep < 20_000; rep++) {
                    detect[k].invoke(null, ids[rep % ids.length]);
                }
                idNanos[k][r] = System.nanoTime() - t0;
            }
        }
        System.out.printf(
                "ordinary text (%d lines, %d characters): %.0f ns/character before, %.0f after; median ratio %.2f%n",
                text.size(),
                chars,
                Arrays.stream(textNanos[0]).average().orElse(0) / 10 / chars,
                Arrays.stream(textNanos[1]).average().orElse(0) / 10 / chars,
                medianRatio(textNanos));
        System.out.printf(
                "identifiers: %.0f ns each before, %.0f after; median ratio %.2f (%d rounds)%n",
                Arrays.stream(idNanos[0]).average().orElse(0) / 20_000,
                Arrays.stream(idNanos[1]).average().orElse(0) / 20_000,
                medianRatio(idNanos),
                rounds);
    }

    private static double medianRatio(long[][] nanos) {
        double[] ratios = new double[nanos[0].length];
        for (int r = 0; r < ratios.length; r++) {
            ratios[r] = (double) nanos[1][r] / nanos[0][r];
        }
        Arrays.sort(ratios);
        return ratios[ratios.length / 2];
    }

    /** The build's classes first, then this class path's libraries (not this build's own classes). */
    private static ClassLoader loader(Path classes) throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(classes.toUri().toURL());
        for (URL entry : classPath()) {
            String path = entry.getPath();
            if (!path.endsWith("classes") && !path.endsWith("classes/")) {
                urls.add(entry);
            }
        }
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    /** The project's class path: the loader's (under {@code exec:java}), else the JVM's. */
    private static List<URL> classPath() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (ClassLoader l = ScanCostComparison.class.getClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                urls.addAll(Arrays.asList(u.getURLs()));
            }
        }
        if (urls.isEmpty()) {
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        return urls;
    }
}
