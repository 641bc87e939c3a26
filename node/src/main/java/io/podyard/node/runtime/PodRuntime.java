package io.podyard.node.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.podyard.node.sandbox.PendingSandbox;
import io.podyard.node.sandbox.PodSandboxes;
import io.podyard.node.sandbox.Sandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a pod worker asks of the node: run a pod (sandbox, then its containers in order), tell its
 * status, stop it gracefully, remove every trace of it. Init containers, restarts and probes
 * are the worker's business; it can use {@link #startContainer} for a container's next attempt.
 */
public final class PodRuntime {
    private final PodSandboxes sandboxes;
    private final ContainerRuntime containers;

    public PodRuntime(PodSandboxes sandboxes, ContainerRuntime containers) {
        this.sandboxes = sandboxes;
        this.containers = containers;
    }

    /** A container's image as the image store hands it over: its config and unpacked layers, base first. */
    public record ContainerImage(ImageConfig config, List<Path> layers) {
        public ContainerImage {
            layers = List.copyOf(layers);
        }
    }

    /** Per container name: its image and its prepared volumes; the env sources of the pod. */
    public record PodInputs(Map<String, ContainerImage> images, Map<String, List<VolumeMount>> volumes,
                            EnvSources envSources, Map<String, String> serviceEnv) {
        public PodInputs {
            images = Map.copyOf(images);
            volumes = Map.copyOf(volumes);
            serviceEnv = Map.copyOf(serviceEnv);
        }
    }

    /**
     * The sandbox and the newest attempt of each container, in creation order; {@code previous}
     * holds, by container name, the attempt before the newest where it is still kept (its end is
     * the container's lastState).
     */
    public record PodStatus(Sandbox sandbox, List<ContainerStatus> containers, Map<String, ContainerStatus> previous) {
        public PodStatus {
            containers = List.copyOf(containers);
            previous = Map.copyOf(previous);
        }

        public PodStatus(Sandbox sandbox, List<ContainerStatus> containers) {
            this(sandbox, containers, Map.of());
        }

        public Optional<ContainerStatus> container(String name) {
            return containers.stream().filter(c -> c.info().name().equals(name)).findFirst();
        }
    }

    /**
     * Sets up the sandbox and creates and starts every container of spec.containers (attempt
     * 0). A failure leaves what already runs in place for the worker to report and retry; a
     * failed network removes the pod's containers and sandbox ({@link #awaitNetwork}).
     */
    public PodStatus runPod(Pod pod, PodInputs inputs) {
        PendingSandbox sandbox = beginSandbox(pod);
        try {
            for (Container container : pod.getSpec().getContainers()) {
                startContainer(pod, sandbox, container, 0, inputs);
            }
        } finally {
            awaitNetwork(sandbox);
        }
        return status(pod.getMetadata().getUid()).orElseThrow();
    }

    /**
     * Starts setting up the pod's sandbox ({@link PodSandboxes#begin}); its network is added while
     * containers are created. Containers of the pod still on the node belong to a sandbox that is
     * gone (an agent stopped before that sandbox was ready) and are removed first: started, they
     * would run without the new sandbox's network.
     */
    public PendingSandbox beginSandbox(Pod pod) {
        String uid = pod.getMetadata().getUid();
        if (sandboxes.get(uid).isEmpty()) {
            for (ContainerStatus stale : containers.list(uid)) {
                containers.remove(stale.info().id());
            }
        }
        return sandboxes.begin(pod);
    }

    /**
     * The sandbox once its network is added. When the network failed, the pod's containers and
     * the sandbox are removed before the failure leaves, as a failed sandbox leaves nothing.
     */
    public Sandbox awaitNetwork(PendingSandbox sandbox) {
        return sandbox.await(() -> removePod(sandbox.podUid()));
    }

    /**
     * Creates and starts one attempt of a container. The container is created while the
     * sandbox's network may still be being added (its environment waits for it only when it
     * reads the pod's IP) and started once the network is there; a failed network is thrown as
     * it is, for {@link #awaitNetwork} to clean up.
     */
    public ContainerInfo startContainer(Pod pod, PendingSandbox sandbox, Container container, int attempt,
                                        PodInputs inputs) {
        ContainerImage image = inputs.images().get(container.getName());
        if (image == null) {
            throw new ContainerConfigException("no image for container " + container.getName());
        }
        ContainerInfo info = containers.create(new ContainerRequest(pod, container, attempt, image.config(),
                image.layers(), sandbox.layout(), inputs.volumes().getOrDefault(container.getName(), List.of()),
                inputs.envSources(), inputs.serviceEnv()));
        sandbox.await();
        containers.start(info.id());
        return info;
    }

