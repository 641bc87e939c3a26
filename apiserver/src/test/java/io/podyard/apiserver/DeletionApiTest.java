package io.podyard.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How objects go away: finalizers, graceful pods, terminating namespaces, preconditions. */
class DeletionApiTest {
    @TempDir
    Path dir;

    private ServerFixture server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = new ServerFixture(dir);
        client = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void propagationPoliciesLeaveTheOwnerForTheGarbageCollectorWithItsFinalizer() {
        var cms = client.configMaps().inNamespace("default");
        cms.resource(new ConfigMapBuilder().withNewMetadata().withName("owner").endMetadata().build()).create();
        cms.withName("owner").withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.ORPHAN).delete();
        ConfigMap marked = cms.withName("owner").get();
        assertThat(marked.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(marked.getMetadata().getFinalizers()).containsExactly("orphan");
        cms.withName("owner").withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.FOREGROUND).delete();
        assertThat(cms.withName("owner").get().getMetadata().getFinalizers()).as("the latest policy wins")
                .containsExactly("foregroundDeletion");
        cms.withName("owner").withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
        assertThat(cms.withName("owner").get()).as("background: nothing holds it any more").isNull();
    }

    @Test
    void anImmediateDeleteAnswersWithASuccessStatusExceptWhereKubernetesReturnsTheObject() {
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("cm")
                .endMetadata().build()).create();
        String uid = client.configMaps().inNamespace("default").withName("cm").get().getMetadata().getUid();
        String status = client.raw(server.url() + "/api/v1/namespaces/default/configmaps/cm", "DELETE", null);
        assertThat(status).contains("\"kind\":\"Status\"", "\"status\":\"Success\"")
                .contains("\"details\":{\"name\":\"cm\",\"group\":\"\",\"kind\":\"configmaps\",\"uid\":\"" + uid + "\"}");

        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("p").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build()).create();
        String pod = client.raw(server.url() + "/api/v1/namespaces/default/pods/p?gracePeriodSeconds=0", "DELETE", null);
        assertThat(pod).as("pods answer with the deleted pod").contains("\"kind\":\"Pod\"");
    }

    @Test
    void aFinalizerHoldsTheObjectUntilItIsRemoved() {
        var cms = client.configMaps().inNamespace("default");
        cms.resource(new ConfigMapBuilder().withNewMetadata().withName("held")
                .withFinalizers("example.com/hold").endMetadata().build()).create();
        cms.withName("held").delete();

        ConfigMap marked = cms.withName("held").get();
        assertThat(marked).as("still there while a finalizer holds it").isNotNull();
        assertThat(marked.getMetadata().getDeletionTimestamp()).isNotBlank();

        marked.getMetadata().setFinalizers(List.of());
        cms.resource(marked).update();
        assertThat(cms.withName("held").get()).as("gone once the last finalizer is removed").isNull();
    }

    @Test
    void aTerminatingNamespaceRefusesNewObjectsThenGoesWithItsContents() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("temp").endMetadata().build())
                .create();
        client.configMaps().inNamespace("temp").resource(new ConfigMapBuilder().withNewMetadata().withName("a")
                .endMetadata().build()).create();
        // Held by a finalizer so the namespace stays Terminating long enough to look at.
        client.configMaps().inNamespace("temp").resource(new ConfigMapBuilder().withNewMetadata().withName("held")
                .withFinalizers("example.com/hold").endMetadata().build()).create();

        client.namespaces().withName("temp").delete();
        assertThat(client.namespaces().withName("temp").get().getStatus().getPhase()).isEqualTo("Terminating");
        assertThatThrownBy(() -> client.configMaps().inNamespace("temp").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("late").endMetadata().build()).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> client.configMaps().inNamespace("temp").withName("a").get() == null);

        ConfigMap held = client.configMaps().inNamespace("temp").withName("held").get();
        held.getMetadata().setFinalizers(List.of());
        client.configMaps().inNamespace("temp").resource(held).update();
        Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> client.namespaces().withName("temp").get() == null);
    }

    @Test
    void podsBoundToANodeGetAGracePeriodAndUnboundPodsGoAtOnce() {
        var pods = client.pods().inNamespace("default");
        pods.resource(pod("unbound", null)).create();
        pods.withName("unbound").delete();
        assertThat(pods.withName("unbound").get()).isNull();

        pods.resource(pod("bound", "node-1")).create();
        pods.withName("bound").delete();
        Pod terminating = pods.withName("bound").get();
        assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotBlank();
        assertThat(terminating.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30L);

        pods.withName("bound").withGracePeriod(0).delete();
        assertThat(pods.withName("bound").get()).as("grace period 0 deletes at once").isNull();
    }

    @Test
    void aDeleteWithAnotherObjectsUidIs409() {
        var cms = client.configMaps().inNamespace("default");
        cms.resource(new ConfigMapBuilder().withNewMetadata().withName("x").endMetadata().build()).create();
        String body = "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"preconditions\":{\"uid\":\"not-the-uid\"}}";
        assertThatThrownBy(() -> client.raw(server.url() + "/api/v1/namespaces/default/configmaps/x", "DELETE", body))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(cms.withName("x").get()).isNotNull();
    }

    private static Pod pod(String name, String node) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withNodeName(node)
                .addNewContainer().withName("c").withImage("127.0.0.1:5000/busybox:1").endContainer().endSpec().build();
    }
}
