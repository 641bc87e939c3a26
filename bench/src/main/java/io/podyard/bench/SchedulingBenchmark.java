package io.podyard.bench;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.podyard.apiserver.ControlPlane;
import io.podyard.client.ApiClients;
import io.podyard.scheduler.DefaultProfile;
import io.podyard.scheduler.Scheduler;
import io.podyard.scheduler.cache.SchedulerCache;
import io.podyard.scheduler.framework.Decision;
import io.podyard.scheduler.framework.PodInfo;
import io.podyard.scheduler.loop.SchedulerOptions;
import io.podyard.scheduler.loop.SchedulingLoop;
import io.podyard.store.KeyValueStore;
import io.podyard.store.StoreOptions;
import io.podyard.store.etcd.EtcdProcess;
import io.podyard.store.etcd.EtcdStore;
import io.podyard.store.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Kubernetes' SchedulingBasic shape (scheduler_perf): N nodes of 4 cpu / 32 GiB / 110 pods, then P
 * pods requesting 100m / 500 MiB. Measured twice: the pure core (snapshot → schedule → assume, no
 * I/O), and end to end — pods created over HTTPS by concurrent clients, scheduled by the real loop,
 * bindings persisted by the API server, observed by a separate client's watch — with a profile of
 * where the CPU time went.
 */
@Command(name = "scheduling", mixinStandardHelpOptions = true,
        description = "Scheduler: SchedulingBasic (5,000 nodes, 10,000 pods): pure core and end to end through the API.")
final class SchedulingBenchmark implements Callable<Integer> {
    @Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--nodes", description = "nodes (default ${DEFAULT-VALUE})")
    int nodes = 5000;

    @Option(names = "--pods", description = "pods (default ${DEFAULT-VALUE})")
    int pods = 10_000;

    @Option(names = "--clients", description = "concurrent pod creators (default ${DEFAULT-VALUE})")
    int clients = 64;

    @Option(names = "--backends", split = ",", description = "sqlite, etcd, or none for the pure core only (default: sqlite,etcd)")
    List<String> backends = List.of("sqlite", "etcd");

    @Override
    public Integer call() throws Exception {
        List<List<String>> rows = new ArrayList<>();
        double core = core();
        rows.add(List.of("pure core (no I/O)", "-", Report.fmt("%.0f", core), "-", "-", "-"));
        StringBuilder profiles = new StringBuilder();
        for (String backend : backends) {
            if (!backend.equals("none")) {
                rows.add(endToEnd(backend, profiles));
            }
        }
        String table = Report.table(List.of("run", "backend", "pods/s scheduled", "pods/s created", "create→bound p50 ms",
                "create→bound p99 ms"), rows);
        System.out.println();
        System.out.print(table);
        System.out.print(profiles);
        Report.append(run.report, "scheduling: SchedulingBasic", "Kubernetes' SchedulingBasic shape: " + nodes
                + " nodes (4 cpu, 32 GiB, 110 pods), " + pods + " pods (100m, 500 MiB). Pure core: one thread, snapshot +"
                + " schedule + assume per pod. End to end: one JVM runs the API server (HTTPS, HTTP/2), the scheduling"
                + " loop (its own client and watches) and " + clients + " pod creators; pods/s scheduled = pods / time from"
                + " the first create to the last binding seen by a separate watch. Kubernetes' CI minimum for this shape"
                + " is 270 pods/s; our goal is 3,750.", table + profiles);
        System.out.println("appended to " + run.report);
        return 0;
    }

    private double core() {
        SchedulerCache cache = new SchedulerCache();
        for (int i = 0; i < nodes; i++) {
            cache.putNode(node(i));
        }
        Scheduler scheduler = Scheduler.create(DefaultProfile.planning(), new Random(1));
        int warmup = Math.min(pods, 2000);
        schedule(cache, scheduler, 0, warmup); // JIT warm-up on a throw-away cluster state
        SchedulerCache fresh = new SchedulerCache();
        for (int i = 0; i < nodes; i++) {
            fresh.putNode(node(i));
        }
        long start = System.nanoTime();
        schedule(fresh, scheduler, 0, pods);
        double perSecond = pods / ((System.nanoTime() - start) / 1e9);
        System.out.printf(Locale.ROOT, "pure core: %d pods on %d nodes: %.0f pods/s%n", pods, nodes, perSecond);
        return perSecond;
    }

    private static void schedule(SchedulerCache cache, Scheduler scheduler, int from, int count) {
        for (int i = from; i < from + count; i++) {
            PodInfo pod = PodInfo.of(pod(i, "uid-" + i));
            if (scheduler.schedule(cache.snapshot(), pod) instanceof Decision.Scheduled s) {
                cache.assume(pod, s.node());
            } else {
                throw new IllegalStateException("pod " + i + " did not fit");
            }
        }
    }

