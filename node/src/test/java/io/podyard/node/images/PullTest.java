package io.podyard.node.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.podyard.node.images.RegistryException.Reason;
import io.podyard.node.images.fixtures.LocalRegistry;
import io.podyard.node.images.fixtures.RegistryApi;
import io.podyard.node.images.fixtures.TestImages;
import io.podyard.node.images.fixtures.TokenAuthRegistry;
import io.podyard.node.images.oci.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulling from a real docker-registry, directly and behind a Docker-Hub-like token server. */
class PullTest {
    private static LocalRegistry registry;
    private static TokenAuthRegistry hub;
    private static String busybox;
    private static String configDigest;
    private static String layerDigest;

    @TempDir
    Path root;
    private ImageService images;

    @BeforeAll
    static void startRegistry() {
        registry = LocalRegistry.start();
        hub = TokenAuthRegistry.anonymous(registry);
        busybox = TestImages.pushBusybox(registry);
        registry.push(TestImages.layout(), TestImages.BUSYBOX, "docker/busybox:v2s2", "v2s2");
        pushMultiPlatform();
        String manifest = new String(new RegistryApi(registry).getManifest("busybox", "latest", MediaTypes.OCI_MANIFEST),
                StandardCharsets.UTF_8);
        configDigest = manifest.replaceAll("(?s).*\"config\":\\{[^}]*\"digest\":\"([^\"]+)\".*", "$1");
        layerDigest = manifest.replaceAll("(?s).*\"layers\":\\[\\{[^}]*\"digest\":\"([^\"]+)\".*", "$1");
    }

