package io.podyard.scheduler.framework;

import java.util.List;
import java.util.Map;

/** The outcome of one scheduling attempt, with the per-node verdicts that explain it. */
public sealed interface Decision {
    Explanation explanation();

    /** The pod goes to {@code node}. */
    record Scheduled(String node, Explanation explanation) implements Decision {
    }

    /**
     * No node fits. {@code message} reads like Kubernetes' FailedScheduling event ("0/5 nodes are
     * available: 3 Insufficient cpu, ..."); {@code resolvable} is false when every node failed in a way
     * that no pod leaving could fix.
     */
    record Unschedulable(String message, boolean resolvable, Explanation explanation) implements Decision {
    }

    /**
     * What the attempt saw.
     *
     * @param totalNodes nodes in the snapshot
     * @param evaluatedNodes nodes the attempt looked at: with a large cluster and a feasible pod the
     *     search stops after enough feasible nodes, as Kubernetes does
     * @param verdicts every rejected node, in the order they were looked at, then — when the scheduler
     *     explains — each feasible node with its weighted scores
     * @param preFilterRejection the plugin and reasons when a pre-filter rejected the pod before any
     *     node was looked at; null otherwise
     */
    record Explanation(int totalNodes, int evaluatedNodes, List<NodeVerdict> verdicts, Rejection preFilterRejection) {
        public Explanation {
            verdicts = List.copyOf(verdicts);
        }
    }

    /** A plugin's refusal and its reasons. */
    record Rejection(String plugin, List<String> reasons) {
        @Override
        public String toString() {
            return plugin + ": " + String.join(", ", reasons);
        }
    }

    /**
     * One node's verdict: the filters that rejected it (plugin name to reasons; empty when it fits) and,
     * for a feasible node, each score plugin's weighted score and the total.
     *
     * @param unresolvable whether a rejection was one that no pod leaving the node could fix
     */
    record NodeVerdict(String node, Map<String, List<String>> rejections, boolean unresolvable,
            Map<String, Long> scores, long total) {
        public static NodeVerdict rejected(String node, Map<String, List<String>> rejections, boolean unresolvable) {
            return new NodeVerdict(node, rejections, unresolvable, Map.of(), 0);
        }

        public static NodeVerdict feasible(String node, Map<String, Long> scores, long total) {
            return new NodeVerdict(node, Map.of(), false, scores, total);
        }

        public boolean isFeasible() {
            return rejections.isEmpty();
        }
    }
}
