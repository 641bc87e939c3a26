package io.podyard.node.podworker;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.podyard.node.images.PullPolicy;
import io.podyard.node.runtime.ContainerState;
import io.podyard.node.status.ContainerHealth;
import io.podyard.node.status.ContainerObservation;
import io.podyard.node.status.ContainerProblem;
import io.podyard.node.status.PodObservation;
import io.podyard.node.status.Restarts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pure core of a pod worker: from the pod as the API has it and what the node observes,
 * the steps that bring the node closer to the pod's spec. A running pod gets its sandbox, then its
 * init containers one by one (sidecars stay running), then each app container that has not run
 * (or may restart now) gets its image and is started, in spec order; a container waiting out a
 * back-off sets the time to look again. When every app container has finished for good, the
 * sidecars are stopped. A pod being deleted (or gone from the API) is stopped with its grace
 * period (sidecars after the app containers) and torn down, and its object deleted.
 */
final class PodSync {
    /** Kubernetes' default terminationGracePeriodSeconds. */
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    private PodSync() {
    }

    /**
     * @param removed whether the pod is gone from the API (deleted by someone else, or never known
     *                to it after an agent restart): then it is torn down and nothing is deleted
     */
    static Plan plan(Pod pod, boolean removed, PodObservation observed, Instant now) {
        if (removed || pod.getMetadata().getDeletionTimestamp() != null) {
            return terminate(pod, removed);
        }
        if (isTerminal(pod)) {
            return finished(pod, observed);
        }
        Planning planning = new Planning(pod, observed, now);
        if (!observed.hasSandbox()) {
            planning.steps.add(new Step.CreateSandbox());
        }
        if (!planning.initContainers()) {
            return planning.plan();
        }
        for (Container container : pod.getSpec().getContainers()) {
            planning.apply(container, Restarts.policy(pod));
        }
        if (Restarts.appsFinished(pod, observed)) {
            planning.stopSidecars();
        }
        return planning.plan();
    }

    /** One plan being made: its steps so far and the earliest time to look again. */
    private static final class Planning {
        final Pod pod;
        final PodObservation observed;
        final Instant now;
        final List<Step> steps = new ArrayList<>();
        Optional<Instant> wakeAt = Optional.empty();

        Planning(Pod pod, PodObservation observed, Instant now) {
            this.pod = pod;
            this.observed = observed;
            this.now = now;
        }

        Plan plan() {
            return new Plan(steps, wakeAt);
        }

        Next apply(Container container, String policy) {
            Next next = next(container, policy, observed, now);
            switch (next) {
                case Next.Start start -> {
                    steps.add(new Step.PullImage(container.getName(), container.getImage(), pullPolicy(container)));
                    steps.add(new Step.StartContainer(container.getName(), start.attempt()));
                }
                case Next.WaitUntil wait -> wakeAt = earliest(wakeAt, wait.at());
                case Next.Nothing nothing -> {
                }
            }
            return next;
        }

        /**
         * Kubelet's init sequence: each init container in spec order, a regular one to success, a
         * sidecar until started (its startup probe passed). Returns whether the app containers
         * may run. Once they have run, regular init containers are done and sidecars restart
         * beside them without holding anything up.
         */
        boolean initContainers() {
            boolean initialized = appsSeen(pod, observed);
            for (Container init : pod.getSpec().getInitContainers()) {
                boolean sidecar = Restarts.isSidecar(init);
                if (!sidecar && initialized) {
                    continue;
                }
                apply(init, Restarts.initPolicy(pod, init));
                if (initialized) {
                    continue;
                }
                Optional<ContainerObservation> seen = observed.container(init.getName());
                boolean done = sidecar ? seen.map(c -> c.state() instanceof ContainerState.Running).orElse(false)
                        && ContainerHealth.started(init, observed.health(init.getName()))
                        : seen.map(c -> c.state() instanceof ContainerState.Exited e && e.exitCode() == 0)
                        .orElse(false);
                if (!done) {
                    return false;
                }
            }
            return true;
        }

        /** Every app container has finished for good: running sidecars stop, last one first. */
        void stopSidecars() {
            List<String> running = new ArrayList<>();
            for (Container init : pod.getSpec().getInitContainers()) {
                if (Restarts.isSidecar(init) && observed.container(init.getName())
                        .map(c -> !(c.state() instanceof ContainerState.Exited)).orElse(false)) {
                    running.addFirst(init.getName());
                }
            }
            // Drop the restarts apply() planned for sidecars: they stay down now.
            steps.removeIf(s -> s instanceof Step.StartContainer start && isSidecarName(start.container())
                    || s instanceof Step.PullImage pull && isSidecarName(pull.container()));
            if (!running.isEmpty()) {
                steps.add(new Step.StopContainers(running, grace(pod)));
            }
        }

