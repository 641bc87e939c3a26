package io.podyard.controllers.nodelifecycle;

import java.time.Duration;
import java.util.Objects;

/**
 * How the node lifecycle controllers judge nodes and evict their pods; Kubernetes' flags in brackets.
 *
 * @param gracePeriod how long a node may go without a heartbeat before it is Unknown
 *     [--node-monitor-grace-period, 40 s]
 * @param startupGracePeriod the same for a node that never posted a Ready condition
 *     [--node-startup-grace-period, 60 s]
 * @param defaultTolerationSeconds how long a pod without its own not-ready/unreachable NoExecute
 *     toleration stays on such a node, as if the DefaultTolerationSeconds admission had given it one
 *     [--default-not-ready-toleration-seconds, --default-unreachable-toleration-seconds, 300 s]
 * @param evictionRate nodes per second that get a NoExecute taint while the cluster is healthy
 *     [--node-eviction-rate, 0.1]
 * @param secondaryEvictionRate the same while the cluster is partially disrupted, if it is large
 *     [--secondary-node-eviction-rate, 0.01]
 * @param unhealthyZoneThreshold the fraction of not-Ready nodes (at least 3) from which the cluster is
 *     partially disrupted [--unhealthy-zone-threshold, 0.55]
 * @param largeClusterThreshold a partially disrupted cluster of at most this many nodes stops evicting
 *     rather than slowing down [--large-cluster-size-threshold, 50]
 */
public record NodeLifecycleSettings(Duration gracePeriod, Duration startupGracePeriod,
        Duration defaultTolerationSeconds, double evictionRate, double secondaryEvictionRate,
        double unhealthyZoneThreshold, int largeClusterThreshold) {
    public NodeLifecycleSettings {
        Objects.requireNonNull(gracePeriod);
        Objects.requireNonNull(startupGracePeriod);
        Objects.requireNonNull(defaultTolerationSeconds);
        if (!gracePeriod.isPositive() || !startupGracePeriod.isPositive() || defaultTolerationSeconds.isNegative()) {
            throw new IllegalArgumentException("grace periods must be positive and the default toleration not negative");
        }
        if (evictionRate < 0 || secondaryEvictionRate < 0) {
            throw new IllegalArgumentException("eviction rates must not be negative");
        }
        if (!(unhealthyZoneThreshold > 0 && unhealthyZoneThreshold <= 1)) {
            throw new IllegalArgumentException("unhealthyZoneThreshold must be in (0, 1], got " + unhealthyZoneThreshold);
        }
    }

    /** Kubernetes' defaults. */
    public static NodeLifecycleSettings defaults() {
        return new NodeLifecycleSettings(Duration.ofSeconds(40), Duration.ofSeconds(60), Duration.ofSeconds(300),
                0.1, 0.01, 0.55, 50);
    }

    public NodeLifecycleSettings withGracePeriods(Duration grace, Duration startupGrace) {
        return new NodeLifecycleSettings(grace, startupGrace, defaultTolerationSeconds, evictionRate,
                secondaryEvictionRate, unhealthyZoneThreshold, largeClusterThreshold);
    }

    public NodeLifecycleSettings withDefaultToleration(Duration toleration) {
        return new NodeLifecycleSettings(gracePeriod, startupGracePeriod, toleration, evictionRate,
                secondaryEvictionRate, unhealthyZoneThreshold, largeClusterThreshold);
    }

    public NodeLifecycleSettings withEvictionRates(double rate, double secondaryRate) {
        return new NodeLifecycleSettings(gracePeriod, startupGracePeriod, defaultTolerationSeconds, rate,
                secondaryRate, unhealthyZoneThreshold, largeClusterThreshold);
    }
}
