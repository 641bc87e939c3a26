package io.podyard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.proxy.HostCommand;
import io.podyard.proxy.Proxy;
import io.podyard.proxy.ProxyOptions;
import io.podyard.proxy.dns.Upstreams;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Services with real containers: three httpd pods behind a ClusterIP, reached by name 300 times from
 * a client pod whose resolv.conf is ClusterFirst's (through the kube-dns Service and the proxy's
 * nftables rules), at a NodePort from the node, and names (a ClusterIP Service, a headless one)
 * resolved through the kube-dns Service. The EndpointSlice
 * controller follows the pods: scaling the Deployment to one leaves one backend.
 */
class ServiceTrafficTest extends NodeClusterSession {
    private static final String HTTPD = "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www";
    private final ThreadLocalRandom random = ThreadLocalRandom.current();
    private final String dnsIp = "10.96." + random.nextInt(1, 250) + "." + random.nextInt(2, 250);
    private Proxy proxy;
    private String table;

    /** The node tells ClusterFirst pods to ask this test's cluster DNS Service. */
    @Override
    NodeCluster newCluster(Path dir) {
        return new NodeCluster(dir, List.of(dnsIp));
    }

    @AfterEach
    void stopProxy() {
        // The Deployment first, so its ReplicaSet does not replace the pods the cluster deletes on close.
        KubernetesClient client = cluster.client();
        client.apps().deployments().inNamespace("default").withName("web").delete();
        await().atMost(Duration.ofSeconds(60)).until(() ->
                client.apps().replicaSets().inNamespace("default").list().getItems().isEmpty());
        if (proxy != null) {
            proxy.close();
            assertThat(HostCommand.HOST.run(null, "nft", "list", "tables").stdout()).doesNotContain(table);
        }
    }

    @Test
    void aServiceBalancesOverItsPodsAndHasADnsName() throws Exception {
        KubernetesClient client = cluster.client();
        String subnet = cluster.node().network.network().subnet().toString();
        table = "pye2e" + Integer.toHexString(random.nextInt(1 << 16));
        String webIp = "10.96." + random.nextInt(1, 250) + "." + random.nextInt(2, 250);
        proxy = Proxy.start(client, new ProxyOptions(NodeCluster.NODE_NAME, "10.96.0.0/12", Optional.of(subnet), table,
                "cluster.local", dnsIp, new InetSocketAddress("169.254.20." + random.nextInt(100, 250), 0),
                Upstreams.NONE, HostCommand.HOST));

        kubectl.run("create", "deployment", "web", "--image=" + busybox, "--replicas=3", "--", "sh", "-c", HTTPD).ok();
        kubectl.run("run", "client", "--image=" + busybox, "--command", "--", "sleep", "3600").ok();
        List<Pod> web = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> running(client, Map.of("app", "web")), pods -> pods.size() == 3);
        await().atMost(Duration.ofSeconds(90)).until(() -> running(client, Map.of("run", "client")).size() == 1);
        String clientNetns = netns(client, "client");

        Path manifest = dir.resolve("web-svc.yaml");
        Files.writeString(manifest, """
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  clusterIP: %s
                  selector: {app: web}
                  ports: [{name: http, port: 80, targetPort: 8080}]
                """.formatted(webIp));
        kubectl.run("apply", "-f", manifest.toString()).ok();

        String url = "http://" + webIp + "/";
        await().atMost(Duration.ofSeconds(30)).until(() -> fetch(clientNetns, url).startsWith("web-"));
        assertThat(fetchFromHost(url)).as("the node itself reaches the ClusterIP").startsWith("web-");

        // The client pod's resolv.conf is ClusterFirst's: the kube-dns Service and the search path.
        assertThat(kubectl.run("exec", "client", "--", "cat", "/etc/resolv.conf").ok().out())
                .contains("nameserver " + dnsIp, "search default.svc.cluster.local svc.cluster.local cluster.local",
                        "ndots:5");
        await().atMost(Duration.ofSeconds(30)).until(() -> kubectl.run("exec", "client", "--", "wget", "-q", "-O", "-",
                "http://web.default.svc.cluster.local/").out().startsWith("web-"));
        assertThat(kubectl.run("exec", "client", "--", "wget", "-q", "-O", "-", "http://web/").ok().out())
                .as("the short name, through the search path").startsWith("web-");
        List<String> answers = kubectl.run("exec", "client", "--", "sh", "-c", "i=0; while [ $i -lt 300 ]; do"
                + " wget -q -O - http://web.default.svc.cluster.local/ || echo failed; i=$((i+1)); done").ok().out()
                .lines().toList();
        assertThat(answers).hasSize(300).allMatch(a -> a.startsWith("web-"));
        assertThat(Set.copyOf(answers))
                .containsExactlyInAnyOrderElementsOf(web.stream().map(p -> p.getMetadata().getName()).toList());
        readinessDecidesWhoAnswers(clientNetns, url);

        String dns = nslookup(clientNetns, "web.default.svc.cluster.local", dnsIp);
        assertThat(dns).contains(webIp);

