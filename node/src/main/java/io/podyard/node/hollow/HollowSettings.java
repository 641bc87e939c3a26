package io.podyard.node.hollow;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a hollow node pretends. A hollow node runs the real agent (registration, lease, pod workers,
 * status) over a runtime that only pretends: no runc, no CNI, no mounts, no image downloads. It is
 * a test and benchmark tool (kubemark's hollow kubelet), never a default.
 *
 * <p>Pods steer their pretend containers with annotations:
 * <ul>
 *   <li>{@value #EXIT_CODE}: every container exits with this code once it ran {@value #RUN_SECONDS}
 *       seconds (default 0); without it containers run until they are stopped;</li>
 *   <li>{@value #PROBE_EXIT_CODE}: what every probe and hook handler (exec, httpGet, tcpSocket, grpc)
 *       returns, as an exec exit code (default 0: probes succeed, so the pod gets Ready).</li>
 * </ul>
 *
 * @param pullLatency  how long pulling an image the node has not pulled yet takes
 * @param startLatency how long starting a container takes
 * @param cpuCores     the node's pretend capacity
 * @param memoryBytes  the node's pretend capacity
 */
public record HollowSettings(Duration pullLatency, Duration startLatency, int cpuCores, long memoryBytes) {
    public static final String EXIT_CODE = "hollow.podyard.io/exit-code";
    public static final String RUN_SECONDS = "hollow.podyard.io/run-seconds";
    public static final String PROBE_EXIT_CODE = "hollow.podyard.io/probe-exit-code";
    /** No latency; 4 CPUs and 16 GiB like a small cloud machine. */
    public static final HollowSettings DEFAULTS = new HollowSettings(Duration.ZERO, Duration.ZERO, 4, 16L << 30);

    public HollowSettings {
        Objects.requireNonNull(pullLatency, "pullLatency");
        Objects.requireNonNull(startLatency, "startLatency");
        if (pullLatency.isNegative() || startLatency.isNegative()) {
            throw new IllegalArgumentException("latencies must not be negative");
        }
    }

    public HollowSettings withLatency(Duration pull, Duration start) {
        return new HollowSettings(pull, start, cpuCores, memoryBytes);
    }

    /** An integer annotation of the pod; empty when absent or not a number. */
    static Optional<Integer> annotation(Pod pod, String key) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(key);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static void pause(Duration latency) {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
