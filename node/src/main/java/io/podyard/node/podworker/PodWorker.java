package io.podyard.node.podworker;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.podyard.node.probes.LifecycleHooks;
import io.podyard.node.probes.Prober;
import io.podyard.node.runtime.ContainerState;
import io.podyard.node.runtime.ContainerStatus;
import io.podyard.node.status.ContainerHealth;
import io.podyard.node.runtime.PodRuntime;
import io.podyard.node.status.ContainerObservation;
import io.podyard.node.status.ContainerProblem;
import io.podyard.node.status.PodObservation;
import io.podyard.node.status.PodStatuses;
import io.podyard.node.status.Restarts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pod's worker: a virtual thread that takes the newest pod from its {@link Mailbox}, observes
 * the node, plans ({@link PodSync}), runs the steps ({@link StepRunner}) and writes the pod's
 * status when it changed. Its life is {@code SYNCING → TERMINATING → TERMINATED}: once the pod is
 * being deleted (or gone) it only stops and tears down, and after that it ends.
 */
final class PodWorker {
    private static final Logger LOG = LoggerFactory.getLogger(PodWorker.class);
    /** After a status showing a fresh pull failure, look again soon so the back-off shows. */
    private static final Duration SHOW_BACKOFF_AFTER = Duration.ofSeconds(1);
    private static final Duration SYNC_BACKOFF_INITIAL = Duration.ofSeconds(1);
    private static final Duration SYNC_BACKOFF_MAX = Duration.ofMinutes(1);
    /** How often a pod with an ephemeral-storage limit has its disk use measured (kubelet: each housekeeping). */
    static final Duration STORAGE_CHECK_INTERVAL = Duration.ofSeconds(10);

    enum State { SYNCING, TERMINATING, TERMINATED }

    private final String uid;
    private final PodWorkerContext context;
    private final PodRuntime pods;
    private final Mailbox mailbox;
    private final WorkerMemory memory;
    private final StepRunner runner;
    private final Prober prober;
    private final Consumer<String> onTerminated;
    private volatile State state = State.SYNCING;
    private Thread thread;

    PodWorker(Pod pod, PodWorkerContext context, Prober prober, LifecycleHooks hooks, Consumer<String> onTerminated) {
        this.prober = prober;
        this.uid = pod.getMetadata().getUid();
        this.context = context;
        this.pods = context.pods();
        this.mailbox = new Mailbox(pod);
        this.memory = new WorkerMemory(context.clock().instant());
        this.runner = new StepRunner(context, memory, hooks);
        this.onTerminated = onTerminated;
    }

    void start() {
        thread = Thread.ofVirtual().name("pod-worker-" + uid).start(this::run);
    }

    void update(Pod pod) {
        mailbox.put(pod);
    }

    void removed(Pod lastKnown) {
        mailbox.putRemoved(lastKnown);
    }

    void poke() {
        mailbox.poke();
    }

    State state() {
        return state;
    }

