package io.akshybrid.gateway.support;

import io.akshybrid.gateway.embedded.EmbeddedPostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A test resource that puts a {@link TcpProxy} in front of a database of the embedded server and
 * hands the gateway a regions.yaml whose shard goes through the proxy, so that a test can take the
 * shard down, or silence it, and bring it back.
 */
public abstract class ProxiedShardResource implements QuarkusTestResourceLifecycleManager {

    private TcpProxy proxy;

    /** The embedded database behind the proxy. */
    protected abstract String database();

    /** regions.yaml, given the port the proxy listens on. */
    protected abstract String regionsYaml(int proxyPort);

    /** Hands the running proxy to the test class. */
    protected abstract void started(TcpProxy proxy);

    /** Settings beside the regions file. */
    protected Map<String, String> settings() {
        return Map.of();
    }

    @Override
    public Map<String, String> start() {
        try {
            proxy = new TcpProxy(EmbeddedPostgresServer.database(database(), Optional.empty(), false));
            proxy.start();
            started(proxy);
            Path file = Files.createTempFile("regions-" + database(), ".yaml");
            Files.writeString(file, regionsYaml(proxy.port()));
            Map<String, String> config = new HashMap<>(settings());
            config.put("gateway.regions-file", file.toString());
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        try {
            proxy.stop();
        } catch (IOException ignored) {
            // the JVM is ending
        }
    }
}
