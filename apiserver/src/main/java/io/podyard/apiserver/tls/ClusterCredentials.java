package io.podyard.apiserver.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.podyard.apiserver.tls.Certificates.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x509.GeneralName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's CA, the API server's serving certificate and the admin's client certificate and
 * bearer token, kept as PEM files under {@code <dataDir>/pki} and reused across restarts.
 */
public final class ClusterCredentials {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterCredentials.class);
    /** A leaf this close to expiry is re-issued at start, so a node restarted monthly never serves an expired one. */
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path pki;
    private final X509Certificate ca;
    private final KeyAndCert serving;
    private final KeyAndCert admin;
    private final String adminToken;

    private ClusterCredentials(Path pki, X509Certificate ca, KeyAndCert serving, KeyAndCert admin, String adminToken) {
        this.pki = pki;
        this.ca = ca;
        this.serving = serving;
        this.admin = admin;
        this.adminToken = adminToken;
    }

    /**
     * Reads the credentials under {@code <dataDir>/pki}, creating what is missing. A leaf
     * certificate is re-issued by the same CA when it expires within 30 days, was not
     * issued by that CA, or (the serving one) lacks a requested SAN.
     *
     * @param extraSans names besides the built-in ones; IP literals become IP SANs, anything else a DNS SAN
     * @throws IllegalArgumentException if an extra SAN is neither an IP literal nor a DNS name
     */
    public static ClusterCredentials loadOrCreate(Path dataDir, List<String> extraSans, InstantSource clock)
            throws IOException {
        Set<GeneralName> sans = SubjectAltNames.forApiServer(extraSans);
        Path pki = dataDir.resolve("pki");
        if (!Files.isDirectory(pki)) {
            Files.createDirectories(dataDir);
            Files.createDirectory(pki, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Instant now = clock.instant();
        KeyAndCert ca = loadOrCreateCa(pki, now);
        KeyAndCert serving = loadOrIssue(pki, "apiserver", Profile.serving(sans), ca, now);
        KeyAndCert admin = loadOrIssue(pki, "admin", Profile.admin(), ca, now);
        loadOrIssue(pki, "kubelet", Profile.kubeletServing(SubjectAltNames.forApiServer(List.of())), ca, now);
        loadOrIssue(pki, "apiserver-kubelet-client", Profile.kubeletClient(), ca, now);
        return new ClusterCredentials(pki, ca.certificate(), serving, admin, loadOrCreateToken(pki.resolve("admin.token")));
    }

    public X509Certificate caCertificate() {
        return ca;
    }

    public X509Certificate servingCertificate() {
        return serving.certificate();
    }

    public KeyPair servingKeyPair() {
        return new KeyPair(serving.certificate().getPublicKey(), serving.key());
    }

    public String adminToken() {
        return adminToken;
    }

    /** Compares in constant time, so response timing does not reveal how much of a guess was right. */
    public boolean isAdminToken(String presented) {
        return presented != null && MessageDigest.isEqual(adminToken.getBytes(UTF_8), presented.getBytes(UTF_8));
    }

    /**
     * Signs a client certificate request with the cluster CA, for {@code validity} from {@code now}
     * (the CSR signer's work); the CA key is read from disk for each signature, not kept in memory.
     *
     * @return the certificate, PEM
     * @throws IllegalArgumentException for a request that is not valid PKCS#10 PEM or not self-signed
     */
    public String signClientRequest(String requestPem, Duration validity, Instant now) throws IOException {
        return signRequest(requestPem, validity, now, false);
    }

    /** As {@link #signClientRequest}, for a serving certificate (a node server's, from kubelet-serving requests). */
    public String signServingRequest(String requestPem, Duration validity, Instant now) throws IOException {
        return signRequest(requestPem, validity, now, true);
    }

    private String signRequest(String requestPem, Duration validity, Instant now, boolean server) throws IOException {
        byte[] request;
        try {
            request = ClientCertificates.der(requestPem, "CERTIFICATE REQUEST");
        } catch (IOException e) {
            throw new IllegalArgumentException("not a PEM certificate request: " + e.getMessage(), e);
        }
        KeyAndCert authority = new KeyAndCert(ca, Pem.readPrivateKey(pki.resolve("ca.key")));
        return Pem.certificate(Certificates.signRequest(authority, request, now, validity, server));
    }

    /** The key service account tokens are signed with (Kubernetes' sa.key), made on first use. */
    public Path serviceAccountKeyPem() {
        return pki.resolve("sa.key");
    }

    public Path caPem() {
        return pki.resolve("ca.crt");
    }

    public Path servingCertPem() {
        return pki.resolve("apiserver.crt");
    }

    public Path servingKeyPem() {
        return pki.resolve("apiserver.key");
    }

    /**
     * The serving certificate of a node agent that shares this data directory ({@code podyard server}):
     * the agent reads {@code kubelet.crt}/{@code kubelet.key} and trusts client certificates of {@code ca.crt}.
     */
    public Path kubeletCertPem() {
        return pki.resolve("kubelet.crt");
    }

    public Path kubeletKeyPem() {
        return pki.resolve("kubelet.key");
    }

    /** What the API server presents to node agents when it proxies logs, exec, attach and port-forward. */
    public Path kubeletClientCertPem() {
        return pki.resolve("apiserver-kubelet-client.crt");
    }

    public Path kubeletClientKeyPem() {
        return pki.resolve("apiserver-kubelet-client.key");
    }

    public Path adminCertPem() {
        return pki.resolve("admin.crt");
    }

    public Path adminKeyPem() {
        return pki.resolve("admin.key");
    }

    /** For the kubeconfig, which embeds the admin's certificate and key. */
    KeyAndCert admin() {
        return admin;
    }

    /** The CA exists once ca.crt does: it is written after its key, so a crash in between starts over. */
    private static KeyAndCert loadOrCreateCa(Path pki, Instant now) throws IOException {
        Path certFile = pki.resolve("ca.crt");
        Path keyFile = pki.resolve("ca.key");
        if (Files.exists(certFile)) {
            if (!Files.exists(keyFile)) {
                throw new IOException(certFile + " exists but " + keyFile
                        + " does not; restore the key, or remove the whole pki directory to start a new CA");
            }
            return new KeyAndCert(Pem.readCertificate(certFile), Pem.readPrivateKey(keyFile));
        }
        LOG.info("Creating the cluster CA in {}", pki);
        KeyAndCert ca = Certificates.newCa(now);
        store(ca, certFile, keyFile);
        return ca;
    }

    private static KeyAndCert loadOrIssue(Path pki, String name, Profile profile, KeyAndCert ca, Instant now)
            throws IOException {
        Path certFile = pki.resolve(name + ".crt");
        Path keyFile = pki.resolve(name + ".key");
        Optional<X509Certificate> existing = Files.exists(certFile) && Files.exists(keyFile)
                ? Optional.of(Pem.readCertificate(certFile))
                : Optional.empty();
        Optional<String> reason = existing.isEmpty()
                ? Optional.of("none on disk")
                : reissueReason(existing.get(), profile, ca, now);
        if (reason.isEmpty()) {
            return new KeyAndCert(existing.get(), Pem.readPrivateKey(keyFile));
        }
        LOG.info("Issuing the {} certificate: {}", name, reason.get());
        KeyAndCert issued = Certificates.issue(ca, profile, now);
        store(issued, certFile, keyFile);
        return issued;
    }

    private static Optional<String> reissueReason(X509Certificate existing, Profile profile, KeyAndCert ca, Instant now) {
        if (!Certificates.isSignedBy(existing, ca.certificate().getPublicKey())) {
            return Optional.of("the one on disk was not issued by the current CA");
        }
        Instant notAfter = existing.getNotAfter().toInstant();
        if (notAfter.isBefore(now.plus(RENEW_BEFORE))) {
            return Optional.of("the one on disk expires " + notAfter);
        }
        List<GeneralName> missing = new ArrayList<>(profile.sans());
        missing.removeAll(SubjectAltNames.of(existing));
        if (!missing.isEmpty()) {
            return Optional.of("the one on disk lacks " + missing.stream().map(SubjectAltNames::describe).toList());
        }
        return Optional.empty();
    }

    /**
     * The certificate file is removed first and written last, so a crash part-way leaves no
     * certificate (re-issued next start) rather than a certificate next to some other key.
     */
    private static void store(KeyAndCert pair, Path certFile, Path keyFile) throws IOException {
        Files.deleteIfExists(certFile);
        AtomicFiles.write(keyFile, Pem.privateKey(pair.key()).getBytes(US_ASCII), AtomicFiles.OWNER_ONLY);
        AtomicFiles.write(certFile, Pem.certificate(pair.certificate()).getBytes(US_ASCII), AtomicFiles.WORLD_READABLE);
    }

    private static String loadOrCreateToken(Path file) throws IOException {
        if (Files.exists(file)) {
            String token = Files.readString(file, US_ASCII).strip();
            if (token.isEmpty()) {
                throw new IOException(file + " is empty; remove it to have a new admin token generated");
            }
            return token;
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        AtomicFiles.write(file, (token + "\n").getBytes(US_ASCII), AtomicFiles.OWNER_ONLY);
        return token;
    }
}
