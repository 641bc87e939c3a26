package io.podyard.apiserver.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** PEM text for certificates and PKCS#8 private keys, in the layout openssl, Go and Vert.x read. */
final class Pem {
    private static final Base64.Encoder BODY = Base64.getMimeEncoder(64, "\n".getBytes(US_ASCII));

    private Pem() {}

    static String certificate(X509Certificate certificate) {
        try {
            return block("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("certificate cannot be DER-encoded", e);
        }
    }

    /** JDK private keys encode as PKCS#8, the "PRIVATE KEY" block every TLS stack reads. */
    static String privateKey(PrivateKey key) {
        return block("PRIVATE KEY", key.getEncoded());
    }

    static X509Certificate readCertificate(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (CertificateException e) {
            throw new IOException(file + " does not hold a PEM certificate", e);
        }
    }

    /** BouncyCastle reads the key: the JDK's own PEM decoder is still a preview API. */
    static PrivateKey readPrivateKey(Path file) throws IOException {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(file, US_ASCII))) {
            if (parser.readObject() instanceof PrivateKeyInfo info) {
                return new JcaPEMKeyConverter().getPrivateKey(info);
            }
            throw new IOException(file + " does not hold a PKCS#8 private key");
        }
    }

    static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + BODY.encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
