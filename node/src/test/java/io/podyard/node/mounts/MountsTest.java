package io.podyard.node.mounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real mounts as root: overlay layering, read-only binds, tmpfs, idempotent unmount. */
class MountsTest {
    @TempDir
    Path dir;

    @AfterEach
    void unmountAll() {
        Mounts.mountedUnder(dir).forEach(Mounts::unmount);
        assertThat(Mounts.mountedUnder(dir)).isEmpty();
    }

    @Test
    void overlayShowsTopLayerFirstAndWritesGoToUpper() throws IOException {
        Path base = Files.createDirectories(dir.resolve("base"));
        Path top = Files.createDirectories(dir.resolve("top"));
        Files.writeString(base.resolve("shared"), "base");
        Files.writeString(base.resolve("only-base"), "b");
        Files.writeString(top.resolve("shared"), "top");
        Path rootfs = dir.resolve("rootfs");

        Mounts.overlay(List.of(top, base), dir.resolve("upper"), dir.resolve("work"), rootfs);

        assertThat(Mounts.isMounted(rootfs)).isTrue();
        assertThat(Files.readString(rootfs.resolve("shared"))).isEqualTo("top");
        assertThat(Files.readString(rootfs.resolve("only-base"))).isEqualTo("b");
        Files.writeString(rootfs.resolve("new"), "written");
        assertThat(Files.readString(dir.resolve("upper/new"))).isEqualTo("written");
        assertThat(base.resolve("new")).doesNotExist();

        Mounts.unmount(rootfs);
        assertThat(Mounts.isMounted(rootfs)).isFalse();
        Mounts.unmount(rootfs); // again: nothing mounted is fine
    }

    @Test
    void overlayWithManyLongLayerPathsFallsBackToShortLinks() throws IOException {
        String longName = "l".repeat(200);
        List<Path> layers = IntStream.range(0, 30).mapToObj(i -> dir.resolve("layers/" + i + longName)).toList();
        for (int i = 0; i < layers.size(); i++) {
            Files.createDirectories(layers.get(i));
            Files.writeString(layers.get(i).resolve("f" + i), Integer.toString(i));
        }
        Path rootfs = dir.resolve("rootfs");

        Mounts.overlay(layers, dir.resolve("c/upper"), dir.resolve("c/work"), rootfs);

        assertThat(Files.readString(rootfs.resolve("f0"))).isEqualTo("0");
        assertThat(Files.readString(rootfs.resolve("f29"))).isEqualTo("29");
        assertThat(dir.resolve("c/links")).isDirectory();
    }

    @Test
    void overlayRejectsMissingLayersAndEmptyLists() {
        assertThatThrownBy(() -> Mounts.overlay(List.of(), dir.resolve("u"), dir.resolve("w"), dir.resolve("r")))
                .isInstanceOf(MountException.class).hasMessageContaining("at least one lower layer");
        assertThatThrownBy(() -> Mounts.overlay(List.of(dir.resolve("missing")), dir.resolve("u"),
                dir.resolve("w"), dir.resolve("r")))
                .isInstanceOf(MountException.class).hasMessageContaining("is not a directory");
    }

    @Test
    void readOnlyBindRefusesWrites() throws IOException {
        Path source = Files.createDirectories(dir.resolve("source"));
        Path target = Files.createDirectories(dir.resolve("target"));
        Files.writeString(source.resolve("file"), "content");

        Mounts.bind(source, target, true);

        assertThat(Files.readString(target.resolve("file"))).isEqualTo("content");
        assertThatThrownBy(() -> Files.writeString(target.resolve("other"), "x")).isInstanceOf(IOException.class);
    }

    @Test
    void tmpfsIsAFreshFileSystem() throws IOException {
        Path shm = dir.resolve("shm");
        Mounts.tmpfs(shm, "mode=1777,size=1m", true);
        assertThat(Mounts.mountedUnder(dir)).containsExactly(shm);
        assertThat(Files.getFileStore(shm).type()).isEqualTo("tmpfs");
    }

    @Test
    void failedMountNamesTheReason() {
        assertThatThrownBy(() -> Mounts.bind(dir.resolve("nope"), dir, false))
                .isInstanceOf(MountException.class)
                .hasMessageContaining("bind " + dir.resolve("nope"))
                .hasMessageContaining("No such file or directory");
    }
}
