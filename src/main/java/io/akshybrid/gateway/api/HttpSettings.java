package io.akshybrid.gateway.api;

import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * The agent port's HTTP server, as strict as the contract needs: no cleartext HTTP/2 (h2c) upgrade,
 * which nothing here uses and which would widen what a client can make the server do, and metric
 * labels bounded, so that a made-up method name cannot create a new series.
 */
@ApplicationScoped
public class HttpSettings implements HttpServerOptionsCustomizer {

    /** The methods of RFC 9110; any other is counted as {@code OTHER}. */
    static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }

    @Produces
    @Singleton
    MeterFilter boundedMethodLabels() {
        return MeterFilter.replaceTagValues("method", m -> METHODS.contains(m) ? m : "OTHER");
    }
}
