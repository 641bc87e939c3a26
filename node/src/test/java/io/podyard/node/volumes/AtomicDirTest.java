package io.podyard.node.volumes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicDirTest {
    @TempDir
    Path dir;

    @Test
    void filesAreReachedThroughTheDataLinkAndUpdatesSwapItInOneStep() throws Exception {
        assertThat(AtomicDir.write(dir, List.of(file("a", "1", 0644), file("sub/b", "2", 0600)))).isTrue();
        Path first = dir.resolve(Files.readSymbolicLink(dir.resolve("..data")));
        assertThat(Files.readString(dir.resolve("a"))).isEqualTo("1");
        assertThat(Files.readString(dir.resolve("sub/b"))).isEqualTo("2");
        assertThat(Files.readSymbolicLink(dir.resolve("a"))).isEqualTo(Path.of("..data", "a"));

        assertThat(AtomicDir.write(dir, List.of(file("a", "1", 0644), file("sub/b", "2", 0600))))
                .as("same content writes nothing").isFalse();
        assertThat(dir.resolve(Files.readSymbolicLink(dir.resolve("..data")))).isEqualTo(first);

        assertThat(AtomicDir.write(dir, List.of(file("a", "changed", 0644), file("c", "3", 0644)))).isTrue();
        assertThat(Files.readString(dir.resolve("a"))).isEqualTo("changed");
        assertThat(Files.readString(dir.resolve("c"))).isEqualTo("3");
        assertThat(dir.resolve("sub")).as("a name that went away").doesNotExist();
        assertThat(first).as("the old generation is removed").doesNotExist();
        try (Stream<Path> entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("..")))
                    .hasSize(2).contains("..data");
        }
    }

    @Test
    void aModeChangeAloneIsAnUpdate() throws Exception {
        AtomicDir.write(dir, List.of(file("a", "1", 0644)));
        assertThat(AtomicDir.write(dir, List.of(file("a", "1", 0400)))).isTrue();
        assertThat(Files.getPosixFilePermissions(dir.resolve("a"))).hasSize(1);
    }

    private static ProjectedFile file(String path, String content, int mode) {
        return new ProjectedFile(path, content.getBytes(StandardCharsets.UTF_8), mode);
    }
}
