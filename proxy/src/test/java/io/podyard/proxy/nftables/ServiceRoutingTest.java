package io.podyard.proxy.nftables;

import static io.podyard.proxy.Fixtures.nodePort;
import static io.podyard.proxy.Fixtures.ready;
import static io.podyard.proxy.Fixtures.service;
import static io.podyard.proxy.Fixtures.slice;
import static io.podyard.proxy.Fixtures.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.apiserver.ServerFixture;
import io.podyard.proxy.HostCommand;
import io.podyard.proxy.ServiceCidrRoute;
import io.podyard.proxy.ServiceInformers;
import io.podyard.proxy.testing.NetnsLab;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real kernel, real nftables: Services from a real API server routed by {@link ServiceRouter} inside
 * a node namespace to busybox httpd "pods" in their own namespaces.
 */
class ServiceRoutingTest {
    @TempDir
    Path dir;

    private ServerFixture server;
    private KubernetesClient client;
    private NetnsLab lab;
    private ServiceInformers informers;
    private ServiceRouter router;
    private ServiceCidrRoute cidrRoute;
    private String table;
    private String clusterIp;

    @BeforeEach
    void setUp() {
        server = new ServerFixture(dir.resolve("server"));
        client = server.client();
        lab = NetnsLab.create(dir);
        table = "pyt" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20));
        clusterIp = "10.96." + ThreadLocalRandom.current().nextInt(1, 250) + "." + ThreadLocalRandom.current().nextInt(2, 250);
        cidrRoute = ServiceCidrRoute.install(lab.node(), "10.96.0.0/12");
        informers = new ServiceInformers(client);
        router = new ServiceRouter(informers, new NftConfig(table, "node-a", Optional.of(lab.podCidr())), lab.node());
    }

    @AfterEach
    void tearDown() {
        try {
            if (router != null) {
                router.close();
                assertThat(lab.node().run(null, "nft", "list", "tables").stdout()).doesNotContain(table);
            }
            if (informers != null) {
                informers.close();
            }
            if (cidrRoute != null) {
                cidrRoute.close();
                assertThat(lab.node().run(null, "ip", "route", "show", "table", "local").stdout())
                        .doesNotContain("10.96.0.0/12");
            }
        } finally {
            lab.close();
            server.close();
            assertThat(lab.leftovers()).isEmpty();
        }
    }

    @Test
    void clusterIpBalancesOverReadyEndpointsAndFollowsChanges() {
        String ip1 = lab.addPod("b1");
        String ip2 = lab.addPod("b2");
        String ip3 = lab.addPod("b3");
        lab.addPod("client");
        for (String name : new String[] {"b1", "b2", "b3"}) {
            lab.serve(name);
        }
        // The node listens on the Service port: a packet the rules let through to the node (whose
        // local route holds the Service CIDR) is answered "node", so "refused" below is the reject rule's.
        lab.serveOnNode(80);
        createService(service("default", "web", clusterIp, tcp("http", 80)).build());
        EndpointSlice slice = client.resource(slice("default", "web", "http", 8080, ready(ip1, "node-a"),
                ready(ip2, "node-a"), ready(ip3, "node-b"))).create();
        String url = "http://" + clusterIp + "/";
        await().atMost(Duration.ofSeconds(10)).until(() -> fetch(url).startsWith("b"));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            seen.add(fetch(url));
        }
        assertThat(seen).containsExactlyInAnyOrder("b1", "b2", "b3");

        client.resource(slice("default", "web", "http", 8080, ready(ip2, "node-a"))).update();
        await().atMost(Duration.ofSeconds(10)).until(() -> !rules().contains(ip1));
        Set<String> after = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            after.add(fetch(url));
        }
        assertThat(after).containsExactly("b2");

        client.resource(slice("default", "web", "http", 8080)).update();
        await().atMost(Duration.ofSeconds(10)).until(() -> !rules().contains(ip2));
        assertThat(fetch(url)).as("no endpoints: rejected with a TCP reset").contains("refused");

        client.resource(slice).delete();
        client.services().inNamespace("default").withName("web").delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> !rules().contains(clusterIp));
    }

    @Test
    void nodePortAndExternalIpAreReachableFromTheNodeAndHairpinWorks() {
        String ip1 = lab.addPod("b1");
        lab.serve("b1");
        createService(service("default", "np", clusterIp, nodePort("http", 80, 30080)).editSpec().withType("NodePort")
                .withExternalIPs(lab.nodeIp()).endSpec().build());
        client.resource(slice("default", "np", "http", 8080, ready(ip1, "node-a"))).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> rules().contains("30080"));
        assertThat(NetnsLab.fetch(lab.nodeNs(), "http://" + lab.nodeIp() + ":30080/")).isEqualTo("b1");
        assertThat(NetnsLab.fetch(lab.nodeNs(), "http://" + lab.nodeIp() + ":80/")).as("external IP").isEqualTo("b1");
        // A pod reaching itself through its Service: the reply only finds its way back masqueraded.
        assertThat(NetnsLab.fetch(lab.podNs("b1"), "http://" + clusterIp + "/")).isEqualTo("b1");
    }

    /**
     * NodePort traffic from outside the cluster: with externalTrafficPolicy Local it goes only to this
     * node's endpoints and they see the client's own address; with Cluster it goes to every endpoint,
     * masqueraded (the endpoints see the node).
     */
    @Test
    void externalTrafficPolicyLocalKeepsTheClientAddressAndClusterMasqueradesNodePortTraffic() {
        String ip1 = lab.addPod("b1");
        String ip2 = lab.addPod("b2");
        String outsider = lab.addOutsider("outside");
        lab.serve("b1");
        lab.serve("b2");
        String otherIp = clusterIp.equals("10.96.0.50") ? "10.96.0.51" : "10.96.0.50";
        createService(service("default", "local", clusterIp, nodePort("http", 80, 30081)).editSpec()
                .withType("NodePort").withExternalTrafficPolicy("Local").endSpec().build());
        createService(service("default", "cluster", otherIp, nodePort("http", 80, 30082)).editSpec()
                .withType("NodePort").withExternalTrafficPolicy("Cluster").endSpec().build());
        // b1 runs on this node (node-a), b2 on another.
        client.resource(slice("default", "local", "http", 8080, ready(ip1, "node-a"), ready(ip2, "node-b"))).create();
        client.resource(slice("default", "cluster", "http", 8080, ready(ip1, "node-a"), ready(ip2, "node-b"))).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> rules().contains("30081") && rules().contains("30082"));

        String peer = "/cgi-bin/peer";
        assertThat(answers(lab.podNs("outside"), "http://" + lab.nodeIp() + ":30081" + peer, 20))
                .as("Local: this node's endpoint, seeing the client").containsExactly("b1 " + outsider);
        assertThat(answers(lab.podNs("outside"), "http://" + lab.nodeIp() + ":30082" + peer, 20))
                .as("Cluster: every endpoint, seeing the node").containsExactlyInAnyOrder("b1 " + lab.nodeIp(),
                        "b2 " + lab.nodeIp());
    }

    /** internalTrafficPolicy Local without an endpoint on this node: dropped, neither refused nor answered. */
    @Test
    void internalTrafficPolicyLocalWithoutALocalEndpointGetsNoAnswer() {
        String ip1 = lab.addPod("b1");
        lab.addPod("client");
        lab.serve("b1");
        lab.serveOnNode(80);
        createService(service("default", "web", clusterIp, tcp("http", 80)).editSpec()
                .withInternalTrafficPolicy("Local").endSpec().build());
        client.resource(slice("default", "web", "http", 8080, ready(ip1, "node-a"))).create();
        String url = "http://" + clusterIp + "/";
        await().atMost(Duration.ofSeconds(10)).until(() -> fetch(url).equals("b1"));

        client.resource(slice("default", "web", "http", 8080, ready(ip1, "node-b"))).update();
        await().atMost(Duration.ofSeconds(10)).until(() -> rules().contains("drop"));
        assertThat(fetch(url)).as("wget killed by timeout: no answer at all").endsWith("(124)");
    }

    /**
     * ClientIP affinity with a one-second timeout (the API allows 1 to 86400): once a second passes
     * without a new connection, the client is free to land on the other endpoint.
     */
    @Test
    void clientIpAffinityEndsAfterItsTimeout() {
        String url = stickyService(1);
        String first = fetch(url);
        // Each try comes after the timeout: a fresh random choice, so the other endpoint turns up.
        await().pollDelay(Duration.ofMillis(1500)).pollInterval(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(90))
                .until(() -> !fetch(url).equals(first));
    }

    /**
     * Two endpoints b1 and b2 behind a ClientIP-affinity Service (its timeout in seconds, or the
     * default), a client pod, and the Service's URL once it answers.
     */
    private String stickyService(Integer timeoutSeconds) {
        String ip1 = lab.addPod("b1");
        String ip2 = lab.addPod("b2");
        lab.addPod("client");
        lab.serve("b1");
        lab.serve("b2");
        createService(service("default", "sticky", clusterIp, tcp("http", 80)).editSpec().withSessionAffinity("ClientIP")
                .withNewSessionAffinityConfig().withNewClientIP().withTimeoutSeconds(timeoutSeconds).endClientIP()
                .endSessionAffinityConfig().endSpec().build());
        client.resource(slice("default", "sticky", "http", 8080, ready(ip1, "node-a"), ready(ip2, "node-a"))).create();
        String url = "http://" + clusterIp + "/";
        await().atMost(Duration.ofSeconds(10)).until(() -> fetch(url).startsWith("b"));
        return url;
    }

    @Test
    void clientIpAffinityKeepsAClientOnOneBackend() {
        String url = stickyService(null);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            seen.add(fetch(url));
        }
        assertThat(seen).hasSize(1);
    }

    @Test
    void serviceCidrTrafficWithoutRuleStaysOnTheNode() {
        lab.addPod("client");
        String route = lab.node().run(null, "ip", "route", "get", "10.96.0.77").stdout();
        assertThat(route).startsWith("local 10.96.0.77 dev lo");
        // No Service there: the node itself refuses the connection, nothing is forwarded anywhere.
        assertThat(fetch("http://10.96.0.77/")).contains("refused");
        assertThat(NetnsLab.fetch(lab.nodeNs(), "http://10.96.0.77/")).contains("refused");
    }

    @Test
    void theNodeItselfReachesAClusterIp() {
        String ip = lab.addPod("a");
        lab.serve("a");
        createService(service("default", "web", clusterIp, tcp("http", 80)).build());
        client.resource(slice("default", "web", "http", 8080, ready(ip, "node-a"))).create();

        await().atMost(Duration.ofSeconds(10)).until(() -> NetnsLab.fetch(lab.nodeNs(), "http://" + clusterIp + "/")
                .equals("a"));
    }

    private void createService(Service service) {
        client.resource(service).create();
    }

    private static Set<String> answers(String netns, String url, int requests) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            seen.add(NetnsLab.fetch(netns, url));
        }
        return seen;
    }

    private String fetch(String url) {
        return NetnsLab.fetch(lab.podNs("client"), url);
    }

    private String rules() {
        HostCommand.Result result = lab.node().run(null, "nft", "list", "table", "ip", table);
        return result.stdout();
    }
}
