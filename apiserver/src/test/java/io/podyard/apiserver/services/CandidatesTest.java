package io.podyard.apiserver.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CandidatesTest {
    static Stream<Arguments> bands() {
        return Stream.of(
                Arguments.of("a /12 keeps 256 addresses for hand-picking", Candidates.ipStaticBand(1_048_574), 256),
                Arguments.of("a /24 keeps 16", Candidates.ipStaticBand(254), 16),
                Arguments.of("a /28 keeps none", Candidates.ipStaticBand(14), 0),
                Arguments.of("30000-32767 keeps 86 ports", Candidates.portStaticBand(2768), 86),
                Arguments.of("a big port range keeps at most 128", Candidates.portStaticBand(30000), 128),
                Arguments.of("a small port range keeps 16", Candidates.portStaticBand(100), 16));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bands")
    void staticBandsAsKubernetes(String name, int actual, int expected) {
        assertThat(actual).isEqualTo(expected);
    }

    static Stream<Arguments> orders() {
        return Stream.of(Arguments.of(20, 16), Arguments.of(300, 16), Arguments.of(10, 0), Arguments.of(16, 16));
    }

    @ParameterizedTest(name = "size {0}, static band {1}")
    @MethodSource("orders")
    void everyIndexOnceTheUpperBandFirst(int size, int band) {
        for (int seed = 0; seed < 20; seed++) {
            List<Integer> order = Candidates.order(size, band, new SplittableRandom(seed)).boxed().toList();
            assertThat(order).containsExactlyInAnyOrderElementsOf(IntStream.range(0, size).boxed().toList());
            assertThat(order.subList(0, size - band)).allMatch(i -> i >= band);
        }
    }
}
