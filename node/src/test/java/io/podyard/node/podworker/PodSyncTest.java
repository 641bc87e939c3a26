package io.podyard.node.podworker;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.podyard.node.images.PullPolicy;
import io.podyard.node.runtime.ContainerState;
import io.podyard.node.status.ContainerHealth;
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

    /** The pod as the API has it once its phase is {@code phase}. */
    static Pod ended(Pod pod, String phase) {
        return new PodBuilder(pod).withNewStatus().withPhase(phase).endStatus().build();
    }

    /** The pod with init containers before its app containers; names starting with "side" are sidecars. */
    static Pod withInit(Pod pod, String... inits) {
        var builder = new PodBuilder(pod);
        for (String init : inits) {
            builder.editSpec().addNewInitContainer().withName(init).withImage("127.0.0.1:5000/busybox:latest")
                    .withRestartPolicy(init.startsWith("side") ? "Always" : null).endInitContainer().endSpec();
        }
        return builder.build();
    }

    /** The pod whose container {@code name} has a startup probe. */
    static Pod withStartupProbe(Pod pod, String name) {
        Pod copy = new PodBuilder(pod).build();
        StepRunner.spec(copy, name).setStartupProbe(new io.fabric8.kubernetes.api.model.ProbeBuilder().withNewExec()
                .withCommand("true").endExec().build());
        return copy;
    }

    /** A builder of observations: a sandbox, containers by name, problems by name. */
    static final class Seen {
        boolean sandbox = true;
        final Map<String, ContainerObservation> containers = new HashMap<>();
        final Map<String, ContainerProblem> problems = new HashMap<>();
        final Map<String, ContainerHealth> health = new HashMap<>();

        Seen started(String name) {
            health.put(name, new ContainerHealth(true, true));
            return this;
        }

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
                    containers, problems, NOW, health);
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
                Arguments.of("a finished pod gives its network back and starts nothing",
                        ended(pod("Never", false, "a"), "Succeeded"), false, Seen.sandbox().exited("a", 0, 0, before),
                        List.of(new Step.ReleaseNetwork()), null),
                Arguments.of("a failed pod's containers that still run are stopped first",
                        ended(pod("Always", false, "a", "b"), "Failed"), false,
                        Seen.sandbox().running("b", 0).exited("a", 0, 1, before),
                        List.of(new Step.StopContainers(List.of("b"), Duration.ofSeconds(7)), new Step.ReleaseNetwork()),
                        null),
                Arguments.of("a finished pod without a sandbox needs nothing", ended(pod("Never", false, "a"), "Failed"),
                        false, Seen.nothing(), List.of(), null),
                Arguments.of("a pod being deleted is stopped with the deletion's grace, torn down and deleted",
                        pod("Always", true, "a"), false, Seen.sandbox().running("a", 0),
                        List.of(new Step.StopPod(Duration.ofSeconds(3), List.of()), new Step.TearDown(), new Step.DeleteObject()),
                        null),
                Arguments.of("a pod gone from the API is stopped with its own grace and torn down",
                        pod("Always", false, "a"), true, Seen.sandbox().running("a", 0),
                        List.of(new Step.StopPod(Duration.ofSeconds(7), List.of()), new Step.TearDown()), null),
                Arguments.of("init containers: only the first runs on a new pod",
                        withInit(pod("Always", false, "a"), "i1", "i2"), false, Seen.nothing(),
                        List.of(new Step.CreateSandbox(), pull("i1"), new Step.StartContainer("i1", 0)), null),
                Arguments.of("init containers: a running one holds the rest back",
                        withInit(pod("Always", false, "a"), "i1", "i2"), false, Seen.sandbox().running("i1", 0),
                        List.of(), null),
                Arguments.of("init containers: after a success the next one starts",
                        withInit(pod("Always", false, "a"), "i1", "i2"), false,
                        Seen.sandbox().exited("i1", 0, 0, before), List.of(pull("i2"), new Step.StartContainer("i2", 0)),
                        null),
                Arguments.of("init containers: all succeeded, the app containers start",
                        withInit(pod("Always", false, "a", "b"), "i1", "i2"), false,
                        Seen.sandbox().exited("i1", 0, 0, before).exited("i2", 0, 0, before),
                        List.of(pull("a"), new Step.StartContainer("a", 0), pull("b"), new Step.StartContainer("b", 0)),
                        null),
                Arguments.of("init containers: a failure under Always restarts it, nothing after it",
                        withInit(pod("Always", false, "a"), "i1", "i2"), false,
                        Seen.sandbox().exited("i1", 0, 1, before), List.of(pull("i1"), new Step.StartContainer("i1", 1)),
                        null),
                Arguments.of("init containers: a repeated failure backs off",
                        withInit(pod("OnFailure", false, "a"), "i1"), false,
                        Seen.sandbox().exited("i1", 2, 1, before), List.of(), before.plusSeconds(20)),
                Arguments.of("init containers: a failure under Never ends the pod's progress",
                        withInit(pod("Never", false, "a"), "i1", "i2"), false,
                        Seen.sandbox().exited("i1", 0, 1, before), List.of(), null),
                Arguments.of("init containers: once the app ran, finished ones are not looked at again",
                        withInit(pod("Always", false, "a"), "i1"), false, Seen.sandbox().running("a", 0),
                        List.of(), null),
                Arguments.of("sidecar: a running sidecar without startup probe lets the next container start",
                        withInit(pod("Always", false, "a"), "side", "i2"), false, Seen.sandbox().running("side", 0),
                        List.of(pull("i2"), new Step.StartContainer("i2", 0)), null),
                Arguments.of("sidecar: with a startup probe not yet passed, the next container waits",
                        withStartupProbe(withInit(pod("Always", false, "a"), "side", "i2"), "side"), false,
                        Seen.sandbox().running("side", 0), List.of(), null),
                Arguments.of("sidecar: once its startup probe passed, the next container starts",
                        withStartupProbe(withInit(pod("Always", false, "a"), "side", "i2"), "side"), false,
                        Seen.sandbox().running("side", 0).started("side"),
                        List.of(pull("i2"), new Step.StartContainer("i2", 0)), null),
                Arguments.of("sidecar: an exited sidecar restarts beside running app containers, even under Never",
                        withInit(pod("Never", false, "a"), "side"), false,
                        Seen.sandbox().exited("side", 0, 0, before).running("a", 0),
                        List.of(pull("side"), new Step.StartContainer("side", 1)), null),
                Arguments.of("sidecar: when every app container finished for good, sidecars stop, last first",
                        withInit(pod("Never", false, "a"), "side1", "side2"), false,
                        Seen.sandbox().running("side1", 0).running("side2", 0).exited("a", 0, 0, before),
                        List.of(new Step.StopContainers(List.of("side2", "side1"), Duration.ofSeconds(7))), null),
                Arguments.of("sidecar: a stopped sidecar of a finished pod is not restarted",
                        withInit(pod("OnFailure", false, "a"), "side"), false,
                        Seen.sandbox().exited("side", 0, 143, before).exited("a", 0, 0, before), List.of(), null),
                Arguments.of("sidecar: a deleted pod stops its sidecars after the app containers, last first",
                        withInit(pod("Always", true, "a"), "side1", "i", "side2"), false,
                        Seen.sandbox().running("a", 0),
                        List.of(new Step.StopPod(Duration.ofSeconds(3), List.of("side2", "side1")), new Step.TearDown(),
                                new Step.DeleteObject()), null));
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
