package io.podyard.api.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** AGE text exactly as Kubernetes' duration.HumanDuration writes it. */
class HumanDurationTest {
    static Stream<Arguments> durations() {
        return Stream.of(
                Arguments.of(Duration.ofSeconds(-3), "<invalid>"),
                Arguments.of(Duration.ofSeconds(-2), "<invalid>"),
                Arguments.of(Duration.ofMillis(-1500), "0s"),
                Arguments.of(Duration.ofSeconds(-1), "0s"),
                Arguments.of(Duration.ZERO, "0s"),
                Arguments.of(Duration.ofMillis(999), "0s"),
                Arguments.of(Duration.ofSeconds(1), "1s"),
                Arguments.of(Duration.ofSeconds(70), "70s"),
                Arguments.of(Duration.ofSeconds(90), "90s"),
                Arguments.of(Duration.ofSeconds(119), "119s"),
                Arguments.of(Duration.ofSeconds(120), "2m"),
                Arguments.of(Duration.ofMinutes(3), "3m"),
                Arguments.of(Duration.ofSeconds(190), "3m10s"),
                Arguments.of(Duration.ofSeconds(599), "9m59s"),
                Arguments.of(Duration.ofMinutes(10), "10m"),
                Arguments.of(Duration.ofMinutes(70), "70m"),
                Arguments.of(Duration.ofMinutes(125), "125m"),
                Arguments.of(Duration.ofMinutes(179), "179m"),
                Arguments.of(Duration.ofHours(3), "3h"),
                Arguments.of(Duration.ofMinutes(3 * 60 + 5), "3h5m"),
                Arguments.of(Duration.ofMinutes(8 * 60 - 1), "7h59m"),
                Arguments.of(Duration.ofMinutes(8 * 60 + 30), "8h"),
                Arguments.of(Duration.ofHours(47), "47h"),
                Arguments.of(Duration.ofHours(48), "2d"),
                Arguments.of(Duration.ofHours(49), "2d1h"),
                Arguments.of(Duration.ofHours(8 * 24 - 1), "7d23h"),
                Arguments.of(Duration.ofHours(8 * 24 + 2), "8d"),
                Arguments.of(Duration.ofHours(367 * 24), "367d"),
                Arguments.of(Duration.ofDays(729), "729d"),
                Arguments.of(Duration.ofDays(730), "2y"),
                Arguments.of(Duration.ofHours(365 * 2 * 24 + 25), "2y1d"),
                Arguments.of(Duration.ofHours(365 * 8 * 24 - 24), "7y364d"),
                Arguments.of(Duration.ofHours(365 * 8 * 24 + 2), "8y"),
                // Go durations stop at about 292 years.
                Arguments.of(Duration.ofDays(365 * 500), "292y"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("durations")
    void formatsLikeKubernetes(Duration duration, String expected) {
        assertThat(HumanDuration.format(duration)).isEqualTo(expected);
    }
}
