package io.podyard.node.agent;

import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.podyard.node.images.ImageService;
import io.podyard.node.images.ImageServiceOptions;
import io.podyard.node.podconfig.ConfigSources;
import io.podyard.node.podworker.PodWorkerContext;
import io.podyard.node.podworker.PodWorkers;
import io.podyard.node.registration.HostFacts;
import io.podyard.node.registration.NodeFacts;
import io.podyard.node.registration.NodeHeartbeat;
import io.podyard.node.registration.NodeRegistration;
import io.podyard.node.runtime.ContainerRuntime;
import io.podyard.node.runtime.RuntimeConfig;
import io.podyard.node.sandbox.DnsSettings;
import io.podyard.node.sandbox.Ipv4Cidr;
import io.podyard.node.sandbox.PodNetwork;
import io.podyard.node.sandbox.ResolvConf;
import io.podyard.node.sandbox.Sandbox;
import io.podyard.node.sandbox.SandboxConfig;
import io.podyard.node.sandbox.Sandboxes;
import io.podyard.node.server.NodeServer;
import io.podyard.node.stats.StatsSummary;
import io.podyard.node.volumes.PodVolumes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
 * node's sandboxes, runc runtime, images and volumes. On start, what the node still runs for pods
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
        List<AutoCloseable> parts = new ArrayList<>();
        try {
            return new NodeAgent(startParts(client, options, parts));
        } catch (RuntimeException e) {
            closeAll(parts.reversed());
            throw e;
        }
    }

    private static List<AutoCloseable> startParts(KubernetesClient client, NodeOptions options,
                                                  List<AutoCloseable> parts) {
        RuntimeConfig runtimeConfig = RuntimeConfig.defaults(options.runDir().resolve("runtime"),
                options.dataDir().resolve("logs"), options.cgroupParent())
                .withPods(options.podPidsLimit(), options.dataDir().resolve("seccomp"), options.allowedUnsafeSysctls());
        ContainerRuntime containers = ContainerRuntime.runc(runtimeConfig, options.clock());
        // The node server starts first (the Node publishes its port); port-forward finds pods' network
        // namespaces through the informer and the sandboxes, which start later.
        AtomicReference<SharedIndexInformer<Pod>> pods = new AtomicReference<>();
        AtomicReference<Sandboxes> sandboxRef = new AtomicReference<>();
        NodeFacts facts = HostFacts.read(options.nodeName(), options.dataDir(), runtimeConfig.runc());
        // One summary for the agent's life: cpu rates come from the previous sample.
        StatsSummary stats = new StatsSummary(options.nodeName(), options.clock().instant(), containers,
                options.cgroupParent(), options.clock());
        if (options.server().isPresent()) {
            NodeServer server = NodeServer.start(options.server().get(), containers, (namespace, name) ->
                    Optional.ofNullable(pods.get()).map(i -> i.getStore().getByKey(namespace + "/" + name))
                            .flatMap(pod -> Optional.ofNullable(sandboxRef.get())
                                    .flatMap(s -> s.get(pod.getMetadata().getUid())))
                            .map(Sandbox::netns), stats::json, options.clock());
            parts.add(server);
            facts = facts.withKubeletPort(server.port());
        }
        ImageService images = ImageService.open(ImageServiceOptions.defaults(options.dataDir().resolve("images"))
                .withInsecureRegistries(options.insecureRegistries()).withClock(options.clock()));
        parts.add(images);

        NodeStatus status = NodeHeartbeat.currentStatus(facts, options.systemReserved(), images, options.dataDir(),
                List.of(), options.clock().instant());
        Ipv4Cidr podCidr = NodeRegistration.register(client, options.nodeName(), facts, options.clusterCidr(),
                options.podCidr(), status);
        parts.add(NodeHeartbeat.start(client, options.nodeName(), facts, options.systemReserved(), images,
                options.dataDir(), options.clock(), status));

        PodNetwork network = new PodNetwork("podyard", options.bridge(), podCidr, options.cniBinDir(),
                options.runDir().resolve("ipam"), false, 0);
        Sandboxes sandboxes = new Sandboxes(new SandboxConfig(options.runDir().resolve("sandboxes"), network,
                new DnsSettings(options.clusterDns(), "cluster.local", hostResolvConf()),
                SandboxConfig.DEFAULT_SHM_SIZE), options.clock());
        sandboxRef.set(sandboxes);
        PodVolumes volumes = new PodVolumes(options.dataDir().resolve("pods"), ConfigSources.api(client),
                status.getAllocatable());
        PodWorkers workers = new PodWorkers(new PodWorkerContext(client, sandboxes, containers, images, volumes,
                ConfigSources.api(client), options.nodeName(), facts.internalIp(), status.getAllocatable(),
                options.clock()));
        parts.add(workers);
        parts.add(ContainerExits.watch(runtimeConfig.root().resolve("exits"), workers::wake));

        SharedIndexInformer<Pod> informer = client.pods().inAnyNamespace()
                .withField("spec.nodeName", options.nodeName()).inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                        workers.update(pod);
                    }

                    @Override
                    public void onUpdate(Pod oldPod, Pod newPod) {
                        workers.update(newPod);
                    }

                    @Override
                    public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                        workers.removed(pod);
                    }
                }, 0);
        parts.add(informer::stop);
        pods.set(informer);
        parts.add(VolumeRefresher.start(client, informer, volumes));
        cleanUpLeftovers(informer, sandboxes, containers, volumes, workers);

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
        LOG.info("node agent {} running pods in {} on bridge {}", options.nodeName(), podCidr, options.bridge());
        return parts;
    }

    /** Sandboxes, containers and volumes of pods the API does not have (any more) are torn down. */
    private static void cleanUpLeftovers(SharedIndexInformer<Pod> informer, Sandboxes sandboxes,
                                         ContainerRuntime containers, PodVolumes volumes, PodWorkers workers) {
        Set<String> known = informer.getStore().list().stream().map(p -> p.getMetadata().getUid())
                .collect(Collectors.toSet());
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

    private static ResolvConf hostResolvConf() {
        try {
            return ResolvConf.parse(Files.readString(Path.of("/etc/resolv.conf")));
        } catch (IOException e) {
            return ResolvConf.EMPTY;
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
