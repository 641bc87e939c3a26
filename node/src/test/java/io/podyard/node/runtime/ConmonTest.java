package io.podyard.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.podyard.node.pty.Winsize;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConmonTest {
    static Stream<Arguments> stdio() {
        return Stream.of(
                Arguments.of(Conmon.Stdio.NONE, List.of()),
                Arguments.of(new Conmon.Stdio(true, false, true), List.of("--stdin")),
                Arguments.of(new Conmon.Stdio(true, false, false), List.of("--stdin", "--leave-stdin-open")),
                Arguments.of(new Conmon.Stdio(true, true, true), List.of("--stdin", "--terminal")),
                Arguments.of(new Conmon.Stdio(false, true, false), List.of("--terminal")));
    }

    @ParameterizedTest
    @MethodSource("stdio")
    void thePodsStdinAndTerminalBecomeConmonFlags(Conmon.Stdio stdio, List<String> flags) {
        List<String> args = Conmon.args(Path.of("/usr/bin/conmon"), new Runc(Path.of("/usr/sbin/runc"), Path.of("/run/r")),
                new ContainerDir(Path.of("/c/abc")), "abc", "ns_pod_c", Path.of("/logs/0.log"), Path.of("/exits"), 0,
                stdio);
        List<String> stdioFlags = args.stream()
                .filter(a -> a.equals("--stdin") || a.equals("--leave-stdin-open") || a.equals("--terminal")).toList();
        assertThat(stdioFlags).isEqualTo(flags);
    }

    static Stream<Arguments> sizes() {
        return Stream.of(
                Arguments.of(new Winsize(80, 24), "1 24 80\n"),
                Arguments.of(new Winsize(1500, 2000), "1 1000 1000\n"),
                Arguments.of(new Winsize(0, 0), "1 0 0\n"));
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void aResizeIsRowsThenColumnsWithinConmonsLimit(Winsize size, String message) {
        assertThat(Conmon.resizeMessage(size)).isEqualTo(message);
    }
}