        // Headless: the name resolves to the pods themselves.
        Files.writeString(manifest, """
                apiVersion: v1
                kind: Service
                metadata: {name: web-headless}
                spec:
                  clusterIP: None
                  selector: {app: web}
                  ports: [{name: http, port: 8080}]
                """);
        kubectl.run("apply", "-f", manifest.toString()).ok();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(nslookup(clientNetns, "web-headless.default.svc.cluster.local", dnsIp))
                        .contains(web.stream().map(p -> p.getStatus().getPodIP()).toList()));

        // NodePort: from the node itself, at its address on the pod bridge.
        int nodePort = random.nextInt(30000, 32768);
        String npIp = "10.96." + random.nextInt(1, 250) + "." + random.nextInt(2, 250);
        Files.writeString(manifest, """
                apiVersion: v1
                kind: Service
                metadata: {name: web-np}
                spec:
                  type: NodePort
                  clusterIP: %s
                  selector: {app: web}
                  ports: [{name: http, port: 80, targetPort: 8080, nodePort: %d}]
                """.formatted(npIp, nodePort));
        kubectl.run("apply", "-f", manifest.toString()).ok();
        String nodeUrl = "http://" + cluster.node().network.network().subnet().gateway() + ":" + nodePort + "/";
        await().atMost(Duration.ofSeconds(10)).until(() -> fetchFromHost(nodeUrl).startsWith("web-"));
        kubectl.run("delete", "service", "web-headless", "web-np").ok();

        kubectl.run("scale", "deployment", "web", "--replicas=1").ok();
        List<Pod> remaining = await().atMost(Duration.ofSeconds(60)).until(() -> client.pods().inNamespace("default")
                .withLabel("app", "web").list().getItems(), pods -> pods.size() == 1);
        String only = remaining.getFirst().getMetadata().getName();
        await().atMost(Duration.ofSeconds(30)).until(() -> web.stream().map(p -> p.getStatus().getPodIP())
                .filter(ip -> !ip.equals(remaining.getFirst().getStatus().getPodIP())).noneMatch(rules()::contains));
        Set<String> after = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            after.add(fetch(clientNetns, url));
        }
        assertThat(after).containsExactly(only);

        kubectl.run("delete", "service", "web").ok();
        await().atMost(Duration.ofSeconds(30)).until(() -> !rules().contains(webIp));
    }

    /**
     * A pod behind the Service with a readiness probe: it answers once ready, and after `kubectl exec`
     * takes its readiness away it drops out of the answers (the EndpointSlice marks it not ready and
     * the proxy's rules leave it out); then it goes.
     */
    private void readinessDecidesWhoAnswers(String clientNetns, String url) throws Exception {
        Path manifest = dir.resolve("flaky.yaml");
        Files.writeString(manifest, """
                apiVersion: v1
                kind: Pod
                metadata: {name: flaky, labels: {app: web}}
                spec:
                  terminationGracePeriodSeconds: 0
                  containers:
                  - name: web
                    image: %s
                    command: [sh, -c, "mkdir -p /www && echo flaky > /www/index.html && touch /tmp/ready && exec httpd -f -p 8080 -h /www"]
                    readinessProbe:
                      exec: {command: [test, -f, /tmp/ready]}
                      periodSeconds: 1
                      failureThreshold: 1
                """.formatted(busybox));
        kubectl.run("apply", "-f", manifest.toString()).ok();
        await().atMost(Duration.ofSeconds(60)).until(() -> answers(clientNetns, url, 30).contains("flaky"));

        kubectl.run("exec", "flaky", "--", "rm", "/tmp/ready").ok();
        await().atMost(Duration.ofSeconds(30)).until(() -> !answers(clientNetns, url, 30).contains("flaky"));
        assertThat(kubectl.run("get", "pod", "flaky", "-o", "jsonpath={.status.containerStatuses[0].ready}").out())
                .isEqualTo("false");
        kubectl.run("delete", "pod", "flaky").ok();
        await().atMost(Duration.ofSeconds(60)).until(() -> cluster.client().pods().inNamespace("default")
                .withName("flaky").get() == null);
    }

    private static Set<String> answers(String netns, String url, int requests) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            seen.add(fetch(netns, url));
        }
        return seen;
    }

    private static List<Pod> running(KubernetesClient client, Map<String, String> labels) {
        return client.pods().inNamespace("default").withLabels(labels).list().getItems().stream()
                .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase())
                        && p.getStatus().getPodIP() != null)
                .toList();
    }

    private String netns(KubernetesClient client, String podName) {
        Pod pod = client.pods().inNamespace("default").withName(podName).get();
        return cluster.node().sandboxes().get(pod.getMetadata().getUid()).orElseThrow().netns().toString();
    }

    private static String fetch(String netns, String url) {
        HostCommand.Result result = HostCommand.HOST.run(null, "timeout", "5", "nsenter", "--net=" + netns,
                "busybox", "wget", "-q", "-O", "-", url);
        return result.ok() ? result.stdout().strip() : "error: " + result.stderr().strip();
    }

    private static String fetchFromHost(String url) {
        HostCommand.Result result = HostCommand.HOST.run(null, "timeout", "5", "busybox", "wget", "-q", "-O", "-", url);
        return result.ok() ? result.stdout().strip() : "error: " + result.stderr().strip();
    }

    private static String nslookup(String netns, String name, String server) {
        HostCommand.Result result = HostCommand.HOST.run(null, "timeout", "10", "nsenter", "--net=" + netns,
                "busybox", "nslookup", name, server);
        return result.stdout() + result.stderr();
    }

    private String rules() {
        return HostCommand.HOST.run(null, "nft", "list", "table", "ip", table).stdout();
    }
}
