package io.podyard.node.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.podyard.node.images.fixtures.LocalRegistry;
import io.podyard.node.images.fixtures.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Removing images and collecting garbage keep what others share and delete the rest. */
class RemoveAndGcTest {
    private static LocalRegistry registry;
    private static String busybox;
    private static String layered;

    @TempDir
    Path root;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2030-01-01T00:00:00Z"));
    private ImageService images;

    @BeforeAll
    static void startRegistry() {
        registry = LocalRegistry.start();
        busybox = TestImages.pushBusybox(registry);
        layered = registry.push(TestImages.layout(), TestImages.LAYERED, "busybox:layered");
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void open() {
        InstantSource clock = () -> now.get();
        images = ImageService.open(ImageServiceOptions.defaults(root).withPlatform(Platform.linux("amd64")).withClock(clock));
    }

    @AfterEach
    void close() {
        images.close();
    }

    private Image pull(String ref) {
        return images.pull(ref, PullPolicy.ALWAYS, RegistryCredentials.NONE);
    }

    private List<String> files(String dir) throws Exception {
        try (Stream<Path> files = Files.list(root.resolve(dir))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void removingANameLeavesTheImageWhileItHasOthers() {
        Image image = pull(busybox);
        String digestName = image.repoDigests().getFirst();

        RemovedImage untagged = images.remove(busybox);

        assertThat(untagged).isEqualTo(new RemovedImage(List.of(busybox), Optional.empty()));
        assertThat(images.find(digestName)).isPresent();
        assertThat(images.find(busybox)).isEmpty();

        RemovedImage deleted = images.remove(digestName);
        assertThat(deleted).isEqualTo(new RemovedImage(List.of(digestName), Optional.of(image.id())));
        assertThat(images.list()).isEmpty();
    }

    @Test
    void removingAnImageDeletesOnlyContentNoOtherImageUses() throws Exception {
        Image base = pull(busybox);
        Image top = pull(layered);
        assertThat(top.layers().getFirst()).isEqualTo(base.layers().getFirst());
        assertThat(files("snapshots")).hasSize(3);

        images.remove(top.id().toString());

        assertThat(files("snapshots")).containsExactly(base.layers().getFirst().chainId().hex());
        assertThat(files("blobs/sha256")).containsExactlyInAnyOrder(base.id().hex(), base.manifestDigest().hex(),
                base.layers().getFirst().digest().hex());
        assertThat(base.snapshots().getFirst().resolve("bin/busybox")).exists();

        images.remove(base.id().shortHex());
        assertThat(files("snapshots")).isEmpty();
        assertThat(files("blobs/sha256")).isEmpty();
        assertThat(images.diskUsage()).isZero();
    }

    @Test
    void removingWhatIsNotThereSaysSo() {
        assertThatThrownBy(() -> images.remove("busybox:nope")).isInstanceOf(ImageNotPresentException.class)
                .hasMessage("no such image: busybox:nope");
    }

    @Test
    void garbageCollectionRemovesTheLeastRecentlyUsedUnusedImagesFirst() throws Exception {
        Image top = pull(layered);
        now.set(now.get().plus(Duration.ofHours(1)));
        Image base = pull(busybox);
        long usage = images.diskUsage();
        long topOnly = top.layers().get(1).size() + top.layers().get(2).size() + top.size() - top.layers().stream()
                .mapToLong(Image.Layer::size).sum(); // its own blobs
        assertThat(usage).isGreaterThan(0);

        GcResult nothing = images.garbageCollect(Set.of(), usage);
        assertThat(nothing.removed()).isEmpty();

        GcResult keepInUse = images.garbageCollect(Set.of(top.id(), base.id()), 0);
        assertThat(keepInUse.removed()).isEmpty();
        assertThat(images.list()).hasSize(2);

        GcResult one = images.garbageCollect(Set.of(), usage - 1);
        assertThat(one.removed()).containsExactly(top.id());
        assertThat(one.freedBytes()).isGreaterThanOrEqualTo(topOnly);
        assertThat(one.usageBytes()).isEqualTo(images.diskUsage()).isLessThan(usage);
        assertThat(images.list()).extracting(Image::id).containsExactly(base.id());
        assertThat(base.snapshots().getFirst()).exists();
    }

    @Test
    void garbageCollectionDeletesLeftoversOfInterruptedWork() throws Exception {
        pull(busybox);
        Files.writeString(root.resolve("ingest/deadbeef-partial"), "half a blob");
        Files.createDirectories(root.resolve("snapshots/.tmp-cafe-partial/etc"));
        Path orphan = Files.createDirectories(root.resolve("snapshots/" + "ab".repeat(32)));
        Files.writeString(orphan.resolve("file"), "12345");

        GcResult result = images.garbageCollect(Set.of(), Long.MAX_VALUE);

        assertThat(result.removed()).isEmpty();
        assertThat(result.freedBytes()).isEqualTo(5);
        assertThat(files("ingest")).isEmpty();
        assertThat(files("snapshots")).hasSize(1);
    }
}
