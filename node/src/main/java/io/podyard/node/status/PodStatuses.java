package io.podyard.node.status;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.podyard.node.runtime.ContainerState.Created;
import io.podyard.node.runtime.ContainerState.Exited;
import io.podyard.node.runtime.ContainerState.Running;
import io.podyard.node.runtime.ContainerState.Unknown;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A pod's status from what the node observes (pure): phase by kubelet's rules, the four
 * conditions, addresses, start time and one containerStatus per container. Values that only
 * change when something happens (transition times, startTime, lastState) are carried over from
 * the pod's current status, so an unchanged pod yields an equal status and nothing is written.
 */
public final class PodStatuses {
    public static final String CONTAINER_ID_PREFIX = "podyard://";

    private PodStatuses() {
    }

    public static PodStatus build(Pod pod, PodObservation observed, String hostIp, Instant now) {
        PodStatus previous = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        boolean hasInit = !pod.getSpec().getInitContainers().isEmpty();
        List<ContainerStatus> inits = new ArrayList<>();
        List<String> incomplete = new ArrayList<>();
        List<String> unready = new ArrayList<>();
        boolean appsFinished = Restarts.appsFinished(pod, observed);
        for (Container init : pod.getSpec().getInitContainers()) {
            // Sidecars of a finished pod are stopped for good, not restarted.
            String policy = appsFinished && Restarts.isSidecar(init) ? "Never" : Restarts.initPolicy(pod, init);
            ContainerStatus status = containerStatus(pod, init, policy, observed,
                    previousStatus(previous.getInitContainerStatuses(), init.getName()), hasInit, now);
            boolean sidecar = Restarts.isSidecar(init);
            if (!sidecar) {
                // A regular init container is ready once it succeeded (kubelet's prober manager).
                status.setReady(status.getState().getTerminated() != null
                        && status.getState().getTerminated().getExitCode() == 0);
            }
            if (sidecar ? !Boolean.TRUE.equals(status.getStarted()) : !Boolean.TRUE.equals(status.getReady())) {
                incomplete.add(init.getName());
            }
            if (sidecar && !Boolean.TRUE.equals(status.getReady())) {
                unready.add(init.getName());
            }
            inits.add(status);
        }
        List<ContainerStatus> containers = new ArrayList<>();
        for (Container container : pod.getSpec().getContainers()) {
            ContainerStatus status = containerStatus(pod, container, Restarts.policy(pod), observed,
                    previousStatus(previous.getContainerStatuses(), container.getName()), hasInit, now);
            if (!Boolean.TRUE.equals(status.getReady())) {
                unready.add(container.getName());
            }
            containers.add(status);
        }
        String phase = phase(pod, previous.getPhase(), inits, containers);
        boolean terminal = phase.equals("Succeeded") || phase.equals("Failed");
        boolean initialized = incomplete.isEmpty() || pod.getSpec().getContainers().stream()
                .anyMatch(c -> observed.container(c.getName()).isPresent());

        List<PodCondition> conditions = new ArrayList<>();
        conditions.add(previousCondition(previous, "PodScheduled")
                .orElseGet(() -> condition("PodScheduled", "True", null, null, now)));
        conditions.add(initialized ? transition(previous, "Initialized", "True", null, null, now)
                : transition(previous, "Initialized", "False", "ContainersNotInitialized",
                "containers with incomplete status: [" + String.join(" ", incomplete) + "]", now));
        String readyReason = terminal ? "PodCompleted" : unready.isEmpty() ? null : "ContainersNotReady";
        String readyMessage = terminal || unready.isEmpty() ? null
                : "containers with unready status: [" + String.join(" ", unready) + "]";
        String ready = unready.isEmpty() && !terminal ? "True" : "False";
        conditions.add(transition(previous, "ContainersReady", ready, readyReason, readyMessage, now));
        conditions.add(transition(previous, "Ready", ready, readyReason, readyMessage, now));

        String podIp = observed.podIp().orElse(previous.getPodIP());
        PodStatusBuilder status = new PodStatusBuilder().withPhase(phase).withConditions(conditions)
                .withHostIP(hostIp).withHostIPs(new HostIP(hostIp))
                .withStartTime(previous.getStartTime() != null ? previous.getStartTime() : time(observed.firstSeen()))
                .withQosClass(previous.getQosClass()).withContainerStatuses(containers);
        if (hasInit) {
            status.withInitContainerStatuses(inits);
        }
        if (podIp != null) {
            status.withPodIP(podIp).withPodIPs(new PodIP(podIp));
        }
        return status.build();
    }

