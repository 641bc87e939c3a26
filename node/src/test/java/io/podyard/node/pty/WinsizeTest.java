package io.podyard.node.pty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WinsizeTest {
    static Stream<Arguments> sizes() {
        return Stream.of(
                Arguments.of(80, 24, new byte[] {24, 0, 80, 0, 0, 0, 0, 0}),
                Arguments.of(300, 1, new byte[] {1, 0, 0x2c, 1, 0, 0, 0, 0}),
                Arguments.of(65535, 0, new byte[] {0, 0, -1, -1, 0, 0, 0, 0}));
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void rowsComeBeforeColumnsInNativeOrder(int columns, int rows, byte[] expected) {
        Winsize size = new Winsize(columns, rows);
        assertThat(size.encode()).isEqualTo(expected);
        assertThat(Winsize.decode(expected)).isEqualTo(size);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(Arguments.of(-1, 24), Arguments.of(80, 65536));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void sizesOutsideAnUnsignedShortAreRefused(int columns, int rows) {
        assertThatThrownBy(() -> new Winsize(columns, rows)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 to 65535");
    }
}
