package io.podyard.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.cli.join.NodeJoin;
import io.podyard.client.ApiClients;
import io.podyard.node.agent.NodeAgent;
import io.podyard.node.agent.NodeOptions;
import io.podyard.node.agent.NodePrerequisites;
import io.podyard.node.sandbox.Ipv4Cidr;
import io.podyard.node.server.NodeServerOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "agent", description = "Join a Podyard cluster as a node and run its pods on this machine. The first"
        + " start needs --token and --ca-cert-hash (from `podyard token create` on the server); later starts reuse"
        + " the node's own credential.")
final class AgentCommand implements Callable<Integer> {
    private static final Duration JOIN_TIMEOUT = Duration.ofMinutes(2);

    @Spec
    CommandSpec spec;

    @Option(names = "--server", required = true, description = "the API server, e.g. https://10.0.0.1:6443")
    URI server;

    @Option(names = "--token", description = "a bootstrap token (id.secret) for the first join")
    String token;

    @Option(names = "--ca-cert-hash", description = "the cluster CA's pin, sha256:<hex>, for the first join")
    String caCertHash;

    @Option(names = "--data-dir", description = "the node's state (default: /var/lib/podyard as root, else ~/.podyard)")
    Path dataDir;

    @Option(names = "--node-name", description = "this machine's Node name (default: the host name)")
    String nodeName;

    @Option(names = "--cluster-cidr", description = "the pods' network; this node takes a /24 of it"
            + " (default ${DEFAULT-VALUE})")
    String clusterCidr = NodeOptions.DEFAULT_CLUSTER_CIDR.toString();

    @Option(names = "--kubelet-port", description = "the node server's port, where the API server reaches logs,"
            + " exec and port-forward (default ${DEFAULT-VALUE})")
    int kubeletPort = 10250;

    @Option(names = "--insecure-registry", description = "a registry (host[:port]) to pull from over plain HTTP"
            + " (repeatable; loopback registries always are)")
    List<String> insecureRegistries = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<String> problem = NodePrerequisites.problem();
        if (problem.isPresent()) {
            err.println("podyard: " + problem.get());
            return 1;
        }
        if (!"https".equals(server.getScheme()) || server.getHost() == null) {
            err.println("--server must be https://host[:port], not " + server);
            return 2;
        }
        Path dir = DataDir.orDefault(dataDir);
        String name = nodeName != null ? nodeName : ServerCommand.hostName();
        Path kubeconfig = dir.resolve(NodeJoin.KUBECONFIG);
        if (!Files.exists(kubeconfig)) {
            if (token == null || caCertHash == null) {
                err.println("this node has not joined yet: give --token and --ca-cert-hash (podyard token create)");
                return 2;
            }
            NodeJoin.join(server, token, caCertHash, name, dir, JOIN_TIMEOUT);
            out.println("Node " + name + " joined " + server + "; its credential is in " + kubeconfig);
        }
        NodeOptions options = NodeOptions.defaults(name, dir, dataDir == null ? Path.of("/run/podyard") : dir.resolve("run"))
                .withClusterCidr(Ipv4Cidr.parse(clusterCidr)).withInsecureRegistries(Set.copyOf(insecureRegistries))
                .withServer(NodeServerOptions.fromPki(dir.resolve("pki"), "0.0.0.0", kubeletPort));
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
        KubernetesClient client = ApiClients.create(config);
        NodeAgent agent;
        try {
            String caPem = new String(Base64.getDecoder().decode(config.getCaCertData()), StandardCharsets.US_ASCII);
            NodeJoin.ensureServingCertificate(client, caPem, name, dir.resolve("pki"), JOIN_TIMEOUT);
            agent = NodeAgent.start(client, options);
        } catch (Exception e) {
            client.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            client.close();
            stopped.countDown();
        }, "podyard-agent-shutdown"));
        out.println("Node " + name + " runs pods for " + server + " (state in " + dir + ")");
        out.flush();
        stopped.await();
        return 0;
    }
}