    /**
     * Kubelet's getPhase. A regular init container that has not succeeded keeps the pod Pending
     * (a failed one makes it Failed under Never); a sidecar counts as running while it runs and is
     * ignored once it has stopped. Then: an app container waiting for its first run keeps it
     * Pending, one running makes it Running; when all have stopped, Always (and OnFailure with a
     * failure) still count as Running, otherwise all zero exits are Succeeded and any other is
     * Failed. A terminal phase is final.
     */
    static String phase(Pod pod, String previousPhase, List<ContainerStatus> inits, List<ContainerStatus> containers) {
        if ("Succeeded".equals(previousPhase) || "Failed".equals(previousPhase)) {
            return previousPhase;
        }
        int pendingInit = 0, failedInit = 0;
        int running = 0, waiting = 0, stopped = 0, succeeded = 0;
        List<Container> initSpecs = pod.getSpec().getInitContainers();
        for (int i = 0; i < inits.size(); i++) {
            ContainerStatus c = inits.get(i);
            ContainerState state = c.getState();
            boolean lastFailed = c.getLastState() != null && c.getLastState().getTerminated() != null;
            if (Restarts.isSidecar(initSpecs.get(i))) {
                // A sidecar not started yet holds the app containers back, so they still wait.
                running += state.getRunning() != null ? 1 : 0;
            } else if (state.getTerminated() != null) {
                failedInit += state.getTerminated().getExitCode() != 0 ? 1 : 0;
            } else if (state.getWaiting() != null && lastFailed) {
                failedInit += c.getLastState().getTerminated().getExitCode() != 0 ? 1 : 0;
            } else {
                pendingInit++;
            }
        }
        for (ContainerStatus c : containers) {
            ContainerState state = c.getState();
            if (state.getRunning() != null) {
                running++;
            } else if (state.getTerminated() != null) {
                stopped++;
                succeeded += state.getTerminated().getExitCode() == 0 ? 1 : 0;
            } else if (c.getLastState() != null && c.getLastState().getTerminated() != null) {
                stopped++;
            } else {
                waiting++;
            }
        }
        String policy = Restarts.policy(pod);
        if (failedInit > 0 && policy.equals("Never")) {
            return "Failed";
        }
        if (pendingInit > 0 || waiting > 0 || containers.isEmpty()) {
            return "Pending";
        }
        if (running > 0) {
            return "Running";
        }
        if (policy.equals("Always")) {
            return "Running";
        }
        if (stopped == succeeded) {
            return "Succeeded";
        }
        return policy.equals("Never") ? "Failed" : "Running";
    }

    private static ContainerStatus containerStatus(Pod pod, Container container, String policy,
                                                   PodObservation observed, Optional<ContainerStatus> previous,
                                                   boolean hasInit, Instant now) {
        ContainerStatusBuilder status = new ContainerStatusBuilder().withName(container.getName())
                .withImage(container.getImage()).withImageID("").withRestartCount(0).withReady(false)
                .withStarted(false);
        Optional<ContainerObservation> seen = observed.container(container.getName());
        Optional<ContainerProblem> problem = observed.problem(container.getName());
        String creating = hasInit ? "PodInitializing" : "ContainerCreating";
        if (seen.isEmpty()) {
            return status.withState(waiting(problem, observed, creating)).build();
        }
        ContainerObservation c = seen.get();
        status.withContainerID(CONTAINER_ID_PREFIX + c.id()).withImageID(c.imageId()).withRestartCount(c.attempt());
        c.previousEnd().map(p -> terminated(p.exited(), p.id())).or(() -> lastState(previous, c.attempt()))
                .ifPresent(status::withLastState);
        switch (c.state()) {
            case Running running -> {
                Optional<ContainerHealth> health = observed.health(container.getName());
                status.withReady(ContainerHealth.ready(container, health))
                        .withStarted(ContainerHealth.started(container, health)).withState(new ContainerStateBuilder()
                                .withNewRunning().withStartedAt(time(running.startedAt())).endRunning().build());
            }
            case Created created -> status.withState(waiting(problem, observed, creating));
            case Exited exited -> {
                ContainerState terminated = terminated(exited, c.id());
                Optional<Instant> restartAt = Restarts.restartAt(policy, exited, c.attempt());
                if (restartAt.isPresent() && problem.isPresent()) {
                    status.withLastState(terminated).withState(waiting(problem, observed, creating));
                } else if (restartAt.isPresent() && restartAt.get().isAfter(now)) {
                    status.withLastState(terminated).withState(new ContainerStateBuilder().withNewWaiting()
                            .withReason("CrashLoopBackOff")
                            .withMessage("back-off " + Restarts.delay(exited, c.attempt()).toSeconds()
                                    + "s restarting failed container=" + container.getName() + " pod="
                                    + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "("
                                    + pod.getMetadata().getUid() + ")")
                            .endWaiting().build());
                } else {
                    status.withState(terminated);
                }
            }
            case Unknown unknown -> status.withState(new ContainerStateBuilder().withNewWaiting()
                    .withReason("ContainerStatusUnknown").withMessage(unknown.reason()).endWaiting().build());
        }
        return status.build();
    }

