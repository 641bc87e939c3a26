package io.podyard.node.images.snapshots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.podyard.node.images.Digest;
import io.podyard.node.images.InvalidContentException;
import io.podyard.node.images.fixtures.Overlay;
import io.podyard.node.images.fixtures.TarBuilder;
import io.podyard.node.images.oci.ChainIds;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotsTest {
    @TempDir
    Path root;

    private static final TarBuilder BASE = new TarBuilder()
            .dir("data", 0755)
            .file("data/kept", "kept", 0644)
            .file("data/deleted", "deleted", 0644)
            .dir("data/dir", 0755)
            .file("data/dir/old", "old", 0644)
            .dir("etc", 0755)
            .file("etc/conf", "conf", 0644);
    private static final TarBuilder CHANGES = new TarBuilder()
            .whiteout("data/deleted")
            .opaque("data/dir")
            .file("data/dir/new", "new", 0644)
            .file("etc/added", "added", 0644);

    @Test
    void unpacksGzipAndPlainLayersOnceUnderTheirChainId() throws Exception {
        Snapshots snapshots = new Snapshots(root);
        byte[] tar = BASE.tar();
        Digest diffId = Digest.sha256(tar);
        AtomicInteger opened = new AtomicInteger();

        long bytes = snapshots.ensure(diffId, diffId, List.of(), () -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream(BASE.gzip());
        });
        long again = snapshots.ensure(diffId, diffId, List.of(), () -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream(tar);
        });

        assertThat(opened).hasValue(1);
        assertThat(bytes).isEqualTo(again).isEqualTo("keptdeletedoldconf".length());
        assertThat(snapshots.path(diffId)).isEqualTo(root.resolve("snapshots/" + diffId.hex()));
        assertThat(snapshots.path(diffId).resolve("data/kept")).hasContent("kept");
        assertThat(snapshots.list()).containsExactly(diffId.hex());

        Digest plainId = Digest.sha256(CHANGES.tar());
        snapshots.ensure(plainId, plainId, List.of(), () -> new ByteArrayInputStream(CHANGES.tar()));
        assertThat(snapshots.path(plainId).resolve("etc/added")).hasContent("added");
    }

    @Test
    void aLayerThatDoesNotMatchItsDiffIdLeavesNothing() throws Exception {
        Snapshots snapshots = new Snapshots(root);
        Digest claimed = Digest.sha256(CHANGES.tar());

        assertThatThrownBy(() -> snapshots.ensure(claimed, claimed, List.of(), () -> new ByteArrayInputStream(BASE.gzip())))
                .isInstanceOf(InvalidContentException.class)
                .hasMessageContaining("layer " + claimed + " failed verification");

        assertThat(snapshots.exists(claimed)).isFalse();
        assertThat(root.resolve("snapshots")).isEmptyDirectory();
    }

    @Test
    void anUnsafeLayerLeavesNothing() {
        Snapshots snapshots = new Snapshots(root);
        byte[] tar = new TarBuilder().file("ok", "", 0644).file("../escape", "", 0644).tar();
        Digest diffId = Digest.sha256(tar);

        assertThatThrownBy(() -> snapshots.ensure(diffId, diffId, List.of(), () -> new ByteArrayInputStream(tar)))
                .hasMessageContaining("unsafe layer entry \"../escape\"");
        assertThat(root.resolve("snapshots")).isEmptyDirectory();
        assertThat(root.resolve("escape")).doesNotExist();
    }

    @Test
    void stackedWithOverlayfsDeletionsAndOpaqueDirectoriesHold() throws Exception {
        Snapshots snapshots = new Snapshots(root);
        List<Digest> diffIds = List.of(Digest.sha256(BASE.tar()), Digest.sha256(CHANGES.tar()));
        List<Digest> chain = ChainIds.of(diffIds);
        snapshots.ensure(chain.get(0), diffIds.get(0), List.of(), () -> new ByteArrayInputStream(BASE.gzip()));
        snapshots.ensure(chain.get(1), diffIds.get(1), List.of(snapshots.path(chain.get(0))),
                () -> new ByteArrayInputStream(CHANGES.gzip()));

        Path merged = Files.createDirectory(root.resolve("merged"));
        Overlay overlay = Overlay.mount(merged, List.of(snapshots.path(chain.get(1)), snapshots.path(chain.get(0))));
        try {
            assertThat(merged.resolve("data/kept")).hasContent("kept");
            assertThat(merged.resolve("data/deleted")).doesNotExist();
            assertThat(names(merged.resolve("data/dir"))).containsExactly("new");
            assertThat(names(merged.resolve("etc"))).containsExactlyInAnyOrder("conf", "added");
            assertThat(names(merged.resolve("data"))).containsExactlyInAnyOrder("kept", "dir");
        } finally {
            overlay.close();
        }
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
