package io.podyard.node.pty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The client side of conmon's attach socket; talking to a real conmon is PodAttachTest's part. */
class SeqpacketSocketTest {
    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of("/a", new byte[] {1, 0, '/', 'a', 0}),
                Arguments.of("/proc/self/fd/7/attach", new byte[] {1, 0, '/', 'p', 'r', 'o', 'c'}));
    }

    @ParameterizedTest
    @MethodSource("paths")
    void theAddressIsTheFamilyThenTheNulEndedPath(String path, byte[] prefix) {
        byte[] address = SeqpacketSocket.sockaddr(path);
        assertThat(address).hasSize(110).startsWith(prefix);
        assertThat(address[2 + path.length()]).isZero();
    }

    static Stream<String> badPaths() {
        return Stream.of("", "/" + "x".repeat(107), "/a\0b");
    }

    @ParameterizedTest
    @MethodSource("badPaths")
    void pathsThatDoNotFitAreRefused(String path) {
        assertThatThrownBy(() -> SeqpacketSocket.sockaddr(path)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingSocketFailsWithoutLeavingADescriptor(@TempDir Path dir) throws Exception {
        long before = descriptors();
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> SeqpacketSocket.connect(dir, "attach")).isInstanceOf(IOException.class)
                    .hasMessageContaining("errno 2"); // ENOENT
        }
        assertThatThrownBy(() -> SeqpacketSocket.connect(dir.resolve("missing"), "attach"))
                .isInstanceOf(IOException.class);
        assertThat(descriptors()).isLessThanOrEqualTo(before);
    }

    private static long descriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
