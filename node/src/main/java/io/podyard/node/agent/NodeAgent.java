package io.podyard.node.agent;

import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.podyard.node.images.ImageService;
import io.podyard.node.podconfig.ConfigSources;
import io.podyard.node.podconfig.ServiceCache;
import io.podyard.node.podworker.PodWorkerContext;
import io.podyard.node.podworker.PodWorkers;
import io.podyard.node.registration.NodeFacts;
import io.podyard.node.registration.NodeHeartbeat;
import io.podyard.node.registration.NodeRegistration;
import io.podyard.node.runtime.ContainerRuntime;
import io.podyard.node.sandbox.Ipv4Cidr;
import io.podyard.node.sandbox.PodSandboxes;
import io.podyard.node.sandbox.Sandbox;
import io.podyard.node.server.NodeServer;
import io.podyard.node.stats.StatsSummary;
import io.podyard.node.volumes.PodVolumes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent: registers the Node and heartbeats, watches the pods bound to it
 * ({@code spec.nodeName=<node>}) and gives each a {@link PodWorkers worker} that runs it with the
 * node's sandboxes, container runtime, images and volumes — runc and CNI, or a hollow node's pretend
 * ones ({@link NodeBackend}). On start, what the node still runs for pods
 * the API no longer has is torn down; what it runs for known pods is re-adopted as it is.
 * Closing stops the agent only: containers keep running until the next start finds them.
 */
