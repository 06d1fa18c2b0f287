package io.akshybrid.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy in front of a PostgreSQL server, to take a shard "down" and bring it back: {@link #stop()}
 * closes the listening socket and every open connection, as a crashed or partitioned database would.
 */
public final class TcpProxy {

    private final int targetPort;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    /** While set, new connections are accepted and never served. */
    private volatile boolean blackhole;
    /** Connections that went silent: they stay open and swallow everything, like a wedged peer. */
    private final List<AtomicBoolean> silenced = new CopyOnWriteArrayList<>();

    public TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            this.port = probe.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public synchronized void start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = s;
        Thread accept = new Thread(
                () -> {
                    while (!s.isClosed()) {
                        try {
                            Socket client = s.accept();
                            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                            open.add(client);
                            open.add(upstream);
                            AtomicBoolean silent = new AtomicBoolean(blackhole);
                            silenced.add(silent);
                            pipe(client, upstream, silent);
                            pipe(upstream, client, silent);
                        } catch (IOException e) {
                            return;
                        }
                    }
                },
                "tcp-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public synchronized void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }

    /**
     * Every open connection goes silent for good (bytes are read and dropped, nothing is closed),
     * and new connections are accepted but silent too, until {@link #heal()}: a database whose
     * connections stop answering without failing.
     */
    public void blackhole() {
        blackhole = true;
        silenced.forEach(s -> s.set(true));
    }

    /** New connections are served again; the ones that went silent stay silent. */
    public void heal() {
        blackhole = false;
    }

    private static void pipe(Socket from, Socket to, AtomicBoolean silent) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[16384];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buf)) >= 0) {
                            if (!silent.get()) {
                                out.write(buf, 0, n);
                                out.flush();
                            }
                        }
                    } catch (IOException ignored) {
                        // one side closed: the other follows below
                    } finally {
                        try {
                            to.close();
                            from.close();
                        } catch (IOException ignored) {
                            // already closed
                        }
                    }
                },
                "tcp-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }
}
