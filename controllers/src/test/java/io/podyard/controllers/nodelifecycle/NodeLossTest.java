package io.podyard.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.controllers.ControllerOptions;
import io.podyard.controllers.testing.SimulatedNode;
import io.podyard.controllers.testing.StandInKubelet;
import io.podyard.controllers.testing.Testbed;
import io.podyard.scheduler.loop.SchedulerOptions;
import io.podyard.scheduler.loop.SchedulingLoop;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node that stops heartbeating, through the real API with the scheduler running: it turns
 * Unknown and tainted, its ReplicaSet's pods are evicted after their (short, default) toleration and
 * replaced on the healthy node, and when it comes back its taints go.
 */
class NodeLossTest {
    private static final Logger log = LoggerFactory.getLogger(NodeLossTest.class);
    private static final String NS = "default";
    private static final Duration HEARTBEAT = Duration.ofMillis(200);
    private static final NodeLifecycleSettings SETTINGS = NodeLifecycleSettings.defaults()
            .withGracePeriods(Duration.ofSeconds(2), Duration.ofSeconds(3))
            .withDefaultToleration(Duration.ofSeconds(2))
            .withEvictionRates(100, 100);

    @TempDir
    Path dir;

    private Testbed testbed;
    private KubernetesClient client;
    private SchedulingLoop scheduler;
    private SimulatedNode doomed;
    private SimulatedNode healthy;

    @BeforeEach
    void start() {
        testbed = new Testbed(dir, ControllerOptions.defaults().withLeaderElection(false).withNodeLifecycle(SETTINGS));
        client = testbed.client();
        doomed = SimulatedNode.start(client, "doomed", HEARTBEAT, false);
        healthy = SimulatedNode.start(client, "healthy", HEARTBEAT, true); // cordoned until web sits on doomed
        scheduler = SchedulingLoop.start(client, SchedulerOptions.defaults());
    }

    @AfterEach
    void stop() {
        scheduler.close();
        doomed.close();
        healthy.close();
        testbed.close();
    }

    @Test
    void podsOfASilentNodeAreReplacedOnTheHealthyOneAndTheNodeRecovers() {
        client.apps().replicaSets().inNamespace(NS).resource(web(3)).create();
        await().until(() -> webPods().size() == 3 && webPods().stream().allMatch(p -> on(p, "doomed")
                && StandInKubelet.isReady(p)));
        Set<String> originals = names(webPods());
        client.pods().inNamespace(NS).resource(patient()).create(); // tolerates unreachable for ever
        await().until(() -> StandInKubelet.isReady(client.pods().inNamespace(NS).withName("patient").get()));
        client.nodes().withName("healthy").edit(n -> { n.getSpec().setUnschedulable(null); return n; });
        await().until(() -> taints("healthy").isEmpty());

        Instant lastHeartbeat = doomed.stopHeartbeats();

        await().until(() -> "Unknown".equals(ready("doomed").getStatus()));
        NodeCondition ready = ready("doomed");
        assertThat(ready.getReason()).isEqualTo("NodeStatusUnknown");
        assertThat(ready.getMessage()).isEqualTo("Kubelet stopped posting node status.");
        await().until(() -> hasTaint("doomed", NodeTaints.UNREACHABLE, "NoExecute"));
        assertThat(taints("doomed")).anySatisfy(t -> {
            assertThat(t.getKey()).isEqualTo(NodeTaints.UNREACHABLE);
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        assertThat(taint("doomed", NodeTaints.UNREACHABLE, "NoExecute").orElseThrow().getTimeAdded()).isNotNull();

        await().until(() -> webPods().size() == 3 && webPods().stream().allMatch(p -> on(p, "healthy")));
        Duration toBound = Duration.between(lastHeartbeat, Instant.now());
        await().until(() -> webPods().stream().allMatch(StandInKubelet::isReady));
        Duration toRunning = Duration.between(lastHeartbeat, Instant.now());
        log.info("heartbeat loss → replacements bound on the healthy node: {} ms; → Running and Ready: {} ms "
                + "(grace {}, toleration {})", toBound.toMillis(), toRunning.toMillis(), SETTINGS.gracePeriod(),
                SETTINGS.defaultTolerationSeconds());
        System.out.printf("NODE-LOSS-TIMING bound=%dms running=%dms%n", toBound.toMillis(), toRunning.toMillis());

        assertThat(names(webPods())).doesNotContainAnyElementsOf(originals);
        await().until(() -> originals.stream().allMatch(n -> client.pods().inNamespace(NS).withName(n).get() == null));
        assertThat(client.v1().events().inNamespace(NS).list().getItems())
                .filteredOn(e -> "TaintManagerEviction".equals(e.getReason()))
                .extracting(e -> e.getMessage())
                .containsAll(originals.stream().map(n -> "Marking for deletion Pod default/" + n).toList());
        Pod patient = client.pods().inNamespace(NS).withName("patient").get();
        assertThat(patient.getMetadata().getDeletionTimestamp()).as("a toleration without seconds stays").isNull();
        assertThat(StandInKubelet.isReady(patient)).as("but is not ready on a silent node").isFalse();
        assertThat(patient.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo("False");
        });

        doomed.resumeHeartbeats();

        await().until(() -> "True".equals(ready("doomed").getStatus()) && taints("doomed").isEmpty());
    }

    private static ReplicaSet web(int replicas) {
        return new ReplicaSetBuilder().withNewMetadata().withName("web").withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    private static Pod patient() {
        return new PodBuilder().withNewMetadata().withName("patient").endMetadata().withNewSpec()
                .withNodeName("doomed")
                .addNewToleration().withKey(NodeTaints.UNREACHABLE).withOperator("Exists").withEffect("NoExecute")
                .endToleration()
                .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build();
    }

    private List<Pod> webPods() {
        return client.pods().inNamespace(NS).withLabel("app", "web").list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static boolean on(Pod pod, String node) {
        return node.equals(pod.getSpec().getNodeName());
    }

    private static Set<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
    }

    private NodeCondition ready(String node) {
        return client.nodes().withName(node).get().getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType())).findFirst().orElseThrow();
    }

    private List<Taint> taints(String node) {
        Node n = client.nodes().withName(node).get();
        return n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints();
    }

    private Optional<Taint> taint(String node, String key, String effect) {
        return taints(node).stream().filter(t -> key.equals(t.getKey()) && effect.equals(t.getEffect())).findFirst();
    }

    private boolean hasTaint(String node, String key, String effect) {
        return taint(node, key, effect).isPresent();
    }
}
