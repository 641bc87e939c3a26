package io.podyard.node.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.podyard.node.runtime.ContainerState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Pod status from observations: phase, the container's state and reason, and Ready, as a table. */
class PodStatusesTest {
    static final Instant NOW = Instant.parse("2025-01-01T00:01:00Z");
    static final Instant EXIT = NOW.minusSeconds(5);

    static Pod pod(String restartPolicy) {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("default").withUid("u1").endMetadata()
                .withNewSpec().withRestartPolicy(restartPolicy).addNewContainer().withName("a").withImage("busybox")
                .endContainer().endSpec().withNewStatus().withPhase("Pending").withQosClass("BestEffort").endStatus()
                .build();
    }

    static PodObservation seen(ContainerState state, int attempt, ContainerProblem problem) {
        Map<String, ContainerObservation> containers = new HashMap<>();
        if (state != null) {
            containers.put("a", new ContainerObservation("u1_a_" + attempt, attempt, state, "busybox@sha256:x"));
        }
        Map<String, ContainerProblem> problems = new HashMap<>();
        if (problem != null) {
            problems.put("a", problem);
        }
        return new PodObservation(Optional.of("10.244.1.5"), Optional.empty(), containers, problems, NOW);
    }

    static ContainerState.Exited exited(int code) {
        return new ContainerState.Exited(code, EXIT.minusSeconds(1), EXIT, false);
    }

    static Stream<Arguments> rows() {
        var pullFresh = new ContainerProblem.PullFailed("x", "ErrImagePull", "manifest unknown", 1, NOW.plusSeconds(10),
                false);
        return Stream.of(
                Arguments.of("nothing started yet", "Always", seen(null, 0, null), "Pending", "waiting ContainerCreating",
                        "False"),
                Arguments.of("a fresh pull failure", "Always", seen(null, 0, pullFresh), "Pending",
                        "waiting ErrImagePull", "False"),
                Arguments.of("a pull failure already shown backs off", "Always", seen(null, 0, pullFresh.asShown()),
                        "Pending", "waiting ImagePullBackOff", "False"),
                Arguments.of("a missing configmap", "Always", seen(null, 0, new ContainerProblem.ConfigFailed(
                        "configmap \"x\" not found", NOW)), "Pending", "waiting CreateContainerConfigError", "False"),
                Arguments.of("running", "Always", seen(new ContainerState.Running(9, EXIT), 0, null), "Running",
                        "running", "True"),
                Arguments.of("Never and exit 3", "Never", seen(exited(3), 0, null), "Failed", "terminated 3", "False"),
                Arguments.of("Never and exit 0", "Never", seen(exited(0), 0, null), "Succeeded", "terminated 0",
                        "False"),
                Arguments.of("OnFailure and exit 0", "OnFailure", seen(exited(0), 0, null), "Succeeded",
                        "terminated 0", "False"),
                Arguments.of("Always, in back-off after the second exit", "Always", seen(exited(1), 1, null),
                        "Running", "waiting CrashLoopBackOff", "False"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void statuses(String name, String restartPolicy, PodObservation seen, String phase, String state, String ready) {
        PodStatus status = PodStatuses.build(pod(restartPolicy), seen, "192.0.2.1", NOW);

        assertThat(status.getPhase()).isEqualTo(phase);
        ContainerStatus container = status.getContainerStatuses().getFirst();
        assertThat(describe(container)).isEqualTo(state);
        assertThat(condition(status, "Ready").getStatus()).isEqualTo(ready);
        assertThat(status.getPodIP()).isEqualTo("10.244.1.5");
        assertThat(status.getHostIP()).isEqualTo("192.0.2.1");
    }

    @Test
    void anUnchangedPodYieldsAnEqualStatus() {
        Pod pod = pod("Always");
        PodObservation seen = seen(new ContainerState.Running(9, EXIT), 0, null);
        PodStatus first = PodStatuses.build(pod, seen, "192.0.2.1", NOW);
        pod.setStatus(first);

        PodStatus second = PodStatuses.build(pod, seen, "192.0.2.1", NOW.plusSeconds(30));

        assertThat(second).isEqualTo(first);
        ContainerStatus container = second.getContainerStatuses().getFirst();
        assertThat(container.getContainerID()).isEqualTo("podyard://u1_a_0");
        assertThat(container.getImageID()).isEqualTo("busybox@sha256:x");
        assertThat(second.getStartTime()).isEqualTo("2025-01-01T00:01:00Z");
        assertThat(second.getQosClass()).isEqualTo("BestEffort");
    }

    static Stream<Arguments> restarts() {
        return Stream.of(
                // The first restart is immediate: the status showed attempt 0 terminated.
                Arguments.of("after an immediate restart", 0, "podyard://u1_a_0"),
                // Later ones wait: the status showed attempt 1 as lastState while waiting in CrashLoopBackOff.
                Arguments.of("after a back-off", 1, "podyard://u1_a_1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("restarts")
    void aRestartedContainerCarriesItsPreviousEndAsLastState(String name, int exitedAttempt, String lastContainerId) {
        Pod pod = pod("Always");
        pod.setStatus(PodStatuses.build(pod, seen(exited(1), exitedAttempt, null), "192.0.2.1", NOW));

        PodStatus restarted = PodStatuses.build(pod, seen(new ContainerState.Running(9, NOW), exitedAttempt + 1, null),
                "192.0.2.1", NOW);

        ContainerStatus container = restarted.getContainerStatuses().getFirst();
        assertThat(container.getRestartCount()).isEqualTo(exitedAttempt + 1);
        assertThat(container.getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(container.getLastState().getTerminated().getContainerID()).isEqualTo(lastContainerId);
    }

    static String describe(ContainerStatus c) {
        var state = c.getState();
        if (state.getRunning() != null) {
            return "running";
        }
        if (state.getTerminated() != null) {
            return "terminated " + state.getTerminated().getExitCode();
        }
        return "waiting " + state.getWaiting().getReason();
    }

    static PodCondition condition(PodStatus status, String type) {
        List<PodCondition> conditions = status.getConditions();
        return conditions.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }
}
