package io.akshybrid.gateway.central;

import java.net.InetAddress;

/** This replica's name in the central store's records: the pod name in Kubernetes, else the host name. */
public final class ReplicaName {

    public static final String NAME = name();

    private ReplicaName() {}

    private static String name() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
