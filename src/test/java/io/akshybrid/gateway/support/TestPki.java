package io.akshybrid.gateway.support;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A certificate authority made in the test: it signs the server's certificate and the clients'. */
public final class TestPki {

    public record Issued(X509Certificate certificate, PrivateKey key) {}

    private final Issued ca;

    public TestPki() throws Exception {
        KeyPair keys = keyPair();
        X500Name name = new X500Name("CN=test clusters CA");
        JcaX509v3CertificateBuilder b = builder(name, name, keys);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        ca = new Issued(sign(b, keys.getPrivate()), keys.getPrivate());
    }

    public X509Certificate caCertificate() {
        return ca.certificate;
    }

    /** A certificate with subject CN {@code cn} and the given DNS subject alternative names. */
    public Issued issue(String cn, String... dnsNames) throws Exception {
        KeyPair keys = keyPair();
        JcaX509v3CertificateBuilder b = builder(
                new X500Name("CN="
                        + ca.certificate.getSubjectX500Principal().getName().replace("CN=", "")),
                new X500Name("CN=" + cn),
                keys);
        if (dnsNames.length > 0) {
            GeneralName[] names = new GeneralName[dnsNames.length];
            for (int i = 0; i < dnsNames.length; i++) {
                names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        return new Issued(sign(b, ca.key), keys.getPrivate());
    }

    /** Writes a certificate, or a private key as PKCS#8, in PEM. */
    public static void writePem(Path file, Object object) throws Exception {
        boolean key = object instanceof PrivateKey;
        byte[] der = key ? ((PrivateKey) object).getEncoded() : ((X509Certificate) object).getEncoded();
        String label = key ? "PRIVATE KEY" : "CERTIFICATE";
        Files.writeString(
                file,
                "-----BEGIN " + label + "-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + label
                        + "-----\n");
    }

    /** A client TLS context trusting this CA and presenting {@code client} (null: no client certificate). */
    public SSLContext clientContext(Issued client) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        if (client != null) {
            identity.setKeyEntry(
                    "client", client.key, "x".toCharArray(), new X509Certificate[] {client.certificate, ca.certificate
                    });
        }
        kmf.init(identity, "x".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        return ctx;
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(
                issuer,
                BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(new SecureRandom().nextInt(1 << 20))),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))),
                subject,
                keys.getPublic());
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey key) throws Exception {
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }
}
