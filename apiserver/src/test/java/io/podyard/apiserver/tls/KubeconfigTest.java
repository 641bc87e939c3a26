package io.podyard.apiserver.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin kubeconfig embeds the files under pki/ and is read as intended by a real Kubernetes client. */
class KubeconfigTest {
    private static final String SERVER = "https://127.0.0.1:6443";

    @TempDir Path dir;
    private ClusterCredentials credentials;

    @BeforeEach
    void start() throws Exception {
        credentials = ClusterCredentials.loadOrCreate(dir.resolve("data"), List.of(),
                InstantSource.fixed(Instant.parse("2030-01-01T00:00:00Z")));
    }

    @Test
    void embeddedDataDecodesToThePemFiles() throws Exception {
        String kubeconfig = Kubeconfig.render(SERVER, credentials);

        assertThat(kubeconfig).contains("server: \"" + SERVER + "\"").contains("current-context: podyard");
        assertThat(decoded(kubeconfig, "certificate-authority-data")).isEqualTo(Files.readString(credentials.caPem()));
        assertThat(decoded(kubeconfig, "client-certificate-data")).isEqualTo(Files.readString(credentials.adminCertPem()));
        assertThat(decoded(kubeconfig, "client-key-data")).isEqualTo(Files.readString(credentials.adminKeyPem()));
    }

    @Test
    void fabric8ReadsTheClusterUserAndContext() {
        Config config = Config.fromKubeconfig(Kubeconfig.render(SERVER, credentials));

        assertThat(config.getMasterUrl()).startsWith(SERVER);
        assertThat(config.getCurrentContext().getName()).isEqualTo("podyard");
        assertThat(config.getCurrentContext().getContext().getUser()).isEqualTo("podyard-admin");
        assertThat(config.getCaCertData()).isNotBlank();
        assertThat(config.getClientCertData()).isNotBlank();
        assertThat(config.getClientKeyData()).isNotBlank();
    }

    @Test
    void serverMustBeAnHttpsUrl() {
        for (String bad : List.of("http://127.0.0.1:6443", "127.0.0.1:6443", "https://", "https://host/\"quoted\"")) {
            assertThatThrownBy(() -> Kubeconfig.render(bad, credentials)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void writeReplacesTheFileWithAnOwnerOnlyOne() throws Exception {
        Path file = dir.resolve("home/.kube/config");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "stale");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        Kubeconfig.write(file, Kubeconfig.render(SERVER, credentials));

        assertThat(Files.readString(file)).isEqualTo(Kubeconfig.render(SERVER, credentials));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file left").containsExactly(file);
        }
    }

    private static String decoded(String kubeconfig, String field) {
        Matcher value = Pattern.compile("(?m)^\\s+" + field + ": (\\S+)$").matcher(kubeconfig);
        assertThat(value.find()).as(field).isTrue();
        return new String(Base64.getDecoder().decode(value.group(1)));
    }
}