public final class NodeAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
    /** Every worker looks at its pod this often even without events (what no event reports, e.g. a runc crash). */
    static final Duration RESYNC_INTERVAL = Duration.ofSeconds(10);
    /** How long a leftover pod's containers get to stop after an agent restart. */
    static final long LEFTOVER_GRACE_SECONDS = 2;

    private final List<AutoCloseable> parts;

    private NodeAgent(List<AutoCloseable> parts) {
        this.parts = parts;
    }

    public static NodeAgent start(KubernetesClient client, NodeOptions options) {
        return start(client, options, Optional.empty());
    }

    /** An agent that hears of its pods from {@code shared} (many hollow nodes in one JVM) instead of its own watch. */
    public static NodeAgent start(KubernetesClient client, NodeOptions options, SharedNodePods shared) {
        return start(client, options, Optional.of(shared));
    }

    private static NodeAgent start(KubernetesClient client, NodeOptions options, Optional<NodePods> shared) {
        List<AutoCloseable> parts = new ArrayList<>();
        try {
            return new NodeAgent(startParts(client, options, shared, parts));
        } catch (RuntimeException e) {
            closeAll(parts.reversed());
            throw e;
        }
    }

    private static List<AutoCloseable> startParts(KubernetesClient client, NodeOptions options,
                                                  Optional<NodePods> shared, List<AutoCloseable> parts) {
        NodeBackend backend = NodeBackend.of(options);
        parts.add(backend);
        NodeFacts facts = backend.facts();
        ImageService images = backend.images();
        ContainerRuntime containers = backend.containers();
        // The node server starts before registration (the Node publishes its port); port-forward finds a
        // pod's network namespace through the pods this agent has heard of and the sandboxes, set below.
        Map<String, String> podUids = new ConcurrentHashMap<>();
        AtomicReference<PodSandboxes> sandboxRef = new AtomicReference<>();
        if (options.server().isPresent()) {
            // One summary for the agent's life: cpu rates come from the previous sample.
            StatsSummary stats = new StatsSummary(options.nodeName(), options.clock().instant(), containers,
                    options.cgroupParent(), options.clock());
            NodeServer server = NodeServer.start(options.server().get(), containers, (namespace, name) ->
                    Optional.ofNullable(podUids.get(namespace + "/" + name))
                            .flatMap(uid -> Optional.ofNullable(sandboxRef.get()).flatMap(s -> s.get(uid)))
                            .map(Sandbox::netns), stats::json, options.clock());
            parts.add(server);
            facts = facts.withKubeletPort(server.port());
        }

        NodeStatus status = NodeHeartbeat.currentStatus(facts, options.systemReserved(), images, options.dataDir(),
                List.of(), options.clock().instant());
        Ipv4Cidr podCidr = NodeRegistration.register(client, options.nodeName(), facts, options.clusterCidr(),
                options.podCidr(), status);
        parts.add(NodeHeartbeat.start(client, options.nodeName(), facts, options.systemReserved(), images,
                options.dataDir(), options.clock(), status));

        PodSandboxes sandboxes = backend.sandboxes(podCidr);
        sandboxRef.set(sandboxes);
        PodVolumes volumes = new PodVolumes(options.dataDir().resolve("pods"), ConfigSources.api(client),
                status.getAllocatable());
        // Service link variables come from a Service watch; hollow fleets (shared pod watch) keep asking the API.
        Optional<ServiceCache> services = shared.isPresent() ? Optional.empty() : Optional.of(ServiceCache.start(client));
        services.ifPresent(parts::add);
        PodWorkers workers = new PodWorkers(new PodWorkerContext(client, sandboxes, containers, images, volumes,
                ConfigSources.api(client, services), options.nodeName(), facts.internalIp(), status.getAllocatable(),
                options.clock()));
        parts.add(workers);
        parts.add(backend.watchExits(workers::wake));

        ResourceEventHandler<Pod> handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                podUids.put(key(pod), pod.getMetadata().getUid());
                workers.update(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                podUids.put(key(newPod), newPod.getMetadata().getUid());
                workers.update(newPod);
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                podUids.remove(key(pod), pod.getMetadata().getUid());
                workers.removed(pod);
            }
        };
        List<Pod> known;
        if (shared.isPresent()) {
            NodePods.Subscription subscription = shared.get().subscribe(options.nodeName(), handler);
            parts.add(subscription);
            known = subscription.pods();
        } else {
            SharedIndexInformer<Pod> informer = client.pods().inAnyNamespace()
                    .withField("spec.nodeName", options.nodeName()).inform(handler, 0);
            parts.add(informer::stop);
            parts.add(VolumeRefresher.start(client, informer, volumes, options.clock()));
            known = informer.getStore().list();
        }
        cleanUpLeftovers(known, sandboxes, containers, volumes, workers);

        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("node-resync").factory());
        timer.scheduleWithFixedDelay(() -> {
            workers.wakeAll();
            try {
                containers.rotateLogs();
            } catch (RuntimeException e) {
                LOG.warn("log rotation failed: {}", e.toString());
            }
        }, RESYNC_INTERVAL.toMillis(), RESYNC_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        parts.add(() -> {
            timer.shutdownNow();
            timer.awaitTermination(10, TimeUnit.SECONDS);
        });
        LOG.info("node agent {} running pods in {}{}", options.nodeName(), podCidr,
                options.hollow().isPresent() ? " (hollow)" : " on bridge " + options.bridge());
        return parts;
    }

    private static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    /** Sandboxes, containers and volumes of pods the API does not have (any more) are torn down. */
    private static void cleanUpLeftovers(List<Pod> pods, PodSandboxes sandboxes,
                                         ContainerRuntime containers, PodVolumes volumes, PodWorkers workers) {
        Set<String> known = pods.stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
        Set<String> present = new TreeSet<>(sandboxes.podUids());
        present.addAll(containers.podUids());
        present.addAll(volumes.podUids());
        for (String uid : present) {
            if (!known.contains(uid)) {
                LOG.info("tearing down leftovers of pod {}, which the API no longer has", uid);
                workers.removed(new PodBuilder().withNewMetadata().withUid(uid).withName("leftover-" + uid)
                        .withNamespace("").withDeletionGracePeriodSeconds(LEFTOVER_GRACE_SECONDS).endMetadata()
                        .withNewSpec().endSpec().build());
            }
        }
    }

    @Override
    public void close() {
        closeAll(parts.reversed());
    }

    private static void closeAll(List<AutoCloseable> parts) {
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("stopping a node agent part failed: {}", e.toString());
            }
        }
    }
}
