package io.podyard.node.mounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MountTableTest {
    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("22 27 0:21 / /proc rw,relatime - proc proc rw", List.of(Path.of("/proc"))),
                Arguments.of("43 27 0:4 net:[4026532178] /run/a\\040b/net rw - nsfs nsfs rw",
                        List.of(Path.of("/run/a b/net"))),
                Arguments.of("1 2 0:1 / /x\\134y rw - tmpfs tmpfs rw", List.of(Path.of("/x\\y"))),
                Arguments.of("1 2 0:1 / /tab\\011end rw - tmpfs tmpfs rw\n3 4 0:2 / /z rw - tmpfs t rw",
                        List.of(Path.of("/tab\tend"), Path.of("/z"))),
                Arguments.of("garbage", List.of()));
    }

    @ParameterizedTest
    @MethodSource("lines")
    void parsesMountPointsAndUndoesKernelEscapes(String mountinfo, List<Path> expected) {
        assertThat(MountTable.parse(mountinfo)).isEqualTo(expected);
    }

    static Stream<Arguments> overlayOptions() {
        return Stream.of(
                Arguments.of(List.of("/l/top", "/l/base"), "lowerdir=/l/top:/l/base,upperdir=/c/u,workdir=/c/w"),
                Arguments.of(List.of("/only"), "lowerdir=/only,upperdir=/c/u,workdir=/c/w"));
    }

    @ParameterizedTest
    @MethodSource("overlayOptions")
    void overlayOptionsListLayersTopFirst(List<String> lower, String expected) {
        assertThat(Mounts.overlayOptions(lower, Path.of("/c/u"), Path.of("/c/w"))).isEqualTo(expected);
    }
}
