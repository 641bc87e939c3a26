package io.podyard.apiserver.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a later start keeps, and what it re-issues and why. */
class RestartTest {
    private static final Instant FIRST_START = Instant.parse("2030-01-01T00:00:00Z");
    private static final List<String> SANS = List.of("10.1.2.3");

    @TempDir Path dataDir;

    @Test
    void restartReusesEveryFile() throws Exception {
        ClusterCredentials first = start(SANS, FIRST_START);
        Map<String, String> before = pkiContents();

        ClusterCredentials second = start(SANS, FIRST_START.plus(Duration.ofDays(100)));

        assertThat(pkiContents()).isEqualTo(before);
        assertThat(second.caCertificate()).isEqualTo(first.caCertificate());
        assertThat(second.servingCertificate()).isEqualTo(first.servingCertificate());
        assertThat(second.servingKeyPair().getPrivate()).isEqualTo(first.servingKeyPair().getPrivate());
        assertThat(second.adminToken()).isEqualTo(first.adminToken());
    }

    @Test
    void newExtraSanReissuesOnlyTheServingCertificate() throws Exception {
        ClusterCredentials first = start(SANS, FIRST_START);
        Map<String, String> before = pkiContents();

        ClusterCredentials second = start(List.of("10.1.2.3", "podyard.example.com"), FIRST_START.plusSeconds(60));

        assertThat(FirstStartTest.sans(second.servingCertificate())).contains("DNS:podyard.example.com", "IP:10.1.2.3");
        assertThat(second.servingCertificate()).isNotEqualTo(first.servingCertificate());
        second.servingCertificate().verify(first.caCertificate().getPublicKey());
        assertThat(changedFiles(before)).containsExactlyInAnyOrder("apiserver.crt", "apiserver.key");
    }

    @Test
    void droppingAnExtraSanKeepsTheCertificate() throws Exception {
        start(List.of("10.1.2.3", "podyard.example.com"), FIRST_START);
        Map<String, String> before = pkiContents();

        start(SANS, FIRST_START.plusSeconds(60));

        assertThat(changedFiles(before)).isEmpty();
    }

    @Test
    void leafCertificatesCloseToExpiryAreReissuedByTheSameCa() throws Exception {
        ClusterCredentials first = start(SANS, FIRST_START);
        Map<String, String> before = pkiContents();

        start(SANS, FIRST_START.plus(Duration.ofDays(334)));
        assertThat(changedFiles(before)).as("31 days before expiry").isEmpty();

        Instant renewal = FIRST_START.plus(Duration.ofDays(340));
        ClusterCredentials renewed = start(SANS, renewal);

        assertThat(changedFiles(before)).containsExactlyInAnyOrder("apiserver.crt", "apiserver.key", "admin.crt", "admin.key",
                "kubelet.crt", "kubelet.key", "apiserver-kubelet-client.crt", "apiserver-kubelet-client.key");
        assertThat(renewed.caCertificate()).isEqualTo(first.caCertificate());
        renewed.servingCertificate().verify(first.caCertificate().getPublicKey());
        assertThat(renewed.servingCertificate().getNotAfter().toInstant()).isAfter(renewal.plus(Duration.ofDays(364)));
    }

    @Test
    void certificatesFromAnotherCaAreReissued() throws Exception {
        start(SANS, FIRST_START);
        Files.delete(dataDir.resolve("pki/ca.crt"));

        ClusterCredentials fresh = start(SANS, FIRST_START.plusSeconds(60));

        fresh.servingCertificate().verify(fresh.caCertificate().getPublicKey());
        JdkPem.certificate(fresh.adminCertPem()).verify(fresh.caCertificate().getPublicKey());
    }

    @Test
    void caCertificateWithoutItsKeyIsRefused() throws Exception {
        start(SANS, FIRST_START);
        Files.delete(dataDir.resolve("pki/ca.key"));

        assertThatThrownBy(() -> start(SANS, FIRST_START.plusSeconds(60)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("ca.key");
    }

    @Test
    void invalidExtraSanIsRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> start(List.of("not_a_host"), FIRST_START))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not_a_host");
        assertThat(dataDir.resolve("pki")).doesNotExist();
    }

    private ClusterCredentials start(List<String> extraSans, Instant now) throws IOException {
        return ClusterCredentials.loadOrCreate(dataDir, extraSans, InstantSource.fixed(now));
    }

    private Map<String, String> pkiContents() throws IOException {
        Map<String, String> contents = new TreeMap<>();
        try (var files = Files.list(dataDir.resolve("pki"))) {
            for (Path file : files.toList()) {
                contents.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return contents;
    }

    private List<String> changedFiles(Map<String, String> before) throws IOException {
        Map<String, String> after = pkiContents();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        return before.keySet().stream().filter(name -> !before.get(name).equals(after.get(name))).toList();
    }
}
