package io.akshybrid.gateway.embedded;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies the central store's connection settings from the embedded PostgreSQL server when nothing
 * else does. It has the lowest ordinal, so it is only asked when {@code quarkus.datasource.reactive.url}
 * is set nowhere else, and it starts the server only at that moment.
 */
public class EmbeddedCentralStoreConfigSourceFactory implements ConfigSourceFactory {

    static final String URL = "quarkus.datasource.reactive.url";
    static final String USERNAME = "quarkus.datasource.username";
    static final String PASSWORD = "quarkus.datasource.password";
    static final String DATA_DIRECTORY = "gateway.embedded.data-directory";
    static final String DURABLE = "gateway.embedded.durable";
    public static final String CENTRAL_DATABASE = "central";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue configured = context.getValue(URL);
        if (configured != null
                && configured.getValue() != null
                && !configured.getValue().isBlank()) {
            // A real central store is configured: its username and password must not be shadowed by ours.
            return List.of();
        }
        ConfigValue dir = context.getValue(DATA_DIRECTORY);
        Optional<String> dataDirectory = Optional.ofNullable(dir == null ? null : dir.getValue());
        ConfigValue durable = context.getValue(DURABLE);
        return List.of(new LazySource(
                dataDirectory,
                durable == null || durable.getValue() == null || Boolean.parseBoolean(durable.getValue())));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(1);
    }

    private static final class LazySource implements ConfigSource {
        private final Optional<String> dataDirectory;
        private final boolean durable;
        private volatile String url;

        LazySource(Optional<String> dataDirectory, boolean durable) {
            this.dataDirectory = dataDirectory;
            this.durable = durable;
        }

        @Override
        public Set<String> getPropertyNames() {
            return Set.of(URL, USERNAME, PASSWORD);
        }

        @Override
        public Map<String, String> getProperties() {
            // Listing values would start the server for any caller that merely enumerates properties.
            return Map.of();
        }

        @Override
        public String getValue(String name) {
            switch (name) {
                case URL:
                    if (url == null) {
                        if (readByBuild()) {
                            // Quarkus's build step reads every listed property; a build must not start a server.
                            return null;
                        }
                        int port = EmbeddedPostgresServer.database(CENTRAL_DATABASE, dataDirectory, durable);
                        url = "postgresql://localhost:" + port + "/" + CENTRAL_DATABASE;
                    }
                    return url;
                case USERNAME:
                    return EmbeddedPostgresServer.USER;
                case PASSWORD:
                    return EmbeddedPostgresServer.PASSWORD;
                default:
                    return null;
            }
        }

        private static boolean readByBuild() {
            return StackWalker.getInstance()
                    .walk(frames -> frames.anyMatch(f -> f.getClassName()
                            .startsWith("io.quarkus.deployment.configuration.BuildTimeConfigurationReader")));
        }

        @Override
        public int getOrdinal() {
            return 1;
        }

        @Override
        public String getName() {
            return "embedded-postgresql-central-store";
        }
    }
}
