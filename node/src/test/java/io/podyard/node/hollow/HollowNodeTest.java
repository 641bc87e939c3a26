package io.podyard.node.hollow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.apiserver.ServerFixture;
import io.podyard.node.agent.NodeAgent;
import io.podyard.node.agent.NodeOptions;
import io.podyard.node.agent.SharedNodePods;
import io.podyard.node.sandbox.Ipv4Cidr;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hollow nodes against a real API server, without root or runc: {@code hollow-a} watches its own
 * pods, {@code hollow-b} and {@code hollow-c} share one pod watch. No scheduler: pods name their node.
 */
class HollowNodeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    ServerFixture server;
    KubernetesClient client;
    SharedNodePods shared;
    final List<NodeAgent> agents = new ArrayList<>();

    @BeforeEach
    void start() {
        server = new ServerFixture(dir.resolve("server"));
        client = server.client();
        shared = new SharedNodePods(client);
        agents.add(NodeAgent.start(client, options("hollow-a")));
        agents.add(NodeAgent.start(client, options("hollow-b"), shared));
        agents.add(NodeAgent.start(client, options("hollow-c"), shared));
    }

    private NodeOptions options(String name) {
        return NodeOptions.defaults(name, dir.resolve(name), dir.resolve(name + "-run"))
                .withHollow(HollowSettings.DEFAULTS);
    }

    @AfterEach
    void stop() {
        agents.reversed().forEach(NodeAgent::close);
        shared.close();
        server.close();
    }

    @Test
    void podsGoRunningAndReadyWithAnAddressOfTheirNodesPodCidr() {
        for (String node : List.of("hollow-a", "hollow-b", "hollow-c")) {
            client.pods().inNamespace("default").resource(pod("web-" + node, node, Map.of())).create();
        }
        for (String node : List.of("hollow-a", "hollow-b", "hollow-c")) {
            Pod running = awaitPod("web-" + node, p -> "Running".equals(p.getStatus().getPhase()) && ready(p));
            Ipv4Cidr podCidr = Ipv4Cidr.parse(client.nodes().withName(node).get().getSpec().getPodCIDR());
            assertThat(podCidr.contains(running.getStatus().getPodIP())).as(running.getStatus().getPodIP()).isTrue();
            assertThat(running.getStatus().getContainerStatuses().getFirst().getState().getRunning()).isNotNull();
        }
        assertThat(client.pods().inNamespace("default").list().getItems()).extracting(p -> p.getStatus().getPodIP())
                .doesNotHaveDuplicates();
    }

    @Test
    void reportsTheExitCodeThePodAsksFor() {
        client.pods().inNamespace("default").resource(new PodBuilder(pod("job", "hollow-b",
                Map.of(HollowSettings.EXIT_CODE, "3"))).editSpec().withRestartPolicy("Never").endSpec().build()).create();

        Pod failed = awaitPod("job", p -> "Failed".equals(p.getStatus().getPhase()));
        var terminated = failed.getStatus().getContainerStatuses().getFirst().getState().getTerminated();
        assertThat(terminated.getExitCode()).isEqualTo(3);
        assertThat(terminated.getReason()).isEqualTo("Error");
    }

    @Test
    void probesAnswerAsThePodSays() {
        Pod pod = new PodBuilder(pod("unready", "hollow-a", Map.of(HollowSettings.PROBE_EXIT_CODE, "1")))
                .editSpec().editFirstContainer().withNewReadinessProbe().withNewHttpGet().withPath("/healthz")
                .withNewPort(8080).endHttpGet().withPeriodSeconds(1).endReadinessProbe().endContainer().endSpec()
                .build();
        client.pods().inNamespace("default").resource(pod).create();

        Pod running = awaitPod("unready", p -> "Running".equals(p.getStatus().getPhase())
                && p.getStatus().getContainerStatuses().getFirst().getStarted());
        assertThat(ready(running)).isFalse();
    }

    @Test
    void deletedPodsAreStoppedAndRemoved() {
        client.pods().inNamespace("default").resource(pod("short", "hollow-c", Map.of())).create();
        awaitPod("short", p -> "Running".equals(p.getStatus().getPhase()));

        client.pods().inNamespace("default").withName("short").delete();

        await().atMost(WAIT).until(() -> client.pods().inNamespace("default").withName("short").get() == null);
    }

    @Test
    void nodesAreReadyAndRenewTheirLeases() {
        for (String node : List.of("hollow-a", "hollow-b", "hollow-c")) {
            var status = client.nodes().withName(node).get().getStatus();
            assertThat(status.getConditions()).anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
            assertThat(status.getNodeInfo().getContainerRuntimeVersion()).startsWith("hollow://");
        }
        ZonedDateTime first = renewTime("hollow-b");
        await().atMost(WAIT).until(() -> renewTime("hollow-b").isAfter(first));
    }

    private ZonedDateTime renewTime(String node) {
        return client.leases().inNamespace("kube-node-lease").withName(node).get().getSpec().getRenewTime();
    }

    private static Pod pod(String name, String node, Map<String, String> annotations) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withAnnotations(annotations)
                .endMetadata().withNewSpec().withNodeName(node).addNewContainer().withName("app")
                .withImage("registry.example/app:1").endContainer().endSpec().build();
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    private Pod awaitPod(String name, Predicate<Pod> condition) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(
                () -> client.pods().inNamespace("default").withName(name).get(),
                p -> p != null && p.getStatus() != null && condition.test(p));
    }
}
