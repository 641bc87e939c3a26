package io.podyard.scheduler.plugins;

import static io.podyard.scheduler.Fixtures.labelled;
import static io.podyard.scheduler.Fixtures.nodeWith;
import static io.podyard.scheduler.Fixtures.on;
import static io.podyard.scheduler.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.podyard.scheduler.framework.Status;
import io.podyard.scheduler.plugins.podtopologyspread.PodTopologySpread;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodTopologySpreadTest {
    private static final PodTopologySpread PLUGIN = new PodTopologySpread();
    private static final String ZONE = "topology.kubernetes.io/zone";
    private static final Status SKEW = Status.unschedulable("node(s) didn't match pod topology spread constraints");
    private static final Status MISSING = Status.unresolvable(
            "node(s) didn't match pod topology spread constraints (missing required label)");

    /** Zone a: a1, a2; zone b: b1; zone c: c1 (labelled 'ssd' unlike the others); "bare" has no zone. */
    private static List<Node> nodes() {
        return List.of(nodeWith("a1", Map.of(ZONE, "a")), nodeWith("a2", Map.of(ZONE, "a")),
                nodeWith("b1", Map.of(ZONE, "b")), nodeWith("c1", Map.of(ZONE, "c", "disk", "ssd")), nodeWith("bare", Map.of()));
    }

    static Stream<Arguments> filter() {
        return Stream.of(
                Arguments.of("empty cluster: every zone is even", spread(c -> c), List.of(),
                        Map.of("a1", Status.FIT, "b1", Status.FIT, "c1", Status.FIT, "bare", MISSING)),
                Arguments.of("a zone one ahead is full at maxSkew 1", spread(c -> c), List.of(on("a1", web("w1"))),
                        Map.of("a1", SKEW, "a2", SKEW, "b1", Status.FIT, "c1", Status.FIT)),
                Arguments.of("maxSkew 2 allows one more", spread(c -> c.withMaxSkew(2)), List.of(on("a1", web("w1"))),
                        Map.of("a1", Status.FIT, "b1", Status.FIT)),
                Arguments.of("pods of other apps do not count", spread(c -> c), List.of(on("a1", labelled("x", Map.of("app", "db")))),
                        Map.of("a1", Status.FIT, "b1", Status.FIT)),
                Arguments.of("terminating pods do not count", spread(c -> c), List.of(on("a1", terminating(web("w1")))),
                        Map.of("a1", Status.FIT, "b1", Status.FIT)),
                Arguments.of("pods in other namespaces do not count", spread(c -> c),
                        List.of(on("a1", new PodBuilder(web("w1")).editMetadata().withNamespace("other").endMetadata().build())),
                        Map.of("a1", Status.FIT)),
                Arguments.of("all zones filled once: even again", spread(c -> c),
                        List.of(on("a1", web("w1")), on("b1", web("w2")), on("c1", web("w3"))),
                        Map.of("a2", Status.FIT, "b1", Status.FIT, "c1", Status.FIT)),
                Arguments.of("minDomains above the domain count treats the minimum as 0", spread(c -> c.withMinDomains(4)),
                        List.of(on("a1", web("w1")), on("b1", web("w2")), on("c1", web("w3"))),
                        Map.of("a1", SKEW, "b1", SKEW, "c1", SKEW)),
                Arguments.of("nodeAffinity narrows the domains (Honor)", withSelector(spread(c -> c), Map.of("disk", "ssd")),
                        List.of(on("c1", web("w1"))), Map.of("c1", Status.FIT)),
                Arguments.of("nodeAffinityPolicy Ignore counts every domain", withSelector(spread(c -> c.withNodeAffinityPolicy("Ignore")),
                        Map.of("disk", "ssd")), List.of(on("c1", web("w1"))), Map.of("c1", SKEW)),
                Arguments.of("a pod not matching its own selector adds nothing", withLabels(spread(c -> c), Map.of("app", "other")),
                        List.of(on("a1", web("w1"))), Map.of("a1", Status.FIT, "b1", Status.FIT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void filter(String name, Pod pod, List<Pod> existing, Map<String, Status> expected) {
        var snapshot = snapshot(nodes(), existing);
        expected.forEach((node, status) ->
                assertThat(PluginRunner.filter(PLUGIN, pod, snapshot, node)).as(node).isEqualTo(status));
    }

    @org.junit.jupiter.api.Test
    void scheduleAnywayPrefersEmptierZones() {
        Pod pod = spread(c -> c.withWhenUnsatisfiable("ScheduleAnyway"));
        var snapshot = snapshot(nodes(), List.of(on("a1", web("w1")), on("a2", web("w2")), on("b1", web("w3"))));
        // counts a=2, b=1, c=0 → c best, then b, a worst. As in Kubernetes, a node without the key counts
        // no pods, so it is not penalised unless the pod's node selector or affinity asks for all topologies.
        var scores = PluginRunner.scores(PLUGIN, pod, snapshot);
        assertThat(scores.get("c1")).isEqualTo(100L);
        assertThat(scores.get("b1")).isLessThan(scores.get("c1")).isGreaterThan(scores.get("a1"));
        assertThat(scores.get("a1")).isEqualTo(scores.get("a2"));
        assertThat(scores.get("bare")).isEqualTo(100L);
        Pod constrained = withSelector(pod, Map.of("kubernetes.io/hostname", "bare"));
        assertThat(PluginRunner.scores(PLUGIN, constrained, snapshot).get("bare")).isEqualTo(0L);
    }

    @org.junit.jupiter.api.Test
    void onlyDoNotScheduleConstraintsFilter() {
        Pod pod = spread(c -> c.withWhenUnsatisfiable("ScheduleAnyway"));
        assertThat(PluginRunner.filter(PLUGIN, pod, snapshot(nodes(), List.of(on("a1", web("w1")))), "a1")).isEqualTo(Status.FIT);
    }

    private static Pod web(String name) {
        return labelled(name, Map.of("app", "web"));
    }

    private static Pod spread(UnaryOperator<TopologySpreadConstraintBuilder> edit) {
        TopologySpreadConstraint constraint = edit.apply(new TopologySpreadConstraintBuilder().withMaxSkew(1).withTopologyKey(ZONE)
                .withWhenUnsatisfiable("DoNotSchedule")
                .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "web")).build())).build();
        return new PodBuilder(web("new")).editSpec().withTopologySpreadConstraints(new ArrayList<>(List.of(constraint))).endSpec().build();
    }

    private static Pod withSelector(Pod pod, Map<String, String> selector) {
        return new PodBuilder(pod).editSpec().withNodeSelector(selector).endSpec().build();
    }

    private static Pod withLabels(Pod pod, Map<String, String> labels) {
        return new PodBuilder(pod).editMetadata().withLabels(labels).endMetadata().build();
    }

    private static Pod terminating(Pod pod) {
        return new PodBuilder(pod).editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata().build();
    }
}
