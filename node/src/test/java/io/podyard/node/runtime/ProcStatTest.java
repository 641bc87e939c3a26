package io.podyard.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProcStatTest {
    private static final String TAIL = " 1 1 1 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 %d 1740800 129 "
            + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("plain sleep", "4242 (sleep) S" + TAIL.formatted(123456),
                        Optional.of(new ProcStat('S', 123456))),
                Arguments.of("comm with spaces and parentheses", "7 (a) b (c) R" + TAIL.formatted(99),
                        Optional.of(new ProcStat('R', 99))),
                Arguments.of("zombie", "8 (sh) Z" + TAIL.formatted(5), Optional.of(new ProcStat('Z', 5))),
                Arguments.of("cut short", "9 (sh) S 1 1 1", Optional.empty()),
                Arguments.of("no comm", "garbage", Optional.empty()),
                Arguments.of("start time not a number", "9 (sh) S" + TAIL.replace("%d", "x"), Optional.empty()),
                Arguments.of("empty", "", Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void parsesStateAndStartTime(String name, String line, Optional<ProcStat> expected) {
        assertThat(ProcStat.parse(line)).isEqualTo(expected);
    }

    static Stream<Arguments> states() {
        return Stream.of(Arguments.of('S', false), Arguments.of('R', false), Arguments.of('D', false),
                Arguments.of('T', false), Arguments.of('Z', true), Arguments.of('X', true));
    }

    @ParameterizedTest(name = "{0} ended: {1}")
    @MethodSource("states")
    void zombiesAndDeadProcessesHaveEnded(char state, boolean ended) {
        assertThat(new ProcStat(state, 1).ended()).isEqualTo(ended);
    }

    @Test
    void thisProcessIsAliveOnlyWithItsOwnStartTime() {
        int pid = (int) ProcessHandle.current().pid();
        ProcStat self = ProcStat.read(pid).orElseThrow();

        assertThat(ProcStat.alive(pid, self.startTicks())).isTrue();
        assertThat(ProcStat.alive(pid, self.startTicks() + 1)).isFalse();
        assertThat(ProcStat.read(-1)).isEmpty();
    }
}
