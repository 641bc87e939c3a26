package io.podyard.node.podworker;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.podyard.node.images.PullPolicy;
import io.podyard.node.runtime.ContainerState;
import io.podyard.node.status.ContainerObservation;
import io.podyard.node.status.ContainerProblem;
import io.podyard.node.status.PodObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a worker does for a pod in each situation, as a table. */
class PodSyncTest {
    static final Instant NOW = Instant.parse("2025-01-01T00:01:00Z");

    static Pod pod(String restartPolicy, boolean deleting, String... containers) {
        var builder = new PodBuilder().withNewMetadata().withName("p").withNamespace("default").withUid("u1")
                .endMetadata().withNewSpec().withRestartPolicy(restartPolicy).withTerminationGracePeriodSeconds(7L)
                .endSpec();
        for (String c : containers) {
            builder.editSpec().addNewContainer().withName(c).withImage("127.0.0.1:5000/busybox:latest").endContainer()
                    .endSpec();
        }
        if (deleting) {
            builder.editMetadata().withDeletionTimestamp("2025-01-01T00:00:30Z").withDeletionGracePeriodSeconds(3L)
                    .endMetadata();
        }
        return builder.build();
    }

    /** A builder of observations: a sandbox, containers by name, problems by name. */
    static final class Seen {
        boolean sandbox = true;
        final Map<String, ContainerObservation> containers = new HashMap<>();
        final Map<String, ContainerProblem> problems = new HashMap<>();

        static Seen nothing() {
            Seen s = new Seen();
            s.sandbox = false;
            return s;
        }

        static Seen sandbox() {
            return new Seen();
        }

        Seen running(String name, int attempt) {
            containers.put(name, new ContainerObservation("u1_" + name + "_" + attempt, attempt,
                    new ContainerState.Running(1, NOW.minusSeconds(30)), "img"));
            return this;
        }

        Seen exited(String name, int attempt, int code, Instant at) {
            containers.put(name, new ContainerObservation("u1_" + name + "_" + attempt, attempt,
                    new ContainerState.Exited(code, at.minusSeconds(1), at, false), "img"));
            return this;
        }

        Seen created(String name, int attempt) {
            containers.put(name, new ContainerObservation("u1_" + name + "_" + attempt, attempt,
                    new ContainerState.Created(NOW), "img"));
            return this;
        }

        Seen pullFailed(String name, Instant retryAt) {
            problems.put(name, new ContainerProblem.PullFailed("x", "ErrImagePull", "manifest unknown", 1, retryAt,
                    true));
            return this;
        }

        PodObservation build() {
            return new PodObservation(sandbox ? Optional.of("10.244.1.2") : Optional.empty(), Optional.empty(),
                    containers, problems, NOW);
        }
    }

    static Step.PullImage pull(String name) {
        return new Step.PullImage(name, "127.0.0.1:5000/busybox:latest", PullPolicy.ALWAYS);
    }

    static Stream<Arguments> plans() {
        Instant before = NOW.minusSeconds(5);
        Instant later = NOW.plusSeconds(5);
        return Stream.of(
                Arguments.of("a new pod gets a sandbox, then each container pulled and started in order",
                        pod("Always", false, "a", "b"), false, Seen.nothing(),
                        List.of(new Step.CreateSandbox(), pull("a"), new Step.StartContainer("a", 0), pull("b"),
                                new Step.StartContainer("b", 0)), null),
                Arguments.of("running containers need nothing", pod("Always", false, "a"), false,
                        Seen.sandbox().running("a", 0), List.of(), null),
                Arguments.of("only the container that has not run yet is started", pod("Always", false, "a", "b"),
                        false, Seen.sandbox().running("a", 0), List.of(pull("b"), new Step.StartContainer("b", 0)),
                        null),
                Arguments.of("a created container (start interrupted) is started", pod("Always", false, "a"), false,
                        Seen.sandbox().created("a", 0), List.of(pull("a"), new Step.StartContainer("a", 0)), null),
                Arguments.of("Never: an exited container stays exited", pod("Never", false, "a"), false,
                        Seen.sandbox().exited("a", 0, 3, before), List.of(), null),
                Arguments.of("OnFailure: exit 0 stays exited", pod("OnFailure", false, "a"), false,
                        Seen.sandbox().exited("a", 0, 0, before), List.of(), null),
                Arguments.of("OnFailure: the first failure restarts at once", pod("OnFailure", false, "a"), false,
                        Seen.sandbox().exited("a", 0, 1, before), List.of(pull("a"), new Step.StartContainer("a", 1)),
                        null),
                Arguments.of("Always: the second exit waits 10 s after it", pod("Always", false, "a"), false,
                        Seen.sandbox().exited("a", 1, 0, before), List.of(), before.plusSeconds(10)),
                Arguments.of("Always: after the back-off the next attempt starts", pod("Always", false, "a"), false,
                        Seen.sandbox().exited("a", 1, 0, NOW.minusSeconds(10)),
                        List.of(pull("a"), new Step.StartContainer("a", 2)), null),
                Arguments.of("a failed pull waits for its back-off", pod("Always", false, "a"), false,
                        Seen.sandbox().pullFailed("a", later), List.of(), later),
                Arguments.of("a failed pull is retried once the back-off ends", pod("Always", false, "a"), false,
                        Seen.sandbox().pullFailed("a", before), List.of(pull("a"), new Step.StartContainer("a", 0)),
                        null),
                Arguments.of("a pod being deleted is stopped with the deletion's grace, torn down and deleted",
                        pod("Always", true, "a"), false, Seen.sandbox().running("a", 0),
                        List.of(new Step.StopPod(Duration.ofSeconds(3)), new Step.TearDown(), new Step.DeleteObject()),
                        null),
                Arguments.of("a pod gone from the API is stopped with its own grace and torn down",
                        pod("Always", false, "a"), true, Seen.sandbox().running("a", 0),
                        List.of(new Step.StopPod(Duration.ofSeconds(7)), new Step.TearDown()), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plans")
    void plans(String name, Pod pod, boolean removed, Seen seen, List<Step> steps, Instant wakeAt) {
        Plan plan = PodSync.plan(pod, removed, seen.build(), NOW);

        assertThat(plan.steps()).isEqualTo(steps);
        assertThat(plan.wakeAt()).isEqualTo(Optional.ofNullable(wakeAt));
    }

    static Stream<Arguments> pullPolicies() {
        return Stream.of(Arguments.of("busybox", null, PullPolicy.ALWAYS),
                Arguments.of("busybox:latest", null, PullPolicy.ALWAYS),
                Arguments.of("127.0.0.1:5000/busybox", null, PullPolicy.ALWAYS),
                Arguments.of("127.0.0.1:5000/busybox:1.36", null, PullPolicy.IF_NOT_PRESENT),
                Arguments.of("busybox@sha256:" + "a".repeat(64), null, PullPolicy.IF_NOT_PRESENT),
                Arguments.of("busybox:latest", "Never", PullPolicy.NEVER),
                Arguments.of("busybox:1.36", "Always", PullPolicy.ALWAYS));
    }

    @ParameterizedTest(name = "{0} with {1} → {2}")
    @MethodSource("pullPolicies")
    void pullPolicyDefaultsAsKubernetes(String image, String policy, PullPolicy expected) {
        var container = new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("c").withImage(image)
                .withImagePullPolicy(policy).build();
        assertThat(PodSync.pullPolicy(container)).isEqualTo(expected);
    }
}
