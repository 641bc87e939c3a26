package io.podyard.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.podyard.apiserver.ControlPlane;
import io.podyard.node.agent.NodeAgent;
import io.podyard.node.agent.NodeOptions;
import io.podyard.node.images.fixtures.LocalRegistry;
import io.podyard.node.images.fixtures.TestImages;
import io.podyard.node.runtime.ContainerRuntime;
import io.podyard.node.runtime.FloorBenchmark;
import io.podyard.node.runtime.RuntimeConfig;
import io.podyard.node.sandbox.DnsSettings;
import io.podyard.node.sandbox.ResolvConf;
import io.podyard.node.sandbox.SandboxConfig;
import io.podyard.node.sandbox.Sandboxes;
import io.podyard.node.testing.BusyboxRootfs;
import io.podyard.node.testing.TestNetwork;
import io.podyard.store.StoreOptions;
import io.podyard.store.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Pod startup on a real node (issue 5's benchmark): one-container busybox pods, image present,
 * created one at a time through the API; a pod's latency runs from its create call until a
 * separate watch sees all its containers running. Beside it in the same run: the floor (the
 * node's own parts — netns + CNI + overlay + runc under conmon — with no API server and no agent)
 * and, when podman is installed, {@code podman kube play} of the same pod. Needs root.
 */
@Command(name = "pod-startup", mixinStandardHelpOptions = true,
        description = "Node: pod create → running (watch-observed, image present) vs the floor and podman kube play.")
final class PodStartupBenchmark implements Callable<Integer> {
    private static final int WARMUP_PODS = 5;
    private static final Duration POD_TIMEOUT = Duration.ofSeconds(60);

    @Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--pods", description = "measured pods per contender (default ${DEFAULT-VALUE})")
    int pods = 50;

    @Option(names = "--podman", description = "auto (if installed), yes or no (default ${DEFAULT-VALUE})")
    String podman = "auto";

    @Override
    public Integer call() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            System.err.println("pod-startup runs real containers: run it as root");
            return 1;
        }
        Path dir = Files.createTempDirectory("podyard-podbench-");
        List<List<String>> rows = new ArrayList<>();
        try (LocalRegistry registry = LocalRegistry.start(); TestNetwork network = TestNetwork.create(dir)) {
            String image = TestImages.pushBusybox(registry);
            List<Duration> floor = floor(dir.resolve("floor"), network);
            List<Duration> agent = agent(dir.resolve("agent"), network, image);
            rows.add(row("podyard (API + agent)", agent, floor));
            rows.add(row("floor (netns + CNI + runc)", floor, floor));
            if (podman.equals("yes") || podman.equals("auto") && Files.isExecutable(Path.of(Podman.BINARY))) {
                try (TestNetwork podmanNetwork = TestNetwork.create(dir.resolve("podman"))) {
                    rows.add(row("podman kube play", new Podman(dir.resolve("podman"), image, podmanNetwork)
                            .run(WARMUP_PODS, pods), floor));
                }
            }
        } finally {
            TempDirs.delete(dir);
        }
        String table = Report.table(List.of("contender", "pods", "p50 ms", "p99 ms", "mean ms", "p50 / floor"), rows);
        System.out.println();
        System.out.print(table);
        Report.append(run.report, "pod-startup", "Pods of one busybox container (`sleep 3600`), image present,"
                + " created one at a time; " + pods + " measured after " + WARMUP_PODS + " warm-up pods. podyard: from"
                + " the create call to a separate watch seeing the container running (API server on SQLite, node"
                + " agent, CNI bridge, runc under conmon, all in one JVM). floor: the node's parts alone, no API and no"
                + " agent (`FloorBenchmark`: pinned namespaces + CNI ADD, overlay + spec + runc create + start, one"
                + " after the other). podman: wall time of `podman kube play` of the same pod (it returns once the containers run)."
                + " Every contender keeps its pods running until its run ends, so each starts its n-th pod beside"
                + " n - 1 running ones. Goals: p50 ≤ 150 ms, p99 ≤ 400 ms, ≤ 1.5× the floor, ≤ 0.5× podman.", table);
        System.out.println("appended to " + run.report);
        return 0;
    }

    /** The node's parts alone, on the same bridge and subnet the agent uses next. */
    private List<Duration> floor(Path dir, TestNetwork network) {
        String cgroupParent = cgroupParent();
        Sandboxes sandboxes = new Sandboxes(new SandboxConfig(dir.resolve("sandboxes"), network.network(),
                new DnsSettings(List.of(), "cluster.local", ResolvConf.EMPTY), SandboxConfig.DEFAULT_SHM_SIZE),
                Clock.systemUTC());
        ContainerRuntime runtime = ContainerRuntime.runc(RuntimeConfig.defaults(dir.resolve("runtime"),
                dir.resolve("logs"), cgroupParent), Clock.systemUTC());
        try {
            FloorBenchmark floor = new FloorBenchmark(sandboxes, runtime, List.of(BusyboxRootfs.create(dir.resolve("rootfs"))),
                    System::nanoTime);
            // Like the agent's run: the warm-up pods keep running beside the measured ones.
            return floor.run(WARMUP_PODS + pods).stream().skip(WARMUP_PODS).map(FloorBenchmark.Sample::total).toList();
        } finally {
            CgroupParents.remove(cgroupParent);
        }
    }

    private List<Duration> agent(Path dir, TestNetwork network, String image) throws Exception {
        String cgroupParent = cgroupParent();
        NodeOptions options = NodeOptions.defaults("bench-node", dir.resolve("data"), dir.resolve("run"))
                .withPodCidr(network.network().subnet()).withNetwork(network.network().bridge(), cgroupParent);
        try (ControlPlane server = ControlPlane.start(dir.resolve("server"), "127.0.0.1", 0, List.of(),
                SqliteStore.open(Files.createDirectories(dir.resolve("server")).resolve("state.db"),
                        StoreOptions.defaults()), InstantSource.system());
                KubernetesClient client = SchedulingBenchmark.client(server);
                KubernetesClient observer = SchedulingBenchmark.client(server)) {
            Map<String, CompletableFuture<Long>> running = new ConcurrentHashMap<>();
            var informer = observer.pods().inNamespace("default").inform(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Pod pod) {
                    onUpdate(null, pod);
                }

                @Override
                public void onUpdate(Pod old, Pod pod) {
                    long now = System.nanoTime();
                    var statuses = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
                    if (statuses != null && !statuses.isEmpty()
                            && statuses.stream().allMatch(c -> c.getState() != null && c.getState().getRunning() != null)) {
                        running.computeIfAbsent(pod.getMetadata().getName(), n -> new CompletableFuture<>()).complete(now);
                    }
                }

                @Override
                public void onDelete(Pod pod, boolean unknown) {
                }
            });
            NodeAgent agent = NodeAgent.start(client, options);
            try {
                List<Duration> latencies = new ArrayList<>();
                for (int i = 0; i < WARMUP_PODS + pods; i++) {
                    String name = "pod-" + i;
                    CompletableFuture<Long> seen = running.computeIfAbsent(name, n -> new CompletableFuture<>());
                    long start = System.nanoTime();
                    client.pods().inNamespace("default").resource(pod(name, image)).create();
                    long at = seen.get(POD_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    if (i >= WARMUP_PODS) {
                        latencies.add(Duration.ofNanos(at - start));
                    }
                }
                client.pods().inNamespace("default").delete();
                long deadline = System.nanoTime() + POD_TIMEOUT.toNanos();
                while (!client.pods().inNamespace("default").list().getItems().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                return latencies;
            } finally {
                agent.close();
                informer.stop();
                CgroupParents.remove(cgroupParent);
            }
        }
    }

    static Pod pod(String name, String image) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withNodeName("bench-node").withTerminationGracePeriodSeconds(0L)
                .addNewContainer().withName("main").withImage(image).withImagePullPolicy("IfNotPresent")
                .withCommand("sleep", "3600").endContainer().endSpec().build();
    }

    private static String cgroupParent() {
        return "/podyard-bench-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    private static List<String> row(String name, List<Duration> samples, List<Duration> floor) {
        double p50 = Percentiles.of(samples, 0.50);
        return List.of(name, Integer.toString(samples.size()), Report.fmt("%.0f", p50),
                Report.fmt("%.0f", Percentiles.of(samples, 0.99)), Report.fmt("%.0f", Percentiles.mean(samples)),
                Report.fmt("%.2f×", p50 / Percentiles.of(floor, 0.50)));
    }
}
