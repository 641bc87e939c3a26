package io.podyard.controllers.replicaset;

import static io.podyard.controllers.testing.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.podyard.controllers.testing.TestPods;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which pod a scale-down deletes first, one rule of Kubernetes' order per row. */
class ScaleDownOrderTest {
    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of("unscheduled before scheduled",
                        pod("first").phase("Running"), pod("second").on("n1").phase("Pending")),
                Arguments.of("pending before unknown",
                        pod("first").on("n1").phase("Pending"), pod("second").on("n1").phase("Unknown")),
                Arguments.of("unknown before running",
                        pod("first").on("n1").phase("Unknown"), pod("second").on("n1").phase("Running")),
                Arguments.of("not ready before ready",
                        pod("first").on("n1").phase("Running"), pod("second").on("n1").readyAt(0)),
                Arguments.of("lower deletion cost first",
                        pod("first").on("n1").readyAt(0).cost("-5"), pod("second").on("n1").readyAt(100)),
                Arguments.of("deletion cost beats readiness time",
                        pod("first").on("n1").readyAt(0).cost("1"), pod("second").on("n1").readyAt(100).cost("2")),
                Arguments.of("a malformed cost counts as zero",
                        pod("first").on("n1").readyAt(0).cost("lots"), pod("second").on("n1").readyAt(0).cost("1")),
                Arguments.of("doubled up on a node before alone",
                        pod("first").on("crowded").readyAt(100), pod("second").on("alone").readyAt(0)),
                Arguments.of("ready for less time first",
                        pod("first").on("n1").readyAt(100), pod("second").on("n2").readyAt(50)),
                Arguments.of("more restarts first",
                        pod("first").on("n1").readyAt(0).restarts(3), pod("second").on("n2").readyAt(0).restarts(1)),
                Arguments.of("newer first",
                        pod("first").on("n1").readyAt(0).createdAt(10), pod("second").on("n2").readyAt(0).createdAt(5)),
                Arguments.of("restarts beat age",
                        pod("first").on("n1").readyAt(0).restarts(1).createdAt(0),
                        pod("second").on("n2").readyAt(0).createdAt(10)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void deletesTheFirstBeforeTheSecond(String rule, TestPods first, TestPods second) {
        Pod a = first.build();
        Pod b = second.build();
        // a third related pod sits on "crowded" so the doubled-up rule has something to count
        List<Pod> related = List.of(a, b, pod("sibling").on("crowded").readyAt(0).build());
        assertThat(ScaleDownOrder.select(List.of(b, a), related, 1)).extracting(p -> p.getMetadata().getName())
                .containsExactly("first");
        assertThat(ScaleDownOrder.select(List.of(a, b), related, 1)).extracting(p -> p.getMetadata().getName())
                .containsExactly("first");
    }

    @org.junit.jupiter.api.Test
    void aFullOrderAcrossManyPods() {
        List<Pod> pods = List.of(
                pod("ready-old").on("n1").readyAt(0).createdAt(0).build(),
                pod("pending-unscheduled").build(),
                pod("ready-new").on("n2").readyAt(50).createdAt(40).build(),
                pod("running-not-ready").on("n3").phase("Running").build(),
                pod("pending-scheduled").on("n4").build());
        assertThat(ScaleDownOrder.select(pods, pods, 4)).extracting(p -> p.getMetadata().getName())
                .containsExactly("pending-unscheduled", "pending-scheduled", "running-not-ready", "ready-new");
    }
}
