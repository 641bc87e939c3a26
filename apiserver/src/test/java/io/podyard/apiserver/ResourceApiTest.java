package io.podyard.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generic resource verbs, through the HTTPS API with fabric8's client. */
class ResourceApiTest {
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

    private static ConfigMap configMap(String name, Map<String, String> labels) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .addToData("key", "value").build();
    }

    @Test
    void createGetListUpdateDelete() {
        ConfigMap created = client.configMaps().inNamespace("default").resource(configMap("settings", Map.of()))
                .create();
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getMetadata().getResourceVersion()).matches("\\d+");
        assertThat(created.getMetadata().getCreationTimestamp()).endsWith("Z");
        assertThat(created.getMetadata().getNamespace()).isEqualTo("default");

        ConfigMap got = client.configMaps().inNamespace("default").withName("settings").get();
        assertThat(got.getData()).containsEntry("key", "value");
        assertThat(got.getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());

        got.getData().put("key", "changed");
        ConfigMap updated = client.configMaps().inNamespace("default").resource(got).update();
        assertThat(Long.parseLong(updated.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));
        assertThat(updated.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());

        assertThat(client.configMaps().inNamespace("default").list().getItems()).extracting(c -> c.getMetadata().getName())
                .containsExactly("settings");
        assertThat(client.configMaps().inNamespace("default").withName("settings").delete()).hasSize(1);
        assertThat(client.configMaps().inNamespace("default").withName("settings").get()).isNull();
    }

    @Test
    void aNameThatIsTakenIs409AlreadyExists() {
        client.configMaps().inNamespace("default").resource(configMap("dup", Map.of())).create();
        assertThatThrownBy(() -> client.configMaps().inNamespace("default").resource(configMap("dup", Map.of())).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
                    assertThat(e.getStatus().getMessage()).isEqualTo("configmaps \"dup\" already exists");
                });
    }

    @Test
    void aStaleResourceVersionIs409Conflict() {
        ConfigMap first = client.configMaps().inNamespace("default").resource(configMap("cas", Map.of())).create();
        ConfigMap stale = new ConfigMapBuilder(first).build();
        first.getData().put("key", "one");
        client.configMaps().inNamespace("default").resource(first).update();
        stale.getData().put("key", "two");
        assertThatThrownBy(() -> client.configMaps().inNamespace("default").resource(stale).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
                    assertThat(e.getStatus().getMessage()).contains("the object has been modified");
                });
        assertThat(client.configMaps().inNamespace("default").withName("cas").get().getData())
                .containsEntry("key", "one");
    }

    @Test
    void anInvalidNameIs422WithTheFieldNamed() {
        assertThatThrownBy(() -> client.configMaps().inNamespace("default").resource(configMap("Not_Valid", Map.of()))
                .create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
                    assertThat(e.getStatus().getDetails().getCauses()).singleElement()
                            .satisfies(c -> assertThat(c.getField()).isEqualTo("metadata.name"));
                });
        assertThat(client.configMaps().inNamespace("default").list().getItems()).isEmpty();
    }

    @Test
    void podsGetKubernetesDefaultsAndInvalidPodsAre422WithEveryCause() {
        var pods = client.pods().inNamespace("default");
        var pod = pods.resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("p")
                .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("127.0.0.1:5000/app")
                .endContainer().endSpec().build()).create();
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Always");
        assertThat(pod.getSpec().getDnsPolicy()).isEqualTo("ClusterFirst");
        assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(30L);
        assertThat(pod.getSpec().getSchedulerName()).isEqualTo("default-scheduler");
        assertThat(pod.getSpec().getContainers().getFirst().getImagePullPolicy()).isEqualTo("Always");

        assertThatThrownBy(() -> pods.resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
                .withName("bad").endMetadata().withNewSpec().addNewContainer().withName("c").endContainer()
                .addNewContainer().withName("c").withImage("i").addNewPort().withContainerPort(70000).endPort()
                .endContainer().endSpec().build()).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getDetails().getCauses()).extracting(c -> c.getField()).containsExactly(
                            "spec.containers[0].image", "spec.containers[1].name",
                            "spec.containers[1].ports[0].containerPort");
                    assertThat(e.getStatus().getMessage()).startsWith("Pod \"bad\" is invalid: [");
                });
        assertThat(pods.withName("bad").get()).isNull();
    }

    @Test
    void writesIntoAMissingNamespaceAre404() {
        assertThatThrownBy(() -> client.configMaps().inNamespace("nowhere").resource(configMap("x", Map.of())).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getStatus().getMessage()).isEqualTo("namespaces \"nowhere\" not found");
                });
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("nowhere").endMetadata().build())
                .create();
        assertThat(client.configMaps().inNamespace("nowhere").resource(configMap("x", Map.of())).create()).isNotNull();
        assertThat(client.namespaces().withName("nowhere").get().getStatus().getPhase()).isEqualTo("Active");
    }

    @Test
    void theSystemNamespacesExist() {
        assertThat(client.namespaces().list().getItems()).extracting(n -> n.getMetadata().getName())
                .contains("default", "kube-system", "kube-public", "kube-node-lease");
    }

    @Test
    void listsFilterByLabelAndFieldAndPage() {
        for (int i = 0; i < 7; i++) {
            client.configMaps().inNamespace("default")
                    .resource(configMap("cm-" + i, Map.of("app", i % 2 == 0 ? "web" : "db"))).create();
        }
        assertThat(client.configMaps().inNamespace("default").withLabel("app", "web").list().getItems()).hasSize(4);
        assertThat(client.configMaps().inNamespace("default").withLabelIn("app", "web", "db").list().getItems())
                .hasSize(7);
        assertThat(client.configMaps().inNamespace("default").withField("metadata.name", "cm-3").list().getItems())
                .extracting(c -> c.getMetadata().getName()).containsExactly("cm-3");

        ConfigMapList page = client.configMaps().inNamespace("default")
                .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(3L).build());
        assertThat(page.getItems()).hasSize(3);
        assertThat(page.getMetadata().getContinue()).isNotBlank();
        ConfigMapList rest = client.configMaps().inNamespace("default").list(
                new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(10L)
                        .withContinue(page.getMetadata().getContinue()).build());
        assertThat(rest.getItems()).hasSize(4);
        assertThat(rest.getMetadata().getContinue()).isNullOrEmpty();
        assertThat(rest.getMetadata().getResourceVersion()).isEqualTo(page.getMetadata().getResourceVersion());
    }

    @Test
    void aBadSelectorIs400() {
        assertThatThrownBy(() -> client.configMaps().inNamespace("default").withField("data.key", "x").list())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(e.getStatus().getMessage()).contains("field label not supported: data.key");
                });
    }

    @Test
    void generateNamePicksAUniqueName() {
        ConfigMap a = client.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                .withNewMetadata().withGenerateName("gen-").endMetadata().build()).create();
        assertThat(a.getMetadata().getName()).matches("gen-[bcdfghjklmnpqrstvwxz2456789]{5}");
    }

    @Test
    void specChangesBumpGenerationAndMainWritesCannotChangeStatus() {
        Deployment d = client.apps().deployments().inNamespace("default").resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx").endContainer().endSpec()
                .endTemplate().endSpec()
                .withNewStatus().withReplicas(99).endStatus().build()).create();
        assertThat(d.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(d.getStatus()).as("status is dropped on create").isNull();

        d.getSpec().setReplicas(3);
        d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(5).build());
        Deployment scaled = client.apps().deployments().inNamespace("default").resource(d).update();
        assertThat(scaled.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(scaled.getStatus()).isNull();

        scaled.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(3).build());
        scaled.getSpec().setReplicas(7);
        Deployment status = client.apps().deployments().inNamespace("default").resource(scaled).updateStatus();
        assertThat(status.getStatus().getReplicas()).isEqualTo(3);
        assertThat(status.getSpec().getReplicas()).as("a status write leaves spec alone").isEqualTo(3);
        assertThat(status.getMetadata().getGeneration()).isEqualTo(2L);
    }

    @Test
    void theScaleSubresourceReadsAndWritesReplicas() {
        var deployments = client.apps().deployments().inNamespace("default");
        deployments.resource(new DeploymentBuilder().withNewMetadata().withName("s").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "s").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "s").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("i").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        var scale = deployments.withName("s").scale();
        assertThat(scale.getSpec().getReplicas()).isEqualTo(2);
        assertThat(scale.getStatus().getSelector()).isEqualTo("app=s");
        deployments.withName("s").scale(5);
        assertThat(deployments.withName("s").get().getSpec().getReplicas()).isEqualTo(5);
        assertThat(deployments.withName("s").get().getMetadata().getGeneration()).isEqualTo(2L);
        deployments.withName("s").scale(5);
        assertThat(deployments.withName("s").get().getMetadata().getGeneration())
                .as("scaling to the same count is no spec change").isEqualTo(2L);
    }

    @Test
    void aBindingAssignsAPodToANodeOnce() {
        var pods = client.pods().inNamespace("default");
        pods.resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("b").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("i:1").endContainer().endSpec().build()).create();
        var binding = new io.fabric8.kubernetes.api.model.BindingBuilder().withNewMetadata().withName("b").endMetadata()
                .withNewTarget().withKind("Node").withName("node-1").endTarget().build();
        String url = server.url() + "/api/v1/namespaces/default/pods/b/binding";
        String json = io.fabric8.kubernetes.client.utils.Serialization.asJson(binding);
        client.raw(url, "POST", json);
        var bound = pods.withName("b").get();
        assertThat(bound.getSpec().getNodeName()).isEqualTo("node-1");
        assertThat(bound.getStatus().getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("PodScheduled");
            assertThat(c.getStatus()).isEqualTo("True");
        });
        assertThatThrownBy(() -> client.raw(url, "POST", json.replace("node-1", "node-2")))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(pods.withName("b").get().getSpec().getNodeName()).isEqualTo("node-1");
    }

    @Test
    void podPriorityComesFromItsPriorityClass() {
        var classes = client.scheduling().v1().priorityClasses();
        assertThat(classes.withName("system-cluster-critical").get().getValue()).isEqualTo(2_000_000_000);
        classes.resource(new io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder()
                .withNewMetadata().withName("high").endMetadata().withValue(1000).build()).create();
        var pods = client.pods().inNamespace("default");
        var high = pods.resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("high")
                .endMetadata().withNewSpec().withPriorityClassName("high").addNewContainer().withName("c").withImage("i")
                .endContainer().endSpec().build()).create();
        assertThat(high.getSpec().getPriority()).isEqualTo(1000);
        assertThat(high.getSpec().getPreemptionPolicy()).isEqualTo("PreemptLowerPriority");
        assertThatThrownBy(() -> pods.resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
                .withName("nope").endMetadata().withNewSpec().withPriorityClassName("missing").addNewContainer()
                .withName("c").withImage("i").endContainer().endSpec().build()).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getStatus().getMessage()).isEqualTo(
                            "pods \"nope\" is forbidden: no PriorityClass with name missing was found");
                });
        assertThatThrownBy(() -> pods.resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
                .withName("byhand").endMetadata().withNewSpec().withPriority(5).addNewContainer()
                .withName("c").withImage("i").endContainer().endSpec().build()).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        assertThat(pods.withName("byhand").get()).as("a refused pod is not created").isNull();
        classes.resource(new io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder()
                .withNewMetadata().withName("usual").endMetadata().withValue(10).withGlobalDefault(true).build()).create();
        var plain = pods.resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("plain")
                .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("i").endContainer().endSpec().build())
                .create();
        assertThat(plain.getSpec().getPriorityClassName()).isEqualTo("usual");
        assertThat(plain.getSpec().getPriority()).isEqualTo(10);
    }

    @Test
    void aNodeIsRegisteredWithItsStatusInOneCreate() {
        var node = new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName("n1").endMetadata()
                .withNewStatus().addToCapacity("cpu", new io.fabric8.kubernetes.api.model.Quantity("2"))
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
        client.nodes().resource(node).create();
        var stored = client.nodes().withName("n1").get();
        assertThat(stored.getStatus().getCapacity()).containsKey("cpu");
        assertThat(stored.getStatus().getConditions()).extracting("type").containsExactly("Ready");
    }

    @Test
    void everythingSurvivesARestart() {
        client.configMaps().inNamespace("default").resource(configMap("kept", Map.of("a", "b"))).create();
        String rv = client.configMaps().inNamespace("default").withName("kept").get().getMetadata().getResourceVersion();
        server.restart();
        client = server.client();
        ConfigMap kept = client.configMaps().inNamespace("default").withName("kept").get();
        assertThat(kept.getMetadata().getResourceVersion()).isEqualTo(rv);
        assertThat(kept.getMetadata().getLabels()).containsEntry("a", "b");
    }
}