    public Optional<PodStatus> status(String podUid) {
        return sandboxes.get(podUid).map(sandbox -> attempts(sandbox, containers.list(podUid)));
    }

    private static PodStatus attempts(Sandbox sandbox, List<ContainerStatus> all) {
        Map<String, ContainerStatus> newest = new LinkedHashMap<>();
        for (ContainerStatus status : all) {
            newest.merge(status.info().name(), status, (a, b) -> a.info().attempt() >= b.info().attempt() ? a : b);
        }
        Map<String, ContainerStatus> previous = new LinkedHashMap<>();
        for (ContainerStatus status : all) {
            ContainerStatus latest = newest.get(status.info().name());
            if (status.info().attempt() == latest.info().attempt() - 1) {
                previous.put(status.info().name(), status);
            }
        }
        List<ContainerStatus> list = new ArrayList<>(newest.values());
        list.sort(Comparator.comparing((ContainerStatus s) -> s.info().createdAt()));
        return new PodStatus(sandbox, list, previous);
    }

    /**
     * Stops every container of the pod at once, each with the same grace period (stop signal,
     * then SIGKILL), as kubelet does on deletion. Returns the final statuses.
     */
    public List<ContainerStatus> stopPod(String podUid, Duration gracePeriod) {
        return stopContainers(podUid, name -> true, gracePeriod);
    }

    /** Stops the pod's running containers whose name {@code which} accepts, all at once, each with the grace period. */
    public List<ContainerStatus> stopContainers(String podUid, Predicate<String> which, Duration gracePeriod) {
        return stopContainers(podUid, which, gracePeriod, (info, grace) -> grace);
    }

    /** What runs before a container's stop signal (its preStop hook); returns the grace period left. */
    @FunctionalInterface
    public interface BeforeStop {
        Duration run(ContainerInfo container, Duration gracePeriod);
    }

    /**
     * As {@link #stopContainers(String, Predicate, Duration)}, each container first running
     * {@code beforeStop} within its grace period and getting what is left of it.
     */
    public List<ContainerStatus> stopContainers(String podUid, Predicate<String> which, Duration gracePeriod,
                                                BeforeStop beforeStop) {
        List<CompletableFuture<ContainerStatus>> stops = new ArrayList<>();
        for (ContainerStatus status : containers.list(podUid)) {
            if (!status.exited() && which.test(status.info().name())) {
                CompletableFuture<ContainerStatus> stop = new CompletableFuture<>();
                Thread.ofVirtual().start(() -> {
                    try {
                        Duration left = beforeStop.run(status.info(), gracePeriod);
                        stop.complete(containers.stop(status.info().id(), left));
                    } catch (RuntimeException e) {
                        stop.completeExceptionally(e);
                    }
                });
                stops.add(stop);
            }
        }
        List<ContainerStatus> stopped = new ArrayList<>();
        for (CompletableFuture<ContainerStatus> stop : stops) {
            stopped.add(join(stop));
        }
        return stopped;
    }

    /**
     * Removes the pod's containers, their cgroups, logs and mounts, then the sandbox (CNI DEL,
     * namespaces). Running containers are killed; stop them first for a graceful end.
     */
    public void removePod(String podUid) {
        for (ContainerStatus status : containers.list(podUid)) {
            containers.remove(status.info().id());
        }
        containers.removePod(podUid);
        sandboxes.remove(podUid);
    }

    /** Pods this node has anything of: sandboxes and containers (what a restarted agent must reconcile). */
    public List<String> podUids() {
        TreeSet<String> uids = new TreeSet<>(sandboxes.podUids());
        uids.addAll(containers.podUids());
        return List.copyOf(uids);
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new ContainerRuntimeException(
                    "stopping a container failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException("interrupted while stopping the pod");
        }
    }

    /** Inputs where every container uses the same image and nothing else is needed (tests, benchmarks). */
    public static PodInputs sameImage(Pod pod, ContainerImage image, Function<Container, List<VolumeMount>> volumes) {
        Map<String, ContainerImage> images = new LinkedHashMap<>();
        Map<String, List<VolumeMount>> mounts = new LinkedHashMap<>();
        for (Container container : pod.getSpec().getContainers()) {
            images.put(container.getName(), image);
            mounts.put(container.getName(), volumes.apply(container));
        }
        return new PodInputs(images, mounts, EnvSources.NONE, Map.of());
    }
}
