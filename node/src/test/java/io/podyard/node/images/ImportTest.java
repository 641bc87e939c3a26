package io.podyard.node.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.podyard.node.images.fixtures.TarBuilder;
import io.podyard.node.images.fixtures.TestImages;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code podyard image import}: OCI layouts, OCI archives and docker-archives, made by skopeo from the test image. */
class ImportTest {
    @TempDir
    Path temp;
    private Path root;
    private ImageService images;

    @BeforeEach
    void open() {
        root = temp.resolve("store");
        images = ImageService.open(ImageServiceOptions.defaults(root).withPlatform(Platform.linux("amd64")));
    }

    @AfterEach
    void close() {
        images.close();
    }

    private Path skopeo(String tag, String destination) {
        String[] parts = destination.split(":", 3);
        Path file = temp.resolve(parts[1]);
        new io.podyard.node.images.fixtures.Skopeo().copy("oci:" + TestImages.layout() + ":" + tag,
                parts[0] + ":" + file + ":" + parts[2]);
        return file;
    }

    @Test
    void importsADockerArchiveUnderItsRepoTags() {
        Path archive = skopeo(TestImages.LAYERED, "docker-archive:layered.tar:busybox:2.0");

        List<Image> imported = images.importArchive(archive);

        assertThat(imported).singleElement().satisfies(image -> {
            assertThat(image.repoTags()).containsExactly("docker.io/library/busybox:2.0");
            assertThat(image.layers()).hasSize(3);
            assertThat(image.config().cmd()).containsExactly("sh");
        });
        Image image = images.find("busybox:2.0").orElseThrow();
        assertThat(image.snapshots().getLast().resolve("data/deleted")).satisfies(whiteout ->
                assertThat(Files.readAttributes(whiteout, "unix:rdev", LinkOption.NOFOLLOW_LINKS))
                        .isEqualTo(Map.of("rdev", 0L)));
    }

    @Test
    void importsAnOciArchiveNamedByItsRefName() {
        Path archive = skopeo(TestImages.BUSYBOX, "oci-archive:busybox.tar:busybox:1.0");

        List<Image> imported = images.importArchive(archive);

        assertThat(imported).singleElement().satisfies(image ->
                assertThat(image.repoTags()).containsExactly("docker.io/library/busybox:1.0"));
        assertThat(images.find("busybox:1.0")).isPresent();
    }

    @Test
    void importsAGzippedArchive() throws Exception {
        Path archive = skopeo(TestImages.BUSYBOX, "docker-archive:busybox.tar:example.com/team/busybox:3");
        Path gzipped = temp.resolve("busybox.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
            Files.copy(archive, out);
        }

        assertThat(images.importArchive(gzipped)).singleElement().satisfies(image ->
                assertThat(image.repoTags()).containsExactly("example.com/team/busybox:3"));
    }

    @Test
    void importsAnOciLayoutDirectoryWhoseBareTagsNameNoRepository() {
        List<Image> imported = images.importArchive(TestImages.layout());

        assertThat(imported).hasSize(2).allSatisfy(image -> assertThat(image.repoTags()).isEmpty());
        assertThat(images.list()).hasSize(2);
        Image layered = imported.stream().filter(i -> i.layers().size() == 3).findFirst().orElseThrow();
        assertThat(images.find(layered.id().toString())).contains(layered);
    }

    @Test
    void reimportingCopiesNothingTheStoreHas() throws Exception {
        Path layout = temp.resolve("layout");
        copyTree(TestImages.layout(), layout);
        Image first = images.importArchive(layout).getFirst();

        // Were any present blob copied again, the garbage would fail verification.
        Path layerBlob = layout.resolve("blobs/sha256/" + first.layers().getFirst().digest().hex());
        Files.writeString(layerBlob, "garbage");
        Image again = images.importArchive(layout).getFirst();

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.layers()).isEqualTo(first.layers());
    }

    @Test
    void reimportingADockerArchiveKeepsTheStoredBlobs() throws Exception {
        Path archive = skopeo(TestImages.BUSYBOX, "docker-archive:busybox.tar:busybox:2.0");
        Image first = images.importArchive(archive).getFirst();
        Path blob = root.resolve("blobs/sha256/" + first.layers().getFirst().digest().hex());
        Object inode = Files.getAttribute(blob, "unix:ino");

        Image again = images.importArchive(archive).getFirst();

        assertThat(again).usingRecursiveComparison().ignoringFields("lastUsed").isEqualTo(first);
        assertThat(Files.getAttribute(blob, "unix:ino")).as("the blob was not rewritten").isEqualTo(inode);
    }

    @Test
    void refusesWhatIsNoImageArchive() throws Exception {
        Path notTar = Files.writeString(temp.resolve("notes.txt"), "hello, this is not a tar file at all");
        Path emptyDir = Files.createDirectory(temp.resolve("empty"));
        Path otherTar = Files.write(temp.resolve("other.tar"), new TarBuilder().file("README", "hi", 0644).tar());
        Path brokenLayout = temp.resolve("broken");
        copyTree(TestImages.layout(), brokenLayout);
        try (var blobs = Files.list(brokenLayout.resolve("blobs/sha256"))) {
            for (Path blob : blobs.toList()) {
                if (Files.size(blob) > 100_000) {
                    Files.delete(blob);
                }
            }
        }

        assertThatThrownBy(() -> images.importArchive(notTar)).isInstanceOf(InvalidContentException.class)
                .hasMessageContaining("is not a tar archive");
        assertThatThrownBy(() -> images.importArchive(emptyDir)).isInstanceOf(InvalidContentException.class)
                .hasMessageContaining("not an OCI image layout");
        assertThatThrownBy(() -> images.importArchive(otherTar)).isInstanceOf(InvalidContentException.class)
                .hasMessageContaining("neither an OCI archive");
        assertThatThrownBy(() -> images.importArchive(temp.resolve("missing.tar")))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> images.importArchive(brokenLayout)).isInstanceOf(InvalidContentException.class)
                .hasMessageContaining("the archive lacks blob sha256:");
        assertThat(images.list()).isEmpty();
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
