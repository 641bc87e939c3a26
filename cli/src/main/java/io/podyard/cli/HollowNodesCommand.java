package io.podyard.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.client.ApiClients;
import io.podyard.node.agent.HollowFleet;
import io.podyard.node.hollow.HollowSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "hollow-nodes", description = "A test tool: run N hollow nodes in this process — the real node agent"
        + " (registration, lease, pod workers, status) over a runtime that only pretends (no containers, network or"
        + " mounts). Pods steer them with the annotations hollow.podyard.io/exit-code, hollow.podyard.io/run-seconds"
        + " and hollow.podyard.io/probe-exit-code.")
final class HollowNodesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--server", description = "the API server (default: the kubeconfig's)")
    String server;

    @Option(names = "--kubeconfig", required = true, description = "credentials allowed to write Nodes, Leases and pod status")
    Path kubeconfig;

    @Option(names = "--count", defaultValue = "1", description = "how many nodes (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--prefix", defaultValue = "hollow", description = "node names are <prefix>-<i> (default ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--pull-latency", defaultValue = "0", description = "milliseconds a first image pull takes")
    long pullLatencyMillis;

    @Option(names = "--start-latency", defaultValue = "0", description = "milliseconds a container start takes")
    long startLatencyMillis;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
        if (server != null) {
            config.setMasterUrl(server);
        }
        HollowSettings settings = HollowSettings.DEFAULTS.withLatency(Duration.ofMillis(pullLatencyMillis),
                Duration.ofMillis(startLatencyMillis));
        Path dir = Files.createTempDirectory("podyard-hollow-");
        long before = HollowFleet.heapAfterGc();
        KubernetesClient client = ApiClients.create(config);
        long started = System.nanoTime();
        HollowFleet fleet;
        try {
            fleet = HollowFleet.start(client, prefix, count, dir, settings);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        long heap = HollowFleet.heapAfterGc() - before;
        out.printf("%d hollow nodes %s-0…%s-%d ready in %.1f s; heap %.1f MB (%.0f KB per node)%n", fleet.size(),
                prefix, prefix, count - 1, (System.nanoTime() - started) / 1e9, heap / 1e6,
                heap / 1e3 / Math.max(1, fleet.size()));
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            fleet.close();
            client.close();
            deleteTree(dir);
            stopped.countDown();
        }, "podyard-hollow-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            // stopped from inside the JVM (tests): stop the nodes here, not at exit
            Runtime.getRuntime().removeShutdownHook(hook);
            hook.run();
        }
        return 0;
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary directory: left for the system to clean
        }
    }
}
