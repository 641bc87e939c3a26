package io.podyard.scheduler.plugins.noderesources;

import io.podyard.scheduler.framework.ClusterSnapshot;
import io.podyard.scheduler.framework.CycleState;
import io.podyard.scheduler.framework.NodeInfo;
import io.podyard.scheduler.framework.PodInfo;
import io.podyard.scheduler.framework.PreScorePlugin;
import io.podyard.scheduler.framework.ScorePlugin;
import io.podyard.scheduler.framework.Status;
import java.util.List;

/**
 * Favours nodes whose cpu and memory would be used in equal proportion after placing the pod:
 * score = (1 − standard deviation of the two fractions) × 100. Skipped for pods that request
 * neither (BestEffort), as Kubernetes does.
 */
public final class BalancedAllocation implements PreScorePlugin, ScorePlugin {
    public static final String NAME = "NodeResourcesBalancedAllocation";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible, ClusterSnapshot snapshot) {
        return pod.requests().milliCpu() == 0 && pod.requests().memory() == 0 ? Status.SKIP : Status.FIT;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        double cpu = fraction(node.requested().milliCpu() + pod.requests().milliCpu(), node.allocatable().milliCpu());
        double memory = fraction(node.requested().memory() + pod.requests().memory(), node.allocatable().memory());
        double deviation = Math.abs(cpu - memory) / 2; // the standard deviation of two values
        return (long) ((1 - deviation) * MAX_SCORE);
    }

    private static double fraction(long requested, long capacity) {
        if (capacity == 0) {
            return 1;
        }
        return Math.min(1.0, (double) requested / capacity);
    }
}
