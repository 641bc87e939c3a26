package io.podyard.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rows: containers' requests/limits → QoS class, the pod cgroup's settings and its place in the hierarchy. */
class PodResourcesTest {
    static Container c(Map<String, String> requests, Map<String, String> limits) {
        return new ContainerBuilder().withName("c" + requests.hashCode() + limits.hashCode()).withNewResources()
                .withRequests(quantities(requests)).withLimits(quantities(limits)).endResources().build();
    }

    static Map<String, Quantity> quantities(Map<String, String> values) {
        Map<String, Quantity> map = new java.util.HashMap<>();
        values.forEach((k, v) -> map.put(k, new Quantity(v)));
        return map;
    }

    static Pod pod(List<Container> inits, Container... containers) {
        return new PodBuilder().withNewMetadata().withName("p").withUid("u1").endMetadata().withNewSpec()
                .withInitContainers(inits).withContainers(containers).endSpec().build();
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("nothing asked: BestEffort, minimal shares",
                        pod(List.of(), c(Map.of(), Map.of())), PodResources.Qos.BEST_EFFORT,
                        new PodResources.PodCgroup(2, Optional.empty(), Optional.empty()), "/kube/besteffort/podu1"),
                Arguments.of("limits only (requests default to them): Guaranteed, directly under the parent",
                        pod(List.of(), c(Map.of(), Map.of("cpu", "500m", "memory", "64Mi")),
                                c(Map.of("cpu", "1", "memory", "1Gi"), Map.of("cpu", "1", "memory", "1Gi"))),
                        PodResources.Qos.GUARANTEED,
                        new PodResources.PodCgroup(1536, Optional.of(150_000L), Optional.of((64L << 20) + (1L << 30))),
                        "/kube/podu1"),
                Arguments.of("one container without a memory limit: Burstable, no pod memory limit",
                        pod(List.of(), c(Map.of("cpu", "100m"), Map.of("cpu", "200m", "memory", "32Mi")),
                                c(Map.of("memory", "16Mi"), Map.of("cpu", "100m"))),
                        PodResources.Qos.BURSTABLE,
                        new PodResources.PodCgroup(204, Optional.of(30_000L), Optional.empty()),
                        "/kube/burstable/podu1"),
                Arguments.of("an init container larger than the apps sets the pod's size",
                        pod(List.of(c(Map.of(), Map.of("cpu", "2", "memory", "1Gi"))),
                                c(Map.of(), Map.of("cpu", "500m", "memory", "64Mi"))),
                        PodResources.Qos.GUARANTEED,
                        new PodResources.PodCgroup(2048, Optional.of(200_000L), Optional.of(1L << 30)),
                        "/kube/podu1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void qosClassAndPodCgroup(String name, Pod pod, PodResources.Qos qos, PodResources.PodCgroup cgroup, String path) {
        assertThat(PodResources.qos(pod)).isEqualTo(qos);
        assertThat(PodResources.podCgroup(pod)).isEqualTo(cgroup);
        assertThat(Cgroups.podPath("/kube", qos, "u1")).isEqualTo(path);
        assertThat(Cgroups.containerPath("/kube", qos, "u1", "app", 2)).isEqualTo(path + "/app-2");
    }

    @Test
    void theApiServersQosClassIsTakenWhenReported() {
        Pod pod = new PodBuilder(pod(List.of(), c(Map.of(), Map.of()))).withNewStatus().withQosClass("Burstable")
                .endStatus().build();
        assertThat(PodResources.qos(pod)).isEqualTo(PodResources.Qos.BURSTABLE);
    }

    @Test
    void podLimitSumsTheContainersThatSetIt() {
        Pod pod = pod(List.of(), c(Map.of(), Map.of("ephemeral-storage", "10Mi")),
                c(Map.of(), Map.of("ephemeral-storage", "6Mi")), c(Map.of(), Map.of()));
        assertThat(PodResources.podLimit(pod, "ephemeral-storage")).map(Quantity::getAmountInBytes)
                .map(java.math.BigDecimal::longValueExact).contains(16L << 20);
        assertThat(PodResources.podLimit(pod, "memory")).isEmpty();
    }
}
