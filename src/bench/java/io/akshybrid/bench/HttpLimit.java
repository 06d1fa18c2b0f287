package io.akshybrid.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * This machine's HTTP limit for a wrk script: nginx answering every request with a fixed 200 and the
 * body the gateway would give a 1-event request, driven by the same script as the gateway in the same
 * run. The gateway's requests/s over nginx's is the share of the HTTP limit it reaches; the rest is
 * what parsing, checking, scanning and committing cost. Skipped where nginx is not installed
 * (Debian/Ubuntu: apt-get install nginx).
 */
final class HttpLimit implements AutoCloseable {

    private static final List<Path> NGINX = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/bin/nginx"));

    private final Process process;
    private final int port;

    private HttpLimit(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** nginx on a free port of 127.0.0.1, with its files under {@code dir}; empty when it is not installed. */
    static Optional<HttpLimit> start(Path dir) throws IOException, InterruptedException {
        Optional<Path> nginx = NGINX.stream().filter(Files::isExecutable).findFirst();
        if (nginx.isEmpty()) {
            return Optional.empty();
        }
        Path prefix = Files.createDirectories(dir.resolve("nginx"));
        Files.createDirectories(prefix.resolve("logs"));
        int port = freePort();
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(
                conf,
                """
                worker_processes auto;
                pid nginx.pid;
                error_log logs/error.log;
                events { worker_connections 4096; }
                http {
                  access_log off;
                  client_body_temp_path body;
                  server {
                    listen 127.0.0.1:%d backlog=4096;
                    keepalive_requests 1000000;
                    location / {
                      default_type application/json;
                      return 200 '{"accepted":1,"duplicates":0,"redactions":0,"rejected":[]}';
                    }
                  }
                }
                """
                        .formatted(port));
        Process p = new ProcessBuilder(
                        nginx.get().toString(), "-p", prefix.toString(), "-c", conf.toString(), "-g", "daemon off;")
                .redirectErrorStream(true)
                .redirectOutput(prefix.resolve("logs/stdout.log").toFile())
                .start();
        HttpLimit limit = new HttpLimit(p, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return Optional.of(limit);
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    throw new IOException("nginx exited at once; see " + prefix.resolve("logs"));
                }
                Thread.sleep(50);
            }
        }
        limit.close();
        throw new IOException("nginx did not listen within 10 s; see " + prefix.resolve("logs"));
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/v1/events");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
