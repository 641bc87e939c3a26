package io.podyard.scheduler;

import static io.podyard.scheduler.Fixtures.node;
import static io.podyard.scheduler.Fixtures.nodeWithAllocatable;
import static io.podyard.scheduler.Fixtures.on;
import static io.podyard.scheduler.Fixtures.pod;
import static io.podyard.scheduler.Fixtures.requesting;
import static io.podyard.scheduler.Fixtures.snapshot;
import static io.podyard.scheduler.Fixtures.taint;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.podyard.scheduler.framework.Decision;
import io.podyard.scheduler.framework.Decision.NodeVerdict;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SchedulerTest {
    private final Scheduler scheduler = Scheduler.create(DefaultProfile.planning(), new Random(1));

    @Test
    void noNodes() {
        Decision decision = scheduler.schedule(snapshot(List.of(), List.of()), pod("p"));
        assertThat(decision).isInstanceOfSatisfying(Decision.Unschedulable.class,
                u -> assertThat(u.message()).isEqualTo("no nodes available to schedule pods"));
    }

    @Test
    void reasonsAreCountedAndSortedLikeKubernetes() {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(nodeWithAllocatable("small-" + i, "cpu", "1", "memory", "1Gi", "pods", "10"));
        }
        for (int i = 0; i < 2; i++) {
            nodes.add(node("gpu-" + i, b -> b.editSpec().withTaints(taint("dedicated", "gpu", "NoSchedule")).endSpec()));
        }
        Decision decision = scheduler.schedule(snapshot(nodes, List.of()), requesting("p", "cpu", "2"));
        Decision.Unschedulable unschedulable = (Decision.Unschedulable) decision;
        assertThat(unschedulable.message()).isEqualTo(
                "0/5 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}, 3 Insufficient cpu.");
        assertThat(unschedulable.resolvable()).isFalse();
        assertThat(unschedulable.explanation().verdicts()).hasSize(5).allMatch(v -> !v.isFeasible());
    }

    @Test
    void resolvableWhenAPodLeavingWouldHelp() {
        Node node = nodeWithAllocatable("n", "cpu", "1", "pods", "10");
        Decision decision = scheduler.schedule(snapshot(List.of(node), List.of(on("n", requesting("a", "cpu", "1")))),
                requesting("p", "cpu", "500m"));
        assertThat(decision).isInstanceOfSatisfying(Decision.Unschedulable.class, u -> {
            assertThat(u.message()).isEqualTo("0/1 nodes are available: 1 Insufficient cpu.");
            assertThat(u.resolvable()).isTrue();
        });
    }

    @Test
    void picksTheLeastAllocatedNode() {
        List<Pod> existing = List.of(on("busy", requesting("a", "cpu", "3", "memory", "6Gi")),
                on("half", requesting("b", "cpu", "2", "memory", "4Gi")));
        Scheduler explaining = Scheduler.explaining(DefaultProfile.planning(), new Random(1));
        Decision decision = explaining.schedule(snapshot(List.of(node("busy"), node("half"), node("idle")), existing),
                requesting("p", "cpu", "500m", "memory", "1Gi"));
        assertThat(decision).isInstanceOfSatisfying(Decision.Scheduled.class, s -> {
            assertThat(s.node()).isEqualTo("idle");
            NodeVerdict idle = s.explanation().verdicts().stream().filter(v -> v.node().equals("idle")).findFirst().orElseThrow();
            assertThat(idle.scores()).containsKeys("NodeResourcesFit", "NodeResourcesBalancedAllocation", "TaintToleration");
        });
    }

    @Test
    void tiesAreBrokenAtRandomAmongTheBest() {
        var snapshot = snapshot(List.of(node("a"), node("b"), node("c")), List.of());
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            chosen.add(((Decision.Scheduled) scheduler.schedule(snapshot, pod("p" + i))).node());
        }
        assertThat(chosen).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void largeClustersStopAfterEnoughFeasibleNodesAndRotateTheStart() {
        List<Node> nodes = IntStream.range(0, 1000).mapToObj(i -> node("n" + i)).toList();
        var snapshot = snapshot(nodes, List.of());
        Decision first = scheduler.schedule(snapshot, pod("p1"));
        Decision second = scheduler.schedule(snapshot, pod("p2"));
        // 1000 nodes: 50 − 1000/125 = 42 % → 420 nodes looked at, as Kubernetes' adaptive percentage
        assertThat(first.explanation().evaluatedNodes()).isEqualTo(420);
        assertThat(first.explanation().verdicts()).as("only rejections are kept when not explaining").isEmpty();
        Decision third = Scheduler.explaining(DefaultProfile.planning(), new Random(1)).schedule(snapshot, pod("p3"));
        assertThat(third.explanation().evaluatedNodes()).as("explaining looks at every node").isEqualTo(1000);
        assertThat(second.explanation().evaluatedNodes()).isEqualTo(420);
        // the next search starts where the last one stopped: after 2 × 420 nodes, at n840
        Decision tooBig = scheduler.schedule(snapshot, requesting("huge", "cpu", "100"));
        assertThat(tooBig.explanation().verdicts().getFirst().node()).isEqualTo("n840");
        assertThat(scheduler.feasibleNodesToFind(50)).isEqualTo(50);
        assertThat(scheduler.feasibleNodesToFind(5000)).isEqualTo(500);
        assertThat(scheduler.feasibleNodesToFind(100_000)).isEqualTo(5000);
    }

    @Test
    void explainingRunsEveryFilterOnEveryNode() {
        Node node = node("n", b -> b.editSpec().withUnschedulable(true).withTaints(taint("k", "v", "NoSchedule")).endSpec());
        Scheduler explaining = Scheduler.explaining(DefaultProfile.planning(), new Random(1));
        Decision.Unschedulable decision = (Decision.Unschedulable) explaining.schedule(snapshot(List.of(node), List.of()),
                requesting("p", "cpu", "8"));
        assertThat(decision.explanation().verdicts().getFirst().rejections()).containsOnlyKeys(
                "NodeUnschedulable", "TaintToleration", "NodeResourcesFit");
        // the message still counts each node once, by its first rejection, as Kubernetes does
        assertThat(decision.message()).isEqualTo("0/1 nodes are available: 1 node(s) were unschedulable.");
    }
}
