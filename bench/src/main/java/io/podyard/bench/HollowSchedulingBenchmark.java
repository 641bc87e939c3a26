package io.podyard.bench;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.podyard.node.agent.HollowFleet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * SchedulingBasic on hollow nodes: N hollow node agents (real registration, leases, pod workers and
 * status over a pretend runtime), P pods created at full speed; pods/s and per-pod p50/p99 from
 * create to bound and from create to Running as the hollow nodes report it. Ends with the process'
 * RSS and heap (the footprint scenario's "at the end of scheduling-basic").
 */
@Command(name = "scheduling-basic", mixinStandardHelpOptions = true,
        description = "SchedulingBasic on hollow nodes (default 5,000 nodes, 10,000 pods): create→bound and create→Running.")
final class HollowSchedulingBenchmark implements Callable<Integer> {
    @Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--nodes", description = "hollow nodes (default ${DEFAULT-VALUE})")
    int nodes = 5000;

    @Option(names = "--pods", description = "pods (default ${DEFAULT-VALUE})")
    int pods = 10_000;

    @Option(names = "--clients", description = "concurrent pod creators (default ${DEFAULT-VALUE})")
    int clients = 64;

    @Option(names = "--backends", split = ",", description = "sqlite and/or etcd (default: sqlite)")
    List<String> backends = List.of("sqlite");

    @Override
    public Integer call() throws Exception {
        List<List<String>> rows = new ArrayList<>();
        StringBuilder profiles = new StringBuilder();
        for (String backend : backends) {
            rows.add(once(backend, profiles));
        }
        String table = Report.table(List.of("backend", "nodes", "pods", "nodes up s", "heap KB/node", "pods/s bound", "pods/s Running",
                "bound p50 ms", "bound p99 ms", "Running p50 ms", "Running p99 ms", "CPU ms/pod", "RSS MB", "heap MB"), rows);
        System.out.print(table + profiles);
        Report.append(run.report, "scheduling-basic on hollow nodes", nodes + " hollow nodes (4 cpu, 16 GiB, 110 pods;"
                + " the real node agent over a pretend runtime, one shared pod watch) and " + pods + " pods (100m, 500 MiB)"
                + " created at full speed by " + clients + " clients, all in one JVM with the API server and scheduler."
                + " pods/s = pods / time from the first create to the last pod bound (Running) seen by a watch;"
                + " latencies per pod from its create. CPU ms/pod = CPU time of the whole process (server, scheduler, nodes, creators) from the first create to the last pod Running, per pod: unlike pods/s, it hardly moves with the load of other processes on this shared machine. heap KB/node = heap after GC the started nodes added, per node (before any pod). RSS (VmRSS) and heap after GC at the end.", table + profiles);
        return 0;
    }

    private List<String> once(String backend, StringBuilder profiles) throws Exception {
        try (HollowCluster cluster = new HollowCluster(backend, nodes, false);
                PodTimes times = new PodTimes(cluster.client, "default"); Profile profile = new Profile()) {
            long start = System.nanoTime();
            long cpuStart = HollowCluster.processCpuNanos();
            SchedulingBenchmark.parallel(clients, pods, i -> {
                times.created("pod-" + i);
                return cluster.api.post("/api/v1/namespaces/default/pods",
                        Serialization.asJson(SchedulingBenchmark.pod(i, null)));
            });
            if (!times.awaitRunning(pods, Duration.ofMinutes(10))) {
                throw new IllegalStateException("only " + times.running() + " of " + pods + " pods ran");
            }
            double cpuPerPod = (HollowCluster.processCpuNanos() - cpuStart) / 1e6 / pods;
            double boundSeconds = (times.lastBound() - start) / 1e9;
            double runningSeconds = (times.lastRunning() - start) / 1e9;
            List<Duration> bound = times.toBound();
            List<Duration> running = times.toRunning();
            List<String> shares = new ArrayList<>();
            profile.shares().forEach((component, share) -> {
                if (share >= 1) {
                    shares.add(component + " " + Report.fmt("%.0f%%", share));
                }
            });
            profiles.append("\nWhere the CPU went, ").append(backend).append(" (JFR samples): ")
                    .append(String.join(", ", shares)).append(". Load average at the end: ")
                    .append(HollowCluster.loadAverage()).append(".\n");
            long heap = HollowFleet.heapAfterGc();
            long rss = HollowCluster.rss();
            System.out.printf(Locale.ROOT, "%s: %d pods bound in %.2f s, Running in %.2f s; RSS %d MB, heap %d MB%n",
                    backend, pods, boundSeconds, runningSeconds, rss >> 20, heap >> 20);
            return List.of(backend, String.valueOf(nodes), String.valueOf(pods), Report.fmt("%.1f", cluster.nodesSeconds),
                    String.valueOf(cluster.heapPerNode >> 10),
                    Report.fmt("%.0f", pods / boundSeconds), Report.fmt("%.0f", pods / runningSeconds),
                    Report.fmt("%.0f", Percentiles.of(bound, 0.5)), Report.fmt("%.0f", Percentiles.of(bound, 0.99)),
                    Report.fmt("%.0f", Percentiles.of(running, 0.5)), Report.fmt("%.0f", Percentiles.of(running, 0.99)),
                    Report.fmt("%.1f", cpuPerPod), String.valueOf(rss >> 20), String.valueOf(heap >> 20));
        }
    }
}
