package io.podyard.scheduler.plugins.noderesources;

import io.podyard.scheduler.framework.ClusterEvent;
import io.podyard.scheduler.framework.CycleState;
import io.podyard.scheduler.framework.EnqueueExtensions;
import io.podyard.scheduler.framework.FilterPlugin;
import io.podyard.scheduler.framework.NodeInfo;
import io.podyard.scheduler.framework.PodInfo;
import io.podyard.scheduler.framework.Resources;
import io.podyard.scheduler.framework.ScorePlugin;
import io.podyard.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Requests against allocatable: cpu, memory, ephemeral-storage, extended resources and the pod
 * count. Scores with the LeastAllocated strategy (Kubernetes' default): the more of cpu and memory a
 * node would have left, the better, counting pods without requests as 100m cpu and 200 MiB.
 */
public final class NodeResourcesFit implements EnqueueExtensions, FilterPlugin, ScorePlugin {
    public static final String NAME = "NodeResourcesFit";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> requeueOn() {
        return Set.of(ClusterEvent.NODE_ADDED, ClusterEvent.NODE_ALLOCATABLE_CHANGED, ClusterEvent.ASSIGNED_POD_DELETED);
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        List<String> reasons = new ArrayList<>(0);
        boolean unresolvable = false;
        if (node.pods().size() + 1 > node.allowedPods()) {
            reasons.add("Too many pods");
        }
        // Field by field rather than allocatable.minus(requested): this runs for every node of every attempt.
        Resources want = pod.requests();
        Resources allocatable = node.allocatable();
        Resources used = node.requested();
        if (want.milliCpu() > 0 && want.milliCpu() > allocatable.milliCpu() - used.milliCpu()) {
            reasons.add("Insufficient cpu");
            unresolvable |= want.milliCpu() > allocatable.milliCpu();
        }
        if (want.memory() > 0 && want.memory() > allocatable.memory() - used.memory()) {
            reasons.add("Insufficient memory");
            unresolvable |= want.memory() > allocatable.memory();
        }
        if (want.ephemeralStorage() > 0 && want.ephemeralStorage() > allocatable.ephemeralStorage() - used.ephemeralStorage()) {
            reasons.add("Insufficient ephemeral-storage");
            unresolvable |= want.ephemeralStorage() > allocatable.ephemeralStorage();
        }
        for (Map.Entry<String, Long> scalar : want.scalar().entrySet()) {
            long amount = scalar.getValue();
            if (amount > 0 && amount > allocatable.scalar(scalar.getKey()) - used.scalar(scalar.getKey())) {
                reasons.add("Insufficient " + scalar.getKey());
                unresolvable |= amount > allocatable.scalar(scalar.getKey());
            }
        }
        if (reasons.isEmpty()) {
            return Status.FIT;
        }
        // A request larger than the whole node can never fit there, whatever leaves it.
        return unresolvable ? new Status.Unresolvable(reasons) : new Status.Unschedulable(reasons);
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        long cpu = leastAllocated(node.nonZeroRequested().milliCpu() + pod.nonZeroRequests().milliCpu(),
                node.allocatable().milliCpu());
        long memory = leastAllocated(node.nonZeroRequested().memory() + pod.nonZeroRequests().memory(),
                node.allocatable().memory());
        return (cpu + memory) / 2;
    }

    private static long leastAllocated(long requested, long capacity) {
        if (capacity == 0 || requested > capacity) {
            return 0;
        }
        return (capacity - requested) * MAX_SCORE / capacity;
    }
}
