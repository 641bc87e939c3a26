package io.podyard.node.probes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.podyard.client.EventRecorder;
import io.podyard.node.runtime.ContainerRuntime;
import io.podyard.node.status.ContainerHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's prober (kubelet's prober manager): pod workers tell it which container attempts run
 * ({@link #track}); it probes each as its liveness, readiness and startup probes say, on one
 * shared timer whose runs execute on virtual threads, and answers with each attempt's
 * {@link ContainerHealth}. A verdict that changes readiness or startup wakes the pod's worker; a
 * liveness or startup failure kills the container (its worker then restarts it per policy).
 */
public final class Prober implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Prober.class);

    final ContainerRuntime runtime;
    final EventRecorder events;
    private final LifecycleHooks hooks;
    final Consumer<String> wake;
    final Clock clock;
    final ScheduledExecutorService timer;
    private final Map<String, ContainerProbes> byContainerId = new ConcurrentHashMap<>();

    /** A running container attempt of a pod. */
    public record Target(Pod pod, Container container, String containerId, Instant startedAt, String podIp) {
        public Target {
            Objects.requireNonNull(pod, "pod");
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(containerId, "containerId");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(podIp, "podIp");
        }

        String podUid() {
            return pod.getMetadata().getUid();
        }
    }

    /** @param wake asked with a pod uid when its containers' health changed */
    public Prober(ContainerRuntime runtime, EventRecorder events, LifecycleHooks hooks, Consumer<String> wake,
                  Clock clock) {
        this.runtime = runtime;
        this.events = events;
        this.hooks = hooks;
        this.wake = wake;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("prober").factory());
    }

    /** The pod's running container attempts now: new ones get their probes, ended ones lose them. */
    public void track(String podUid, List<Target> running) {
        Set<String> ids = running.stream().map(Target::containerId).collect(Collectors.toSet());
        forget(podUid, ids);
        Instant now = clock.instant();
        for (Target target : running) {
            byContainerId.computeIfAbsent(target.containerId(), id -> {
                ContainerProbes probes = new ContainerProbes(this, target);
                if (!probes.any()) {
                    return null;
                }
                probes.start(now);
                return probes;
            });
        }
    }

    /** The pod is going away: its probes stop. */
    public void forget(String podUid) {
        forget(podUid, Set.of());
    }

    private void forget(String podUid, Set<String> keep) {
        byContainerId.entrySet().removeIf(e -> {
            boolean gone = e.getValue().target.podUid().equals(podUid) && !keep.contains(e.getKey());
            if (gone) {
                e.getValue().cancel();
            }
            return gone;
        });
    }

    /** What the probes say about the attempt, or empty when it has no probes (or is not tracked). */
    public Optional<ContainerHealth> health(String containerId) {
        return Optional.ofNullable(byContainerId.get(containerId)).map(ContainerProbes::health);
    }

    /** Kills the container as kubelet does after a failed probe: its preStop hook, then the stop signal. */
    void kill(Target target, Duration grace) {
        try {
            Duration left = hooks.preStop(target.pod(), target.container(), target.containerId(), target.podIp(), grace);
            runtime.stop(target.containerId(), left);
        } catch (RuntimeException e) {
            LOG.warn("killing container {} after its probe failed: {}", target.containerId(), e.toString());
        }
    }

    @Override
    public void close() {
        byContainerId.values().forEach(ContainerProbes::cancel);
        byContainerId.clear();
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
