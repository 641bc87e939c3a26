package io.podyard.controllers;

import io.podyard.controllers.nodelifecycle.NodeLifecycleSettings;
import io.podyard.controllers.runtime.RateLimiter;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.UUID;

/**
 * How the controller manager runs: its leader-election identity and lease, worker counts and
 * back-off, and the clock its controllers read.
 *
 * @param identity this manager's name in the lease (unique per process)
 * @param leaderElection false to run the controllers at once, without a lease (one control plane only)
 * @param leaseNamespace where the lease lives
 * @param leaseName the lease's name
 * @param leaseDuration how long a lease lasts without renewal (client-go default 15 s)
 * @param renewDeadline how long a leader keeps trying to renew before it steps down (10 s)
 * @param retryPeriod how often candidates try and leaders renew (2 s)
 * @param workers workers per controller
 * @param backoff per-key retry back-off and overall retry rate
 * @param clock the time every controller reads
 * @param nodeLifecycle heartbeat grace periods, default tolerations and eviction rates of the node
 *     lifecycle controllers
 */
public record ControllerOptions(String identity, boolean leaderElection, String leaseNamespace, String leaseName,
        Duration leaseDuration, Duration renewDeadline, Duration retryPeriod, int workers,
        RateLimiter.Settings backoff, InstantSource clock, NodeLifecycleSettings nodeLifecycle) {
    public ControllerOptions {
        Objects.requireNonNull(identity);
        Objects.requireNonNull(leaseNamespace);
        Objects.requireNonNull(leaseName);
        Objects.requireNonNull(backoff);
        Objects.requireNonNull(clock);
        Objects.requireNonNull(nodeLifecycle);
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
    }

    /** Kubernetes' defaults; the lease is kube-system/podyard-controller-manager. */
    public static ControllerOptions defaults() {
        return new ControllerOptions(hostName() + "_" + UUID.randomUUID(), true, "kube-system",
                "podyard-controller-manager", Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2), 2,
                RateLimiter.Settings.defaults(), InstantSource.system(), NodeLifecycleSettings.defaults());
    }

    public ControllerOptions withIdentity(String identity) {
        return new ControllerOptions(identity, leaderElection, leaseNamespace, leaseName, leaseDuration,
                renewDeadline, retryPeriod, workers, backoff, clock, nodeLifecycle);
    }

    public ControllerOptions withLeaderElection(boolean enabled) {
        return new ControllerOptions(identity, enabled, leaseNamespace, leaseName, leaseDuration, renewDeadline,
                retryPeriod, workers, backoff, clock, nodeLifecycle);
    }

    public ControllerOptions withLeaseTimings(Duration duration, Duration renew, Duration retry) {
        return new ControllerOptions(identity, leaderElection, leaseNamespace, leaseName, duration, renew, retry,
                workers, backoff, clock, nodeLifecycle);
    }

    public ControllerOptions withBackoff(RateLimiter.Settings backoff) {
        return new ControllerOptions(identity, leaderElection, leaseNamespace, leaseName, leaseDuration,
                renewDeadline, retryPeriod, workers, backoff, clock, nodeLifecycle);
    }

    public ControllerOptions withClock(InstantSource clock) {
        return new ControllerOptions(identity, leaderElection, leaseNamespace, leaseName, leaseDuration,
                renewDeadline, retryPeriod, workers, backoff, clock, nodeLifecycle);
    }

    public ControllerOptions withNodeLifecycle(NodeLifecycleSettings nodeLifecycle) {
        return new ControllerOptions(identity, leaderElection, leaseNamespace, leaseName, leaseDuration,
                renewDeadline, retryPeriod, workers, backoff, clock, nodeLifecycle);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "podyard";
        }
    }
}