    /** {@code multi:latest}: an index over busybox for amd64 and a copy of it that claims arm64. */
    private static void pushMultiPlatform() {
        RegistryApi api = new RegistryApi(registry);
        byte[] amd64Manifest = api.getManifest("busybox", "latest", MediaTypes.OCI_MANIFEST);
        String manifest = new String(amd64Manifest, StandardCharsets.UTF_8);
        String config = manifest.replaceAll("(?s).*\"config\":\\{[^}]*\"digest\":\"([^\"]+)\".*", "$1");
        byte[] armConfig = new String(api.getBlob("busybox", config), StandardCharsets.UTF_8)
                .replace("\"architecture\":\"amd64\"", "\"architecture\":\"arm64\",\"variant\":\"v8\"")
                .getBytes(StandardCharsets.UTF_8);
        String armConfigDigest = api.putBlob("multi", armConfig);
        api.putBlob("multi", api.getBlob("busybox", manifest.replaceAll(
                "(?s).*\"layers\":\\[\\{[^}]*\"digest\":\"([^\"]+)\".*", "$1")));
        api.putBlob("multi", api.getBlob("busybox", config));
        byte[] armManifest = manifest.replace(config, armConfigDigest)
                .replaceAll("(\"config\":\\{[^}]*\"size\":)\\d+", "$1" + armConfig.length)
                .getBytes(StandardCharsets.UTF_8);
        String armDigest = api.putManifest("multi", RegistryApi.sha256(armManifest), MediaTypes.OCI_MANIFEST, armManifest);
        String amdDigest = api.putManifest("multi", RegistryApi.sha256(amd64Manifest), MediaTypes.OCI_MANIFEST,
                amd64Manifest);
        String index = """
                {"schemaVersion":2,"mediaType":"%s","manifests":[
                 {"mediaType":"%s","digest":"%s","size":%d,"platform":{"architecture":"arm64","os":"linux","variant":"v8"}},
                 {"mediaType":"%s","digest":"%s","size":%d,"platform":{"architecture":"amd64","os":"linux"}}]}"""
                .formatted(MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST, armDigest, armManifest.length,
                        MediaTypes.OCI_MANIFEST, amdDigest, amd64Manifest.length);
        api.putManifest("multi", "latest", MediaTypes.OCI_INDEX, index.getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stopRegistry() {
        if (hub != null) {
            hub.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private ImageService open(Platform platform) {
        images = ImageService.open(ImageServiceOptions.defaults(root).withPlatform(platform));
        return images;
    }

    private ImageService open() {
        return open(Platform.linux("amd64"));
    }

    @AfterEach
    void close() {
        if (images != null) {
            images.close();
        }
    }

    @Test
    void pullsAnImageReadyToRun() throws Exception {
        Image image = open().pull(busybox, PullPolicy.IF_NOT_PRESENT, RegistryCredentials.NONE);

        assertThat(image.id().toString()).isEqualTo(configDigest);
        assertThat(image.repoTags()).containsExactly(busybox);
        assertThat(image.repoDigests()).containsExactly(registry.host() + "/busybox@" + image.manifestDigest());
        assertThat(image.config().cmd()).containsExactly("sh");
        assertThat(image.config().env()).anyMatch(e -> e.startsWith("PATH=") && e.contains("/bin"));
        assertThat(image.config().exposedPorts()).containsExactly("80/tcp");
        assertThat(image.config().platform()).isEqualTo(Platform.linux("amd64"));
        assertThat(image.layers()).singleElement().satisfies(layer -> {
            assertThat(layer.digest().toString()).isEqualTo(layerDigest);
            assertThat(layer.chainId()).isEqualTo(layer.diffId());
            assertThat(layer.snapshot()).isEqualTo(root.resolve("snapshots/" + layer.chainId().hex()));
        });
        Path rootfs = image.snapshots().getFirst();
        assertThat(Files.readSymbolicLink(rootfs.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
        assertThat(root.resolve("blobs/sha256/" + Digest.parse(layerDigest).hex())).exists();
        assertThat(image.size()).isEqualTo(Files.size(root.resolve("blobs/sha256/" + Digest.parse(layerDigest).hex()))
                + Files.size(root.resolve("blobs/sha256/" + image.id().hex())));
        assertThat(images.find(busybox)).contains(image);
        assertThat(images.find(image.id().toString())).contains(image);
        assertThat(images.find(image.id().shortHex())).contains(image);
        assertThat(images.find(registry.host() + "/busybox@" + image.manifestDigest())).contains(image);
        assertThat(images.find("busybox")).isEmpty();
    }

    @Test
    void pullsDockerSchema2Images() {
        Image image = open().pull(registry.host() + "/docker/busybox:v2s2", PullPolicy.ALWAYS, RegistryCredentials.NONE);

        assertThat(image.layers().getFirst().mediaType()).isEqualTo(MediaTypes.DOCKER_LAYER_GZIP);
        assertThat(image.config().cmd()).containsExactly("sh");
    }

    @Test
    void ifNotPresentUsesTheLocalImageWithoutAskingTheRegistry() {
        String ref = hub.through(busybox);
        open().pull(ref, PullPolicy.IF_NOT_PRESENT, RegistryCredentials.NONE);
        int manifestGets = hub.gets("/v2/busybox/manifests/latest");

        Image again = images.pull(ref, PullPolicy.IF_NOT_PRESENT, RegistryCredentials.NONE);

        assertThat(again.repoTags()).containsExactly(ref);
        assertThat(hub.gets("/v2/busybox/manifests/latest")).isEqualTo(manifestGets);
    }

    @Test
    void alwaysAsksTheRegistryButDownloadsNothingItHas() {
        try (TokenAuthRegistry front = TokenAuthRegistry.anonymous(registry)) {
            String ref = front.through(busybox);
            open().pull(ref, PullPolicy.ALWAYS, RegistryCredentials.NONE);

            images.pull(ref, PullPolicy.ALWAYS, RegistryCredentials.NONE);

            assertThat(front.gets("/v2/busybox/manifests/latest")).isEqualTo(2);
            assertThat(front.gets("/v2/busybox/blobs/" + layerDigest)).isEqualTo(1);
            assertThat(front.gets("/v2/busybox/blobs/" + configDigest)).isEqualTo(1);
        }
    }

    @Test
    void neverPullsAndSaysSoWhenTheImageIsMissing() {
        open();
        assertThatThrownBy(() -> images.pull(busybox, PullPolicy.NEVER, RegistryCredentials.NONE))
                .isInstanceOf(ImageNotPresentException.class)
                .hasMessage("image \"" + busybox + "\" is not present with pull policy of Never");

        images.pull(busybox, PullPolicy.ALWAYS, RegistryCredentials.NONE);
        assertThat(images.pull(busybox, PullPolicy.NEVER, RegistryCredentials.NONE).repoTags()).containsExactly(busybox);
    }

    @Test
    void aMissingImageFailsWithTheRegistrysMessageAndLeavesNothing() {
        open();
        String missing = registry.host() + "/busybox:nope";

        assertThatThrownBy(() -> images.pull(missing, PullPolicy.IF_NOT_PRESENT, RegistryCredentials.NONE))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessage("resolve " + missing + ": manifest unknown");
        assertThat(images.list()).isEmpty();
    }

    @Test
    void aCorruptedLayerIsAnErrorAndIsNotStored() {
        try (TokenAuthRegistry front = TokenAuthRegistry.anonymous(registry)) {
            String ref = front.through(busybox);
            front.corrupt("/blobs/" + layerDigest);
            open();

            assertThatThrownBy(() -> images.pull(ref, PullPolicy.ALWAYS, RegistryCredentials.NONE))
                    .isInstanceOf(InvalidContentException.class)
                    .hasMessageContaining("blob " + layerDigest + " failed verification");
            assertThat(root.resolve("blobs/sha256/" + Digest.parse(layerDigest).hex())).doesNotExist();
            assertThat(images.list()).isEmpty();

            front.corrupt("nothing");
            assertThat(images.pull(ref, PullPolicy.ALWAYS, RegistryCredentials.NONE).repoTags()).containsExactly(ref);
        }
    }

    @Test
    void concurrentPullsOfOneImageDownloadOnce() throws Exception {
        try (TokenAuthRegistry front = TokenAuthRegistry.anonymous(registry)) {
            String ref = front.through(busybox);
            open();
            int pullers = 8;
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Image>> pulls = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < pullers; i++) {
                    pulls.add(threads.submit(() -> {
                        start.await();
                        return images.pull(ref, PullPolicy.IF_NOT_PRESENT, RegistryCredentials.NONE);
                    }));
                }
                start.countDown();
                for (Future<Image> pull : pulls) {
                    assertThat(pull.get().id().toString()).isEqualTo(configDigest);
                }
            }
            assertThat(front.gets("/v2/busybox/blobs/" + layerDigest)).isEqualTo(1);
            assertThat(front.gets("/v2/busybox/blobs/" + configDigest)).isEqualTo(1);
            assertThat(images.list()).hasSize(1);
        }
    }

    @Test
    void picksTheNodesPlatformFromAnIndex() {
        Image image = open(Platform.linux("amd64")).pull(registry.host() + "/multi", PullPolicy.ALWAYS,
                RegistryCredentials.NONE);
        assertThat(image.id().toString()).isEqualTo(configDigest);
        assertThat(image.config().platform().architecture()).isEqualTo("amd64");
        images.close();

        Image arm = open(new Platform("linux", "arm64", "v8")).pull(registry.host() + "/multi", PullPolicy.ALWAYS,
                RegistryCredentials.NONE);
        assertThat(arm.config().platform().architecture()).isEqualTo("arm64");
        assertThat(arm.id().toString()).isNotEqualTo(configDigest);
        assertThat(arm.snapshots()).isEqualTo(images.find(registry.host() + "/multi:latest").orElseThrow().snapshots());
        images.close();

        open(Platform.linux("s390x"));
        assertThatThrownBy(() -> images.pull(registry.host() + "/multi", PullPolicy.ALWAYS, RegistryCredentials.NONE))
                .isInstanceOf(InvalidContentException.class)
                .hasMessageContaining("no image for linux/s390x")
                .hasMessageContaining("it has linux/arm64/v8, linux/amd64");
    }

    @Test
    void pullsWithBearerTokensUsingCredentialsForTheirRegistry() {
        try (TokenAuthRegistry secured = TokenAuthRegistry.withUser(registry, "carol", "pw")) {
            String ref = secured.through(busybox);
            open();

            assertThatThrownBy(() -> images.pull(ref, PullPolicy.ALWAYS, RegistryCredentials.NONE))
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED))
                    .hasMessageContaining("incorrect username or password");
            assertThatThrownBy(() -> images.pull(ref, PullPolicy.ALWAYS,
                    RegistryCredentials.of("other.registry:5000", "carol", "pw")))
                    .isInstanceOf(RegistryException.class);

            Image image = images.pull(ref, PullPolicy.ALWAYS, RegistryCredentials.of("http://" + secured.host() + "/v2/",
                    "carol", "pw"));
            assertThat(image.id().toString()).isEqualTo(configDigest);
        }
    }

    @Test
    void pullsWithBasicAuth() {
        try (LocalRegistry secured = LocalRegistry.startWithBasicAuth("dave", "pw")) {
            String ref = TestImages.pushBusybox(secured);
            open();

            assertThatThrownBy(() -> images.pull(ref, PullPolicy.ALWAYS, RegistryCredentials.NONE))
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED));

            Image image = images.pull(ref, PullPolicy.ALWAYS, RegistryCredentials.of(secured.host(), "dave", "pw"));
            assertThat(image.repoTags()).containsExactly(ref);
        }
    }

    @Test
    void aTagMovesToTheImageItNowNames() {
        open();
        Image first = images.pull(busybox, PullPolicy.ALWAYS, RegistryCredentials.NONE);
        registry.push(TestImages.layout(), TestImages.LAYERED, "busybox:latest");

        Image second = images.pull(busybox, PullPolicy.ALWAYS, RegistryCredentials.NONE);

        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(images.find(first.id().toString()).orElseThrow().repoTags()).isEmpty();
        assertThat(images.find(busybox)).contains(second);
        registry.push(TestImages.layout(), TestImages.BUSYBOX, "busybox:latest");
    }

    @Test
    void refusesAnInvalidReference() {
        assertThatThrownBy(() -> open().pull("Busybox", PullPolicy.ALWAYS, RegistryCredentials.NONE))
                .isInstanceOf(InvalidReferenceException.class);
        assertThat(Set.copyOf(images.list())).isEmpty();
    }
}
