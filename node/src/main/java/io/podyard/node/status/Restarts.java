package io.podyard.node.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.podyard.node.runtime.ContainerState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether and when an exited container runs again: restartPolicy Always restarts every exit,
 * OnFailure only a non-zero one, Never none. The first restart is immediate, later ones wait
 * 10 s doubling to 5 min after the exit (kubelet's crash-loop back-off, simplified: no reset
 * after a long run yet).
 */
public final class Restarts {
    public static final Duration INITIAL = Duration.ofSeconds(10);
    public static final Duration MAX = Duration.ofMinutes(5);

    private Restarts() {
    }

    /** When the next attempt may start, or empty when the container stays exited. */
    public static Optional<Instant> restartAt(Pod pod, ContainerState.Exited exited, int attempt) {
        if (!restarts(policy(pod), exited.exitCode())) {
            return Optional.empty();
        }
        return Optional.of(exited.finishedAt().plus(delay(attempt)));
    }

    /** The wait before the attempt after {@code attempt}: none after the first run, then 10 s, 20 s, … 5 min. */
    public static Duration delay(int attempt) {
        return attempt == 0 ? Duration.ZERO : backOff(attempt, INITIAL, MAX);
    }

    /** {@code initial} doubled for each failure after the first, capped at {@code max}. */
    public static Duration backOff(int failures, Duration initial, Duration max) {
        if (failures <= 1) {
            return initial;
        }
        int shift = Math.min(failures - 1, 30);
        Duration d = initial.multipliedBy(1L << shift);
        return d.compareTo(max) > 0 ? max : d;
    }

    static boolean restarts(String policy, int exitCode) {
        return switch (policy) {
            case "Never" -> false;
            case "OnFailure" -> exitCode != 0;
            default -> true;
        };
    }

    static String policy(Pod pod) {
        String policy = pod.getSpec().getRestartPolicy();
        return policy == null ? "Always" : policy;
    }
}
