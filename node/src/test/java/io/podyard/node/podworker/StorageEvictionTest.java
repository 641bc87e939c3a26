package io.podyard.node.podworker;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rows: the containers' ephemeral-storage limits and the pod's usage → kubelet's eviction message or none. */
class StorageEvictionTest {
    static Pod pod(String... limits) {
        return new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec()
                .withContainers(Arrays.stream(limits).map(l -> new ContainerBuilder().withName("c" + l.hashCode())
                        .withNewResources().addToLimits(l.isEmpty() ? java.util.Map.of() : java.util.Map.of(
                                "ephemeral-storage", new Quantity(l))).endResources().build()).toList())
                .endSpec().build();
    }

    static Stream<Arguments> rows() {
        String prefix = "Pod ephemeral local storage usage exceeds the total limit of containers ";
        return Stream.of(
                Arguments.of("no limit: never", pod(""), 1L << 40, Optional.empty()),
                Arguments.of("under the limit", pod("10Mi"), 10L << 20, Optional.empty()),
                Arguments.of("over the limit", pod("10Mi"), (10L << 20) + 1, Optional.of(prefix + "10Mi.")),
                Arguments.of("the limits of all containers add up", pod("10Mi", "6Mi", ""), 17L << 20,
                        Optional.of(prefix + "16Mi.")),
                Arguments.of("a decimal limit", pod("1G"), 2_000_000_000L, Optional.of(prefix + "1G.")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void evictsOverTheLimit(String name, Pod pod, long usage, Optional<String> message) {
        assertThat(StorageEviction.check(pod, usage)).isEqualTo(message);
    }

    static Pod twoContainers() {
        return new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec()
                .addNewContainer().withName("app").withNewResources().addToLimits("ephemeral-storage",
                        new Quantity("10Mi")).endResources().endContainer()
                .addNewContainer().withName("log").withNewResources().addToLimits("ephemeral-storage",
                        new Quantity("30Mi")).endResources().endContainer()
                .addNewContainer().withName("free").endContainer()
                .endSpec().build();
    }

    static Stream<Arguments> containerRows() {
        String pod = "Pod ephemeral local storage usage exceeds the total limit of containers 40Mi.";
        return Stream.of(
                Arguments.of("each container under its limit", 30L << 20,
                        java.util.Map.of("app", 9L << 20, "log", 20L << 20, "free", 1L << 30), Optional.empty()),
                Arguments.of("one container over its own limit, the pod under its total", 15L << 20,
                        java.util.Map.of("app", 11L << 20, "log", 4L << 20),
                        Optional.of("Container app exceeded its local ephemeral storage limit \"10Mi\". ")),
                Arguments.of("the pod over its total comes first", 50L << 20,
                        java.util.Map.of("app", 11L << 20, "log", 39L << 20), Optional.of(pod)),
                Arguments.of("a container without a limit may use anything", 41L << 20,
                        java.util.Map.of("free", 41L << 20), Optional.of(pod)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containerRows")
    void evictsAContainerOverItsOwnLimit(String name, long podBytes, java.util.Map<String, Long> containerBytes,
                                         Optional<String> message) {
        assertThat(StorageEviction.check(twoContainers(), podBytes, containerBytes)).isEqualTo(message);
    }

    @Test
    void theEvictedStatusIsFailedWithReasonAndADisruptionTargetThatKeepsItsTime() {
        PodStatus built = new PodStatusBuilder().withPhase("Running").addNewCondition().withType("Ready")
                .withStatus("True").withLastTransitionTime("2026-01-01T00:00:00Z").endCondition().build();
        PodStatus first = StorageEviction.evictedStatus(built, built, "full", Instant.parse("2026-01-01T00:01:00Z"));

        assertThat(first.getPhase()).isEqualTo("Failed");
        assertThat(first.getReason()).isEqualTo("Evicted");
        assertThat(first.getMessage()).isEqualTo("full");
        assertThat(first.getConditions()).anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("False"))
                .anyMatch(c -> c.getType().equals("DisruptionTarget") && c.getReason().equals("TerminationByKubelet"));
        PodStatus again = StorageEviction.evictedStatus(built, first, "full", Instant.parse("2026-01-01T00:05:00Z"));
        assertThat(again).as("an unchanged eviction writes nothing new").isEqualTo(first);
    }
}