        private boolean isSidecarName(String name) {
            return pod.getSpec().getInitContainers().stream()
                    .anyMatch(c -> c.getName().equals(name) && Restarts.isSidecar(c));
        }
    }

    /** Whether any app container has been created: then the pod is initialized, as kubelet decides. */
    static boolean appsSeen(Pod pod, PodObservation observed) {
        return pod.getSpec().getContainers().stream().anyMatch(c -> observed.container(c.getName()).isPresent());
    }

    private sealed interface Next {
        record Start(int attempt) implements Next {
        }

        record WaitUntil(Instant at) implements Next {
        }

        record Nothing() implements Next {
        }
    }

    private static Next next(Container container, String policy, PodObservation observed, Instant now) {
        Optional<ContainerObservation> seen = observed.container(container.getName());
        Optional<ContainerProblem> problem = observed.problem(container.getName());
        int attempt;
        if (seen.isEmpty()) {
            attempt = 0;
        } else if (seen.get().state() instanceof ContainerState.Exited exited) {
            Optional<Instant> restartAt = Restarts.restartAt(policy, exited, seen.get().attempt());
            if (restartAt.isEmpty()) {
                return new Next.Nothing();
            }
            if (restartAt.get().isAfter(now)) {
                return new Next.WaitUntil(restartAt.get());
            }
            attempt = seen.get().attempt() + 1;
        } else {
            // Created (a start the agent did not finish is retried by StartContainer), Running or Unknown.
            return seen.get().state() instanceof ContainerState.Created ? new Next.Start(seen.get().attempt())
                    : new Next.Nothing();
        }
        if (problem.isPresent() && problem.get().retryAt().isAfter(now)) {
            return new Next.WaitUntil(problem.get().retryAt());
        }
        return new Next.Start(attempt);
    }

    private static Plan terminate(Pod pod, boolean removed) {
        List<String> sidecars = new ArrayList<>();
        for (Container init : pod.getSpec().getInitContainers()) {
            if (Restarts.isSidecar(init)) {
                sidecars.addFirst(init.getName());
            }
        }
        List<Step> steps = new ArrayList<>(List.of(new Step.StopPod(grace(pod), sidecars), new Step.TearDown()));
        if (!removed) {
            steps.add(new Step.DeleteObject());
        }
        return new Plan(steps, Optional.empty());
    }

    /**
     * A pod that ended (Succeeded or Failed) runs nothing and gives its network back, as kubelet
     * does; its containers, logs and status stay until the pod is deleted.
     */
    private static Plan finished(Pod pod, PodObservation observed) {
        List<Step> steps = new ArrayList<>();
        List<String> running = observed.containers().entrySet().stream()
                .filter(e -> e.getValue().state() instanceof ContainerState.Running).map(Map.Entry::getKey)
                .sorted().toList();
        if (!running.isEmpty()) {
            steps.add(new Step.StopContainers(running, grace(pod)));
        }
        if (observed.hasSandbox()) {
            steps.add(new Step.ReleaseNetwork());
        }
        return new Plan(steps, Optional.empty());
    }

    /** The deletion's grace period, else the pod's own, else 30 s. */
    static Duration grace(Pod pod) {
        Long seconds = pod.getMetadata().getDeletionGracePeriodSeconds();
        if (seconds == null) {
            seconds = pod.getSpec().getTerminationGracePeriodSeconds();
        }
        return seconds == null ? DEFAULT_GRACE : Duration.ofSeconds(Math.max(0, seconds));
    }

    private static boolean isTerminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** The container's policy, or Kubernetes' default: Always for :latest or no tag, else IfNotPresent. */
    static PullPolicy pullPolicy(Container container) {
        if (container.getImagePullPolicy() != null && !container.getImagePullPolicy().isEmpty()) {
            return PullPolicy.of(container.getImagePullPolicy());
        }
        String image = container.getImage() == null ? "" : container.getImage();
        if (image.contains("@")) {
            return PullPolicy.IF_NOT_PRESENT;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        boolean tagged = colon > slash;
        return !tagged || image.substring(colon + 1).equals("latest") ? PullPolicy.ALWAYS : PullPolicy.IF_NOT_PRESENT;
    }

    private static Optional<Instant> earliest(Optional<Instant> a, Instant b) {
        return a.isPresent() && a.get().isBefore(b) ? a : Optional.of(b);
    }
}
