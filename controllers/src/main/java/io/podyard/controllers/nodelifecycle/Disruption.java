package io.podyard.controllers.nodelifecycle;

/**
 * How disrupted the cluster is, and so how fast nodes may get NoExecute taints: Kubernetes'
 * zone-aware eviction with one zone. Many nodes failing at once more likely means the control
 * plane lost its network than that the nodes died, so evictions slow down or stop. Pure.
 */
enum Disruption {
    /** Evict at the normal rate. */
    NORMAL,
    /** At least 3 nodes and {@code unhealthyZoneThreshold} of them not Ready: slow down (or stop, if small). */
    PARTIAL,
    /**
     * Every node not Ready. With one zone every zone is fully disrupted, where Kubernetes stops
     * evicting and takes the NoExecute taints off every node.
     */
    FULL;

    /** Kubernetes' ComputeZoneState over the number of Ready and not-Ready nodes. */
    static Disruption of(int ready, int notReady, double unhealthyThreshold) {
        if (ready == 0 && notReady > 0) {
            return FULL;
        }
        if (notReady > 2 && (double) notReady / (notReady + ready) >= unhealthyThreshold) {
            return PARTIAL;
        }
        return NORMAL;
    }

    /** Nodes per second that may get a NoExecute taint in this state, for a cluster of {@code nodes}. */
    double evictionRate(int nodes, NodeLifecycleSettings settings) {
        return switch (this) {
            case NORMAL -> settings.evictionRate();
            case PARTIAL -> nodes > settings.largeClusterThreshold() ? settings.secondaryEvictionRate() : 0;
            case FULL -> 0;
        };
    }
}
