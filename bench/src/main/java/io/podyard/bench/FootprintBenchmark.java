package io.podyard.bench;

import io.podyard.store.etcd.EtcdProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Footprint: {@code ./podyard server --runtime hollow} started as a user starts it, timed from the
 * launch (JVM start-up included) to its node's Ready condition; then the server process' RSS and
 * heap after an idle period. (RSS at the end of scheduling-basic is reported by that scenario.)
 */
@Command(name = "footprint", mixinStandardHelpOptions = true,
        description = "Cold start of `podyard server --runtime hollow` to node Ready; RSS and heap after idling.")
final class FootprintBenchmark implements Callable<Integer> {
    @Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--idle", description = "idle seconds before measuring RSS (default ${DEFAULT-VALUE})")
    int idle = 60;

    @Option(names = "--backends", split = ",", description = "sqlite and/or etcd (default: sqlite)")
    List<String> backends = List.of("sqlite");

    @Override
    public Integer call() throws Exception {
        ServerProcess.build();
        List<List<String>> rows = new ArrayList<>();
        for (String backend : backends) {
            rows.add(once(backend));
        }
        String table = Report.table(List.of("backend", "cold start to node Ready s", "idle s", "RSS MB", "heap MB"),
                rows);
        System.out.print(table);
        Report.append(run.report, "footprint", "Cold start: `./podyard server --runtime hollow` launched as a user"
                + " launches it (the launcher script and its JVM flags, a fresh data directory; the jar already"
                + " built), from the launch to its node's Ready condition seen by a client: JVM start-up, CA and"
                + " certificates, the store, API server, scheduler, controllers and the hollow node. Then the server"
                + " process' RSS (VmRSS) and its heap after a GC, once idle. Goal: cold start ≤ 2 s, idle RSS ≤ 200 MB."
                + " The machine's load average at the end: " + HollowCluster.loadAverage() + ".", table);
        return 0;
    }

    private List<String> once(String backend) throws Exception {
        Path dir = Files.createTempDirectory("podyard-footprint-");
        EtcdProcess etcd = backend.equals("etcd") ? EtcdProcess.start() : null;
        try {
            long start = System.nanoTime();
            try (ServerProcess server = ServerProcess.start(dir.resolve("data"),
                    Optional.ofNullable(etcd).map(EtcdProcess::endpoint))) {
                server.awaitNodeReady(TimeUnit.SECONDS.toNanos(120));
                double coldStart = (System.nanoTime() - start) / 1e9;
                TimeUnit.SECONDS.sleep(idle);
                long rss = server.rss();
                long heap = server.heapAfterGc();
                System.out.printf(Locale.ROOT, "%s: node Ready after %.2f s; after %d s idle RSS %d MB, heap %d MB%n",
                        backend, coldStart, idle, rss >> 20, heap >> 20);
                return List.of(backend, Report.fmt("%.2f", coldStart), String.valueOf(idle),
                        String.valueOf(rss >> 20), heap < 0 ? "?" : String.valueOf(heap >> 20));
            }
        } finally {
            if (etcd != null) {
                etcd.close();
            }
            TempDirs.delete(dir);
        }
    }
}
