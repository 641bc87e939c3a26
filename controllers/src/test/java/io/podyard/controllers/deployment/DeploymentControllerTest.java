package io.podyard.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.podyard.controllers.testing.StandInKubelet;
import io.podyard.controllers.testing.TestbedTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Deployments through the real API, with a stand-in kubelet making pods Ready. */
class DeploymentControllerTest extends TestbedTest {
    private static final String NS = "default";

    private static Deployment web(int replicas, String image) {
        return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(1)).endRollingUpdate()
                .endStrategy()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace(NS).withName("web").get();
    }

    private List<ReplicaSet> replicaSets() {
        return client.apps().replicaSets().inNamespace(NS).withLabel("app", "web").list().getItems();
    }

    private Optional<ReplicaSet> withImage(String image) {
        return replicaSets().stream().filter(rs -> rs.getSpec().getTemplate().getSpec().getContainers().getFirst()
                .getImage().equals(image)).findFirst();
    }

    /** As kubectl rollout status decides "successfully rolled out". */
    private boolean rolledOut() {
        Deployment d = deployment();
        var s = d.getStatus();
        return s != null && s.getObservedGeneration() != null && s.getObservedGeneration() >= d.getMetadata().getGeneration()
                && Objects.equals(s.getUpdatedReplicas(), d.getSpec().getReplicas())
                && Objects.equals(s.getReplicas(), s.getUpdatedReplicas())
                && Objects.equals(s.getAvailableReplicas(), s.getUpdatedReplicas());
    }

    private Optional<DeploymentCondition> condition(String type) {
        var s = deployment().getStatus();
        return s == null || s.getConditions() == null ? Optional.empty()
                : s.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst();
    }

    private void setImage(String image) {
        client.apps().deployments().inNamespace(NS).withName("web").edit(d -> new DeploymentBuilder(d).editSpec()
                .editTemplate().editSpec().editFirstContainer().withImage(image).endContainer().endSpec().endTemplate()
                .endSpec().build());
    }

    /** Counts Ready pods from a watch and remembers the fewest seen. */
    private static final class ReadyWatch implements Watcher<Pod> {
        final Map<String, Boolean> ready = new ConcurrentHashMap<>();
        final AtomicInteger fewest = new AtomicInteger(Integer.MAX_VALUE);

        @Override
        public synchronized void eventReceived(Action action, Pod pod) {
            String name = pod.getMetadata().getName();
            if (action == Action.DELETED || pod.getMetadata().getDeletionTimestamp() != null) {
                ready.remove(name);
            } else {
                ready.put(name, StandInKubelet.isReady(pod));
            }
            fewest.accumulateAndGet((int) ready.values().stream().filter(b -> b).count(), Math::min);
        }

        @Override
        public void onClose(WatcherException cause) {}
    }

    @Test
    void rollsANewImageOutWithoutDroppingBelowMinimumAvailabilityAndUndoes() {
        testbed.kubelet().readyEverything(NS);
        client.apps().deployments().inNamespace(NS).resource(web(3, "app:v1")).create();
        await().until(this::rolledOut);
        ReplicaSet first = withImage("app:v1").orElseThrow();
        assertThat(first.getMetadata().getName()).isEqualTo("web-" + first.getMetadata().getLabels()
                .get(TemplateHash.LABEL));
        assertThat(first.getSpec().getSelector().getMatchLabels()).containsKey(TemplateHash.LABEL);
        assertThat(first.getMetadata().getAnnotations()).containsEntry(Revisions.REVISION, "1")
                .containsEntry(Revisions.DESIRED_REPLICAS, "3").containsEntry(Revisions.MAX_REPLICAS, "4");
        await().until(() -> condition("Progressing").map(c -> c.getReason().equals("NewReplicaSetAvailable"))
                .orElse(false));
        assertThat(condition("Available")).get().extracting(DeploymentCondition::getStatus, DeploymentCondition::getReason)
                .containsExactly("True", "MinimumReplicasAvailable");

        ReadyWatch watch = new ReadyWatch();
        try (Watch w = client.pods().inNamespace(NS).watch(watch)) {
            await().until(() -> watch.ready.values().stream().filter(b -> b).count() == 3);
            watch.fewest.set(Integer.MAX_VALUE); // the watch's replay of existing pods counted up from 0
            setImage("app:v2");
            await().until(() -> rolledOut() && withImage("app:v2").isPresent()
                    && withImage("app:v1").map(rs -> rs.getSpec().getReplicas() == 0).orElse(false));
            assertThat(watch.fewest.get()).as("ready pods never below replicas - maxUnavailable")
                    .isGreaterThanOrEqualTo(2);
        }
        assertThat(withImage("app:v2").orElseThrow().getMetadata().getAnnotations())
                .containsEntry(Revisions.REVISION, "2");
        assertThat(deployment().getMetadata().getAnnotations()).containsEntry(Revisions.REVISION, "2");

        undo(1);
        await().until(() -> rolledOut() && withImage("app:v1").map(rs -> rs.getSpec().getReplicas() == 3
                && "3".equals(rs.getMetadata().getAnnotations().get(Revisions.REVISION))).orElse(false));
        assertThat(replicaSets()).as("undo reuses the old ReplicaSet").hasSize(2);
        assertThat(withImage("app:v1").orElseThrow().getMetadata().getName()).isEqualTo(first.getMetadata().getName());
        assertThat(withImage("app:v1").orElseThrow().getMetadata().getAnnotations())
                .containsEntry(Revisions.REVISION_HISTORY, "1");
        await().until(() -> "3".equals(deployment().getMetadata().getAnnotations().get(Revisions.REVISION)));
    }

    /** What {@code kubectl rollout undo --to-revision=N} sends: the old template (without its hash) as a JSON patch. */
    private void undo(long revision) {
        ReplicaSet target = replicaSets().stream().filter(rs -> Revisions.revision(rs) == revision).findFirst()
                .orElseThrow();
        PodTemplateSpec template = new PodTemplateSpecBuilder(target.getSpec().getTemplate()).build();
        Map<String, String> labels = new HashMap<>(template.getMetadata().getLabels());
        labels.remove(TemplateHash.LABEL);
        template.getMetadata().setLabels(labels);
        String patch = "[{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":"
                + JsonMapper.builder().build().writeValueAsString(template) + "}]";
        client.apps().deployments().inNamespace(NS).withName("web").patch(PatchContext.of(PatchType.JSON), patch);
    }

    @Test
    void pausedDeploymentsDoNotRollOutUntilResumed() {
        testbed.kubelet().readyEverything(NS);
        client.apps().deployments().inNamespace(NS).resource(web(2, "app:v1")).create();
        await().until(this::rolledOut);

        client.apps().deployments().inNamespace(NS).withName("web").edit(d -> new DeploymentBuilder(d).editSpec()
                .withPaused(true).endSpec().build());
        await().until(() -> condition("Progressing").map(c -> c.getReason().equals("DeploymentPaused")
                && c.getStatus().equals("Unknown")).orElse(false));
        setImage("app:v2");
        long generation = deployment().getMetadata().getGeneration();
        await().until(() -> deployment().getStatus().getObservedGeneration() >= generation);
        assertThat(withImage("app:v2")).as("no rollout while paused").isEmpty();

        client.apps().deployments().inNamespace(NS).withName("web").edit(d -> new DeploymentBuilder(d).editSpec()
                .withPaused(false).endSpec().build());
        await().until(() -> rolledOut() && withImage("app:v2").isPresent());
    }

    @Test
    void aRolloutWhosePodsNeverBecomeReadyExceedsItsProgressDeadline() {
        Deployment d = web(2, "app:v1");
        d.getSpec().setProgressDeadlineSeconds(2);
        client.apps().deployments().inNamespace(NS).resource(d).create();
        await().until(() -> condition("Progressing").map(c -> c.getStatus().equals("False")
                && c.getReason().equals("ProgressDeadlineExceeded")).orElse(false));
        assertThat(condition("Available")).get().extracting(DeploymentCondition::getStatus).isEqualTo("False");
        assertThat(deployment().getStatus().getUnavailableReplicas()).isEqualTo(2);
    }

    @Test
    void scalingAndHistoryLimitAndRecreate() {
        testbed.kubelet().readyEverything(NS);
        Deployment d = web(2, "app:v1");
        d.getSpec().setRevisionHistoryLimit(1);
        d.getSpec().getStrategy().setType("Recreate");
        d.getSpec().getStrategy().setRollingUpdate(null);
        client.apps().deployments().inNamespace(NS).resource(d).create();
        await().until(this::rolledOut);

        client.apps().deployments().inNamespace(NS).withName("web").scale(4);
        await().until(() -> rolledOut() && deployment().getStatus().getAvailableReplicas() == 4);
        assertThat(withImage("app:v1").orElseThrow().getMetadata().getAnnotations())
                .containsEntry(Revisions.DESIRED_REPLICAS, "4");

        setImage("app:v2");
        await().until(() -> rolledOut() && withImage("app:v2").isPresent());
        setImage("app:v3");
        await().until(() -> rolledOut() && withImage("app:v3").isPresent());
        await().until(() -> replicaSets().size() == 2);
        assertThat(withImage("app:v1")).as("beyond revisionHistoryLimit 1").isEmpty();
    }
}