    /** The previous attempt's end: carried from the status that showed it terminated, or already as lastState. */
    private static Optional<ContainerState> lastState(Optional<ContainerStatus> previous, int attempt) {
        if (previous.isEmpty() || attempt == 0) {
            return Optional.empty();
        }
        ContainerStatus p = previous.get();
        int restarts = p.getRestartCount() == null ? 0 : p.getRestartCount();
        if (restarts == attempt - 1 && p.getState() != null && p.getState().getTerminated() != null) {
            return Optional.of(p.getState());
        }
        // Back-off showed the attempt before as lastState (state waiting, lastState the same container).
        if (restarts == attempt - 1 && p.getLastState() != null && p.getLastState().getTerminated() != null
                && Objects.equals(p.getLastState().getTerminated().getContainerID(), p.getContainerID())) {
            return Optional.of(p.getLastState());
        }
        if (restarts == attempt && p.getLastState() != null && p.getLastState().getTerminated() != null) {
            return Optional.of(p.getLastState());
        }
        return Optional.empty();
    }

    private static ContainerState terminated(Exited exited, String id) {
        return new ContainerStateBuilder().withNewTerminated().withExitCode(exited.exitCode())
                .withMessage(exited.message().isEmpty() ? null : exited.message())
                .withReason(exited.reason()).withStartedAt(exited.startedAt() == null ? null : time(exited.startedAt()))
                .withFinishedAt(time(exited.finishedAt())).withContainerID(CONTAINER_ID_PREFIX + id)
                .endTerminated().build();
    }

    private static ContainerState waiting(Optional<ContainerProblem> problem, PodObservation observed,
                                          String creating) {
        String reason = creating;
        String message = observed.sandboxProblem().orElse(null);
        if (problem.isPresent()) {
            switch (problem.get()) {
                case ContainerProblem.PullFailed pull when pull.shown() && pull.reason().equals("ErrImagePull") -> {
                    reason = "ImagePullBackOff";
                    message = "Back-off pulling image \"" + pull.image() + "\": ErrImagePull: " + pull.message();
                }
                case ContainerProblem.PullFailed pull -> {
                    reason = pull.reason();
                    message = pull.message();
                }
                case ContainerProblem.ConfigFailed config -> {
                    reason = "CreateContainerConfigError";
                    message = config.message();
                }
                case ContainerProblem.StartFailed start -> {
                    reason = start.reason();
                    message = start.message();
                }
            }
        }
        return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting()
                .build();
    }

    private static Optional<ContainerStatus> previousStatus(List<ContainerStatus> previous, String name) {
        return previous == null ? Optional.empty()
                : previous.stream().filter(c -> name.equals(c.getName())).findFirst();
    }

    private static Optional<PodCondition> previousCondition(PodStatus previous, String type) {
        return previous.getConditions() == null ? Optional.empty()
                : previous.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** The condition, keeping the previous transition time while its status stays the same. */
    private static PodCondition transition(PodStatus previous, String type, String status, String reason,
                                           String message, Instant now) {
        Optional<PodCondition> old = previousCondition(previous, type);
        Instant since = old.filter(c -> status.equals(c.getStatus()) && c.getLastTransitionTime() != null)
                .map(c -> Instant.parse(c.getLastTransitionTime())).orElse(now);
        return condition(type, status, reason, message, since);
    }

    private static PodCondition condition(String type, String status, String reason, String message, Instant at) {
        return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastProbeTime(null).withLastTransitionTime(time(at)).build();
    }

    /** RFC 3339 in whole seconds, as Kubernetes writes times. */
    public static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
