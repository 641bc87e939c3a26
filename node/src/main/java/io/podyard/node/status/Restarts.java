package io.podyard.node.status;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.podyard.node.runtime.ContainerState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether and when an exited container runs again: restartPolicy Always restarts every exit,
 * OnFailure only a non-zero one, Never none. Init containers restart on failure unless the pod's
 * policy is Never; sidecars (init containers with restartPolicy Always) always. The first restart
 * is immediate, later ones wait 10 s doubling to 5 min after the exit (kubelet's crash-loop
 * back-off); a container that ran 10 minutes or more restarts at once, as kubelet forgets a
 * back-off untouched for twice its maximum. (The streak is not remembered beyond that: the
 * crash after such a reset waits by the restart count again.)
 */
public final class Restarts {
    public static final Duration INITIAL = Duration.ofSeconds(10);
    public static final Duration MAX = Duration.ofMinutes(5);
    /** A run this long resets the back-off (kubelet: 2 × the maximum). */
    public static final Duration RESET = MAX.multipliedBy(2);

    private Restarts() {
    }

    /** When the next attempt of a regular container may start, or empty when it stays exited. */
    public static Optional<Instant> restartAt(Pod pod, ContainerState.Exited exited, int attempt) {
        return restartAt(policy(pod), exited, attempt);
    }

    /** When the next attempt may start under {@code policy}, or empty when the container stays exited. */
    public static Optional<Instant> restartAt(String policy, ContainerState.Exited exited, int attempt) {
        if (!restarts(policy, exited.exitCode())) {
            return Optional.empty();
        }
        return Optional.of(exited.finishedAt().plus(delay(exited, attempt)));
    }

    /** The wait after this exit: {@link #delay(int)}, or none after a run of {@link #RESET} or more. */
    public static Duration delay(ContainerState.Exited exited, int attempt) {
        if (exited.startedAt() != null
                && Duration.between(exited.startedAt(), exited.finishedAt()).compareTo(RESET) >= 0) {
            return Duration.ZERO;
        }
        return delay(attempt);
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

    /** The pod's restartPolicy (Always when unset). */
    public static String policy(Pod pod) {
        String policy = pod.getSpec().getRestartPolicy();
        return policy == null ? "Always" : policy;
    }

    /** The policy an init container runs under: Always for a sidecar, else OnFailure unless the pod says Never. */
    public static String initPolicy(Pod pod, Container init) {
        if (isSidecar(init)) {
            return "Always";
        }
        return policy(pod).equals("Never") ? "Never" : "OnFailure";
    }

    /**
     * Whether every app container has finished for good: exited and not to be restarted. Then
     * the pod is done and its sidecars stop rather than restart.
     */
    public static boolean appsFinished(Pod pod, PodObservation observed) {
        for (Container container : pod.getSpec().getContainers()) {
            Optional<ContainerObservation> seen = observed.container(container.getName());
            if (seen.isEmpty() || !(seen.get().state() instanceof ContainerState.Exited exited)
                    || restartAt(pod, exited, seen.get().attempt()).isPresent()) {
                return false;
            }
        }
        return true;
    }

    /** A native sidecar: an init container with restartPolicy Always. */
    public static boolean isSidecar(Container init) {
        return "Always".equals(init.getRestartPolicy());
    }
}
