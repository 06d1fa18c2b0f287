package io.akshybrid.gateway.support;

import org.eclipse.microprofile.config.ConfigProvider;

/** The management interface (health, metrics) as the tests reach it. */
public final class Management {

    private Management() {}

    /** Quarkus serves the management interface on 9001 in tests unless told otherwise. */
    public static int port() {
        return ConfigProvider.getConfig()
                .getOptionalValue("quarkus.management.test-port", Integer.class)
                .orElse(9001);
    }
}
