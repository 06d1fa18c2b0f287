package io.akshybrid.gateway.regions;

import io.akshybrid.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Holds the region map in force. Readers on the request path call {@link #current()}, a volatile
 * read; loading reads the file and so blocks: it runs at startup or on a worker thread, never on an
 * event loop.
 */
@ApplicationScoped
public class RegionMapHolder {

    private static final Logger LOG = Logger.getLogger(RegionMapHolder.class);

    private final GatewayConfig config;
    private final AtomicReference<RegionMap> current = new AtomicReference<>();

    public RegionMapHolder(GatewayConfig config) {
        this.config = config;
    }

    /** The map in force; null until the first valid file has been loaded. */
    public RegionMap current() {
        return current.get();
    }

    /**
     * Reads and validates the configured file; on success it becomes the map in force. Blocking.
     *
     * @throws RegionMapException when the file is invalid (the previous map stays in force)
     * @throws IOException when the file cannot be read
     */
    public RegionMap load() throws RegionMapException, IOException {
        Path path = Path.of(config.regionsFile());
        String content = Files.readString(path, StandardCharsets.UTF_8);
        RegionMap map = RegionsFileParser.parse(path.toString(), content, System::getenv);
        current.set(map);
        LOG.infof("Region map %s loaded from %s: %d regions, %d clusters", map.contentSha256().substring(0, 12), path,
                map.regions().size(), map.clusters().size());
        return map;
    }
}
