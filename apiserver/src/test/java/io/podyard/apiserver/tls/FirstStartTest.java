package io.podyard.apiserver.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the first start writes under pki/, checked with the JDK rather than with the code that wrote it. */
class FirstStartTest {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    @TempDir Path dataDir;
    private ClusterCredentials credentials;

    @BeforeEach
    void start() throws Exception {
        credentials = ClusterCredentials.loadOrCreate(dataDir, List.of("10.1.2.3", "API.Example.com"), InstantSource.fixed(NOW));
    }

    @Test
    void caIsASelfSignedTenYearCertificateAuthority() throws Exception {
        X509Certificate ca = JdkPem.certificate(dataDir.resolve("pki/ca.crt"));

        assertThat(ca).isEqualTo(credentials.caCertificate());
        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=podyard-ca");
        ca.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).as("CA=true").isGreaterThanOrEqualTo(0);
        boolean[] usage = ca.getKeyUsage();
        assertThat(usage[5]).as("keyCertSign").isTrue();
        assertThat(usage[6]).as("cRLSign").isTrue();
        assertThat(ca.getNotAfter().toInstant()).isAfterOrEqualTo(NOW.plus(Duration.ofDays(3650)).minusSeconds(1));
    }

    @Test
    void servingCertificateChainsToTheCaAndNamesEveryWayToReachTheServer() throws Exception {
        X509Certificate serving = JdkPem.certificate(credentials.servingCertPem());

        serving.verify(credentials.caCertificate().getPublicKey());
        assertThat(serving.getSubjectX500Principal().getName()).isEqualTo("CN=podyard-apiserver");
        assertThat(serving.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(serving.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(serving.getNotAfter().toInstant()).isBetween(NOW.plus(Duration.ofDays(364)), NOW.plus(Duration.ofDays(366)));

        List<String> expected = new ArrayList<>(List.of("DNS:localhost", "IP:127.0.0.1", ip("::1"),
                "DNS:kubernetes", "DNS:kubernetes.default", "DNS:kubernetes.default.svc",
                "DNS:kubernetes.default.svc.cluster.local", "IP:10.1.2.3", "DNS:api.example.com"));
        SubjectAltNames.localHostName().ifPresent(host -> expected.add("DNS:" + host));
        assertThat(sans(serving)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void servingKeyPairIsTheOneOnDiskAndMatchesTheCertificate() throws Exception {
        KeyPair pair = credentials.servingKeyPair();

        assertThat(pair.getPrivate()).isEqualTo(JdkPem.privateKey(credentials.servingKeyPem(), "EC"));
        assertThat(pair.getPublic()).isEqualTo(credentials.servingCertificate().getPublicKey());
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(pair.getPrivate());
        signer.update(new byte[] {42});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(credentials.servingCertificate());
        verifier.update(new byte[] {42});
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void adminCertificateIsASystemMastersClientCertificate() throws Exception {
        X509Certificate admin = JdkPem.certificate(credentials.adminCertPem());

        admin.verify(credentials.caCertificate().getPublicKey());
        assertThat(new LdapName(admin.getSubjectX500Principal().getName()).getRdns())
                .containsExactlyInAnyOrder(new Rdn("CN", "podyard-admin"), new Rdn("O", "system:masters"));
        assertThat(admin.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(admin.getPublicKey().getAlgorithm()).as("client libraries load RSA client keys").isEqualTo("RSA");
        assertThat(admin.getNotAfter().toInstant()).isBetween(NOW.plus(Duration.ofDays(364)), NOW.plus(Duration.ofDays(366)));
    }

    @Test
    void secretsAreReadableByTheOwnerAlone() throws Exception {
        Path pki = dataDir.resolve("pki");
        for (String secret : List.of("ca.key", "apiserver.key", "admin.key", "admin.token", "kubelet.key",
                "apiserver-kubelet-client.key")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.resolve(secret))))
                    .as(secret).isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki))).isEqualTo("rwx------");
        try (var files = Files.list(pki)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("no temporary files left").containsExactlyInAnyOrder(
                    "ca.crt", "ca.key", "apiserver.crt", "apiserver.key", "admin.crt", "admin.key", "admin.token",
                    "kubelet.crt", "kubelet.key", "apiserver-kubelet-client.crt", "apiserver-kubelet-client.key");
        }
    }

    @Test
    void adminTokenIsThirtyTwoRandomBytesInUrlSafeBase64() throws Exception {
        String token = credentials.adminToken();

        assertThat(Files.readString(dataDir.resolve("pki/admin.token")).strip()).isEqualTo(token);
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
        assertThat(credentials.isAdminToken(token)).isTrue();
        assertThat(credentials.isAdminToken(token.substring(1))).isFalse();
        assertThat(credentials.isAdminToken(null)).isFalse();
    }

    /** SANs as "DNS:name" or "IP:address", with addresses in the JDK's own format. */
    static Set<String> sans(X509Certificate certificate) throws Exception {
        return certificate.getSubjectAlternativeNames().stream()
                .map(san -> (Integer) san.get(0) == 7 ? ip((String) san.get(1)) : "DNS:" + san.get(1))
                .collect(Collectors.toSet());
    }

    static String ip(String literal) {
        return "IP:" + InetAddress.ofLiteral(literal).getHostAddress();
    }
}
