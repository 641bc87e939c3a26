package io.podyard.controllers.nodelifecycle;

import static io.podyard.controllers.nodelifecycle.TestNodes.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How many nodes may get NoExecute taints and how fast: disruption states and the token bucket. */
class EvictionRateTest {
    private static final NodeLifecycleSettings SETTINGS = NodeLifecycleSettings.defaults();

    static Stream<Arguments> states() {
        return Stream.of(
                Arguments.of("all healthy", 10, 0, Disruption.NORMAL, 0.1),
                Arguments.of("one of two down", 1, 1, Disruption.NORMAL, 0.1),
                Arguments.of("two of three down: too few to call it a disruption", 1, 2, Disruption.NORMAL, 0.1),
                Arguments.of("3 of 5 down (60 %) in a small cluster: stop", 2, 3, Disruption.PARTIAL, 0.0),
                Arguments.of("exactly 55 % counts", 45, 55, Disruption.PARTIAL, 0.01),
                Arguments.of("54 of 100 down: normal", 46, 54, Disruption.NORMAL, 0.1),
                Arguments.of("60 of 100 down: secondary rate", 40, 60, Disruption.PARTIAL, 0.01),
                Arguments.of("50 nodes is not large", 20, 30, Disruption.PARTIAL, 0.0),
                Arguments.of("every node down, even one: full disruption", 0, 1, Disruption.FULL, 0.0),
                Arguments.of("every node of many down", 0, 100, Disruption.FULL, 0.0),
                Arguments.of("no nodes", 0, 0, Disruption.NORMAL, 0.1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void disruptionAndRate(String name, int ready, int notReady, Disruption expected, double rate) {
        Disruption state = Disruption.of(ready, notReady, SETTINGS.unhealthyZoneThreshold());
        assertThat(state).isEqualTo(expected);
        assertThat(state.evictionRate(ready + notReady, SETTINGS)).isEqualTo(rate);
    }

    @Test
    void nodesGoOutOneToken10SecondsApartOldestFirst() {
        NoExecuteTainter tainter = new NoExecuteTainter(0.1, T0);
        tainter.add("a");
        tainter.add("b");
        tainter.add("c");
        tainter.add("a"); // already waiting: keeps its place

        assertThat(tainter.take(0.1, T0)).containsExactly("a");
        assertThat(tainter.take(0.1, T0.plusSeconds(5))).isEmpty();
        assertThat(tainter.nextIn(T0.plusSeconds(5))).contains(Duration.ofSeconds(5));
        assertThat(tainter.take(0.1, T0.plusSeconds(10))).containsExactly("b");
        assertThat(tainter.take(0.1, T0.plusSeconds(30))).as("the bucket holds one token").containsExactly("c");
        assertThat(tainter.nextIn(T0.plusSeconds(30))).as("nothing waits").isEmpty();
    }

    @Test
    void rateZeroHoldsEveryoneUntilTheRateComesBack() {
        NoExecuteTainter tainter = new NoExecuteTainter(0.1, T0);
        tainter.take(0.1, T0); // spend the first token
        tainter.add("a");
        tainter.add("b");

        assertThat(tainter.take(0, T0.plusSeconds(100))).isEmpty();
        assertThat(tainter.nextIn(T0.plusSeconds(100))).isEmpty();
        assertThat(tainter.isWaiting("a")).isTrue();

        tainter.remove("a"); // recovered meanwhile
        assertThat(tainter.take(0.1, T0.plusSeconds(100))).as("the token earned before the stop").containsExactly("b");
    }

    @Test
    void aHighRateLetsManyOutAtOnceOverTime() {
        NoExecuteTainter tainter = new NoExecuteTainter(1000, T0);
        List.of("a", "b", "c").forEach(tainter::add);

        assertThat(tainter.take(1000, T0)).containsExactly("a");
        assertThat(tainter.take(1000, T0.plusMillis(1))).containsExactly("b");
        assertThat(tainter.take(1000, T0.plusMillis(2))).containsExactly("c");
    }
}
