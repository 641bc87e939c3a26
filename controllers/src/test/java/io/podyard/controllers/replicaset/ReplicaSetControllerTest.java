package io.podyard.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.podyard.controllers.testing.TestbedTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The ReplicaSet controller through the real API: counts, replacement, scale, adoption, release. */
class ReplicaSetControllerTest extends TestbedTest {
    private static final String NS = "default";

    private static ReplicaSet web(int replicas) {
        return new ReplicaSetBuilder().withNewMetadata().withName("web").withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    private List<Pod> pods() {
        return client.pods().inNamespace(NS).withLabel("app", "web").list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static boolean controlledBy(Pod pod, ReplicaSet rs) {
        List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
        return refs != null && refs.stream().anyMatch(r -> r.getUid().equals(rs.getMetadata().getUid())
                && Boolean.TRUE.equals(r.getController()) && Boolean.TRUE.equals(r.getBlockOwnerDeletion()));
    }

    @Test
    void keepsThreePodsReplacesADeletedOneAndScalesDownThroughTheScaleSubresource() {
        ReplicaSet rs = client.apps().replicaSets().inNamespace(NS).resource(web(3)).create();

        await().until(() -> pods().size() == 3);
        assertThat(pods()).allSatisfy(p -> {
            assertThat(p.getMetadata().getName()).startsWith("web-");
            assertThat(controlledBy(p, rs)).as("controller reference on %s", p.getMetadata().getName()).isTrue();
        });

        String victim = pods().getFirst().getMetadata().getName();
        client.pods().inNamespace(NS).withName(victim).delete();
        await().until(() -> pods().size() == 3
                && pods().stream().noneMatch(p -> p.getMetadata().getName().equals(victim)));

        client.apps().replicaSets().inNamespace(NS).withName("web").scale(1);
        await().until(() -> pods().size() == 1);
        await().until(() -> {
            ReplicaSet now = client.apps().replicaSets().inNamespace(NS).withName("web").get();
            return now.getStatus() != null && Objects.equals(now.getStatus().getReplicas(), 1)
                    && Objects.equals(now.getStatus().getObservedGeneration(), now.getMetadata().getGeneration());
        });
        // and it stays at one: no second round of deletes on a stale cache
        assertThat(pods()).hasSize(1);
    }

    @Test
    void statusCountsReadyAndAvailablePodsAndEventsAreRecorded() {
        client.apps().replicaSets().inNamespace(NS).resource(web(2)).create();
        await().until(() -> pods().size() == 2);
        ReplicaSet created = client.apps().replicaSets().inNamespace(NS).withName("web").get();
        await().until(() -> {
            var s = client.apps().replicaSets().inNamespace(NS).withName("web").get().getStatus();
            return s != null && s.getReplicas() == 2 && s.getFullyLabeledReplicas() == 2 && s.getReadyReplicas() == 0;
        });
        pods().forEach(testbed.kubelet()::markReady);
        await().until(() -> {
            var s = client.apps().replicaSets().inNamespace(NS).withName("web").get().getStatus();
            return s.getReadyReplicas() == 2 && s.getAvailableReplicas() == 2;
        });
        await().until(() -> client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> created.getMetadata().getUid().equals(e.getInvolvedObject().getUid()))
                .filter(e -> "SuccessfulCreate".equals(e.getReason()))
                .map(Event::getMessage).filter(m -> m.startsWith("Created pod: web-")).count() == 2);
    }

    @Test
    void adoptsAMatchingOrphanInsteadOfCreatingAPod() {
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("orphan")
                .withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .build()).create();
        ReplicaSet rs = client.apps().replicaSets().inNamespace(NS).resource(web(2)).create();

        await().until(() -> controlledBy(client.pods().inNamespace(NS).withName("orphan").get(), rs));
        await().until(() -> pods().size() == 2 && pods().stream().allMatch(p -> controlledBy(p, rs)));
        assertThat(pods()).extracting(p -> p.getMetadata().getName()).contains("orphan");
    }

    @Test
    void relabelingAPodReleasesItAndAReplacementIsCreated() {
        ReplicaSet rs = client.apps().replicaSets().inNamespace(NS).resource(web(2)).create();
        await().until(() -> pods().size() == 2);
        String moved = pods().getFirst().getMetadata().getName();

        client.pods().inNamespace(NS).withName(moved).edit(p -> new PodBuilder(p).editMetadata()
                .withLabels(Map.of("app", "debug")).endMetadata().build());

        await().until(() -> {
            Pod released = client.pods().inNamespace(NS).withName(moved).get();
            return released.getMetadata().getOwnerReferences() == null
                    || released.getMetadata().getOwnerReferences().isEmpty();
        });
        await().until(() -> pods().size() == 2 && pods().stream().allMatch(p -> controlledBy(p, rs)));
        assertThat(pods()).extracting(p -> p.getMetadata().getName()).doesNotContain(moved);
    }
}
