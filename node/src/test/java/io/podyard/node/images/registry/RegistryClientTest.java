package io.podyard.node.images.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.podyard.node.images.Digest;
import io.podyard.node.images.ImageReference;
import io.podyard.node.images.InvalidContentException;
import io.podyard.node.images.RegistryCredentials.Credential;
import io.podyard.node.images.RegistryException;
import io.podyard.node.images.RegistryException.Reason;
import io.podyard.node.images.fixtures.LocalRegistry;
import io.podyard.node.images.fixtures.TestImages;
import io.podyard.node.images.fixtures.TokenAuthRegistry;
import io.podyard.node.images.oci.Document;
import io.podyard.node.images.oci.MediaTypes;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against a real docker-registry, directly and behind a Docker-Hub-like token server. */
class RegistryClientTest {
    private static final Optional<Credential> ANONYMOUS = Optional.empty();
    private static LocalRegistry registry;
    private static String busybox;
    private static Digest manifestDigest;

    @BeforeAll
    static void startRegistry() {
        registry = LocalRegistry.start();
        busybox = TestImages.pushBusybox(registry);
        registry.push(TestImages.layout(), TestImages.BUSYBOX, "docker/busybox:v2s2", "v2s2");
        manifestDigest = Digest.parse(TestImages.manifestDigest(TestImages.BUSYBOX));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private static RegistryClient client() {
        return new RegistryClient(RegistryClient.newHttpClient(Duration.ofSeconds(10)), InstantSource.system(), Set.of(),
                Duration.ofSeconds(30));
    }

    private static Document.Manifest manifest(Document.Fetched fetched) {
        return (Document.Manifest) fetched.document();
    }

    @Test
    void resolvesATagOverPlainHttpOnLoopback() {
        RegistryClient client = client();
        ImageReference ref = ImageReference.parse(busybox);
        assertThat(client.isPlainHttp(ref.domain())).isTrue();

        Document.Fetched fetched = client.manifest(ref, "latest", ANONYMOUS);

        assertThat(fetched.digest()).isEqualTo(manifestDigest);
        assertThat(fetched.document().mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(manifest(fetched).layers()).hasSize(1);
    }

    @Test
    void resolvesADigest() {
        Document.Fetched fetched = client().manifest(ImageReference.parse(busybox), manifestDigest.toString(), ANONYMOUS);

        assertThat(fetched.digest()).isEqualTo(manifestDigest);
    }

    @Test
    void readsDockerSchema2Manifests() {
        ImageReference ref = ImageReference.parse(registry.host() + "/docker/busybox:v2s2");

        Document.Fetched fetched = client().manifest(ref, "v2s2", ANONYMOUS);

        assertThat(fetched.document().mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(manifest(fetched).layers().getFirst().mediaType()).isEqualTo(MediaTypes.DOCKER_LAYER_GZIP);
        assertThat(manifest(fetched).config().mediaType()).isEqualTo(MediaTypes.DOCKER_CONFIG);
    }

    @Test
    void fetchesBlobs() throws Exception {
        RegistryClient client = client();
        ImageReference ref = ImageReference.parse(busybox);
        var config = manifest(client.manifest(ref, "latest", ANONYMOUS)).config();

        try (InputStream in = client.blob(ref, config, ANONYMOUS)) {
            byte[] bytes = in.readAllBytes();
            assertThat(Digest.sha256(bytes)).isEqualTo(config.digest());
        }
    }

    @Test
    void anUnknownTagIsNotFoundInTheRegistrysWords() {
        ImageReference ref = ImageReference.parse(registry.host() + "/busybox:nope");

        assertThatThrownBy(() -> client().manifest(ref, "nope", ANONYMOUS))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.registry()).isEqualTo(registry.host());
                })
                .hasMessage("resolve " + registry.host() + "/busybox:nope: manifest unknown");
    }

    @Test
    void anUnknownRepositoryIsNotFound() {
        ImageReference ref = ImageReference.parse(registry.host() + "/nothing/here:1");

        assertThatThrownBy(() -> client().manifest(ref, "1", ANONYMOUS))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessageContaining("manifest unknown");
    }

    @Test
    void aRegistryThatIsNotThereIsUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ImageReference ref = ImageReference.parse("127.0.0.1:" + port + "/busybox");

