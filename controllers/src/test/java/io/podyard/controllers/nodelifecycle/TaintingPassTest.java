package io.podyard.controllers.nodelifecycle;

import static io.podyard.controllers.nodelifecycle.NodeTaints.NOT_READY;
import static io.podyard.controllers.nodelifecycle.NodeTaints.NO_EXECUTE;
import static io.podyard.controllers.nodelifecycle.NodeTaints.UNREACHABLE;
import static io.podyard.controllers.nodelifecycle.TestNodes.T0;
import static io.podyard.controllers.nodelifecycle.TestNodes.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.podyard.controllers.nodelifecycle.TaintingPass.Plan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Passes over a cluster: who gets a NoExecute taint, when, and what a full disruption does. */
class TaintingPassTest {
    private static final NodeLifecycleSettings SETTINGS = NodeLifecycleSettings.defaults();

    private static List<Node> cluster(int ready, Node... others) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < ready; i++) {
            nodes.add(node("ok-" + i).ready("True").build());
        }
        nodes.addAll(List.of(others));
        return nodes;
    }

    private static NoExecuteTainter waiting(String... names) {
        NoExecuteTainter tainter = new NoExecuteTainter(SETTINGS.evictionRate(), T0);
        for (String name : names) {
            tainter.add(name);
        }
        return tainter;
    }

    @Test
    void oneSickNodeOfManyIsTaintedAtOnceTheNextTenSecondsLater() {
        List<Node> nodes = cluster(8, node("a").ready("Unknown").build(), node("b").ready("False").build());
        NoExecuteTainter tainter = waiting("a", "b");

        Plan first = TaintingPass.plan(nodes, Disruption.NORMAL, tainter, T0, SETTINGS);
        assertThat(first.disruption()).isEqualTo(Disruption.NORMAL);
        assertThat(first.taint()).isEqualTo(Map.of("a", UNREACHABLE));
        assertThat(first.nextIn()).contains(Duration.ofSeconds(10));

        Plan second = TaintingPass.plan(nodes, Disruption.NORMAL, tainter, T0.plusSeconds(10), SETTINGS);
        assertThat(second.taint()).isEqualTo(Map.of("b", NOT_READY));
        assertThat(second.nextIn()).isEmpty();
    }

    @Test
    void aNodeReadyAgainBeforeItsTurnIsNotTainted() {
        NoExecuteTainter tainter = waiting("a");
        Plan plan = TaintingPass.plan(cluster(3, node("a").ready("True").build()), Disruption.NORMAL, tainter, T0,
                SETTINGS);

        assertThat(plan.taint()).isEmpty();
    }

    @Test
    void aSmallClusterMostlyDownStopsTaintingAndWaits() {
        NoExecuteTainter tainter = waiting("a", "b", "c");
        Plan plan = TaintingPass.plan(cluster(2, node("a").ready("Unknown").build(), node("b").ready("Unknown").build(),
                node("c").ready("Unknown").build()), Disruption.NORMAL, tainter, T0, SETTINGS);

        assertThat(plan.disruption()).isEqualTo(Disruption.PARTIAL);
        assertThat(plan.taint()).isEmpty();
        assertThat(plan.nextIn()).as("rate 0: no timer, a node change runs the pass").isEmpty();
        assertThat(tainter.isWaiting("a")).isTrue();
    }

    @Test
    void everyNodeDownLiftsNoExecuteTaintsAndTaintsNone() {
        NoExecuteTainter tainter = waiting("b");
        Node tainted = node("a").ready("Unknown").taint(UNREACHABLE, NO_EXECUTE).taint(UNREACHABLE, "NoSchedule").build();
        Node untainted = node("b").ready("Unknown").build();

        Plan plan = TaintingPass.plan(List.of(tainted, untainted), Disruption.NORMAL, tainter, T0, SETTINGS);

        assertThat(plan.disruption()).isEqualTo(Disruption.FULL);
        assertThat(plan.lift()).containsExactly("a");
        assertThat(plan.taint()).isEmpty();
        assertThat(tainter.isWaiting("b")).isTrue();
    }

    @Test
    void theEndOfAFullDisruptionGivesFreshGraceAndResumesTainting() {
        NoExecuteTainter tainter = waiting("b");
        Plan plan = TaintingPass.plan(List.of(node("a").ready("True").build(), node("b").ready("Unknown").build()),
                Disruption.FULL, tainter, T0, SETTINGS);

        assertThat(plan.freshGrace()).isTrue();
        assertThat(plan.taint()).isEqualTo(Map.of("b", UNREACHABLE));
        assertThat(plan.nextIn()).isEqualTo(Optional.empty());
    }
}
