package io.podyard.scheduler.plugins;

import static io.podyard.scheduler.Fixtures.nodeWith;
import static io.podyard.scheduler.Fixtures.pod;
import static io.podyard.scheduler.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.podyard.scheduler.framework.Status;
import io.podyard.scheduler.plugins.nodeaffinity.NodeAffinity;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeAffinityTest {
    private static final NodeAffinity PLUGIN = new NodeAffinity();
    private static final Status NO = Status.unresolvable("node(s) didn't match Pod's node affinity/selector");
    private static final Map<String, String> LABELS = Map.of("disk", "ssd", "cores", "8", "zone", "a");

    static Stream<Arguments> filter() {
        return Stream.of(
                Arguments.of("no constraints", pod("p"), Status.FIT),
                Arguments.of("nodeSelector matches", selector(Map.of("disk", "ssd")), Status.FIT),
                Arguments.of("nodeSelector value differs", selector(Map.of("disk", "hdd")), NO),
                Arguments.of("nodeSelector label missing", selector(Map.of("gpu", "yes")), NO),
                Arguments.of("In", required(term(req("disk", "In", "hdd", "ssd"))), Status.FIT),
                Arguments.of("In without the value", required(term(req("disk", "In", "hdd"))), NO),
                Arguments.of("NotIn", required(term(req("disk", "NotIn", "hdd"))), Status.FIT),
                Arguments.of("NotIn with the value", required(term(req("disk", "NotIn", "ssd"))), NO),
                Arguments.of("NotIn of a missing label matches", required(term(req("gpu", "NotIn", "yes"))), Status.FIT),
                Arguments.of("Exists", required(term(req("zone", "Exists"))), Status.FIT),
                Arguments.of("DoesNotExist of a present label", required(term(req("zone", "DoesNotExist"))), NO),
                Arguments.of("DoesNotExist of a missing label", required(term(req("gpu", "DoesNotExist"))), Status.FIT),
                Arguments.of("Gt", required(term(req("cores", "Gt", "4"))), Status.FIT),
                Arguments.of("Gt equal is not greater", required(term(req("cores", "Gt", "8"))), NO),
                Arguments.of("Lt", required(term(req("cores", "Lt", "16"))), Status.FIT),
                Arguments.of("Gt of a non-number label", required(term(req("disk", "Gt", "1"))), NO),
                Arguments.of("expressions of one term are ANDed", required(term(req("disk", "In", "ssd"), req("zone", "In", "b"))), NO),
                Arguments.of("terms are ORed", required(term(req("zone", "In", "b")), term(req("disk", "In", "ssd"))), Status.FIT),
                Arguments.of("an empty term matches nothing", required(new NodeSelectorTerm()), NO),
                Arguments.of("matchFields on metadata.name", required(new NodeSelectorTermBuilder()
                        .withMatchFields(req("metadata.name", "In", "n")).build()), Status.FIT),
                Arguments.of("matchFields on another name", required(new NodeSelectorTermBuilder()
                        .withMatchFields(req("metadata.name", "In", "m")).build()), NO),
                Arguments.of("nodeSelector and affinity must both hold", pod("p", b -> b.editSpec()
                        .withNodeSelector(Map.of("disk", "hdd")).endSpec().build().toBuilder()
                        .editSpec().withAffinity(required(term(req("zone", "In", "a"))).getSpec().getAffinity()).endSpec()), NO));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void filter(String name, Pod pod, Status expected) {
        assertThat(PluginRunner.filter(PLUGIN, pod, snapshot(List.of(nodeWith("n", LABELS)), List.of()), "n")).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void preferredTermsAddTheirWeights() {
        Pod pod = pod("p", b -> b.editSpec().withNewAffinity().withNewNodeAffinity()
                .withPreferredDuringSchedulingIgnoredDuringExecution(
                        new PreferredSchedulingTerm(term(req("disk", "In", "ssd")), 20),
                        new PreferredSchedulingTerm(term(req("zone", "In", "a")), 60))
                .endNodeAffinity().endAffinity().endSpec());
        var nodes = List.of(nodeWith("both", Map.of("disk", "ssd", "zone", "a")), nodeWith("ssd", Map.of("disk", "ssd")),
                nodeWith("zone", Map.of("zone", "a")), nodeWith("none", Map.of()));
        assertThat(PluginRunner.scores(PLUGIN, pod, snapshot(nodes, List.of())))
                .isEqualTo(Map.of("both", 100L, "ssd", 25L, "zone", 75L, "none", 0L));
    }

    @org.junit.jupiter.api.Test
    void noPreferencesSkipsScoring() {
        assertThat(PluginRunner.scores(PLUGIN, pod("p"), snapshot(List.of(nodeWith("n", LABELS)), List.of()))).isNull();
    }

    private static Pod selector(Map<String, String> selector) {
        return pod("p", b -> b.editSpec().withNodeSelector(selector).endSpec());
    }

    private static Pod required(NodeSelectorTerm... terms) {
        return pod("p", b -> b.editSpec().withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().withNodeSelectorTerms(terms).endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity().endAffinity().endSpec());
    }

    private static NodeSelectorTerm term(NodeSelectorRequirement... requirements) {
        return new NodeSelectorTermBuilder().withMatchExpressions(requirements).build();
    }

    private static NodeSelectorRequirement req(String key, String operator, String... values) {
        return new NodeSelectorRequirement(key, operator, List.of(values));
    }
}
