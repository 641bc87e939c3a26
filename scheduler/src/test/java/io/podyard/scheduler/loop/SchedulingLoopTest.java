package io.podyard.scheduler.loop;

import static io.podyard.scheduler.Fixtures.requesting;
import static io.podyard.scheduler.Fixtures.taint;
import static io.podyard.scheduler.Fixtures.toleration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.apiserver.ServerFixture;
import io.podyard.scheduler.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler against a real API server, with Node objects created directly (no node agent). */
class SchedulingLoopTest {
    private static final String ZONE = "topology.kubernetes.io/zone";

    @TempDir
    Path dir;
    private ServerFixture server;
    private KubernetesClient client;
    private SchedulingLoop loop;

    @BeforeEach
    void start() {
        server = new ServerFixture(dir);
        client = server.client();
        loop = SchedulingLoop.start(client, SchedulerOptions.defaults());
    }

    @AfterEach
    void stop() {
        loop.close();
        server.close();
    }

    @Test
    void resourcesFitAcrossNodesAndTheRestWaitsWithTheReason() {
        addNode(Fixtures.nodeWithAllocatable("n1", "cpu", "1", "memory", "1Gi", "pods", "10"));
        addNode(Fixtures.nodeWithAllocatable("n2", "cpu", "1", "memory", "1Gi", "pods", "10"));
        for (int i = 0; i < 3; i++) {
            create(requesting("p" + i, "cpu", "600m"));
        }
        await().untilAsserted(() -> assertThat(boundNodes()).hasSize(2).containsValues("n1", "n2"));
        Pod pending = client.pods().inNamespace("default").list().getItems().stream()
                .filter(p -> p.getSpec().getNodeName() == null).findFirst().orElseThrow();
        assertUnschedulable(pending.getMetadata().getName(), "0/2 nodes are available: 2 Insufficient cpu.");
    }

