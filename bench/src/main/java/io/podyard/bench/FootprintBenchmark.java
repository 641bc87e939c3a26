package io.podyard.bench;

import io.fabric8.kubernetes.api.model.Node;
import io.podyard.node.agent.HollowFleet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Footprint: cold start of an in-process API server, scheduler and one hollow node until the Node
 * is Ready; then RSS (VmRSS) and heap after an idle period. (RSS at the end of scheduling-basic is
 * reported by that scenario.)
 */
@Command(name = "footprint", mixinStandardHelpOptions = true,
        description = "Cold start of server + scheduler + a hollow node to node Ready; RSS and heap after idling.")
final class FootprintBenchmark implements Callable<Integer> {
    @Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--idle", description = "idle seconds before measuring RSS (default ${DEFAULT-VALUE})")
    int idle = 60;

    @Option(names = "--backends", split = ",", description = "sqlite and/or etcd (default: sqlite)")
    List<String> backends = List.of("sqlite");

    @Override
    public Integer call() throws Exception {
        List<List<String>> rows = new ArrayList<>();
        for (String backend : backends) {
            rows.add(once(backend));
        }
        String table = Report.table(List.of("backend", "cold start to node Ready s", "idle s", "RSS MB", "heap MB"), rows);
        System.out.print(table);
        Report.append(run.report, "footprint", "Cold start: an in-process API server (fresh store), the scheduler and"
                + " one hollow node, from nothing to the Node's Ready condition seen by a client (the benchmark JVM is"
                + " already running, so JVM start-up itself is not included). Then RSS (VmRSS of the whole process)"
                + " and heap after GC once idle. Goal: cold start ≤ 2 s, idle RSS ≤ 200 MB."
                + " The machine's load average at the end: " + HollowCluster.loadAverage() + ".", table);
        return 0;
    }

    private List<String> once(String backend) throws Exception {
        long start = System.nanoTime();
        try (HollowCluster cluster = new HollowCluster(backend, 1, false)) {
            while (!ready(cluster.client.nodes().withName("hollow-0").get())) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
            double coldStart = (System.nanoTime() - start) / 1e9;
            TimeUnit.SECONDS.sleep(idle);
            long heap = HollowFleet.heapAfterGc();
            long rss = HollowCluster.rss();
            System.out.printf(Locale.ROOT, "%s: node Ready after %.2f s; after %d s idle RSS %d MB, heap %d MB%n",
                    backend, coldStart, idle, rss >> 20, heap >> 20);
            return List.of(backend, Report.fmt("%.2f", coldStart), String.valueOf(idle), String.valueOf(rss >> 20),
                    String.valueOf(heap >> 20));
        }
    }

    private static boolean ready(Node node) {
        return node != null && node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }
}
