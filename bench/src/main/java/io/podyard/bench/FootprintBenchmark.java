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
        List<Path> dirs = new ArrayList<>();
        List<EtcdProcess> etcds = new ArrayList<>();
        List<ServerProcess> servers = new ArrayList<>();
        try {
            // One server after the other to Ready (each start timed on its own), then they idle together.
            List<Double> coldStarts = new ArrayList<>();
            for (String backend : backends) {
                Path dir = Files.createTempDirectory("podyard-footprint-");
                dirs.add(dir);
                EtcdProcess etcd = backend.equals("etcd") ? EtcdProcess.start() : null;
                if (etcd != null) {
                    etcds.add(etcd);
                }
                long start = System.nanoTime();
                ServerProcess server = ServerProcess.start(dir.resolve("data"),
                        Optional.ofNullable(etcd).map(EtcdProcess::endpoint));
                servers.add(server);
                server.awaitNodeReady(TimeUnit.SECONDS.toNanos(120));
                coldStarts.add((System.nanoTime() - start) / 1e9);
                System.out.printf(Locale.ROOT, "%s: node Ready after %.2f s%n", backend, coldStarts.getLast());
            }
            TimeUnit.SECONDS.sleep(idle);
            for (int i = 0; i < backends.size(); i++) {
                long rss = servers.get(i).rss();
                long heap = servers.get(i).heapAfterGc();
                System.out.printf(Locale.ROOT, "%s: after %d s idle RSS %d MB, heap %d MB%n", backends.get(i), idle,
                        rss >> 20, heap >> 20);
                rows.add(List.of(backends.get(i), Report.fmt("%.2f", coldStarts.get(i)), String.valueOf(idle),
                        String.valueOf(rss >> 20), heap < 0 ? "?" : String.valueOf(heap >> 20)));
            }
        } finally {
            for (ServerProcess server : servers) {
                server.close();
            }
            etcds.forEach(EtcdProcess::close);
            dirs.forEach(TempDirs::delete);
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
}