    private List<String> endToEnd(String backend, StringBuilder profiles) throws Exception {
        Path dir = Files.createTempDirectory("podyard-schedbench-");
        EtcdProcess etcd = backend.equals("etcd") ? EtcdProcess.start() : null;
        KeyValueStore store = etcd == null ? SqliteStore.open(dir.resolve("state.db"), StoreOptions.defaults())
                : EtcdStore.connect(List.of(etcd.endpoint()), StoreOptions.defaults());
        try (ControlPlane server = ControlPlane.start(dir, "127.0.0.1", 0, List.of(), store, InstantSource.system());
                KubernetesClient schedulerClient = client(server); KubernetesClient observer = client(server)) {
            ApiClient api = new ApiClient("https://127.0.0.1:" + server.port(), server.credentials().caPem(),
                    server.credentials().adminToken());
            parallel(nodes, i -> api.post("/api/v1/nodes", Serialization.asJson(node(i))));
            Map<String, Long> created = new ConcurrentHashMap<>();
            long[] bound = new long[pods];
            AtomicInteger seen = new AtomicInteger();
            CountDownLatch all = new CountDownLatch(pods);
            observer.pods().inNamespace("default").inform(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Pod pod) {
                    onUpdate(null, pod);
                }

                @Override
                public void onUpdate(Pod old, Pod pod) {
                    if (pod.getSpec().getNodeName() != null && (old == null || old.getSpec().getNodeName() == null)) {
                        bound[seen.getAndIncrement()] = System.nanoTime() - created.getOrDefault(pod.getMetadata().getName(), 0L);
                        all.countDown();
                    }
                }

                @Override
                public void onDelete(Pod pod, boolean unknown) {
                }
            });
            try (SchedulingLoop loop = SchedulingLoop.start(schedulerClient, SchedulerOptions.defaults());
                    Profile profile = new Profile()) {
                long start = System.nanoTime();
                parallel(pods, i -> {
                    String name = "pod-" + i;
                    created.put(name, System.nanoTime());
                    return api.post("/api/v1/namespaces/default/pods", Serialization.asJson(pod(i, null)));
                });
                double createSeconds = (System.nanoTime() - start) / 1e9;
                if (!all.await(10, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("only " + (pods - all.getCount()) + " of " + pods + " pods bound");
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long[] latencies = Arrays.copyOf(bound, pods);
                Arrays.sort(latencies);
                System.out.printf(Locale.ROOT, "%-7s end to end: %d pods bound in %.2f s: %.0f pods/s (created at %.0f/s)%n",
                        backend, pods, seconds, pods / seconds, pods / createSeconds);
                profiles.append('\n').append("Where the CPU went, ").append(backend).append(" end to end (JFR samples): ");
                List<String> parts = new ArrayList<>();
                profile.shares().forEach((component, share) -> {
                    if (share >= 1) {
                        parts.add(component + " " + Report.fmt("%.0f%%", share));
                    }
                });
                profiles.append(String.join(", ", parts)).append(".\n");
                return List.of("end to end", backend, Report.fmt("%.0f", pods / seconds), Report.fmt("%.0f", pods / createSeconds),
                        Report.fmt("%.0f", latencies[pods / 2] / 1e6), Report.fmt("%.0f", latencies[(int) (pods * 0.99)] / 1e6));
            }
        } finally {
            store.close();
            if (etcd != null) {
                etcd.close();
            }
            StoreBenchmark.delete(dir);
        }
    }

    /** Runs {@code count} requests over {@link #clients} virtual threads; each must answer 201. */
    private void parallel(int count, RequestMaker maker) throws InterruptedException {
        parallel(clients, count, maker);
    }

    /** Runs {@code count} requests over {@code clients} virtual threads; each must answer 201. */
    static void parallel(int clients, int count, RequestMaker maker) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                threads.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        var response = maker.send(i);
                        if (response.statusCode() != 201) {
                            throw new IllegalStateException("create answered " + response.statusCode() + ": " + response.body());
                        }
                    }
                    return null;
                });
            }
        }
    }

    @FunctionalInterface
    interface RequestMaker {
        java.net.http.HttpResponse<String> send(int i) throws Exception;
    }

    static KubernetesClient client(ControlPlane server) throws java.io.IOException {
        return ApiClients.create(Config.fromKubeconfig(Files.readString(server.kubeconfig())));
    }

    static Node node(int i) {
        String name = "node-" + i;
        Map<String, Quantity> resources = Map.of("cpu", new Quantity("4"), "memory", new Quantity("32Gi"),
                "pods", new Quantity("110"));
        return new NodeBuilder().withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withAllocatable(resources).withCapacity(resources)
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
    }

    static Pod pod(int i, String uid) {
        return new PodBuilder().withNewMetadata().withName("pod-" + i).withNamespace("default").withUid(uid).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("registry.k8s.io/pause:3.10").withNewResources()
                .addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("500Mi"))
                .endResources().endContainer().endSpec().build();
    }
}
