package io.podyard.node.images.snapshots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.podyard.node.images.ImageException;
import io.podyard.node.images.InvalidContentException;
import io.podyard.node.images.UnsafeLayerException;
import io.podyard.node.images.fixtures.TarBuilder;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Layers crafted to write outside their snapshot are refused, and nothing lands outside. Each row
 * builds a tar given the path of a directory outside the snapshot ({@code outside}), which must
 * stay empty.
 */
class MaliciousLayerTest {
    @TempDir
    Path temp;

    static Stream<Arguments> attacks() {
        return Stream.<Arguments>of(
                arguments("dot-dot at the start", UnsafeLayerException.class, "the path contains \"..\"",
                        (Function<Path, TarBuilder>) outside -> new TarBuilder().file("../outside/pwned", "x", 0644)),
                arguments("dot-dot in the middle", UnsafeLayerException.class, "the path contains \"..\"",
                        (Function<Path, TarBuilder>) outside -> new TarBuilder().dir("a", 0755)
                                .file("a/../../outside/pwned", "x", 0644)),
                arguments("write through an absolute symlink", UnsafeLayerException.class,
                        "its parent link is a symlink, which is never followed",
                        (Function<Path, TarBuilder>) outside -> new TarBuilder().symlink("link", outside.toString())
                                .file("link/pwned", "x", 0644)),
                arguments("write through a relative symlink", UnsafeLayerException.class,
                        "its parent up/and is a symlink",
                        (Function<Path, TarBuilder>) outside -> new TarBuilder().dir("up", 0755)
                                .symlink("up/and", "../../outside").file("up/and/pwned", "x", 0644)),
                arguments("directory through a symlink", UnsafeLayerException.class, "is a symlink",
                        (Function<Path, TarBuilder>) outside -> new TarBuilder().symlink("link", outside.toString())
                                .dir("link/dir", 0755)),
                arguments("whiteout through a symlink", UnsafeLayerException.class, "is a symlink",
                        (Function<Path, TarBuilder>) outside -> new TarBuilder().symlink("link", outside.toString())
                                .whiteout("link/victim")),
                arguments("opaque marker through a symlink", UnsafeLayerException.class, "is a symlink",
                        (Function<Path, TarBuilder>) outside -> new TarBuilder().symlink("link", outside.toString())
                                .opaque("link")),
                arguments("hard link with dot-dot", UnsafeLayerException.class, "the path contains \"..\"",
                        (Function<Path, TarBuilder>) outside -> new TarBuilder().hardlink("h", "../outside/secret")),
                arguments("hard link to an absolute path outside", UnsafeLayerException.class,
                        "is not a file of this layer",
                        (Function<Path, TarBuilder>) outside -> new TarBuilder()
                                .hardlink("h", outside.resolve("secret").toString())),
                arguments("hard link through a symlink", UnsafeLayerException.class, "is not a file of this layer",
                        (Function<Path, TarBuilder>) outside -> new TarBuilder().symlink("link", outside.toString())
                                .hardlink("h", "link/secret")),
                arguments("hard link to a directory", UnsafeLayerException.class, "a hard link to the directory",
                        (Function<Path, TarBuilder>) outside -> new TarBuilder().dir("d", 0755).hardlink("h", "d")),
                arguments("whiteout of the parent", UnsafeLayerException.class, "must name an entry",
                        (Function<Path, TarBuilder>) outside -> new TarBuilder().dir("a", 0755).file("a/.wh...", "", 0644)),
                arguments("a file as a parent", InvalidContentException.class, "its parent f is not a directory",
                        (Function<Path, TarBuilder>) outside -> new TarBuilder().file("f", "x", 0644)
                                .file("f/g", "x", 0644)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void refusesLayersThatReachOutside(String name, Class<? extends ImageException> error, String why,
            Function<Path, TarBuilder> layer) throws Exception {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "secret");
        Path snapshot = Files.createDirectories(temp.resolve("snapshot"));
        byte[] tar = layer.apply(outside).tar();

        assertThatThrownBy(() -> LayerUnpacker.unpack(new ByteArrayInputStream(tar), snapshot, List.of()))
                .isInstanceOf(error)
                .hasMessageContaining(why);

        try (var files = Files.list(outside)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("secret");
        }
        assertThat(outside.resolve("secret")).hasContent("secret");
    }

    @Test
    void anAbsolutePathIsTakenRelativeToTheSnapshot() throws Exception {
        Path snapshot = Files.createDirectories(temp.resolve("snapshot"));
        byte[] tar = new TarBuilder().file("/etc/hostname", "inside", 0644).file("./x/../y", "", 0644).tar();

        assertThatThrownBy(() -> LayerUnpacker.unpack(new ByteArrayInputStream(tar), snapshot, List.of()))
                .isInstanceOf(UnsafeLayerException.class);
        assertThat(snapshot.resolve("etc/hostname")).hasContent("inside");
    }

    @Test
    void aFileReplacingASymlinkDoesNotWriteThroughIt() throws Exception {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "secret");
        Path snapshot = Files.createDirectories(temp.resolve("snapshot"));
        byte[] tar = new TarBuilder().symlink("x", outside.resolve("secret").toString()).file("x", "mine", 0644).tar();

        LayerUnpacker.unpack(new ByteArrayInputStream(tar), snapshot, List.of());

        assertThat(snapshot.resolve("x")).isRegularFile().hasContent("mine");
        assertThat(outside.resolve("secret")).hasContent("secret");
    }

    @Test
    void anAbsoluteSymlinkIsKeptAsWrittenNeverFollowed() throws Exception {
        Path snapshot = Files.createDirectories(temp.resolve("snapshot"));
        byte[] tar = new TarBuilder().symlink("etc/localtime", "/usr/share/zoneinfo/UTC").tar();

        LayerUnpacker.unpack(new ByteArrayInputStream(tar), snapshot, List.of());

        assertThat(Files.readSymbolicLink(snapshot.resolve("etc/localtime"))).isEqualTo(Path.of("/usr/share/zoneinfo/UTC"));
    }
}
