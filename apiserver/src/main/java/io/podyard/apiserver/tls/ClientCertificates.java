package io.podyard.apiserver.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Client certificates by request, as a joining node gets its credential: the node makes a key and
 * a PKCS#10 request ({@link #request}), the cluster signs it ({@link ClusterCredentials#signClientRequest}),
 * and the node checks who it talks to by the CA's pin ({@link #pin}, kubeadm's
 * {@code --discovery-token-ca-cert-hash} form).
 */
public final class ClientCertificates {
    private ClientCertificates() {
    }

    /** A private key and its certificate request, both PEM. */
    public record KeyAndRequest(String keyPem, String requestPem) {
    }

    /** Who a certificate request names: Kubernetes reads CN as the user and each O as a group. */
    public record Subject(String commonName, List<String> organizations) {
        public Subject {
            organizations = List.copyOf(organizations);
        }
    }

    /**
     * A fresh key (RSA: fabric8 reads kubeconfig client keys as RSA unless told otherwise) and a
     * request for CN={@code user}, O=each group, signed with that key.
     */
    public static KeyAndRequest request(String user, List<String> groups) {
        KeyPair keys = Certificates.newRsaKeyPair();
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        groups.forEach(group -> subject.addRDN(BCStyle.O, group));
        subject.addRDN(BCStyle.CN, user);
        try {
            PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(subject.build(),
                    keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
            return new KeyAndRequest(Pem.privateKey(keys.getPrivate()),
                    Pem.block("CERTIFICATE REQUEST", request.getEncoded()));
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot build a certificate request", e);
        }
    }

    /** @throws IllegalArgumentException when the text is not one PEM certificate request */
    public static Subject subject(String requestPem) {
        try {
            PKCS10CertificationRequest request = new PKCS10CertificationRequest(der(requestPem, "CERTIFICATE REQUEST"));
            String cn = null;
            List<String> orgs = new ArrayList<>();
            for (RDN rdn : request.getSubject().getRDNs()) {
                ASN1Encodable value = rdn.getFirst().getValue();
                if (rdn.getFirst().getType().equals(BCStyle.CN)) {
                    cn = IETFUtils.valueToString(value);
                } else if (rdn.getFirst().getType().equals(BCStyle.O)) {
                    orgs.add(IETFUtils.valueToString(value));
                }
            }
            return new Subject(cn == null ? "" : cn, orgs);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a PEM certificate request: " + e.getMessage(), e);
        }
    }

    /** Writes a key or certificate (PEM) atomically, readable by its owner only. */
    public static void writeOwnerOnly(Path file, String pem) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, pem.getBytes(US_ASCII), AtomicFiles.OWNER_ONLY);
    }

    /** kubeadm's CA pin: {@code sha256:} and the hex SHA-256 of the certificate's SubjectPublicKeyInfo. */
    public static String pin(X509Certificate ca) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(ca.getPublicKey().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(X509Certificate certificate) {
        return Pem.certificate(certificate);
    }

    /** @throws IllegalArgumentException when the text is not a PEM certificate */
    public static X509Certificate certificate(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(pem.getBytes(US_ASCII)));
        } catch (CertificateException | ClassCastException e) {
            throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage(), e);
        }
    }

    static byte[] der(String pem, String type) throws IOException {
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            PemObject object = reader.readPemObject();
            if (object == null || !object.getType().equals(type)) {
                throw new IOException("expected one PEM " + type);
            }
            return object.getContent();
        }
    }
}