    /** Stops the thread; what runs on the node stays (a restarted agent re-adopts it). */
    void stop() {
        mailbox.close();
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        Optional<Instant> wakeAt = Optional.empty();
        try {
            while (state != State.TERMINATED) {
                Optional<Mailbox.Letter> letter = mailbox.take(wakeAt, context.clock());
                if (letter.isEmpty()) {
                    return;
                }
                wakeAt = sync(letter.get().pod(), letter.get().removed());
            }
            onTerminated.accept(uid);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One sync; returns when to sync again without news. */
    private Optional<Instant> sync(Pod pod, boolean removed) {
        Instant now = context.clock().instant();
        try {
            PodObservation observed = observe(pod);
            boolean deleting = removed || pod.getMetadata().getDeletionTimestamp() != null;
            if (!deleting && memory.evicted.isEmpty()) {
                checkStorage(pod, now);
            }
            Plan plan = memory.evicted.isPresent() && !deleting ? new Plan(List.of(), Optional.empty())
                    : PodSync.plan(pod, removed, observed, now);
            if (plan.steps().stream().anyMatch(s -> s instanceof Step.StopPod)) {
                state = State.TERMINATING;
                prober.forget(uid);
            }
            runner.run(pod, plan);
            memory.syncFailures = 0;
            if (state == State.TERMINATING) {
                state = State.TERMINATED;
                return Optional.empty();
            }
            Optional<Instant> wakeAt = plan.wakeAt();
            PodObservation after = observe(pod);
            trackProbes(pod, after);
            if (writeStatus(pod, after, now)) {
                wakeAt = earliest(wakeAt, now.plus(SHOW_BACKOFF_AFTER));
            }
            for (ContainerProblem problem : memory.problems.values()) {
                wakeAt = earliest(wakeAt, problem.retryAt());
            }
            return wakeAt;
        } catch (RuntimeException e) {
            memory.syncFailures++;
            LOG.warn("sync of pod {}/{} failed: {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                    e.toString());
            if (state == State.SYNCING) {
                try {
                    writeStatus(pod, observe(pod), now);
                } catch (RuntimeException statusFailure) {
                    e.addSuppressed(statusFailure);
                }
            }
            return Optional.of(now.plus(Restarts.backOff(memory.syncFailures, SYNC_BACKOFF_INITIAL,
                    SYNC_BACKOFF_MAX)));
        }
    }

    /**
     * Kubelet's local storage eviction, at most every {@link #STORAGE_CHECK_INTERVAL}: a pod over its
     * ephemeral-storage limit has its containers killed (no grace, as kubelet) and ends Failed.
     */
    private void checkStorage(Pod pod, Instant now) {
        if (!StorageEviction.limited(pod) || memory.storageCheckedAt != null
                && now.isBefore(memory.storageCheckedAt.plus(STORAGE_CHECK_INTERVAL))) {
            return;
        }
        memory.storageCheckedAt = now;
        long usage = context.volumes().emptyDirUsage(pod);
        Map<String, ContainerStatus> newest = new HashMap<>();
        for (ContainerStatus c : context.containers().list(uid)) {
            newest.merge(c.info().name(), c, (a, b) -> a.info().attempt() >= b.info().attempt() ? a : b);
        }
        Map<String, Long> perContainer = new HashMap<>();
        for (ContainerStatus c : newest.values()) {
            long bytes = context.containers().diskUsage(c.info().id());
            perContainer.put(c.info().name(), bytes);
            usage += bytes;
        }
        memory.evicted = StorageEviction.check(pod, usage, perContainer);
        memory.evicted.ifPresent(message -> {
            LOG.info("evicting pod {}/{}: {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), message);
            prober.forget(uid);
            pods.stopPod(uid, Duration.ZERO);
        });
    }

    private PodObservation observe(Pod pod) {
        Optional<PodRuntime.PodStatus> status = pods.status(uid);
        Map<String, ContainerObservation> containers = new HashMap<>();
        Map<String, ContainerHealth> health = new HashMap<>();
        status.ifPresent(s -> {
            for (ContainerStatus c : s.containers()) {
                String name = c.info().name();
                Optional<ContainerObservation.PreviousEnd> previousEnd = Optional.ofNullable(s.previous().get(name))
                        .filter(p -> p.state() instanceof ContainerState.Exited)
                        .map(p -> new ContainerObservation.PreviousEnd(p.info().id(),
                                withMessage(pod, name, p.info().id(), (ContainerState.Exited) p.state())));
                ContainerState state = c.state() instanceof ContainerState.Exited exited
                        ? withMessage(pod, name, c.info().id(), exited) : c.state();
                containers.put(name, new ContainerObservation(c.info().id(), c.info().attempt(), state,
                        memory.imageIds.computeIfAbsent(name, n -> imageIdOf(pod, n)), previousEnd));
                prober.health(c.info().id()).ifPresent(h -> health.put(name, h));
            }
        });
        // Messages of attempts the runtime no longer keeps are not needed again.
        memory.terminationMessages.keySet().retainAll(status.map(s -> Stream.concat(
                s.containers().stream(), s.previous().values().stream()).map(c -> c.info().id()).toList())
                .orElse(List.of()));
        return new PodObservation(status.map(s -> s.sandbox().podIp()), memory.sandboxProblem, containers,
                memory.problems, memory.firstSeen, health);
    }

    private ContainerState.Exited withMessage(Pod pod, String name, String id, ContainerState.Exited exited) {
        String message = memory.terminationMessages.computeIfAbsent(id, i -> TerminationMessages.read(
                context.containers(), StepRunner.spec(pod, name), i, exited));
        return exited.withMessage(message);
    }

    /** Tells the prober which container attempts run now. */
    private void trackProbes(Pod pod, PodObservation observed) {
        if (observed.podIp().isEmpty()) {
            return;
        }
        List<Prober.Target> running = new ArrayList<>();
        observed.containers().forEach((name, c) -> {
            if (c.state() instanceof ContainerState.Running r) {
                running.add(new Prober.Target(pod, StepRunner.spec(pod, name), c.id(), r.startedAt(),
                        observed.podIp().get()));
            }
        });
        prober.track(uid, running);
    }

    /** After a restart of the agent the pulled image is not remembered: look it up by the spec's reference. */
    private String imageIdOf(Pod pod, String container) {
        return StepRunner.specOf(pod, container).flatMap(c -> context.images().find(c.getImage()))
                .map(StepRunner::imageId).orElse("");
    }

    /**
     * Writes the status through pods/status when it differs from the pod's and from the last one
     * written. Returns whether a fresh pull failure was shown (so the next sync shows the back-off).
     */
    private boolean writeStatus(Pod pod, PodObservation observed, Instant now) {
        PodStatus status = PodStatuses.build(pod, observed, context.hostIp(), now);
        if (memory.evicted.isPresent()) {
            status = StorageEviction.evictedStatus(status, pod.getStatus(), memory.evicted.get(), now);
        }
        boolean freshPullFailure = false;
        for (var entry : memory.problems.entrySet()) {
            if (entry.getValue() instanceof ContainerProblem.PullFailed pull && !pull.shown()) {
                entry.setValue(pull.asShown());
                freshPullFailure = true;
            }
        }
        if (Objects.equals(status, pod.getStatus()) || Objects.equals(status, memory.lastWritten)) {
            return freshPullFailure;
        }
        String patch = "{\"status\":" + context.client().getKubernetesSerialization().asJson(status) + "}";
        try {
            context.client().pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            memory.lastWritten = status;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
        return freshPullFailure;
    }

    private static Optional<Instant> earliest(Optional<Instant> a, Instant b) {
        return a.isPresent() && a.get().isBefore(b) ? a : Optional.of(b);
    }
}
