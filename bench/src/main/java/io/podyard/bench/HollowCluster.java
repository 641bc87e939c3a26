package io.podyard.bench;

import com.sun.management.OperatingSystemMXBean;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.apiserver.ControlPlane;
import io.podyard.client.ApiClients;
import io.podyard.controllers.ControllerManager;
import io.podyard.controllers.ControllerOptions;
import io.podyard.node.agent.HollowFleet;
import io.podyard.node.hollow.HollowSettings;
import io.podyard.scheduler.loop.SchedulerOptions;
import io.podyard.scheduler.loop.SchedulingLoop;
import io.podyard.store.KeyValueStore;
import io.podyard.store.StoreOptions;
import io.podyard.store.etcd.EtcdProcess;
import io.podyard.store.etcd.EtcdStore;
import io.podyard.store.sqlite.SqliteStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;

/**
 * One JVM running what a scale scenario needs: the API server on a store (sqlite or etcd), the
 * scheduling loop, optionally the controllers, and N hollow nodes sharing one client and pod watch.
 * Each component has its own client, as separate processes would.
 */
final class HollowCluster implements AutoCloseable {
    final ControlPlane server;
    final KubernetesClient client;
    final ApiClient api;
    private final Path dir;
    private final EtcdProcess etcd;
    private final KeyValueStore store;
    private final KubernetesClient componentsClient;
    private final KubernetesClient nodesClient;
    private final SchedulingLoop scheduler;
    private final ControllerManager controllers;
    final HollowFleet nodes;
    /** Seconds the hollow nodes took to start. */
    final double nodesSeconds;
    /** Heap after GC the started hollow nodes added, per node. */
    final long heapPerNode;

    HollowCluster(String backend, int nodeCount, boolean withControllers) throws Exception {
        dir = Files.createTempDirectory("podyard-hollowbench-");
        etcd = backend.equals("etcd") ? EtcdProcess.start() : null;
        store = etcd == null ? SqliteStore.open(dir.resolve("state.db"), StoreOptions.defaults())
                : EtcdStore.connect(List.of(etcd.endpoint()), StoreOptions.defaults());
        server = ControlPlane.start(dir.resolve("server"), "127.0.0.1", 0, List.of(), store, InstantSource.system());
        client = client(server);
        componentsClient = client(server);
        nodesClient = client(server);
        api = new ApiClient("https://127.0.0.1:" + server.port(), server.credentials().caPem(),
                server.credentials().adminToken());
        scheduler = SchedulingLoop.start(componentsClient, SchedulerOptions.defaults());
        controllers = withControllers ? ControllerManager.start(componentsClient, ControllerOptions.defaults()) : null;
        long before = HollowFleet.heapAfterGc();
        long start = System.nanoTime();
        nodes = HollowFleet.start(nodesClient, "hollow", nodeCount, dir.resolve("nodes"), HollowSettings.DEFAULTS);
        nodesSeconds = (System.nanoTime() - start) / 1e9;
        heapPerNode = (HollowFleet.heapAfterGc() - before) / Math.max(1, nodeCount);
        System.out.printf(Locale.ROOT, "%s: %d hollow nodes started in %.1f s, %d KB heap each%n", backend, nodeCount,
                nodesSeconds, heapPerNode >> 10);
    }

    static KubernetesClient client(ControlPlane server) throws IOException {
        Config config = Config.fromKubeconfig(Files.readString(server.kubeconfig()));
        config.setMaxConcurrentRequests(256);
        config.setMaxConcurrentRequestsPerHost(256);
        return ApiClients.create(config);
    }

    /** The machine's 1-minute load average (other processes included), from /proc/loadavg. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** CPU time this process has used (all threads), in nanoseconds. */
    static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** VmRSS of this process in bytes. */
    static long rss() {
        return rss(ProcessHandle.current().pid());
    }

    /** VmRSS of process {@code pid} in bytes, from /proc/PID/status; -1 when it cannot be read. */
    static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() throws Exception {
        nodes.close();
        if (controllers != null) {
            controllers.close();
        }
        scheduler.close();
        nodesClient.close();
        componentsClient.close();
        client.close();
        server.close();
        store.close();
        if (etcd != null) {
            etcd.close();
        }
        StoreBenchmark.delete(dir);
    }
}
