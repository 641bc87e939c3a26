package io.podyard.controllers.endpointslice;

import static io.podyard.controllers.endpointslice.Fixtures.pod;
import static io.podyard.controllers.endpointslice.Fixtures.ready;
import static io.podyard.controllers.endpointslice.Fixtures.terminating;
import static io.podyard.controllers.endpointslice.Fixtures.web;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EndpointSliceSyncTest {
    /** An endpoint rendered as "ip ready/serving/terminating [hostname]". */
    private static String render(Endpoint e) {
        var c = e.getConditions();
        return e.getAddresses().getFirst() + " " + c.getReady() + "/" + c.getServing() + "/" + c.getTerminating()
                + (e.getHostname() == null ? "" : " " + e.getHostname());
    }

    private static List<String> endpoints(EndpointSliceSync.Plan plan) {
        List<String> all = new ArrayList<>();
        Stream.concat(plan.create().stream(), plan.update().stream())
                .forEach(s -> s.getEndpoints().forEach(e -> all.add(render(e))));
        return all;
    }

    static Stream<Arguments> scenarios() {
        Service publishing = new ServiceBuilder(web(8080)).editSpec().withPublishNotReadyAddresses(true).endSpec().build();
        Service headless = new ServiceBuilder(web(8080)).editSpec().withClusterIP("None").endSpec().build();
        Pod named = pod("h", "10.244.0.9", true).editSpec().withHostname("h0").withSubdomain("web").endSpec().build();
        Pod elsewhere = pod("h", "10.244.0.9", true).editSpec().withHostname("h0").withSubdomain("db").endSpec().build();
        Pod otherApp = pod("x", "10.244.0.8", true).editMetadata().withLabels(Map.of("app", "db")).endMetadata().build();
        return Stream.of(
                Arguments.of("ready pods are ready and serving", web(8080),
                        List.of(ready("a", "10.244.0.2"), ready("b", "10.244.0.3")),
                        List.of("10.244.0.2 true/true/false", "10.244.0.3 true/true/false")),
                Arguments.of("a pod that is not Ready is listed, not ready", web(8080),
                        List.of(pod("a", "10.244.0.2", false).build()), List.of("10.244.0.2 false/false/false")),
                Arguments.of("publishNotReadyAddresses makes it ready", publishing,
                        List.of(pod("a", "10.244.0.2", false).build()), List.of("10.244.0.2 true/false/false")),
                Arguments.of("a terminating pod serves but is not ready", web(8080),
                        List.of(terminating("a", "10.244.0.2")), List.of("10.244.0.2 false/true/true")),
                Arguments.of("pods without an address, finished or not selected are left out", web(8080),
                        List.of(pod("p", null, false).build(), pod("f", "10.244.0.5", false).editStatus()
                                .withPhase("Succeeded").endStatus().build(), otherApp), List.of()),
                Arguments.of("hostname behind a headless Service of its subdomain", headless, List.of(named),
                        List.of("10.244.0.9 true/true/false h0")),
                Arguments.of("hostname only behind its own subdomain", headless, List.of(elsewhere),
                        List.of("10.244.0.9 true/true/false")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void endpointsFromPods(String name, Service service, List<Pod> pods, List<String> expected) {
        var plan = EndpointSliceSync.plan(service, pods, List.of(), n -> Optional.of("zone-a"), 100);
        assertThat(endpoints(plan)).containsExactlyElementsOf(expected);
        assertThat(plan.create()).hasSize(1);
        EndpointSlice slice = plan.create().getFirst();
        assertThat(slice.getMetadata().getLabels()).containsEntry("kubernetes.io/service-name", "web")
                .containsEntry("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io");
        assertThat(slice.getMetadata().getOwnerReferences().getFirst().getUid()).isEqualTo("svc-uid");
    }

    static Stream<Arguments> targetPorts() {
        Pod other = pod("b", "10.244.0.3", true).editSpec().editFirstContainer().editFirstPort().withContainerPort(9090)
                .endPort().endContainer().endSpec().build();
        Pod unnamed = pod("c", "10.244.0.4", true).editSpec().editFirstContainer().editFirstPort().withName("admin")
                .endPort().endContainer().endSpec().build();
        return Stream.of(
                Arguments.of("a number is taken as it is", 7000, List.of(ready("a", "10.244.0.2"), other),
                        Map.of(7000, 2)),
                Arguments.of("a name resolves per pod: one slice per port", "http",
                        List.of(ready("a", "10.244.0.2"), other), Map.of(8080, 1, 9090, 1)),
                Arguments.of("a pod without the named port has no port", "http", List.of(unnamed), Map.of(-1, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targetPorts")
    void namedTargetPortsResolvePerPod(String name, Object target, List<Pod> pods, Map<Integer, Integer> perPort) {
        var plan = EndpointSliceSync.plan(web(target), pods, List.of(), n -> Optional.empty(), 100);
        Map<Integer, Integer> seen = new java.util.HashMap<>();
        for (EndpointSlice s : plan.create()) {
            int port = s.getPorts().isEmpty() ? -1 : s.getPorts().getFirst().getPort();
            seen.put(port, s.getEndpoints().size());
        }
        assertThat(seen).isEqualTo(perPort);
    }

    private static List<Pod> many(int n) {
        return IntStream.range(0, n).mapToObj(i -> ready(String.format("p%03d", i), "10.244." + (i / 200) + "."
                + (i % 200 + 2))).toList();
    }

    private static EndpointSlice stored(EndpointSlice created, String name, int version) {
        return new EndpointSliceBuilder(created).editMetadata().withName(name).withGenerateName(null)
                .withResourceVersion(String.valueOf(version)).endMetadata().build();
    }

    @Test
    void slicesHoldAtMostTheLimitAndANewPodOnlyTouchesOneSlice() {
        var first = EndpointSliceSync.plan(web(8080), many(250), List.of(), n -> Optional.empty(), 100);
        assertThat(first.create()).extracting(s -> s.getEndpoints().size()).containsExactly(100, 100, 50);
        List<EndpointSlice> existing = List.of(stored(first.create().get(0), "web-a", 1),
                stored(first.create().get(1), "web-b", 2), stored(first.create().get(2), "web-c", 3));

        assertThat(EndpointSliceSync.plan(web(8080), many(250), existing, n -> Optional.empty(), 100).isEmpty())
                .as("nothing changed, nothing written").isTrue();

        List<Pod> fewer = new ArrayList<>(many(251));
        fewer.remove(0); // p000 goes (slice web-a), p250 comes: it fills the slice being written anyway
        var next = EndpointSliceSync.plan(web(8080), fewer, existing, n -> Optional.empty(), 100);
        assertThat(next.create()).isEmpty();
        assertThat(next.delete()).isEmpty();
        assertThat(next.update()).extracting(s -> s.getMetadata().getName()).containsExactly("web-a");
        assertThat(next.update().getFirst().getEndpoints()).hasSize(100);
    }

    /**
     * Pods arriving one at a time share a slice: what is left over goes into the fullest unchanged
     * slice it fits in whole (Kubernetes' getSliceToFill), and only what fits nowhere makes a new one.
     */
    @Test
    void newEndpointsFillTheFullestUnchangedSliceTheyFitIn() {
        var first = EndpointSliceSync.plan(web(8080), many(250), List.of(), n -> Optional.empty(), 100);
        List<EndpointSlice> existing = List.of(stored(first.create().get(0), "web-a", 1),
                stored(first.create().get(1), "web-b", 2), stored(first.create().get(2), "web-c", 3));

        var one = EndpointSliceSync.plan(web(8080), many(251), existing, n -> Optional.empty(), 100);
        assertThat(one.create()).isEmpty();
        assertThat(one.update()).extracting(s -> s.getMetadata().getName()).containsExactly("web-c");
        assertThat(one.update().getFirst().getEndpoints()).hasSize(51);

        var tooMany = EndpointSliceSync.plan(web(8080), many(310), existing, n -> Optional.empty(), 100);
        assertThat(tooMany.update()).isEmpty();
        assertThat(tooMany.create()).extracting(s -> s.getEndpoints().size()).containsExactly(60);

        var single = EndpointSliceSync.plan(web(8080), many(1), List.of(), n -> Optional.empty(), 100);
        var second = EndpointSliceSync.plan(web(8080), many(2), List.of(stored(single.create().getFirst(), "web-a", 1)),
                n -> Optional.empty(), 100);
        assertThat(second.create()).isEmpty();
        assertThat(second.update()).singleElement().satisfies(s -> assertThat(s.getEndpoints()).hasSize(2));
    }

    @Test
    void aServiceSelectingNothingKeepsOnePlaceholder() {
        var first = EndpointSliceSync.plan(web(8080), List.of(ready("a", "10.244.0.2")), List.of(),
                n -> Optional.empty(), 100);
        EndpointSlice slice = stored(first.create().getFirst(), "web-a", 1);
        var emptied = EndpointSliceSync.plan(web(8080), List.of(), List.of(slice), n -> Optional.empty(), 100);
        assertThat(emptied.delete()).extracting(s -> s.getMetadata().getName()).containsExactly("web-a");
        assertThat(emptied.create()).singleElement().satisfies(p -> {
            assertThat(p.getEndpoints()).isEmpty();
            assertThat(p.getPorts()).isEmpty();
        });
        EndpointSlice placeholder = stored(emptied.create().getFirst(), "web-b", 2);
        assertThat(EndpointSliceSync.plan(web(8080), List.of(), List.of(placeholder), n -> Optional.empty(), 100)
                .isEmpty()).isTrue();
    }
}
