package io.podyard.controllers.replicaset;

import static io.podyard.controllers.testing.TestPods.T0;
import static io.podyard.controllers.testing.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.podyard.controllers.testing.TestPods;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ReplicaSet controller's pure core: how many to create, which to delete, what status says. */
class ReplicaSetSyncTest {
    private static List<Pod> pods(TestPods... pods) {
        return Stream.of(pods).map(TestPods::build).toList();
    }

    private static List<Pod> running(int n) {
        return IntStream.range(0, n).mapToObj(i -> pod("p" + i).on("n").readyAt(i).build()).toList();
    }

    static Stream<Arguments> plans() {
        return Stream.of(
                Arguments.of("none yet: create all", 3, List.of(), 3, List.of()),
                Arguments.of("one short: create one", 3, running(2), 1, List.of()),
                Arguments.of("at the count: nothing", 2, running(2), 0, List.of()),
                Arguments.of("two over: delete the two most recently ready", 1, running(3), 0, List.of("p2", "p1")),
                Arguments.of("scale to zero deletes all", 0, running(2), 0, List.of("p0", "p1")),
                Arguments.of("a pending pod goes before running ones", 2,
                        pods(pod("old").on("n").readyAt(0), pod("new").on("n").readyAt(5), pod("pending")), 0,
                        List.of("pending")),
                Arguments.of("creates are capped at the burst", 10_000, List.of(), ReplicaSetSync.BURST, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plans")
    void plans(String name, int replicas, List<Pod> owned, int creates, List<String> deletes) {
        ReplicaSetSync.Plan plan = ReplicaSetSync.plan(replicas, owned, owned);
        assertThat(plan.create()).isEqualTo(creates);
        assertThat(plan.delete()).extracting(p -> p.getMetadata().getName()).containsExactlyElementsOf(deletes);
    }

    private static ReplicaSet rs(int minReadySeconds) {
        return new ReplicaSetBuilder().withNewMetadata().withName("rs").withNamespace("ns").withGeneration(4L)
                .endMetadata()
                .withNewSpec().withReplicas(3).withMinReadySeconds(minReadySeconds)
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").addToLabels("tier", "front")
                .endMetadata().endTemplate()
                .endSpec().build();
    }

    /** Expected counts: replicas, fullyLabeled, ready, available. */
    static Stream<Arguments> statuses() {
        Instant now = T0.plusSeconds(100);
        return Stream.of(
                Arguments.of("pending pods count as replicas only", 0,
                        pods(pod("a").label("app", "web").label("tier", "front"), pod("b").label("app", "web")),
                        now, List.of(2, 1, 0, 0)),
                Arguments.of("ready pods are available without minReadySeconds", 0,
                        pods(pod("a").readyAt(99), pod("b").readyAt(0)), now, List.of(2, 0, 2, 2)),
                Arguments.of("available once ready longer than minReadySeconds", 10,
                        pods(pod("a").readyAt(95), pod("b").readyAt(80), pod("c").readyAt(90)), now,
                        List.of(3, 0, 3, 1)),
                Arguments.of("not ready is never available", 10, pods(pod("a").phase("Running")), now,
                        List.of(1, 0, 0, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statuses")
    void statusCounts(String name, int minReady, List<Pod> owned, Instant now, List<Integer> expected) {
        ReplicaSetStatus s = ReplicaSetSync.status(rs(minReady), owned, Optional.empty(), now);
        assertThat(List.of(s.getReplicas(), s.getFullyLabeledReplicas(), s.getReadyReplicas(),
                s.getAvailableReplicas())).containsExactlyElementsOf(expected);
        assertThat(s.getObservedGeneration()).isEqualTo(4L);
    }

    @Test
    void aCreateErrorSetsReplicaFailureAndSuccessClearsIt() {
        ReplicaSet rs = rs(0);
        ReplicaSetStatus failed = ReplicaSetSync.status(rs, List.of(),
                Optional.of(new ReplicaSetSync.ManageError("FailedCreate", "exceeded quota")), T0);
        assertThat(failed.getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("ReplicaFailure");
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("FailedCreate");
            assertThat(c.getMessage()).isEqualTo("exceeded quota");
        });
        rs.setStatus(failed);
        assertThat(ReplicaSetSync.status(rs, List.of(), Optional.empty(), T0).getConditions()).isNull();
    }

    @Test
    void allReadyButNotAvailableLooksAgainAfterMinReadySeconds() {
        ReplicaSet rs = rs(10);
        ReplicaSetStatus s = ReplicaSetSync.status(rs, running(3), Optional.empty(), T0.plusSeconds(5));
        assertThat(ReplicaSetSync.recheckAfter(rs, s, false)).contains(Duration.ofSeconds(10));
        ReplicaSetStatus later = ReplicaSetSync.status(rs, running(3), Optional.empty(), T0.plusSeconds(60));
        assertThat(ReplicaSetSync.recheckAfter(rs, later, false)).isEmpty();
    }
}
