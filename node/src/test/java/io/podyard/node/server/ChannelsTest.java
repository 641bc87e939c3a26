package io.podyard.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
}
