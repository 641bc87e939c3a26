package io.podyard.controllers.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.podyard.controllers.testing.TestbedTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A ReplicaSet and its pods deleted with each propagation policy. Podyard's API server does not
 * yet turn DeleteOptions.propagationPolicy into the foregroundDeletion/orphan finalizer, so these
 * tests set the finalizer before deleting, which is what Kubernetes' API server does for kubectl.
 */
class GarbageCollectorTest extends TestbedTest {
    private static final String NS = "default";

    private ReplicaSet replicaSetWithPods(int replicas) {
        ReplicaSet rs = client.apps().replicaSets().inNamespace(NS).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        await().until(() -> pods().size() == replicas);
        return rs;
    }

    private List<Pod> pods() {
        return client.pods().inNamespace(NS).withLabel("app", "web").list().getItems();
    }

    private ReplicaSet rs() {
        return client.apps().replicaSets().inNamespace(NS).withName("web").get();
    }

    /** What the API server would do for propagationPolicy=Foreground/Orphan: set the finalizer, then delete. */
    /** As {@code kubectl delete --cascade=orphan|foreground}: the API server adds the policy's finalizer. */
    private void deleteWith(DeletionPropagation policy) {
        client.apps().replicaSets().inNamespace(NS).withName("web").withPropagationPolicy(policy).delete();
    }

    @Test
    void backgroundDeletionRemovesTheDependentsAfterTheOwner() {
        replicaSetWithPods(2);
        client.apps().replicaSets().inNamespace(NS).withName("web").delete();
        await().until(() -> rs() == null && pods().isEmpty());
    }

    @Test
    void foregroundDeletionKeepsTheOwnerUntilItsDependentsAreGone() {
        replicaSetWithPods(2);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        try (Watch pods = client.pods().inNamespace(NS).watch(deletions(order, "pod"));
                Watch sets = client.apps().replicaSets().inNamespace(NS).watch(deletions(order, "replicaset"))) {
            deleteWith(DeletionPropagation.FOREGROUND);
            await().until(() -> rs() == null && pods().isEmpty());
            await().until(() -> order.size() == 3);
        }
        assertThat(order).extracting(entry -> entry.substring(21)).containsExactly("pod", "pod", "replicaset");
    }

    @Test
    void orphanDeletionLeavesThePodsWithoutTheirOwner() {
        replicaSetWithPods(2);
        deleteWith(DeletionPropagation.ORPHAN);
        await().until(() -> rs() == null);
        await().until(() -> pods().stream().allMatch(p -> p.getMetadata().getOwnerReferences() == null
                || p.getMetadata().getOwnerReferences().isEmpty()));
        assertThat(pods()).hasSize(2);
    }

    @Test
    void aDependentWhoseOwnerUidDoesNotExistIsDeletedButOneWithALiveOwnerStays() {
        var owner = client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("owner").endMetadata().build()).create();
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("kept")
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
                        .withName("owner").withUid(owner.getMetadata().getUid()).build())
                .endMetadata().build()).create();
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("stray")
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
                        .withName("owner").withUid("no-such-uid").build())
                .endMetadata().build()).create();
        await().until(() -> client.configMaps().inNamespace(NS).withName("stray").get() == null);
        assertThat(client.configMaps().inNamespace(NS).withName("kept").get()).isNotNull();
    }

    @Test
    void deletingADeploymentRemovesItsReplicaSetsAndPods() {
        client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder().withNewMetadata()
                .withName("web").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        await().until(() -> pods().size() == 2);
        client.apps().deployments().inNamespace(NS).withName("web").delete();
        await().until(() -> client.apps().replicaSets().inNamespace(NS).list().getItems().isEmpty()
                && pods().isEmpty());
    }

    @Test
    void everyNamespaceGetsADefaultServiceAccountAndKeepsIt() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team").endMetadata().build())
                .create();
        await().until(() -> client.serviceAccounts().inNamespace("team").withName("default").get() != null);
        client.serviceAccounts().inNamespace("team").withName("default").delete();
        await().until(() -> client.serviceAccounts().inNamespace("team").withName("default").get() != null);
        assertThat(client.serviceAccounts().inNamespace("kube-system").withName("default").get()).isNotNull();
    }

    /**
     * Records each deletion at its place in the store's history: two watches are two streams, so
     * the order their events arrive in says nothing; the deletions' resourceVersions do.
     */
    private static <T extends HasMetadata> Watcher<T> deletions(List<String> order, String what) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, T resource) {
                if (action == Action.DELETED) {
                    long revision = Long.parseLong(resource.getMetadata().getResourceVersion());
                    synchronized (order) {
                        order.add(String.format("%020d %s", revision, what));
                        order.sort(null);
                    }
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        };
    }
}
