package io.podyard.node.podworker;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.podyard.node.images.Image;
import io.podyard.node.images.ImageException;
import io.podyard.node.images.ImageNotPresentException;
import io.podyard.node.images.InvalidReferenceException;
import io.podyard.node.podconfig.PodEnvSources;
import io.podyard.node.probes.LifecycleHooks;
import io.podyard.node.podconfig.PullSecrets;
import io.podyard.node.podconfig.ServiceEnv;
import io.podyard.node.runtime.ContainerConfigException;
import io.podyard.node.runtime.ContainerRuntimeException;
import io.podyard.node.runtime.ContainerState;
import io.podyard.node.runtime.ContainerStatus;
import io.podyard.node.runtime.ImageConfig;
import io.podyard.node.runtime.PodRuntime;
import io.podyard.node.runtime.VolumeMount;
import io.podyard.node.sandbox.PendingSandbox;
import io.podyard.node.sandbox.Sandbox;
import io.podyard.node.status.ContainerProblem;
import io.podyard.node.status.Restarts;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link Plan}'s steps for one pod. A container's failure (its image, its
 * configuration, the runtime refusing it) becomes that container's {@link ContainerProblem} and
 * skips its later steps; a sandbox or teardown failure stops the plan and is thrown.
 */
final class StepRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);
    static final Duration PULL_BACKOFF_INITIAL = Duration.ofSeconds(10);
    static final Duration PULL_BACKOFF_MAX = Duration.ofMinutes(5);
    static final Duration CONFIG_RETRY = Duration.ofSeconds(2);
    private static final String SANDBOX_FAILED = "Failed to create pod sandbox: ";

    private final PodWorkerContext context;
    private final PodRuntime pods;
    private final WorkerMemory memory;

    private final LifecycleHooks hooks;
    /** The sandbox the current run created, until its network is awaited. */
    private Optional<PendingSandbox> pending = Optional.empty();

    StepRunner(PodWorkerContext context, WorkerMemory memory, LifecycleHooks hooks) {
        this.context = context;
        this.hooks = hooks;
        this.pods = context.pods();
        this.memory = memory;
    }

    /**
     * Runs the plan's steps in order. A sandbox created by the plan has its network added while the
     * steps after it run (images, container creation); the run ends only once that network is
     * there or, having failed, is cleaned up with the containers created in it.
     */
    void run(Pod pod, Plan plan) {
        try {
            runSteps(pod, plan);
        } catch (RuntimeException e) {
            try {
                settleSandbox();
            } catch (RuntimeException network) {
                if (network != e) {
                    e.addSuppressed(network);
                }
            }
            throw e;
        }
        settleSandbox();
    }

    private void runSteps(Pod pod, Plan plan) {
        Map<String, Image> pulled = new HashMap<>();
        for (Step step : plan.steps()) {
            switch (step) {
                case Step.CreateSandbox create -> createSandbox(pod);
                case Step.PullImage pull -> pull(pod, pull).ifPresent(image -> pulled.put(pull.container(), image));
                case Step.StartContainer start -> {
                    Image image = pulled.get(start.container());
                    if (image != null) {
                        start(pod, start, image);
                    }
                }
                case Step.StopPod stop -> {
                    stopGracefully(pod, name -> !stop.sidecars().contains(name), stop.grace());
                    stopOneByOne(pod, stop.sidecars(), stop.grace());
                }
                case Step.StopContainers stop -> stopOneByOne(pod, stop.containers(), stop.grace());
                case Step.ReleaseNetwork release -> context.sandboxes().releaseNetwork(uid(pod));
                case Step.TearDown tearDown -> {
                    pods.removePod(uid(pod));
                    context.volumes().tearDown(uid(pod));
                }
                case Step.DeleteObject delete -> deleteObject(pod);
            }
        }
    }

    private void createSandbox(Pod pod) {
        try {
            if (pods.status(uid(pod)).isEmpty()) {
                pending = Optional.of(pods.beginSandbox(pod));
            } else {
                memory.sandboxProblem = Optional.empty();
            }
        } catch (RuntimeException e) {
            memory.sandboxProblem = Optional.of(SANDBOX_FAILED + e.getMessage());
            throw e;
        }
    }

    /** Waits for the network of a sandbox this run created; a failure is the pod's sandbox problem. */
    private void settleSandbox() {
        if (pending.isEmpty()) {
            return;
        }
        PendingSandbox sandbox = pending.get();
        pending = Optional.empty();
        try {
            pods.awaitNetwork(sandbox);
            memory.sandboxProblem = Optional.empty();
        } catch (RuntimeException e) {
            memory.sandboxProblem = Optional.of(SANDBOX_FAILED + e.getMessage());
            throw e;
        }
    }

    /** The sandbox this run created (its network perhaps still being added), else the pod's ready one. */
    private PendingSandbox sandbox(Pod pod) {
        return pending.orElseGet(() -> PendingSandbox.ready(context.sandboxes().get(uid(pod)).orElseThrow(
                () -> new ContainerRuntimeException("the pod's sandbox is gone"))));
    }

    private Optional<Image> pull(Pod pod, Step.PullImage step) {
        Instant now = context.clock().instant();
        try {
            Image image = context.images().pull(step.image(), step.policy(),
                    PullSecrets.of(pod, context.configSources()));
            memory.imageIds.put(step.container(), imageId(image));
            return Optional.of(image);
        } catch (ImageException e) {
            int failures = memory.problems.get(step.container()) instanceof ContainerProblem.PullFailed p
                    && p.image().equals(step.image()) ? p.failures() + 1 : 1;
            String reason = switch (e) {
                case InvalidReferenceException invalid -> "InvalidImageName";
                case ImageNotPresentException absent -> "ErrImageNeverPull";
                default -> "ErrImagePull";
            };
            String message = switch (e) {
                case InvalidReferenceException invalid -> "Failed to apply default image tag \"" + step.image()
                        + "\": " + e.getMessage();
                case ImageNotPresentException absent -> "Container image \"" + step.image()
                        + "\" is not present with pull policy of Never";
                default -> "failed to pull image \"" + step.image() + "\": " + e.getMessage();
            };
            LOG.info("pod {}: {}", name(pod), message);
            memory.problems.put(step.container(), new ContainerProblem.PullFailed(step.image(), reason, message,
                    failures, now.plus(Restarts.backOff(failures, PULL_BACKOFF_INITIAL, PULL_BACKOFF_MAX)), false));
            return Optional.empty();
        }
    }

    private void start(Pod pod, Step.StartContainer step, Image image) {
        Instant now = context.clock().instant();
        Container container = spec(pod, step.container());
        try {
            Optional<ContainerStatus> existing = pods.status(uid(pod)).flatMap(s -> s.container(step.container()))
                    .filter(s -> s.info().attempt() == step.attempt());
            String id;
            if (existing.isPresent() && existing.get().state() instanceof ContainerState.Created) {
                id = existing.get().info().id();
                context.containers().start(id);
            } else {
                PendingSandbox sandbox = sandbox(pod);
                List<VolumeMount> mounts = context.volumes().mountsFor(pod, container);
                PodRuntime.PodInputs inputs = new PodRuntime.PodInputs(
                        Map.of(container.getName(), new PodRuntime.ContainerImage(runtimeConfig(image),
                                image.snapshots())),
                        Map.of(container.getName(), mounts),
                        new PodEnvSources(pod, container.getName(), context.configSources(),
                                () -> sandbox.await().podIp(), context.hostIp(), context.allocatable()),
                        serviceEnv(pod));
                id = pods.startContainer(pod, sandbox, container, step.attempt(), inputs).id();
            }
            postStart(pod, container, id);
            memory.problems.remove(step.container());
            removeOldAttempts(uid(pod), step.container(), step.attempt());
        } catch (ContainerConfigException e) {
            memory.problems.put(step.container(), new ContainerProblem.ConfigFailed(e.getMessage(),
                    now.plus(CONFIG_RETRY)));
        } catch (ContainerRuntimeException e) {
            LOG.warn("pod {}: container {} did not start: {}", name(pod), step.container(), e.getMessage());
            memory.problems.put(step.container(), new ContainerProblem.StartFailed("CreateContainerError",
                    e.getMessage(), now.plus(CONFIG_RETRY)));
        }
    }

    private void stopOneByOne(Pod pod, List<String> names, Duration grace) {
        for (String name : names) {
            stopGracefully(pod, name::equals, grace);
        }
    }

    /** Stops the running containers {@code which} accepts, all at once: each its preStop hook, then the signal. */
    private void stopGracefully(Pod pod, Predicate<String> which, Duration grace) {
        String podIp = context.sandboxes().get(uid(pod)).map(Sandbox::podIp).orElse(null);
        pods.stopContainers(uid(pod), which, grace, (info, left) -> specOf(pod, info.name())
                .map(c -> hooks.preStop(pod, c, info.id(), podIp, left)).orElse(left));
    }

    /** The container of that name among the pod's init and app containers, if any. */
    static Optional<Container> specOf(Pod pod, String name) {
        return Stream.concat(pod.getSpec().getInitContainers().stream(),
                pod.getSpec().getContainers().stream()).filter(c -> c.getName().equals(name)).findFirst();
    }

    /** The container of that name among the pod's init and app containers. */
    static Container spec(Pod pod, String name) {
        return specOf(pod, name).orElseThrow();
    }

    /** A failed postStart hook kills the container; the worker then restarts it per policy. */
    private void postStart(Pod pod, Container container, String id) {
        String podIp = context.sandboxes().get(uid(pod)).map(Sandbox::podIp).orElse(null);
        if (hooks.postStart(pod, container, id, podIp).isPresent()) {
            context.containers().stop(id, PodSync.grace(pod));
        }
    }

    /** The service link variables at the container's start, as kubelet reads them then. */
    private Map<String, String> serviceEnv(Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        try {
            return ServiceEnv.variables(context.configSources().services(namespace), namespace,
                    pod.getSpec().getEnableServiceLinks());
        } catch (KubernetesClientException e) {
            throw new ContainerConfigException("cannot list the Services for the environment: " + e.getMessage());
        }
    }

    /** Keeps the newest attempt and the one before it (for `kubectl logs --previous`). */
    private void removeOldAttempts(String podUid, String name, int attempt) {
        if (attempt < 2) {
            return;
        }
        for (ContainerStatus status : context.containers().list(podUid)) {
            if (status.info().name().equals(name) && status.info().attempt() < attempt - 1) {
                context.containers().remove(status.info().id());
            }
        }
    }

    private void deleteObject(Pod pod) {
        try {
            context.client().pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** The image's digest reference (kubelet's imageID), else its config digest. */
    static String imageId(Image image) {
        return image.repoDigests().isEmpty() ? image.id().toString() : image.repoDigests().getFirst();
    }

    static ImageConfig runtimeConfig(Image image) {
        var c = image.config();
        return new ImageConfig(c.entrypoint(), c.cmd(), c.env(), c.workingDir(), c.user(), c.stopSignal());
    }

    private static String uid(Pod pod) {
        return pod.getMetadata().getUid();
    }

    private static String name(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
