package io.podyard.node.probes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A probe's verdict after a sequence of outcomes, and when it runs, as kubelet's prober worker decides. */
class ProbeStateTest {
    static ProbeSettings settings(int success, int failure) {
        return new ProbeSettings(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(1), success, failure);
    }

    /** Outcomes written as a string: '+' success, '-' failure. */
    static Stream<Arguments> sequences() {
        return Stream.of(
                Arguments.of("readiness starts unready", ProbeKind.READINESS, settings(1, 3), "", "FAILURE", false),
                Arguments.of("liveness starts alive", ProbeKind.LIVENESS, settings(1, 3), "", "SUCCESS", false),
                Arguments.of("startup starts unknown", ProbeKind.STARTUP, settings(1, 3), "", "UNKNOWN", false),
                Arguments.of("readiness: one success makes ready", ProbeKind.READINESS, settings(1, 3), "+",
                        "SUCCESS", false),
                Arguments.of("readiness: successThreshold 3 needs three in a row", ProbeKind.READINESS,
                        settings(3, 3), "++-++", "FAILURE", false),
                Arguments.of("readiness: ... and then becomes ready", ProbeKind.READINESS, settings(3, 3), "++-+++",
                        "SUCCESS", false),
                Arguments.of("readiness: two failures keep it ready under failureThreshold 3", ProbeKind.READINESS,
                        settings(1, 3), "+--", "SUCCESS", false),
                Arguments.of("readiness: the third failure makes it unready", ProbeKind.READINESS, settings(1, 3),
                        "+---", "FAILURE", false),
                Arguments.of("readiness flips back after a success", ProbeKind.READINESS, settings(1, 3), "+---+",
                        "SUCCESS", false),
                Arguments.of("readiness keeps probing after failing", ProbeKind.READINESS, settings(1, 1), "-----",
                        "FAILURE", false),
                Arguments.of("liveness: failures not in a row do not kill", ProbeKind.LIVENESS, settings(1, 3),
                        "--+--+", "SUCCESS", false),
                Arguments.of("liveness: failureThreshold failures in a row kill and hold", ProbeKind.LIVENESS,
                        settings(1, 3), "+---", "FAILURE", true),
                Arguments.of("liveness: held after the kill, later outcomes change nothing", ProbeKind.LIVENESS,
                        settings(1, 3), "---++", "FAILURE", true),
                Arguments.of("startup: a success starts the container and the probe is done", ProbeKind.STARTUP,
                        settings(1, 3), "--+", "SUCCESS", true),
                Arguments.of("startup: failureThreshold failures kill", ProbeKind.STARTUP, settings(1, 2), "--",
                        "FAILURE", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void verdicts(String name, ProbeKind kind, ProbeSettings settings, String outcomes, String reported,
                  boolean done) {
        ProbeState state = ProbeState.initial(kind);
        for (char c : outcomes.toCharArray()) {
            state = state.next(kind, c == '+' ? ProbeResult.SUCCESS : ProbeResult.FAILURE, settings);
        }

        assertThat(state.reported()).isEqualTo(ProbeResult.valueOf(reported));
        assertThat(state.done()).isEqualTo(done);
        assertThat(state.kills(kind)).isEqualTo(kind != ProbeKind.READINESS && reported.equals("FAILURE"));
    }

    static final Instant STARTED = Instant.parse("2025-01-01T00:00:00Z");

    static Stream<Arguments> dueRows() {
        return Stream.of(
                Arguments.of("no initial delay: due at once", ProbeKind.LIVENESS, 0, 0, true, true),
                Arguments.of("inside the initial delay", ProbeKind.READINESS, 5, 4, true, false),
                Arguments.of("the initial delay has passed", ProbeKind.READINESS, 5, 5, true, true),
                Arguments.of("liveness waits for the startup probe", ProbeKind.LIVENESS, 0, 30, false, false),
                Arguments.of("readiness waits for the startup probe", ProbeKind.READINESS, 0, 30, false, false),
                Arguments.of("the startup probe itself runs", ProbeKind.STARTUP, 0, 1, false, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dueRows")
    void due(String name, ProbeKind kind, int initialDelay, int secondsSinceStart, boolean started, boolean due) {
        ProbeSettings settings = new ProbeSettings(Duration.ofSeconds(initialDelay), Duration.ofSeconds(10),
                Duration.ofSeconds(1), 1, 3);
        assertThat(ProbeState.due(kind, settings, STARTED, STARTED.plusSeconds(secondsSinceStart), started))
                .isEqualTo(due);
    }

    static Stream<Arguments> defaults() {
        return Stream.of(
                Arguments.of("Kubernetes' defaults", new ProbeBuilder().build(),
                        new ProbeSettings(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(1), 1, 3)),
                Arguments.of("all set", new ProbeBuilder().withInitialDelaySeconds(4).withPeriodSeconds(2)
                                .withTimeoutSeconds(3).withSuccessThreshold(2).withFailureThreshold(5).build(),
                        new ProbeSettings(Duration.ofSeconds(4), Duration.ofSeconds(2), Duration.ofSeconds(3), 2, 5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaults")
    void settingsDefaultAsKubernetes(String name, io.fabric8.kubernetes.api.model.Probe probe, ProbeSettings expected) {
        assertThat(ProbeSettings.of(probe)).isEqualTo(expected);
    }
}
