package io.podyard.scheduler.plugins;

import static io.podyard.scheduler.Fixtures.labelled;
import static io.podyard.scheduler.Fixtures.namespace;
import static io.podyard.scheduler.Fixtures.nodeWith;
import static io.podyard.scheduler.Fixtures.on;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.podyard.scheduler.framework.ClusterSnapshot;
import io.podyard.scheduler.framework.Status;
import io.podyard.scheduler.plugins.interpodaffinity.InterPodAffinity;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InterPodAffinityTest {
    private static final InterPodAffinity PLUGIN = new InterPodAffinity();
    private static final String HOST = "kubernetes.io/hostname";
    private static final String ZONE = "topology.kubernetes.io/zone";
    private static final Status AFFINITY = Status.unresolvable("node(s) didn't match pod affinity rules");
    private static final Status ANTI = Status.unschedulable("node(s) didn't match pod anti-affinity rules");
    private static final Status EXISTING = Status.unschedulable("node(s) didn't satisfy existing pods anti-affinity rules");

    /** Nodes a1, a2 in zone a, b1 in zone b, and "bare" with no zone label. */
    private static List<Node> nodes() {
        return List.of(nodeWith("a1", Map.of(ZONE, "a")), nodeWith("a2", Map.of(ZONE, "a")),
                nodeWith("b1", Map.of(ZONE, "b")), nodeWith("bare", Map.of()));
    }

    static Stream<Arguments> filter() {
        Pod web = labelled("web", Map.of("app", "web"));
        Pod db = labelled("db", Map.of("app", "db"));
        return Stream.of(
                Arguments.of("anti-affinity by host keeps replicas apart", anti(web("new"), HOST, "web"), List.of(on("a1", web)),
                        Map.of("a1", ANTI, "a2", Status.FIT, "b1", Status.FIT, "bare", Status.FIT)),
                Arguments.of("anti-affinity by zone rules out the whole zone", anti(web("new"), ZONE, "web"), List.of(on("a1", web)),
                        Map.of("a1", ANTI, "a2", ANTI, "b1", Status.FIT, "bare", Status.FIT)),
                Arguments.of("anti-affinity ignores other namespaces", anti(web("new"), HOST, "web"),
                        List.of(on("a1", inNamespace("other", web))),
                        Map.of("a1", Status.FIT, "a2", Status.FIT, "b1", Status.FIT, "bare", Status.FIT)),
                Arguments.of("anti-affinity with a namespace selector sees other namespaces",
                        withTerm(web("new"), false, term(HOST, "web", List.of(), Map.of("team", "x"))),
                        List.of(on("a1", inNamespace("other", web))),
                        Map.of("a1", ANTI, "a2", Status.FIT, "b1", Status.FIT, "bare", Status.FIT)),
                Arguments.of("existing pod's anti-affinity repels the newcomer", web("new"), List.of(on("a1", anti(db, ZONE, "web"))),
                        Map.of("a1", EXISTING, "a2", EXISTING, "b1", Status.FIT, "bare", Status.FIT)),
                Arguments.of("affinity to a zone with a db", affinity(web("new"), ZONE, "db"), List.of(on("b1", db)),
                        Map.of("a1", AFFINITY, "a2", AFFINITY, "b1", Status.FIT, "bare", AFFINITY)),
                Arguments.of("affinity with nothing matching anywhere and not self-matching", affinity(web("new"), ZONE, "db"), List.of(),
                        Map.of("a1", AFFINITY, "a2", AFFINITY, "b1", AFFINITY, "bare", AFFINITY)),
                Arguments.of("the first pod of a self-affine group may go anywhere with the key", affinity(web("new"), ZONE, "web"),
                        List.of(), Map.of("a1", Status.FIT, "a2", Status.FIT, "b1", Status.FIT, "bare", AFFINITY)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void filter(String name, Pod pod, List<Pod> existing, Map<String, Status> expected) {
        ClusterSnapshot snapshot = ClusterSnapshot.of(nodes(), existing,
                List.of(namespace("default", Map.of()), namespace("other", Map.of("team", "x"))));
        expected.forEach((node, status) ->
                assertThat(PluginRunner.filter(PLUGIN, pod, snapshot, node)).as(node).isEqualTo(status));
    }

    @org.junit.jupiter.api.Test
    void preferredTermsScoreBothWays() {
        Pod db = labelled("db", Map.of("app", "db"));
        Pod cache = labelled("cache", Map.of("app", "cache"));
        Pod pod = withPreferred(web("new"), List.of(new WeightedPodAffinityTerm(term(ZONE, "db", null, null), 10)),
                List.of(new WeightedPodAffinityTerm(term(HOST, "cache", null, null), 10)));
        ClusterSnapshot snapshot = ClusterSnapshot.of(nodes(), List.of(on("a1", db), on("b1", cache)),
                List.of(namespace("default", Map.of())));
        // zone a has the db (+10 for a1 and a2), b1 hosts the cache (-10), bare is neutral (0): min-max scaled.
        assertThat(PluginRunner.scores(PLUGIN, pod, snapshot)).isEqualTo(Map.of("a1", 100L, "a2", 100L, "b1", 0L, "bare", 50L));
    }

    @org.junit.jupiter.api.Test
    void existingPodsRequiredAffinityAttractsTheirMatches() {
        Pod db = withTerm(labelled("db", Map.of("app", "db")), true, term(HOST, "web", null, null));
        ClusterSnapshot snapshot = ClusterSnapshot.of(nodes(), List.of(on("b1", db)), List.of(namespace("default", Map.of())));
        assertThat(PluginRunner.scores(PLUGIN, web("new"), snapshot)).isEqualTo(Map.of("a1", 0L, "a2", 0L, "b1", 100L, "bare", 0L));
    }

    @org.junit.jupiter.api.Test
    void noTermsAnywhereSkips() {
        ClusterSnapshot snapshot = ClusterSnapshot.of(nodes(), List.of(), List.of());
        assertThat(PluginRunner.scores(PLUGIN, web("new"), snapshot)).isNull();
        assertThat(PluginRunner.filter(PLUGIN, web("new"), snapshot, "a1")).isEqualTo(Status.FIT);
    }

    private static Pod web(String name) {
        return labelled(name, Map.of("app", "web"));
    }

    private static Pod inNamespace(String namespace, Pod pod) {
        return new PodBuilder(pod).editMetadata().withNamespace(namespace).withUid(pod.getMetadata().getUid() + "x").endMetadata().build();
    }

    static PodAffinityTerm term(String key, String app, List<String> namespaces, Map<String, String> namespaceLabels) {
        PodAffinityTermBuilder builder = new PodAffinityTermBuilder().withTopologyKey(key)
                .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", app)).build());
        if (namespaces != null) {
            builder.withNamespaces(namespaces);
        }
        if (namespaceLabels != null) {
            builder.withNamespaceSelector(new LabelSelectorBuilder().withMatchLabels(namespaceLabels).build());
        }
        return builder.build();
    }

    static Pod anti(Pod pod, String key, String app) {
        return withTerm(pod, false, term(key, app, null, null));
    }

    static Pod affinity(Pod pod, String key, String app) {
        return withTerm(pod, true, term(key, app, null, null));
    }

    static Pod withTerm(Pod pod, boolean affinity, PodAffinityTerm term) {
        PodBuilder builder = new PodBuilder(pod);
        if (affinity) {
            return builder.editSpec().withNewAffinity().withNewPodAffinity()
                    .withRequiredDuringSchedulingIgnoredDuringExecution(term).endPodAffinity().endAffinity().endSpec().build();
        }
        return builder.editSpec().withNewAffinity().withNewPodAntiAffinity()
                .withRequiredDuringSchedulingIgnoredDuringExecution(term).endPodAntiAffinity().endAffinity().endSpec().build();
    }

    static Pod withPreferred(Pod pod, List<WeightedPodAffinityTerm> affinity, List<WeightedPodAffinityTerm> anti) {
        return new PodBuilder(pod).editSpec().withNewAffinity()
                .withNewPodAffinity().withPreferredDuringSchedulingIgnoredDuringExecution(affinity).endPodAffinity()
                .withNewPodAntiAffinity().withPreferredDuringSchedulingIgnoredDuringExecution(anti).endPodAntiAffinity()
                .endAffinity().endSpec().build();
    }
}
