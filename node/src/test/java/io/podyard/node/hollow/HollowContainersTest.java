package io.podyard.node.hollow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.podyard.node.runtime.ContainerInfo;
import io.podyard.node.runtime.ContainerRequest;
import io.podyard.node.runtime.ContainerState;
import io.podyard.node.runtime.ImageConfig;
import io.podyard.node.sandbox.Ipv4Cidr;
import io.podyard.node.sandbox.Sandbox;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HollowContainersTest {
    private final HollowContainers containers = new HollowContainers(HollowSettings.DEFAULTS, Clock.systemUTC());
    private final HollowSandboxes sandboxes = new HollowSandboxes(Ipv4Cidr.parse("10.200.7.0/24"), Clock.systemUTC());

    static Stream<Arguments> signals() {
        return Stream.of(
                Arguments.of("SIGTERM", 143),
                Arguments.of("TERM", 143),
                Arguments.of("9", 137),
                Arguments.of("SIGKILL", 137),
                Arguments.of("SIGINT", 130),
                Arguments.of("SIGHUP", -1),
                Arguments.of("SIGUSR1", -1));
    }

    @ParameterizedTest
    @MethodSource("signals")
    void signalsEndARunningContainerAsTheyWouldAProcessThatDoesNotCatchThem(String signal, int exitCode) {
        String id = run(pod("uid-1", Map.of()), "app");

        containers.signal(id, signal);

        ContainerState state = containers.status(id).state();
        if (exitCode < 0) {
            assertThat(state).isInstanceOf(ContainerState.Running.class);
        } else {
            assertThat(((ContainerState.Exited) state).exitCode()).isEqualTo(exitCode);
        }
    }

    static Stream<Arguments> probeAnnotations() {
        return Stream.of(
                Arguments.of(Map.of(), 0),
                Arguments.of(Map.of(HollowSettings.PROBE_EXIT_CODE, "1"), 1),
                Arguments.of(Map.of(HollowSettings.PROBE_EXIT_CODE, "not a number"), 0));
    }

    @ParameterizedTest
    @MethodSource("probeAnnotations")
    void handlersAnswerWithTheAnnotatedExitCode(Map<String, String> annotations, int exitCode) {
        String id = run(pod("uid-1", annotations), "app");

        assertThat(containers.execSync(id, List.of("true"), Duration.ofSeconds(1)).exitCode()).isEqualTo(exitCode);
    }

    @Test
    void listsAndRemovesOnePodsContainersOnly() {
        String a = run(pod("uid-1", Map.of()), "app");
        String b = run(pod("uid-10", Map.of()), "app");

        assertThat(containers.list("uid-1")).extracting(s -> s.info().id()).containsExactly(a);
        containers.removePod("uid-1");
        assertThat(containers.list()).extracting(s -> s.info().id()).containsExactly(b);
    }

    @Test
    void sandboxesGetDistinctAddressesAndReuseReleasedOnes() {
        Sandbox first = sandboxes.create(pod("uid-1", Map.of()));
        Sandbox second = sandboxes.create(pod("uid-2", Map.of()));
        assertThat(List.of(first.podIp(), second.podIp())).containsExactly("10.200.7.2", "10.200.7.3");

        sandboxes.remove("uid-1");

        assertThat(sandboxes.create(pod("uid-3", Map.of())).podIp()).isEqualTo("10.200.7.2");
        assertThat(sandboxes.create(pod("uid-2", Map.of()))).isEqualTo(second);
    }

    private String run(Pod pod, String container) {
        Sandbox sandbox = sandboxes.create(pod);
        ContainerInfo info = containers.create(ContainerRequest.of(pod, pod.getSpec().getContainers().getFirst(), 0,
                ImageConfig.EMPTY, List.of(), sandbox));
        containers.start(info.id());
        return info.id();
    }

    private static Pod pod(String uid, Map<String, String> annotations) {
        return new PodBuilder().withNewMetadata().withName("p-" + uid).withNamespace("default").withUid(uid)
                .withAnnotations(annotations).endMetadata().withNewSpec().addNewContainer().withName("app")
                .withImage("app").endContainer().endSpec().build();
    }
}
