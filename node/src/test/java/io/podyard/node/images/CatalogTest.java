package io.podyard.node.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {
    @TempDir
    Path root;
    private StoreLock lock;

    @BeforeEach
    void open() {
        lock = StoreLock.open(root);
    }

    @AfterEach
    void close() {
        lock.release();
    }

    static StoredImage image(String name) {
        String hex = Digest.sha256(name).toString();
        ImageConfig config = new ImageConfig(List.of("/bin/sh"), List.of("-c", "true"), List.of("PATH=/bin"), "/",
                "1000:1000", Set.of("80/tcp"), Map.of("a", "b"), "SIGTERM", Platform.linux("amd64"));
        return new StoredImage(hex, Digest.sha256("m" + name).toString(), "application/vnd.oci.image.manifest.v1+json",
                null, List.of(name), List.of(), config, 10,
                List.of(new StoredImage.StoredLayer(Digest.sha256("l" + name).toString(),
                        "application/vnd.oci.image.layer.v1.tar+gzip", 100, hex, hex, 300)), 42);
    }

    @Test
    void survivesReopeningExactly() {
        Catalog catalog = new Catalog(root.resolve("images.json"), lock.catalog());
        StoredImage busybox = image("docker.io/library/busybox:latest");

        catalog.update(images -> List.of(busybox), true);

        assertThat(new Catalog(root.resolve("images.json"), lock.catalog()).read()).containsExactly(busybox);
        assertThat(busybox.size()).isEqualTo(110);
    }

    @Test
    void seesWhatAnotherWriterChanged() {
        Catalog mine = new Catalog(root.resolve("images.json"), lock.catalog());
        Catalog theirs = new Catalog(root.resolve("images.json"), lock.catalog());
        assertThat(mine.read()).isEmpty();

        theirs.update(images -> List.of(image("a")), true);
        assertThat(mine.read()).extracting(StoredImage::repoTags).containsExactly(List.of("a"));
        theirs.update(images -> {
            List<StoredImage> next = new ArrayList<>(images);
            next.add(image("b"));
            return next;
        }, false);

        assertThat(mine.read()).hasSize(2);
        mine.update(images -> images.stream().filter(i -> !i.isNamed("a")).toList(), true);
        assertThat(theirs.read()).extracting(StoredImage::repoTags).containsExactly(List.of("b"));
    }

    @Test
    void leavesNoTemporaryFilesBehind() throws Exception {
        Catalog catalog = new Catalog(root.resolve("images.json"), lock.catalog());
        catalog.update(images -> List.of(image("a")), true);
        catalog.update(images -> List.of(image("b")), true);

        try (var files = Files.list(root)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("images.json", "lock");
        }
    }

    @Test
    void refusesAFileOfAnotherVersionOrCorrupt() throws Exception {
        Files.writeString(root.resolve("images.json"), "{\"version\":2,\"images\":[]}");
        assertThatThrownBy(() -> new Catalog(root.resolve("images.json"), lock.catalog()).read())
                .hasMessageContaining("has version 2");
        Files.writeString(root.resolve("images.json"), "{\"version\":1,\"images\":[");
        assertThatThrownBy(() -> new Catalog(root.resolve("images.json"), lock.catalog()).read())
                .hasMessageContaining("is corrupt");
    }
}
