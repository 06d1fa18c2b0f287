package io.akshybrid.gateway.privacy;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Loads the scanner at startup, on the main thread: compiling the patterns and reading
 * libphonenumber's metadata for the national regions from its jar would otherwise happen on the
 * event loop that serves the first request with free text.
 */
@ApplicationScoped
class ScannerWarmUp {

    void onStart(@Observes StartupEvent event) {
        PiiScanner.redact("warm-up: +49 30 12345678, 020 7946 0958, bob@contoso.com, 10.1.2.3");
    }
}
