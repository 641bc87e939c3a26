package io.podyard.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.podyard.node.runtime.ContainerLogs;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogQueryTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of(Map.of(), new LogQuery(ContainerLogs.Options.ALL, false)),
                Arguments.of(Map.of("tailLines", "5", "timestamps", "true"),
                        new LogQuery(new ContainerLogs.Options(5, null, true, false, -1), false)),
                Arguments.of(Map.of("follow", "true", "limitBytes", "100"),
                        new LogQuery(new ContainerLogs.Options(-1, null, false, true, 100), false)),
                Arguments.of(Map.of("sinceSeconds", "60"),
                        new LogQuery(new ContainerLogs.Options(-1, Instant.parse("2026-01-01T00:09:00Z"), false, false,
                                -1), false)),
                Arguments.of(Map.of("sinceTime", "2026-01-01T00:00:00Z"),
                        new LogQuery(new ContainerLogs.Options(-1, Instant.parse("2026-01-01T00:00:00Z"), false, false,
                                -1), false)),
                // Following a previous (ended) attempt would never end: kubelet ignores follow there too.
                Arguments.of(Map.of("previous", "true", "follow", "true"),
                        new LogQuery(ContainerLogs.Options.ALL, true)));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void parses(Map<String, String> query, LogQuery expected) {
        assertThat(LogQuery.parse(query, NOW)).isEqualTo(expected);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(Map.of("tailLines", "x"), "tailLines: Invalid value: \"x\": not a number"),
                Arguments.of(Map.of("tailLines", "-1"), "tailLines: Invalid value: -1: must be greater than or equal to 0"),
                Arguments.of(Map.of("limitBytes", "0"), "limitBytes: Invalid value: 0: must be greater than 0"),
                Arguments.of(Map.of("sinceSeconds", "0"), "sinceSeconds: Invalid value: 0: must be greater than 0"),
                Arguments.of(Map.of("sinceSeconds", "1", "sinceTime", "2026-01-01T00:00:00Z"),
                        "at most one of sinceTime or sinceSeconds may be specified"),
                Arguments.of(Map.of("sinceTime", "yesterday"), "sinceTime: Invalid value: \"yesterday\": must be RFC3339"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void refuses(Map<String, String> query, String message) {
        assertThatThrownBy(() -> LogQuery.parse(query, NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
