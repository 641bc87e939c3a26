package io.podyard.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.podyard.node.pty.Winsize;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChannelsTest {
    static Stream<Arguments> exits() {
        return Stream.of(
                Arguments.of(0, "{\"metadata\":{},\"status\":\"Success\"}"),
                Arguments.of(3, "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero"
                        + " exit code: error executing command, exit code 3\",\"reason\":\"NonZeroExitCode\","
                        + "\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"3\"}]}}"));
    }

    @ParameterizedTest
    @MethodSource("exits")
    void theErrorChannelCarriesTheExitCodeAsKubeletDoes(int code, String json) {
        assertThat(new String(Channels.exitStatus(code), StandardCharsets.UTF_8)).isEqualTo(json);
    }

    static Stream<Arguments> frames() {
        return Stream.of(
                Arguments.of(Channels.STDOUT, "hi", new byte[] {1, 'h', 'i'}),
                Arguments.of(Channels.ERROR, "", new byte[] {3}));
    }

    @ParameterizedTest
    @MethodSource("frames")
    void aFrameStartsWithItsChannel(int channel, String data, byte[] expected) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        assertThat(Channels.frame(channel, bytes, bytes.length)).isEqualTo(expected);
    }

    static Stream<Arguments> sizes() {
        return Stream.of(
                Arguments.of("{\"Width\":80,\"Height\":24}", Optional.of(new Winsize(80, 24))),
                Arguments.of("{\"Height\":43,\"Width\":132}\n", Optional.of(new Winsize(132, 43))),
                Arguments.of("{\"Width\":80}", Optional.empty()),
                Arguments.of("{\"Width\":\"80\",\"Height\":24}", Optional.empty()),
                Arguments.of("{\"Width\":-1,\"Height\":24}", Optional.empty()),
                Arguments.of("{\"Width\":70000,\"Height\":24}", Optional.empty()),
                Arguments.of("not json", Optional.empty()),
                Arguments.of("", Optional.empty()));
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void aResizeMessageIsClientGosTerminalSize(String json, Optional<Winsize> expected) {
        assertThat(Channels.terminalSize(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
    }

    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of("{\"Width\":121,\"Height\":41}\n{\"Width\":120,\"Height\":40}\n",
                        List.of(new Winsize(121, 41), new Winsize(120, 40))),
                Arguments.of("{\"Width\":80,\"Height\":24}", List.of(new Winsize(80, 24))),
                Arguments.of("junk\n{\"Width\":80,\"Height\":24}\n\n", List.of(new Winsize(80, 24))),
                Arguments.of("", List.of()));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void oneMessageMayCarrySeveralSizesInOrder(String message, List<Winsize> expected) {
        assertThat(Channels.terminalSizes(message.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
    }
}