    @Test
    void requiredAntiAffinitySpreadsThreeReplicasAndLeavesTheFourthPending() {
        for (int i = 1; i <= 3; i++) {
            addNode(Fixtures.node("host-" + i));
        }
        for (int i = 1; i <= 4; i++) {
            create(Fixtures.labelled("web-" + i, Map.of("app", "web")), b -> b.editSpec().withNewAffinity().withNewPodAntiAffinity()
                    .addNewRequiredDuringSchedulingIgnoredDuringExecution().withTopologyKey("kubernetes.io/hostname")
                    .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "web")).build())
                    .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().endAffinity().endSpec());
        }
        await().untilAsserted(() -> assertThat(boundNodes()).hasSize(3));
        assertThat(boundNodes().values()).containsExactlyInAnyOrder("host-1", "host-2", "host-3");
        String pending = client.pods().inNamespace("default").list().getItems().stream()
                .filter(p -> p.getSpec().getNodeName() == null).findFirst().orElseThrow().getMetadata().getName();
        assertUnschedulable(pending, "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.");
        // a fourth host: the waiting replica goes there, woken by the node event
        addNode(Fixtures.node("host-4"));
        await().untilAsserted(() -> assertThat(boundNodes()).containsEntry(pending, "host-4"));
    }

    @Test
    void zoneSpreadPutsTwoReplicasInEachZone() {
        addNode(Fixtures.nodeWith("a1", Map.of(ZONE, "a")));
        addNode(Fixtures.nodeWith("a2", Map.of(ZONE, "a")));
        addNode(Fixtures.nodeWith("b1", Map.of(ZONE, "b")));
        addNode(Fixtures.nodeWith("b2", Map.of(ZONE, "b")));
        for (int i = 1; i <= 4; i++) {
            create(Fixtures.labelled("s-" + i, Map.of("app", "s")), b -> b.editSpec().withTopologySpreadConstraints(
                    new TopologySpreadConstraintBuilder().withMaxSkew(1).withTopologyKey(ZONE).withWhenUnsatisfiable("DoNotSchedule")
                            .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "s")).build()).build()).endSpec());
        }
        await().untilAsserted(() -> assertThat(boundNodes()).hasSize(4));
        Map<String, Long> perZone = boundNodes().values().stream()
                .collect(Collectors.groupingBy(n -> n.substring(0, 1), Collectors.counting()));
        assertThat(perZone).isEqualTo(Map.of("a", 2L, "b", 2L));
    }

    @Test
    void taintsRepelTolerationsAdmitAndCordonedNodesAreSkipped() {
        addNode(Fixtures.node("gpu", b -> b.editSpec().withTaints(taint("dedicated", "gpu", "NoSchedule")).endSpec()));
        addNode(Fixtures.node("cordoned", b -> b.editSpec().withUnschedulable(true).endSpec()));
        addNode(Fixtures.nodeWith("plain", Map.of("disk", "ssd")));
        create(Fixtures.pod("ordinary"));
        create(Fixtures.pod("tolerant", b -> b.editSpec().withTolerations(toleration("dedicated", "Equal", "gpu", "NoSchedule"))
                .withNodeSelector(Map.of("kubernetes.io/hostname", "gpu")).endSpec()));
        create(Fixtures.pod("selective", b -> b.editSpec().withNodeSelector(Map.of("disk", "ssd")).endSpec()));
        create(Fixtures.pod("intolerant", b -> b.editSpec().withNodeSelector(Map.of("kubernetes.io/hostname", "gpu")).endSpec()));
        await().untilAsserted(() -> assertThat(boundNodes()).containsEntry("ordinary", "plain")
                .containsEntry("tolerant", "gpu").containsEntry("selective", "plain"));
        assertUnschedulable("intolerant", "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector,"
                + " 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) were unschedulable.");
    }

    @Test
    void aPendingPodIsScheduledAsSoonAsAFittingNodeArrives() {
        addNode(Fixtures.nodeWithAllocatable("small", "cpu", "1", "memory", "1Gi", "pods", "10"));
        create(requesting("big", "cpu", "2"));
        assertUnschedulable("big", "0/1 nodes are available: 1 Insufficient cpu.");
        addNode(Fixtures.nodeWithAllocatable("large", "cpu", "4", "memory", "4Gi", "pods", "10"));
        await().untilAsserted(() -> assertThat(boundNodes()).containsEntry("big", "large"));
        Pod big = client.pods().inNamespace("default").withName("big").get();
        assertThat(big.getStatus().getConditions()).filteredOn(c -> c.getType().equals("PodScheduled"))
                .singleElement().extracting(PodCondition::getStatus).isEqualTo("True");
        await().untilAsserted(() -> assertThat(client.v1().events().inNamespace("default").list().getItems())
                .anySatisfy(e -> assertThat(e.getReason() + ": " + e.getMessage())
                        .isEqualTo("Scheduled: Successfully assigned default/big to large")));
    }

    @Test
    void podsForAnotherSchedulerAreLeftAlone() {
        addNode(Fixtures.node("n"));
        create(Fixtures.pod("other", b -> b.editSpec().withSchedulerName("my-scheduler").endSpec()));
        create(Fixtures.pod("mine"));
        await().untilAsserted(() -> assertThat(boundNodes()).containsKey("mine"));
        assertThat(client.pods().inNamespace("default").withName("other").get().getSpec().getNodeName()).isNull();
    }

    private void addNode(Node node) {
        client.nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder(node).editMetadata().withUid(null).endMetadata().build())
                .create();
    }

    private void create(Pod pod) {
        create(pod, UnaryOperator.identity());
    }

    private void create(Pod pod, UnaryOperator<PodBuilder> edit) {
        Pod clean = edit.apply(new PodBuilder(pod).editMetadata().withUid(null).endMetadata()).build();
        client.pods().inNamespace("default").resource(clean).create();
    }

    private Map<String, String> boundNodes() {
        return client.pods().inNamespace("default").list().getItems().stream()
                .filter(p -> p.getSpec().getNodeName() != null)
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p.getSpec().getNodeName()));
    }

    private void assertUnschedulable(String pod, String message) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<PodCondition> conditions = client.pods().inNamespace("default").withName(pod).get().getStatus().getConditions();
            assertThat(conditions).filteredOn(c -> c.getType().equals("PodScheduled")).singleElement().satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("Unschedulable");
                assertThat(c.getMessage()).isEqualTo(message);
            });
        });
        await().untilAsserted(() -> assertThat(client.v1().events().inNamespace("default").list().getItems())
                .anySatisfy(e -> {
                    assertThat(e.getInvolvedObject().getName()).isEqualTo(pod);
                    assertThat(e.getReason()).isEqualTo("FailedScheduling");
                    assertThat(e.getMessage()).isEqualTo(message);
                    assertThat(e.getType()).isEqualTo("Warning");
                }));
    }
}
