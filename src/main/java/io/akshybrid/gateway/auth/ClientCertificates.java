package io.akshybrid.gateway.auth;

import io.akshybrid.gateway.hashing.Sha256Hash;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Reads a verified client certificate: the names it carries (its subject CN and its DNS and URI
 * subject alternative names; with mutual TLS on, one of them is the cluster id of regions.yaml) and the
 * SHA-256 fingerprint of its DER encoding (which a cluster may pin). The TLS layer has already checked
 * the certificate against the configured CA; this only reads it. Pure CPU work, safe on the event loop.
 */
public final class ClientCertificates {

    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;

    private ClientCertificates() {}

    /** The leaf certificate, or {@link ClientCertificate#NONE} when the client sent none. */
    public static ClientCertificate of(SSLSession session) {
        if (session == null) {
            return ClientCertificate.NONE;
        }
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return ClientCertificate.NONE;
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            return ClientCertificate.NONE;
        }
        try {
            return new ClientCertificate(names(leaf), Sha256Hash.digest(leaf.getEncoded()));
        } catch (CertificateEncodingException e) {
            return ClientCertificate.NONE; // the TLS layer decoded it; it cannot fail to encode
        }
    }

    /** The certificate's subject CNs, then its DNS and URI subject alternative names. */
    static List<String> names(X509Certificate leaf) {
        List<String> names = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    names.add(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            // no usable subject; the SANs may still name the cluster
        }
        try {
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == SAN_DNS || type == SAN_URI) {
                        names.add(san.get(1).toString());
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // as above
        }
        return List.copyOf(names);
    }
}
