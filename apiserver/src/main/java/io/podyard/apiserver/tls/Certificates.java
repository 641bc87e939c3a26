package io.podyard.apiserver.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * Issues the cluster's certificates. The CA and the serving certificate use ECDSA P-256, which every
 * TLS stack accepts; the admin client key is RSA, because Kubernetes client libraries (fabric8, the
 * official Java and Python clients) load client keys from a kubeconfig as RSA unless told otherwise.
 */
final class Certificates {
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration LEAF_VALIDITY = Duration.ofDays(365);
    /** Certificates start a little in the past so a peer whose clock lags still accepts them, as kubeadm does. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final X500Name CA_SUBJECT = new X500Name("CN=podyard-ca");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Who a leaf certificate names and what it may be used for. */
    record Profile(X500Name subject, KeyPurposeId usage, Set<GeneralName> sans, boolean rsa) {
        static Profile serving(Set<GeneralName> sans) {
            return new Profile(new X500Name("CN=podyard-apiserver"), KeyPurposeId.id_kp_serverAuth, sans, false);
        }

        /** Kubernetes reads O as the user's groups; system:masters is the group RBAC always allows. */
        /** The node agents' streaming servers (logs, exec), which the API server calls as Kubernetes calls kubelets. */
        static Profile kubeletServing(Set<GeneralName> sans) {
            return new Profile(new X500Name("CN=podyard-kubelet"), KeyPurposeId.id_kp_serverAuth, sans, false);
        }

        /** What the API server presents to node agents (kube-apiserver's --kubelet-client-certificate). */
        static Profile kubeletClient() {
            return new Profile(new X500Name("O=system:masters,CN=podyard-apiserver-kubelet-client"),
                    KeyPurposeId.id_kp_clientAuth, Set.of(), false);
        }

        static Profile admin() {
            return new Profile(new X500Name("O=system:masters,CN=podyard-admin"), KeyPurposeId.id_kp_clientAuth,
                    Set.of(), true);
        }
    }

    private Certificates() {}

    static KeyAndCert newCa(Instant now) {
        KeyPair keys = newKeyPair();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(CA_SUBJECT, serialNumber(),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), CA_SUBJECT, keys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            return new KeyAndCert(sign(builder, keys.getPrivate()), keys.getPrivate());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the CA certificate", e);
        }
    }

    static KeyAndCert issue(KeyAndCert ca, Profile profile, Instant now) {
        KeyPair keys = profile.rsa() ? newRsaKeyPair() : newKeyPair();
        return new KeyAndCert(sign(ca, profile, keys.getPublic(), now, LEAF_VALIDITY), keys.getPrivate());
    }

    /**
     * A client (or, with {@code server}, serving) certificate for the subject and key of a PKCS#10
     * request, valid for {@code validity};
     * the request's own signature must check out (it proves the requester holds the key).
     *
     * @throws IllegalArgumentException for a request that is not valid PKCS#10 or not self-signed
     */
    static X509Certificate signRequest(KeyAndCert ca, byte[] der, Instant now, Duration validity, boolean server) {
        try {
            JcaPKCS10CertificationRequest request = new JcaPKCS10CertificationRequest(der);
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(request.getPublicKey()))) {
                throw new IllegalArgumentException("the request's signature does not match its key");
            }
            Profile profile = new Profile(request.getSubject(),
                    server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth, Set.of(), false);
            return sign(ca, profile, request.getPublicKey(), now, validity);
        } catch (IOException | GeneralSecurityException | OperatorCreationException | PKCSException
                 | IllegalStateException e) {
            throw new IllegalArgumentException("not a valid certificate request: " + e.getMessage(), e);
        }
    }

    private static X509Certificate sign(KeyAndCert ca, Profile profile, PublicKey key, Instant now, Duration validity) {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serialNumber(),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), profile.subject(), key);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    // digitalSignature alone: TLS 1.2+/1.3 clients and ECDSA servers only sign.
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(profile.usage()))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key))
                    .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca.certificate()));
            if (!profile.sans().isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(profile.sans().toArray(GeneralName[]::new)));
            }
            return sign(builder, ca.key());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the certificate for " + profile.subject(), e);
        }
    }

    static boolean isSignedBy(X509Certificate certificate, PublicKey issuer) {
        try {
            certificate.verify(issuer);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate EC P-256 keys", e);
        }
    }

    static KeyPair newRsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate RSA keys", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** Random and positive, as RFC 5280 asks; 127 bits keep the encoding within its 20 octets. */
    private static BigInteger serialNumber() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }
}
