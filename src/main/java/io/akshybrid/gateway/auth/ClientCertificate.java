package io.akshybrid.gateway.auth;

import io.akshybrid.gateway.hashing.Sha256Hash;
import java.util.List;

/**
 * The verified client certificate a request came with: the names it carries (subject CN, DNS and URI
 * subject alternative names) and the SHA-256 fingerprint of its DER encoding, which regions.yaml may
 * pin. {@link #NONE} when the client sent none or mutual TLS is off.
 */
public record ClientCertificate(List<String> names, Sha256Hash sha256) {

    public static final ClientCertificate NONE = new ClientCertificate(List.of(), null);

    public ClientCertificate {
        names = List.copyOf(names);
    }

    public boolean isPresent() {
        return sha256 != null;
    }
}
