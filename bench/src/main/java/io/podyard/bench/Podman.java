package io.podyard.bench;

import io.podyard.node.exec.Command;
import io.podyard.node.exec.CommandResult;
import io.podyard.node.testing.TestNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The podman contender of the pod-startup benchmark: {@code podman kube play} of the same pod
 * (an infra container holding the namespaces plus the busybox container), timed from the call
 * until it returns with the containers running. Podman runs with a containers.conf of this run:
 * the same CNI plugins as Podyard's for a pod without host ports (bridge + host-local on a test
 * network of its own; no portmap, firewall or masquerade plugins, so nothing lands in the host's
 * iptables), and modest nofile
 * and nproc limits (runc refuses podman's defaults on these machines, which lack CAP_SYS_RESOURCE). Pods and the image are removed afterwards.
 */
final class Podman {
    static final String BINARY = "/usr/bin/podman";
    private static final String NETWORK = "podyard-bench";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final Path dir;
    private final String image;
    private final TestNetwork network;
    private final Map<String, String> environment;

    Podman(Path dir, String image, TestNetwork network) {
        this.dir = dir;
        this.image = image;
        this.network = network;
        this.environment = Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"),
                "CONTAINERS_CONF", dir.resolve("containers.conf").toString());
    }

    private void configure() throws IOException {
        Path cni = Files.createDirectories(dir.resolve("cni"));
        Files.writeString(cni.resolve("bench.conflist"), """
                {"cniVersion": "0.4.0", "name": "%s", "plugins": [
                  {"type": "bridge", "bridge": "%s", "isGateway": true, "ipMasq": false,
                   "ipam": {"type": "host-local", "dataDir": "%s", "ranges": [[{"subnet": "%s"}]]}}]}
                """.formatted(NETWORK, network.network().bridge(), dir.resolve("ipam"), network.network().subnet()));
        Files.writeString(dir.resolve("containers.conf"), """
                [containers]
                default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]
                [network]
                network_backend = "cni"
                cni_plugin_dirs = ["/usr/lib/cni"]
                network_config_dir = "%s"
                default_network = "%s"
                """.formatted(cni, NETWORK));
    }

    List<Duration> run(int warmup, int count) throws IOException {
        Files.createDirectories(dir);
        configure();
        List<String> pods = new ArrayList<>();
        try {
            podman("pull", "--tls-verify=false", "-q", image);
            List<Duration> latencies = new ArrayList<>();
            for (int i = 0; i < warmup + count; i++) {
                String name = "podyard-bench-" + i;
                Path yaml = dir.resolve(name + ".yaml");
                Files.writeString(yaml, """
                        apiVersion: v1
                        kind: Pod
                        metadata:
                          name: %s
                        spec:
                          terminationGracePeriodSeconds: 0
                          containers:
                          - name: main
                            image: %s
                            command: ["sleep", "3600"]
                        """.formatted(name, image));
                pods.add(name);
                long start = System.nanoTime();
                podman("kube", "play", "--tls-verify=false", "--network", NETWORK, yaml.toString());
                if (i >= warmup) {
                    latencies.add(Duration.ofNanos(System.nanoTime() - start));
                }
            }
            return latencies;
        } finally {
            for (String pod : pods) {
                command("pod", "rm", "-f", "-t", "0", pod).run();
            }
            command("rmi", "-f", image).run();
        }
    }

    private void podman(String... args) {
        Command command = command(args);
        CommandResult result = command.run();
        if (result.exitCode() != 0) {
            throw new UncheckedIOException(new IOException(command.display() + " failed: " + result.stderr()));
        }
    }

    private Command command(String... args) {
        List<String> argv = new ArrayList<>(List.of(BINARY));
        argv.addAll(List.of(args));
        return Command.of(argv).withEnvironment(environment).withTimeout(TIMEOUT);
    }
}
