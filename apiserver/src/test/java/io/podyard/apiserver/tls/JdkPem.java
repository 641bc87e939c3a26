package io.podyard.apiserver.tls;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Reads the PEM files with the JDK alone, as a TLS stack that has never heard of BouncyCastle would. */
final class JdkPem {
    private JdkPem() {}

    static X509Certificate certificate(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** A PKCS#8 private key; the serving key is EC, the admin key RSA. */
    static PrivateKey privateKey(Path file, String algorithm) throws Exception {
        String pem = Files.readString(file);
        String body = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "");
        byte[] pkcs8 = Base64.getMimeDecoder().decode(body);
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }
}
