package io.podyard.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.podyard.controllers.nodelifecycle.NodeTaints.NoExecuteStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One pass of Kubernetes' doNoExecuteTaintingPass over a snapshot of the nodes: how disrupted the
 * cluster is, which nodes leave the {@link NoExecuteTainter} for a NoExecute taint now, and, in a full
 * disruption, which nodes lose theirs. Pure but for taking nodes out of the tainter.
 */
final class TaintingPass {
    private TaintingPass() {}

    /**
     * @param disruption the cluster's state in this pass
     * @param taint node → NoExecute taint key to set now
     * @param lift nodes whose controller NoExecute taints come off (full disruption)
     * @param freshGrace the full disruption just ended: every node gets a new grace period
     * @param nextIn when to run again for the next waiting node, if one waits at a non-zero rate
     */
    record Plan(Disruption disruption, Map<String, String> taint, List<String> lift, boolean freshGrace,
            Optional<Duration> nextIn) {}

    static Plan plan(List<Node> nodes, Disruption before, NoExecuteTainter tainter, Instant now,
            NodeLifecycleSettings settings) {
        int ready = (int) nodes.stream().filter(n -> "True".equals(NodeHealth.readyStatus(n))).count();
        Disruption state = Disruption.of(ready, nodes.size() - ready, settings.unhealthyZoneThreshold());
        boolean freshGrace = before == Disruption.FULL && state != Disruption.FULL;
        if (state == Disruption.FULL) {
            List<String> lift = nodes.stream().filter(n -> NodeTaints.hasControllerNoExecute(NodeTaints.taints(n)))
                    .map(TaintingPass::name).toList();
            return new Plan(state, Map.of(), lift, false, Optional.empty());
        }
        Map<String, Node> byName = nodes.stream().collect(Collectors.toMap(TaintingPass::name, Function.identity()));
        Map<String, String> taint = new java.util.LinkedHashMap<>();
        for (String name : tainter.take(state.evictionRate(nodes.size(), settings), now)) {
            Node node = byName.get(name);
            if (node == null) {
                continue; // deleted: PodGC takes its pods
            }
            // Ready again, or tainted meanwhile: the token is spent all the same, as in Kubernetes.
            switch (NodeTaints.noExecuteStep(NodeTaints.taints(node), NodeHealth.readyStatus(node))) {
                case NoExecuteStep.Queue q -> taint.put(name, q.key());
                case NoExecuteStep.Swap s -> taint.put(name, s.key());
                case NoExecuteStep.Keep k -> { }
                case NoExecuteStep.Remove r -> { }
            }
        }
        return new Plan(state, taint, new ArrayList<>(), freshGrace, tainter.nextIn(now));
    }

    private static String name(Node node) {
        return node.getMetadata().getName();
    }
}
