package io.podyard.api.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Quantities print in resource.Quantity's canonical form, whatever the spelling stored. */
class QuantitiesTest {
    static Stream<Arguments> quantities() {
        return Stream.of(
                Arguments.of("0", "0"),
                Arguments.of("0Gi", "0"),
                Arguments.of("1", "1"),
                Arguments.of("1000", "1k"),
                Arguments.of("1500", "1500"),
                Arguments.of("1.5k", "1500"),
                Arguments.of("1000m", "1"),
                Arguments.of("0.5", "500m"),
                Arguments.of("250m", "250m"),
                Arguments.of("100M", "100M"),
                Arguments.of("1G", "1G"),
                Arguments.of("1n", "1n"),
                Arguments.of("0.1n", "1n"),
                Arguments.of("+2", "2"),
                Arguments.of("-500m", "-500m"),
                Arguments.of("1Gi", "1Gi"),
                Arguments.of("1024Mi", "1Gi"),
                Arguments.of("1536Mi", "1536Mi"),
                Arguments.of("1.5Gi", "1536Mi"),
                Arguments.of("0.5Gi", "512Mi"),
                Arguments.of("0.5Ki", "512"),
                Arguments.of("1023Ki", "1023Ki"),
                Arguments.of("2048", "2048"),
                Arguments.of("1e3", "1e3"),
                Arguments.of("1.5e3", "1500"),
                Arguments.of("5e-1", "500e-3"),
                Arguments.of("12e6", "12e6"),
                Arguments.of("bogus", "bogus"),
                Arguments.of("1Kb", "1Kb"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("quantities")
    void canonicalizes(String stored, String printed) {
        assertThat(Quantities.canonical(stored)).isEqualTo(printed);
    }
}
