package io.podyard.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConmonAttachTest {
    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of(new byte[] {2, 'h', 'i'}, 3, new ContainerRuntime.Attachment.Output(1, bytes("hi"))),
                Arguments.of(new byte[] {3, 'e', 'r', 'r'}, 4, new ContainerRuntime.Attachment.Output(2, bytes("err"))),
                Arguments.of(new byte[] {2, 'h', 'i', 'x'}, 2, new ContainerRuntime.Attachment.Output(1, bytes("h"))),
                Arguments.of(new byte[] {2}, 1, null),
                Arguments.of(new byte[] {1, 'i', 'n'}, 3, null),
                Arguments.of(new byte[0], 0, null));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void conmonNamesThePipeInTheFirstByte(byte[] message, int length, ContainerRuntime.Attachment.Output expected) {
        ContainerRuntime.Attachment.Output output = ConmonAttach.output(message, length);
        if (expected == null) {
            assertThat(output).isNull();
        } else {
            assertThat(output.stream()).isEqualTo(expected.stream());
            assertThat(output.data()).isEqualTo(expected.data());
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
