package io.podyard.node.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.podyard.node.runtime.ContainerState;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Kubelet's crash-loop back-off and the policy each kind of container restarts under, as tables. */
class RestartsTest {
    static final Instant EXIT = Instant.parse("2025-01-01T01:00:00Z");

    static Stream<Arguments> delays() {
        return Stream.of(
                Arguments.of("the first exit restarts at once", 0, Duration.ofSeconds(1), Duration.ZERO),
                Arguments.of("the second waits 10 s", 1, Duration.ofSeconds(1), Duration.ofSeconds(10)),
                Arguments.of("then 20 s", 2, Duration.ofSeconds(1), Duration.ofSeconds(20)),
                Arguments.of("then 40 s", 3, Duration.ofSeconds(1), Duration.ofSeconds(40)),
                Arguments.of("capped at 5 min", 9, Duration.ofSeconds(1), Duration.ofMinutes(5)),
                Arguments.of("a run just under 10 min keeps the back-off", 9, Duration.ofMinutes(10).minusSeconds(1),
                        Duration.ofMinutes(5)),
                Arguments.of("a run of 10 min resets it", 9, Duration.ofMinutes(10), Duration.ZERO));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("delays")
    void backOff(String name, int attempt, Duration ran, Duration expected) {
        var exited = new ContainerState.Exited(1, EXIT.minus(ran), EXIT, false);

        assertThat(Restarts.delay(exited, attempt)).isEqualTo(expected);
        assertThat(Restarts.restartAt("Always", exited, attempt)).contains(EXIT.plus(expected));
    }

    static Stream<Arguments> policies() {
        return Stream.of(
                Arguments.of("init container under Always: OnFailure", "Always", null, "OnFailure"),
                Arguments.of("init container under OnFailure", "OnFailure", null, "OnFailure"),
                Arguments.of("init container under Never", "Never", null, "Never"),
                Arguments.of("sidecar under Never still Always", "Never", "Always", "Always"),
                Arguments.of("sidecar under OnFailure", "OnFailure", "Always", "Always"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void initPolicies(String name, String podPolicy, String containerPolicy, String expected) {
        var pod = new PodBuilder().withNewSpec().withRestartPolicy(podPolicy).endSpec().build();
        var init = new ContainerBuilder().withName("i").withRestartPolicy(containerPolicy).build();

        assertThat(Restarts.initPolicy(pod, init)).isEqualTo(expected);
    }

    static Stream<Arguments> exits() {
        return Stream.of(
                Arguments.of("Always", 0, true), Arguments.of("Always", 1, true),
                Arguments.of("OnFailure", 0, false), Arguments.of("OnFailure", 137, true),
                Arguments.of("Never", 1, false));
    }

    @ParameterizedTest(name = "{0} after exit {1}: {2}")
    @MethodSource("exits")
    void whetherAnExitRestarts(String policy, int code, boolean restarts) {
        var exited = new ContainerState.Exited(code, EXIT.minusSeconds(5), EXIT, false);
        assertThat(Restarts.restartAt(policy, exited, 0).isPresent()).isEqualTo(restarts);
    }
}
