package io.podyard.bench;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.client.ApiClients;
import io.podyard.client.NodeConditions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./podyard server --runtime hollow} as its own process, the way a user starts it (the
 * launcher script, its JVM flags, a fresh data directory): for measuring cold start and footprint.
 */
final class ServerProcess implements AutoCloseable {
    static final String NODE = "footprint-node";
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final Process process;
    private final Path dataDir;
    private KubernetesClient client;

    private ServerProcess(Process process, Path dataDir) {
        this.process = process;
        this.dataDir = dataDir;
    }

    /** The launcher script of this checkout (the benchmark runs from it, as the README says). */
    static Path launcher() {
        Path script = Path.of(System.getenv().getOrDefault("PODYARD_ROOT", ".")).resolve("podyard").toAbsolutePath();
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException("no podyard launcher at " + script + "; run the benchmark as ./podyard bench");
        }
        return script;
    }

    /** Builds the server jar if the launcher finds it stale, so no build is timed. */
    static void build() throws IOException, InterruptedException {
        Process version = new ProcessBuilder(launcher().toString(), "version").inheritIO().start();
        if (version.waitFor() != 0) {
            throw new IllegalStateException("./podyard version failed");
        }
    }

    static ServerProcess start(Path dataDir, Optional<String> etcdEndpoint) throws IOException {
        List<String> command = new ArrayList<>(List.of(launcher().toString(), "server", "--runtime", "hollow",
                "--data-dir", dataDir.toString(), "--bind-address", "127.0.0.1", "--port", String.valueOf(freePort()),
                "--kubelet-port", String.valueOf(freePort()), "--node-name", NODE));
        etcdEndpoint.ifPresent(e -> command.addAll(List.of("--datastore", "etcd", "--etcd-endpoints", e)));
        Files.createDirectories(dataDir);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile()).start();
        return new ServerProcess(process, dataDir);
    }

    /** Waits until the server wrote its kubeconfig and its node reports Ready. */
    void awaitNodeReady(long timeoutNanos) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        Path kubeconfig = dataDir.resolve("kubeconfig.yaml");
        while (client == null) {
            check(deadline);
            if (Files.exists(kubeconfig)) {
                client = ApiClients.create(Config.fromKubeconfig(Files.readString(kubeconfig)));
            } else {
                TimeUnit.MILLISECONDS.sleep(10);
            }
        }
        while (!NodeConditions.ready(nodeOrNull())) {
            check(deadline);
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    private Node nodeOrNull() {
        try {
            return client.nodes().withName(NODE).get();
        } catch (RuntimeException e) {
            return null; // the server is still starting (or just wrote its kubeconfig)
        }
    }

    private void check(long deadline) {
        if (!process.isAlive()) {
            throw new IllegalStateException("podyard server exited with " + process.exitValue() + "; see "
                    + dataDir + ".log");
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("podyard server's node was not Ready in time; see " + dataDir + ".log");
        }
    }

    /** VmRSS of the server's JVM (the launcher execs it, so it is the process started). */
    long rss() {
        return HollowCluster.rss(process.pid());
    }

    /** Heap in use after a full GC, asked of the server's JVM with jcmd; -1 if jcmd cannot tell. */
    long heapAfterGc() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        jcmd(jcmd, "GC.run");
        Matcher used = HEAP_USED.matcher(jcmd(jcmd, "GC.heap_info"));
        return used.find() ? Long.parseLong(used.group(1)) * 1024 : -1;
    }

    private String jcmd(Path jcmd, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), command)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Stops the server as a user would (SIGTERM runs its shutdown hook), then by force if it hangs. */
    @Override
    public void close() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
