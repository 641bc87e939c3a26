package io.podyard.bench;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Kubernetes' density measure: pods created at a steady rate onto hollow nodes; pod startup
 * latency is creation to Running observed via watch (the SLO: p99 ≤ 5 s; our goal 1 s).
 */
@Command(name = "density", mixinStandardHelpOptions = true,
        description = "Pod startup at a steady rate (default 100 pods/s for 60 s on 1,000 hollow nodes): p50/p99 via watch.")
final class DensityBenchmark implements Callable<Integer> {
    @Mixin
    RunOptions run = new RunOptions();

    /** Creates waiting for an answer at most (HTTP/2 refuses streams past the server's limit). */
    private static final int MAX_IN_FLIGHT = 64;

    @Option(names = "--nodes", description = "hollow nodes (default ${DEFAULT-VALUE})")
    int nodes = 1000;

    @Option(names = "--rate", description = "pods per second (default ${DEFAULT-VALUE})")
    int rate = 100;

    @Option(names = "--duration", description = "seconds of pod creation (default ${DEFAULT-VALUE})")
    int duration = 60;

    @Option(names = "--backends", split = ",", description = "sqlite and/or etcd (default: sqlite)")
    List<String> backends = List.of("sqlite");

    @Override
    public Integer call() throws Exception {
        List<List<String>> rows = new ArrayList<>();
        for (String backend : backends) {
            rows.add(once(backend));
        }
        String table = Report.table(List.of("backend", "nodes", "pods/s asked", "pods/s created", "pods", "startup p50 ms", "startup p99 ms",
                "max ms"), rows);
        System.out.print(table);
        Report.append(run.report, "density on hollow nodes", rate + " pods/s for " + duration + " s onto " + nodes
                + " hollow nodes (one JVM with the API server and scheduler), at most " + MAX_IN_FLIGHT + " creates in flight"
                + " (when the server answers slower, the creation rate falls below the asked one); startup = pod creation to Running seen by"
                + " a watch. Kubernetes' SLO is p99 ≤ 5 s; our goal 1 s."
                + " The machine's load average at the end: " + HollowCluster.loadAverage() + ".", table);
        return 0;
    }

    private List<String> once(String backend) throws Exception {
        int pods = rate * duration;
        AtomicInteger failed = new AtomicInteger();
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        AtomicReference<String> firstFailure = new AtomicReference<>();
        try (HollowCluster cluster = new HollowCluster(backend, nodes, false);
                PodTimes times = new PodTimes(cluster.client, "default");
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            long start = System.nanoTime();
            for (int i = 0; i < pods; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                int n = i;
                inFlight.acquire();
                threads.submit(() -> {
                    times.created("pod-" + n);
                    try {
                        var response = cluster.api.post("/api/v1/namespaces/default/pods",
                                Serialization.asJson(SchedulingBenchmark.pod(n, null)));
                        if (response.statusCode() != 201) {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, response.statusCode() + " " + response.body());
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e.toString());
                    } finally {
                        inFlight.release();
                    }
                });
            }
            threads.shutdown();
            threads.awaitTermination(5, TimeUnit.MINUTES);
            double createSeconds = (System.nanoTime() - start) / 1e9;
            if (!times.awaitRunning(pods - failed.get(), Duration.ofMinutes(5))) {
                throw new IllegalStateException("only " + times.running() + " of " + pods + " pods ran ("
                        + failed.get() + " creates failed)");
            }
            if (firstFailure.get() != null) {
                System.out.println("first failed create: " + firstFailure.get());
            }
            List<Duration> startup = times.toRunning();
            System.out.printf(Locale.ROOT, "%s: %d pods, startup p50 %.0f ms, p99 %.0f ms%n", backend, pods,
                    Percentiles.of(startup, 0.5), Percentiles.of(startup, 0.99));
            return List.of(backend, String.valueOf(nodes), String.valueOf(rate), Report.fmt("%.0f", pods / createSeconds),
                    pods + (failed.get() == 0 ? ""
                    : " (" + failed.get() + " creates failed)"),
                    Report.fmt("%.0f", Percentiles.of(startup, 0.5)), Report.fmt("%.0f", Percentiles.of(startup, 0.99)),
                    Report.fmt("%.0f", Percentiles.of(startup, 1.0)));
        }
    }
}
