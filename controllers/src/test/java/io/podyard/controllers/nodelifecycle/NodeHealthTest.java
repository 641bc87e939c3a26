package io.podyard.controllers.nodelifecycle;

import static io.podyard.controllers.nodelifecycle.TestNodes.T0;
import static io.podyard.controllers.nodelifecycle.TestNodes.lease;
import static io.podyard.controllers.nodelifecycle.TestNodes.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.podyard.controllers.nodelifecycle.NodeHealth.Heartbeat;
import io.podyard.controllers.nodelifecycle.NodeHealth.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Heartbeats seen by the controller's clock, the grace periods, and the Unknown conditions. */
class NodeHealthTest {
    private static final NodeLifecycleSettings SETTINGS = NodeLifecycleSettings.defaults();

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /**
     * Rows: name, node as now read, lease as now read (or null), what was seen before (or null), now
     * (seconds after T0), expected probe time, expected verdict.
     */
    static Stream<Arguments> cases() {
        Node ready = node("n").condition("Ready", "True", 0).build();
        Node readyLater = node("n").condition("Ready", "True", 30).build();
        Node neverPosted = node("n").build();
        Heartbeat seenAt0 = new Heartbeat(at(0), at(0).toString(), at(0));
        return Stream.of(
                Arguments.of("a node seen for the first time has just heartbeated", ready, lease("n", -500), null,
                        100, at(100), new Verdict.Alive(Duration.ofSeconds(40).plusMillis(1))),
                Arguments.of("a renewed lease is a heartbeat, timed by the controller's clock", ready, lease("n", 5),
                        seenAt0, 20, at(20), new Verdict.Alive(Duration.ofSeconds(40).plusMillis(1))),
                Arguments.of("a lease renewed with a clock far behind still counts", ready, lease("n", 1), seenAt0,
                        20, at(20), new Verdict.Alive(Duration.ofSeconds(40).plusMillis(1))),
                Arguments.of("an older renewTime is no heartbeat", ready, lease("n", -1), seenAt0, 20, at(0),
                        new Verdict.Alive(Duration.ofSeconds(20).plusMillis(1))),
                Arguments.of("a new Ready heartbeat counts without a lease", readyLater, null, seenAt0, 35, at(35),
                        new Verdict.Alive(Duration.ofSeconds(40).plusMillis(1))),
                Arguments.of("exactly the grace period is still alive", ready, lease("n", 0), seenAt0, 40, at(0),
                        new Verdict.Alive(Duration.ofMillis(1))),
                Arguments.of("past the grace period without a change: silent", ready, lease("n", 0), seenAt0, 41,
                        at(0), new Verdict.Silent(Duration.ofSeconds(41))),
                Arguments.of("a node that never posted Ready gets the startup grace", neverPosted, null,
                        new Heartbeat(null, null, at(0)), 41, at(0),
                        new Verdict.Alive(Duration.ofSeconds(19).plusMillis(1))),
                Arguments.of("... and is silent after it", neverPosted, null, new Heartbeat(null, null, at(0)), 61,
                        at(0), new Verdict.Silent(Duration.ofSeconds(61))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judges(String name, Node node, Lease lease, Heartbeat before, long now, Instant probedAt, Verdict expected) {
        Heartbeat after = NodeHealth.observe(Optional.ofNullable(before), node, Optional.ofNullable(lease), at(now));
        assertThat(after.probedAt()).isEqualTo(probedAt);
        assertThat(NodeHealth.judge(node, after, at(now), SETTINGS)).isEqualTo(expected);
    }

    @Test
    void silentNodeHasItsKubeletConditionsTurnedUnknownAsKubernetesWritesThem() {
        Node node = node("n").condition("Ready", "True", 10).condition("MemoryPressure", "False", 10)
                .condition("NetworkUnavailable", "False", 10).build();

        List<NodeCondition> conditions = NodeHealth.unknownConditions(node, at(100)).orElseThrow();

        assertThat(conditions).extracting(NodeCondition::getType, NodeCondition::getStatus, NodeCondition::getReason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Ready", "Unknown", "NodeStatusUnknown"),
                        org.assertj.core.groups.Tuple.tuple("MemoryPressure", "Unknown", "NodeStatusUnknown"),
                        org.assertj.core.groups.Tuple.tuple("NetworkUnavailable", "False", "KubeletReady"),
                        org.assertj.core.groups.Tuple.tuple("DiskPressure", "Unknown", "NodeStatusNeverUpdated"),
                        org.assertj.core.groups.Tuple.tuple("PIDPressure", "Unknown", "NodeStatusNeverUpdated"));
        NodeCondition ready = conditions.getFirst();
        assertThat(ready.getMessage()).isEqualTo("Kubelet stopped posting node status.");
        assertThat(ready.getLastTransitionTime()).isEqualTo("2025-01-01T00:01:40Z");
        assertThat(ready.getLastHeartbeatTime()).as("the last heartbeat stays").isEqualTo(at(10).toString());
        assertThat(conditions.get(3).getMessage()).isEqualTo("Kubelet never posted node status.");
        assertThat(conditions.get(3).getLastHeartbeatTime()).as("creation time").isEqualTo(T0.toString());
    }

    @Test
    void conditionsAlreadyUnknownNeedNoWrite() {
        Node node = node("n").condition("Ready", "True", 0).build();
        List<NodeCondition> once = NodeHealth.unknownConditions(node, at(100)).orElseThrow();
        node.getStatus().setConditions(once);

        assertThat(NodeHealth.unknownConditions(node, at(200))).isEmpty();
    }
}
