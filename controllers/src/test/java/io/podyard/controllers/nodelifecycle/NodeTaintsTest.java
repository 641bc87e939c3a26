package io.podyard.controllers.nodelifecycle;

import static io.podyard.controllers.nodelifecycle.NodeTaints.NOT_READY;
import static io.podyard.controllers.nodelifecycle.NodeTaints.NO_EXECUTE;
import static io.podyard.controllers.nodelifecycle.NodeTaints.NO_SCHEDULE;
import static io.podyard.controllers.nodelifecycle.NodeTaints.UNREACHABLE;
import static io.podyard.controllers.nodelifecycle.TestNodes.T0;
import static io.podyard.controllers.nodelifecycle.TestNodes.node;
import static io.podyard.controllers.nodelifecycle.TestNodes.taint;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.podyard.controllers.nodelifecycle.NodeTaints.NoExecuteStep;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The controller's taints: NoSchedule from conditions, NoExecute steps, and the NoExecute swap. */
class NodeTaintsTest {
    private static final Taint USER = taint("dedicated", NO_SCHEDULE, null);

    static Stream<Arguments> noScheduleCases() {
        return Stream.of(
                Arguments.of("Ready=True has none", node("n").ready("True").build(), List.of()),
                Arguments.of("Ready=Unknown is unreachable", node("n").ready("Unknown").build(),
                        List.of(taint(UNREACHABLE, NO_SCHEDULE, null))),
                Arguments.of("Ready=False is not-ready", node("n").ready("False").build(),
                        List.of(taint(NOT_READY, NO_SCHEDULE, null))),
                Arguments.of("recovery removes ours and keeps the user's",
                        node("n").ready("True").taint(USER).taint(UNREACHABLE, NO_SCHEDULE).build(), List.of(USER)),
                Arguments.of("Unknown → False swaps the key", node("n").ready("False").taint(UNREACHABLE, NO_SCHEDULE)
                        .build(), List.of(taint(NOT_READY, NO_SCHEDULE, null))),
                Arguments.of("pressure conditions and cordon", node("n").ready("True")
                        .condition("MemoryPressure", "True", 0).condition("DiskPressure", "False", 0)
                        .condition("PIDPressure", "True", 0).unschedulable().build(),
                        List.of(taint("node.kubernetes.io/memory-pressure", NO_SCHEDULE, null),
                                taint("node.kubernetes.io/pid-pressure", NO_SCHEDULE, null),
                                taint("node.kubernetes.io/unschedulable", NO_SCHEDULE, null))),
                Arguments.of("NoExecute taints are not this pass's",
                        node("n").ready("True").taint(UNREACHABLE, NO_EXECUTE).build(),
                        List.of(taint(UNREACHABLE, NO_EXECUTE, null))),
                Arguments.of("an existing one is kept as it is", node("n").ready("Unknown")
                        .taint(taint(UNREACHABLE, NO_SCHEDULE, "2024-01-01T00:00:00Z")).build(),
                        List.of(taint(UNREACHABLE, NO_SCHEDULE, "2024-01-01T00:00:00Z"))),
                Arguments.of("no Ready condition, no taint", node("n").build(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noScheduleCases")
    void noScheduleTaintsFollowConditions(String name, Node node, List<Taint> expected) {
        assertThat(NodeTaints.withConditionTaints(node)).isEqualTo(expected);
    }

    static Stream<Arguments> noExecuteCases() {
        Taint notReady = taint(NOT_READY, NO_EXECUTE, null);
        Taint unreachable = taint(UNREACHABLE, NO_EXECUTE, null);
        return Stream.of(
                Arguments.of("healthy and clean", List.of(), "True", new NoExecuteStep.Keep()),
                Arguments.of("recovered: remove", List.of(unreachable), "True", new NoExecuteStep.Remove()),
                Arguments.of("unreachable, untainted: queue", List.of(), "Unknown",
                        new NoExecuteStep.Queue(UNREACHABLE)),
                Arguments.of("not ready, untainted: queue", List.of(), "False", new NoExecuteStep.Queue(NOT_READY)),
                Arguments.of("not-ready turned unreachable: swap now", List.of(notReady), "Unknown",
                        new NoExecuteStep.Swap(UNREACHABLE)),
                Arguments.of("unreachable turned not-ready: swap now", List.of(unreachable), "False",
                        new NoExecuteStep.Swap(NOT_READY)),
                Arguments.of("tainted as it should be", List.of(unreachable), "Unknown", new NoExecuteStep.Keep()),
                Arguments.of("both present: swap cleans up", List.of(unreachable, notReady), "Unknown",
                        new NoExecuteStep.Swap(UNREACHABLE)),
                Arguments.of("a NoSchedule taint does not count", List.of(taint(UNREACHABLE, NO_SCHEDULE, null)),
                        "Unknown", new NoExecuteStep.Queue(UNREACHABLE)),
                Arguments.of("no Ready condition: wait", List.of(), "", new NoExecuteStep.Keep()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noExecuteCases")
    void noExecuteStepFollowsReady(String name, List<Taint> taints, String ready, NoExecuteStep expected) {
        assertThat(NodeTaints.noExecuteStep(taints, ready)).isEqualTo(expected);
    }

    static Stream<Arguments> swapCases() {
        String now = "2025-01-01T00:00:00Z";
        Taint oldUnreachable = taint(UNREACHABLE, NO_EXECUTE, "2024-06-01T00:00:00Z");
        return Stream.of(
                Arguments.of("adds with timeAdded now", List.of(USER), UNREACHABLE,
                        List.of(USER, taint(UNREACHABLE, NO_EXECUTE, now))),
                Arguments.of("swaps, dropping the other", List.of(taint(NOT_READY, NO_EXECUTE, "x"), USER), UNREACHABLE,
                        List.of(USER, taint(UNREACHABLE, NO_EXECUTE, now))),
                Arguments.of("keeps an existing one's timeAdded", List.of(oldUnreachable), UNREACHABLE,
                        List.of(oldUnreachable)),
                Arguments.of("null removes both", List.of(oldUnreachable, USER, taint(NOT_READY, NO_EXECUTE, "x")),
                        null, List.of(USER)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("swapCases")
    void setsTheNoExecuteTaint(String name, List<Taint> taints, String key, List<Taint> expected) {
        assertThat(NodeTaints.withNoExecute(taints, key, T0)).isEqualTo(expected);
    }
}
