package io.podyard.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodePathTest {
    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of("/containerLogs/default/web/main", Optional.of(new NodePath.Logs("default", "web", "main"))),
                Arguments.of("/exec/ns/p/c", Optional.of(new NodePath.Exec("ns", "p", "c"))),
                Arguments.of("/attach/ns/p/c", Optional.of(new NodePath.Attach("ns", "p", "c"))),
                Arguments.of("/portForward/ns/p", Optional.of(new NodePath.PortForward("ns", "p"))),
                Arguments.of("/portForward/ns/p/extra", Optional.empty()),
                Arguments.of("/exec/ns/p", Optional.empty()),
                Arguments.of("/exec/ns//c", Optional.empty()),
                Arguments.of("/containerLogs/a%2Fb/p/c", Optional.of(new NodePath.Logs("a/b", "p", "c"))),
                Arguments.of("/pods", Optional.empty()),
                Arguments.of("/", Optional.empty()));
    }

    @ParameterizedTest
    @MethodSource("paths")
    void parses(String path, Optional<NodePath> expected) {
        assertThat(NodePath.parse(path)).isEqualTo(expected);
    }
}
