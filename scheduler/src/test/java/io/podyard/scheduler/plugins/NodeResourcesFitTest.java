package io.podyard.scheduler.plugins;

import static io.podyard.scheduler.Fixtures.container;
import static io.podyard.scheduler.Fixtures.node;
import static io.podyard.scheduler.Fixtures.nodeWithAllocatable;
import static io.podyard.scheduler.Fixtures.on;
import static io.podyard.scheduler.Fixtures.pod;
import static io.podyard.scheduler.Fixtures.requesting;
import static io.podyard.scheduler.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.podyard.scheduler.framework.Status;
import io.podyard.scheduler.plugins.noderesources.BalancedAllocation;
import io.podyard.scheduler.plugins.noderesources.NodeResourcesFit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeResourcesFitTest {
    private static final NodeResourcesFit FIT = new NodeResourcesFit();

    record Case(String name, Pod pod, Node node, List<Pod> existing, Status expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> filterCases() {
        Node small = nodeWithAllocatable("n", "cpu", "1", "memory", "1Gi", "ephemeral-storage", "10Gi", "pods", "3");
        return Stream.of(
                new Case("zero requests fit on a full node", pod("p"), small,
                        List.of(requesting("a", "cpu", "1", "memory", "1Gi")), Status.FIT),
                new Case("zero requests still count against the pod limit", pod("p"), small,
                        List.of(pod("a"), pod("b"), pod("c")), Status.unschedulable("Too many pods")),
                new Case("fits exactly what is left", requesting("p", "cpu", "400m", "memory", "512Mi"), small,
                        List.of(requesting("a", "cpu", "600m", "memory", "512Mi")), Status.FIT),
                new Case("one millicore too many", requesting("p", "cpu", "401m"), small,
                        List.of(requesting("a", "cpu", "600m")), Status.unschedulable("Insufficient cpu")),
                new Case("every short resource is named", requesting("p", "cpu", "2", "memory", "2Gi", "ephemeral-storage", "11Gi"), small,
                        List.of(), new Status.Unresolvable(List.of("Insufficient cpu", "Insufficient memory", "Insufficient ephemeral-storage"))),
                new Case("more than the whole node can never fit", requesting("p", "memory", "2Gi"), small,
                        List.of(), Status.unresolvable("Insufficient memory")),
                new Case("less than the node but more than is free waits", requesting("p", "memory", "600Mi"), small,
                        List.of(requesting("a", "memory", "600Mi")), Status.unschedulable("Insufficient memory")),
                new Case("extended resource the node lacks", requesting("p", "example.com/gpu", "1"), small,
                        List.of(), Status.unresolvable("Insufficient example.com/gpu")),
                new Case("extended resource the node has", requesting("p", "example.com/gpu", "1"),
                        nodeWithAllocatable("n", "cpu", "1", "pods", "10", "example.com/gpu", "2"), List.of(), Status.FIT),
                new Case("extended resource used up", requesting("p", "example.com/gpu", "1"),
                        nodeWithAllocatable("n", "cpu", "1", "pods", "10", "example.com/gpu", "2"),
                        List.of(requesting("a", "example.com/gpu", "2")), Status.unschedulable("Insufficient example.com/gpu")),
                new Case("init container larger than the app containers counts", withInit("p", List.of(init("i", "cpu", "2")),
                        container("c", "cpu", "100m")), small, List.of(), Status.unresolvable("Insufficient cpu")),
                new Case("init containers run one at a time: max, not sum", withInit("p",
                        List.of(init("i1", "cpu", "800m"), init("i2", "cpu", "800m")), container("c", "cpu", "100m")),
                        small, List.of(), Status.FIT),
                new Case("sidecars add to the app containers", withInit("p",
                        List.of(sidecar("s", "cpu", "600m")), container("c", "cpu", "600m")),
                        small, List.of(), Status.unresolvable("Insufficient cpu")),
                new Case("an init container runs beside the sidecars started before it", withInit("p",
                        List.of(sidecar("s", "cpu", "500m"), init("i", "cpu", "600m")), container("c", "cpu", "100m")),
                        small, List.of(), Status.unresolvable("Insufficient cpu")),
                new Case("pod overhead is added", pod("p", b -> b.editSpec().withContainers(container("c", "cpu", "900m"))
                        .withOverhead(Map.of("cpu", new io.fabric8.kubernetes.api.model.Quantity("200m"))).endSpec()),
                        small, List.of(), Status.unresolvable("Insufficient cpu")),
                new Case("terminated pods free their resources", requesting("p", "cpu", "1"), small,
                        List.of(succeeded(requesting("a", "cpu", "1"))), Status.FIT));
    }

    @ParameterizedTest
    @MethodSource("filterCases")
    void filter(Case c) {
        List<Pod> bound = new ArrayList<>();
        c.existing().forEach(p -> bound.add(on("n", p)));
        assertThat(PluginRunner.filter(FIT, c.pod(), snapshot(List.of(c.node()), bound), "n")).isEqualTo(c.expected());
    }

    static Stream<Arguments> leastAllocated() {
        return Stream.of(
                // 4 cpu / 8Gi nodes; the pod asks 1 cpu / 2Gi → 75 each on an empty node
                Arguments.of("empty nodes score alike", List.of(), Map.of("a", 75L, "b", 75L)),
                Arguments.of("the emptier node wins", List.of(on("b", requesting("x", "cpu", "2", "memory", "4Gi"))),
                        Map.of("a", 75L, "b", 25L)),
                Arguments.of("pods without requests count as 100m and 200Mi", List.of(on("b", pod("x"))),
                        Map.of("a", 75L, "b", 72L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void leastAllocated(String name, List<Pod> existing, Map<String, Long> expected) {
        Pod pod = requesting("p", "cpu", "1", "memory", "2Gi");
        assertThat(PluginRunner.scores(FIT, pod, snapshot(List.of(node("a"), node("b")), existing))).isEqualTo(expected);
    }

    static Stream<Arguments> balanced() {
        return Stream.of(
                Arguments.of("equal shares are perfectly balanced; a memory-heavy node is not",
                        requesting("p", "cpu", "1", "memory", "2Gi"), Map.of("a", 100L, "b", 75L)),
                Arguments.of("a cpu-heavy pod balances the memory-heavy node", requesting("p", "cpu", "2"),
                        Map.of("a", 75L, "b", 100L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void balanced(String name, Pod pod, Map<String, Long> expected) {
        List<Pod> existing = List.of(on("b", requesting("x", "memory", "4Gi")));
        assertThat(PluginRunner.scores(new BalancedAllocation(), pod, snapshot(List.of(node("a"), node("b")), existing)))
                .isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void balancedAllocationSkipsBestEffortPods() {
        assertThat(PluginRunner.scores(new BalancedAllocation(), pod("p"), snapshot(List.of(node("a")), List.of()))).isNull();
    }

    private static Pod withInit(String name, List<Container> init, Container app) {
        return pod(name, b -> b.editSpec().withInitContainers(init).withContainers(app).endSpec());
    }

    private static Container init(String name, String... requests) {
        return container(name, requests);
    }

    private static Container sidecar(String name, String... requests) {
        return new ContainerBuilder(container(name, requests)).withRestartPolicy("Always").build();
    }

    private static Pod succeeded(Pod pod) {
        return new io.fabric8.kubernetes.api.model.PodBuilder(pod).withNewStatus().withPhase("Succeeded").endStatus().build();
    }
}