        assertThatThrownBy(() -> client().manifest(ref, "latest", ANONYMOUS))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
                    assertThat(e.status()).isZero();
                })
                .hasMessageContaining("cannot connect to 127.0.0.1:" + port);
    }

    @Test
    void otherRegistriesAreSpokenToOverHttpsUnlessListedInsecure() {
        RegistryClient client = new RegistryClient(RegistryClient.newHttpClient(Duration.ofSeconds(1)),
                InstantSource.system(), Set.of("registry.internal:5000", "mirror.lan"), Duration.ofSeconds(1));

        assertThat(client.isPlainHttp("docker.io")).isFalse();
        assertThat(client.isPlainHttp("registry.internal")).isFalse();
        assertThat(client.isPlainHttp("registry.internal:5000")).isTrue();
        assertThat(client.isPlainHttp("mirror.lan:8080")).isTrue();
        assertThat(client.isPlainHttp("localhost:5000")).isTrue();
        assertThat(client.repositoryUri(ImageReference.parse("busybox"), "manifests/latest").toString())
                .isEqualTo("https://registry-1.docker.io/v2/library/busybox/manifests/latest");
    }

    @Test
    void basicAuthWithCredentialsOnly() {
        try (LocalRegistry secured = LocalRegistry.startWithBasicAuth("alice", "s3cret")) {
            String ref = TestImages.pushBusybox(secured);
            ImageReference image = ImageReference.parse(ref);
            RegistryClient client = client();

            assertThatThrownBy(() -> client.manifest(image, "latest", ANONYMOUS))
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED))
                    .hasMessageContaining("none was given");
            assertThatThrownBy(() -> client.manifest(image, "latest", Optional.of(new Credential("alice", "wrong"))))
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED));

            Document.Fetched fetched = client.manifest(image, "latest", Optional.of(new Credential("alice", "s3cret")));
            assertThat(fetched.digest()).isEqualTo(manifestDigest);
        }
    }

    @Test
    void bearerTokenChallengeAnonymously() {
        try (TokenAuthRegistry hub = TokenAuthRegistry.anonymous(registry)) {
            ImageReference image = ImageReference.parse(hub.through(busybox));
            RegistryClient client = client();

            Document.Fetched fetched = client.manifest(image, "latest", ANONYMOUS);
            client.manifest(image, manifestDigest.toString(), ANONYMOUS);

            assertThat(fetched.digest()).isEqualTo(manifestDigest);
            assertThat(hub.tokenRequests()).as("the token is reused until it expires").isEqualTo(1);
            assertThat(hub.tokenScopes()).containsExactly("repository:busybox:pull");
        }
    }

    @Test
    void bearerTokenWithCredentials() {
        try (TokenAuthRegistry hub = TokenAuthRegistry.withUser(registry, "bob", "pw")) {
            ImageReference image = ImageReference.parse(hub.through(busybox));
            RegistryClient client = client();

            assertThatThrownBy(() -> client.manifest(image, "latest", ANONYMOUS))
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED))
                    .hasMessageContaining("incorrect username or password");

            Document.Fetched fetched = client.manifest(image, "latest", Optional.of(new Credential("bob", "pw")));
            assertThat(fetched.digest()).isEqualTo(manifestDigest);
        }
    }

    @Test
    void redirectedBlobDownloadsCarryNoCredentials() throws Exception {
        try (TokenAuthRegistry hub = TokenAuthRegistry.withUser(registry, "bob", "pw")) {
            ImageReference image = ImageReference.parse(hub.through(busybox));
            RegistryClient client = client();
            Optional<Credential> bob = Optional.of(new Credential("bob", "pw"));
            var layer = manifest(client.manifest(image, "latest", bob)).layers().getFirst();
            hub.redirectBlobs();

            try (InputStream in = client.blob(image, layer, bob)) {
                assertThat(in.readAllBytes()).hasSize((int) layer.size());
            }
            assertThat(hub.gets("/v2/busybox/blobs/" + layer.digest())).isEqualTo(1);
            assertThat(hub.cdnAuthorizations()).isEmpty();
        }
    }

    @Test
    void aManifestCorruptedInFlightFailsVerification() {
        try (TokenAuthRegistry hub = TokenAuthRegistry.anonymous(registry)) {
            hub.corrupt("/manifests/" + manifestDigest);
            ImageReference image = ImageReference.parse(hub.through(busybox));

            assertThatThrownBy(() -> client().manifest(image, manifestDigest.toString(), ANONYMOUS))
                    .isInstanceOf(InvalidContentException.class)
                    .hasMessageContaining("failed verification: expected " + manifestDigest);
        }
    }
}
