package io.podyard.node.probes;

import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;

/**
 * A probe's timing and thresholds with Kubernetes' defaults: no initial delay, every 10 s,
 * 1 s timeout, 1 success, 3 failures.
 */
public record ProbeSettings(Duration initialDelay, Duration period, Duration timeout, int successThreshold,
                            int failureThreshold) {
    public static ProbeSettings of(Probe probe) {
        return new ProbeSettings(Duration.ofSeconds(orDefault(probe.getInitialDelaySeconds(), 0)),
                Duration.ofSeconds(Math.max(1, orDefault(probe.getPeriodSeconds(), 10))),
                Duration.ofSeconds(Math.max(1, orDefault(probe.getTimeoutSeconds(), 1))),
                Math.max(1, orDefault(probe.getSuccessThreshold(), 1)),
                Math.max(1, orDefault(probe.getFailureThreshold(), 3)));
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null || value <= 0 ? fallback : value;
    }
}
