package io.podyard.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SlowStartTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(0, List.of()),
                Arguments.of(1, List.of(1)),
                Arguments.of(3, List.of(1, 2)),
                Arguments.of(4, List.of(1, 2, 1)),
                Arguments.of(10, List.of(1, 2, 4, 3)),
                Arguments.of(15, List.of(1, 2, 4, 8)));
    }

    @ParameterizedTest(name = "{0} creates go in batches {1}")
    @MethodSource("cases")
    void batchesDouble(int count, List<Integer> expected) {
        assertThat(SlowStart.batches(count, 1)).containsExactlyElementsOf(expected);
    }

    @Test
    void negativeCountsAreRefused() {
        assertThatThrownBy(() -> SlowStart.batches(-1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
