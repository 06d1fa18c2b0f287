package io.akshybrid.gateway.auth;

import io.akshybrid.gateway.failure.Failure;
import io.akshybrid.gateway.hashing.Sha256;
import io.akshybrid.gateway.hashing.Sha256Hash;
import io.akshybrid.gateway.regions.Cluster;
import io.akshybrid.gateway.regions.RegionMap;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;

/**
 * Turns an {@code Authorization: Bearer} header into the cluster it belongs to. The cluster's
 * identity comes from the credential only, never from the request body.
 *
 * <p>Tokens are known only as SHA-256 hashes. The presented token is hashed and its hash looked up;
 * the candidate's stored hash is then compared with {@link MessageDigest#isEqual}, which takes time
 * independent of where the bytes differ. The lookup itself works on the hash, so its timing can tell
 * an attacker about the hash of what they sent, never about a valid token. Pure CPU work, safe on the
 * event loop.
 */
public final class ClusterAuthenticator {

    private static final String BEARER = "bearer ";

    private ClusterAuthenticator() {}

    /**
     * With mutual TLS on, a client certificate that names a registered cluster (CN or SAN = cluster id)
     * is the identity. A certificate naming several registered clusters is refused rather than taken
     * as the first; a cluster that pins certificates ({@code certSha256}) is named only by those, so a
     * stolen certificate is revoked by removing its pin. A bearer token sent beside a certificate must
     * belong to the same cluster, so that a token cannot override the certificate. Without a
     * certificate, the bearer token decides.
     *
     * @param certificate the verified client certificate; {@link ClientCertificate#NONE} when none (or mTLS is off)
     */
    public static Cluster authenticate(String authorization, ClientCertificate certificate, RegionMap map) {
        if (!certificate.isPresent()) {
            return authenticate(authorization, map);
        }
        List<Cluster> named = certificate.names().stream()
                .map(map.clusters()::get)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        if (named.isEmpty()) {
            throw Failure.UNAUTHORIZED.because("the client certificate names no registered cluster");
        }
        if (named.size() > 1) {
            throw Failure.UNAUTHORIZED.because("the client certificate names " + named.size()
                    + " registered clusters; a certificate must name exactly one cluster");
        }
        Cluster byCertificate = named.get(0);
        if (byCertificate.pinsCertificates() && !byCertificate.certSha256s().contains(certificate.sha256())) {
            throw Failure.UNAUTHORIZED.because(
                    "the client certificate is not one that the region map pins for its cluster (certSha256)");
        }
        if (authorization != null && !authorization.isBlank()) {
            Cluster byToken = authenticate(authorization, map);
            if (byToken != byCertificate) {
                throw Failure.UNAUTHORIZED.because(
                        "the bearer token belongs to another cluster than the client certificate");
            }
        }
        return byCertificate;
    }

    /** The cluster of a bearer token: one hash-map lookup by the token's SHA-256, whatever the fleet's size. */
    public static Cluster authenticate(String authorization, RegionMap map) {
        byte[] presented = Sha256.digest(bearerToken(authorization));
        Cluster cluster = map.byTokenHash().get(Sha256Hash.of(presented));
        if (cluster == null || cluster.tokenSha256s().stream().noneMatch(h -> h.equalsInConstantTime(presented))) {
            throw Failure.UNAUTHORIZED.because("unknown cluster credential");
        }
        return cluster;
    }

    /** The token of an {@code Authorization: Bearer} header, or 401. */
    static String bearerToken(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw Failure.UNAUTHORIZED.because("missing Authorization header; send 'Authorization: Bearer <token>'");
        }
        if (authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw Failure.UNAUTHORIZED.because("the Authorization header must use the Bearer scheme");
        }
        String token = authorization.substring(BEARER.length()).trim();
        if (token.isEmpty() || token.length() > 512) {
            throw Failure.UNAUTHORIZED.because("the bearer token is empty or too long");
        }
        return token;
    }
}
