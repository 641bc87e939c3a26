package io.podyard.scheduler.plugins;

import static io.podyard.scheduler.Fixtures.node;
import static io.podyard.scheduler.Fixtures.pod;
import static io.podyard.scheduler.Fixtures.snapshot;
import static io.podyard.scheduler.Fixtures.taint;
import static io.podyard.scheduler.Fixtures.toleration;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.podyard.scheduler.framework.Status;
import io.podyard.scheduler.plugins.tainttoleration.TaintToleration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaintTolerationTest {
    private static final TaintToleration PLUGIN = new TaintToleration();
    private static final Taint GPU = taint("dedicated", "gpu", "NoSchedule");

    static Stream<Arguments> filter() {
        return Stream.of(
                Arguments.of("no taints", List.of(), List.of(), Status.FIT),
                Arguments.of("untolerated NoSchedule", List.of(GPU), List.of(),
                        Status.unresolvable("node(s) had untolerated taint {dedicated: gpu}")),
                Arguments.of("untolerated NoExecute also blocks scheduling", List.of(taint("k", "v", "NoExecute")), List.of(),
                        Status.unresolvable("node(s) had untolerated taint {k: v}")),
                Arguments.of("PreferNoSchedule never blocks", List.of(taint("k", "v", "PreferNoSchedule")), List.of(), Status.FIT),
                Arguments.of("Equal with the same value", List.of(GPU), List.of(toleration("dedicated", "Equal", "gpu", "NoSchedule")), Status.FIT),
                Arguments.of("operator defaults to Equal", List.of(GPU), List.of(toleration("dedicated", null, "gpu", "NoSchedule")), Status.FIT),
                Arguments.of("Equal with another value", List.of(GPU), List.of(toleration("dedicated", "Equal", "cpu", "NoSchedule")),
                        Status.unresolvable("node(s) had untolerated taint {dedicated: gpu}")),
                Arguments.of("Exists ignores the value", List.of(GPU), List.of(toleration("dedicated", "Exists", null, "NoSchedule")), Status.FIT),
                Arguments.of("empty effect tolerates every effect", List.of(GPU), List.of(toleration("dedicated", "Exists", null, null)), Status.FIT),
                Arguments.of("another effect does not tolerate", List.of(GPU), List.of(toleration("dedicated", "Exists", null, "NoExecute")),
                        Status.unresolvable("node(s) had untolerated taint {dedicated: gpu}")),
                Arguments.of("empty key with Exists tolerates everything", List.of(GPU, taint("x", "", "NoExecute")),
                        List.of(toleration(null, "Exists", null, null)), Status.FIT),
                Arguments.of("the first untolerated taint is reported", List.of(GPU, taint("zone", "b", "NoSchedule")),
                        List.of(toleration("dedicated", "Exists", null, null)),
                        Status.unresolvable("node(s) had untolerated taint {zone: b}")),
                Arguments.of("a taint without a value prints empty", List.of(taint("maintenance", null, "NoSchedule")), List.of(),
                        Status.unresolvable("node(s) had untolerated taint {maintenance: }")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void filter(String name, List<Taint> taints, List<Toleration> tolerations, Status expected) {
        Node node = node("n", b -> b.editSpec().withTaints(taints).endSpec());
        var pod = pod("p", b -> b.editSpec().withTolerations(tolerations).endSpec());
        assertThat(PluginRunner.filter(PLUGIN, pod, snapshot(List.of(node), List.of()), "n")).isEqualTo(expected);
    }

    static Stream<Arguments> notReadyNodes() {
        return Stream.of(
                Arguments.of("Ready=False implies not-ready", "False", List.of(),
                        Status.unresolvable("node(s) had untolerated taint {node.kubernetes.io/not-ready: }")),
                Arguments.of("Ready=Unknown implies unreachable", "Unknown", List.of(),
                        Status.unresolvable("node(s) had untolerated taint {node.kubernetes.io/unreachable: }")),
                Arguments.of("a toleration for not-ready admits", "False",
                        List.of(toleration("node.kubernetes.io/not-ready", "Exists", null, "NoSchedule")), Status.FIT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void notReadyNodes(String name, String ready, List<Toleration> tolerations, Status expected) {
        Node node = node("n", b -> b.editStatus().editFirstCondition().withStatus(ready).endCondition().endStatus());
        var pod = pod("p", b -> b.editSpec().withTolerations(tolerations).endSpec());
        assertThat(PluginRunner.filter(PLUGIN, pod, snapshot(List.of(node), List.of()), "n")).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void nodeWithoutConditionsIsNotReady() {
        Node node = node("n", b -> b.editStatus().withConditions(List.of()).endStatus());
        assertThat(PluginRunner.filter(PLUGIN, pod("p"), snapshot(List.of(node), List.of()), "n"))
                .isEqualTo(Status.unresolvable("node(s) had untolerated taint {node.kubernetes.io/not-ready: }"));
    }

    static Stream<Arguments> score() {
        return Stream.of(
                Arguments.of("fewer untolerated PreferNoSchedule taints score higher", List.of(),
                        Map.of("clean", 100L, "one", 50L, "two", 0L)),
                Arguments.of("tolerated soft taints do not count", List.of(toleration("a", "Exists", null, "PreferNoSchedule")),
                        Map.of("clean", 100L, "one", 100L, "two", 0L)),
                Arguments.of("NoSchedule tolerations do not count for soft taints", List.of(toleration("a", "Exists", null, "NoSchedule")),
                        Map.of("clean", 100L, "one", 50L, "two", 0L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void score(String name, List<Toleration> tolerations, Map<String, Long> expected) {
        List<Node> nodes = List.of(node("clean"),
                node("one", b -> b.editSpec().withTaints(taint("a", "1", "PreferNoSchedule")).endSpec()),
                node("two", b -> b.editSpec().withTaints(taint("a", "1", "PreferNoSchedule"), taint("b", "1", "PreferNoSchedule")).endSpec()));
        var pod = pod("p", b -> b.editSpec().withTolerations(tolerations).endSpec());
        assertThat(PluginRunner.scores(PLUGIN, pod, snapshot(nodes, List.of()))).isEqualTo(expected);
    }
}
