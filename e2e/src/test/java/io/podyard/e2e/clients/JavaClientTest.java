package io.podyard.e2e.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.ProtoClient;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.podyard.apiserver.ServerFixture;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official Java client (io.kubernetes:client-java) loads the server's kubeconfig and works unchanged. */
class JavaClientTest {
    private static final String NS = "java-client";

    @TempDir
    Path dir;

    private ServerFixture server;
    private ApiClient client;
    private CoreV1Api api;

    @BeforeEach
    void connect() throws Exception {
        server = new ServerFixture(dir);
        try (Reader r = Files.newBufferedReader(server.controlPlane().kubeconfig())) {
            client = ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(r)).build();
        }
        api = new CoreV1Api(client);
        api.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(NS))).execute();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void createListGetPatchWatchDelete() throws Exception {
        api.createNamespacedConfigMap(NS, new V1ConfigMap().metadata(new V1ObjectMeta().name("settings")
                .putLabelsItem("app", "demo")).putDataItem("a", "1")).execute();
        api.createNamespacedPod(NS, pod("web", "demo")).execute();
        api.createNamespacedPod(NS, pod("other", "other")).execute();

        assertThat(api.listNamespacedPod(NS).labelSelector("app=demo").execute().getItems())
                .extracting(p -> p.getMetadata().getName()).containsExactly("web");
        assertThat(api.readNamespacedConfigMap("settings", NS).execute().getData()).isEqualTo(Map.of("a", "1"));

        V1ConfigMap patched = PatchUtils.patch(V1ConfigMap.class,
                () -> api.patchNamespacedConfigMap("settings", NS, new V1Patch("{\"data\":{\"b\":\"2\"}}")).buildCall(null),
                V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, client);
        assertThat(patched.getData()).isEqualTo(Map.of("a", "1", "b", "2"));
        V1ConfigMap merged = PatchUtils.patch(V1ConfigMap.class,
                () -> api.patchNamespacedConfigMap("settings", NS, new V1Patch("{\"data\":{\"a\":null}}")).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
        assertThat(merged.getData()).isEqualTo(Map.of("b", "2"));

        V1Status deleted = api.deleteNamespacedConfigMap("settings", NS).execute();
        assertThat(deleted.getStatus()).isEqualTo("Success");
        assertThat(deleted.getDetails().getKind()).isEqualTo("configmaps");
        // The watch starts before the delete, so the first event it replays is the deletion.
        try (Watch<V1ConfigMap> watch = Watch.createWatch(client,
                api.listNamespacedConfigMap(NS).watch(true).resourceVersion(merged.getMetadata().getResourceVersion())
                        .timeoutSeconds(30).buildCall(null),
                new TypeToken<Watch.Response<V1ConfigMap>>() {}.getType())) {
            Watch.Response<V1ConfigMap> event = watch.next();
            assertThat(event.type).isEqualTo("DELETED");
            assertThat(event.object.getMetadata().getName()).isEqualTo("settings");
        }
        assertThatThrownBy(() -> api.readNamespacedConfigMap("settings", NS).execute())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }

    @Test
    void protobufListGetCreateAndStatus() throws Exception {
        api.createNamespacedPod(NS, pod("web", "demo")).execute();
        ProtoClient proto = new ProtoClient(client);

        ProtoClient.ObjectOrStatus<V1.PodList> list = proto.list(V1.PodList.newBuilder(), "/api/v1/namespaces/" + NS + "/pods");
        assertThat(list.status).isNull();
        assertThat(list.object.getItemsList()).extracting(p -> p.getMetadata().getName()).containsExactly("web");

        ProtoClient.ObjectOrStatus<V1.Pod> got = proto.get(V1.Pod.newBuilder(), "/api/v1/namespaces/" + NS + "/pods/web");
        assertThat(got.object.getSpec().getContainers(0).getImage()).isEqualTo("busybox");

        V1.ConfigMap settings = V1.ConfigMap.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder().setName("settings"))
                .putData("a", "1").build();
        ProtoClient.ObjectOrStatus<V1.ConfigMap> created =
                proto.create(settings, "/api/v1/namespaces/" + NS + "/configmaps", "v1", "ConfigMap");
        assertThat(created.object.getDataMap()).isEqualTo(Map.of("a", "1"));
        assertThat(created.object.getMetadata().getCreationTimestamp().getSeconds()).isPositive();
        assertThat(api.readNamespacedConfigMap("settings", NS).execute().getData()).isEqualTo(Map.of("a", "1"));

        ProtoClient.ObjectOrStatus<V1.Pod> missing = proto.get(V1.Pod.newBuilder(), "/api/v1/namespaces/" + NS + "/pods/nope");
        assertThat(missing.object).isNull();
        assertThat(missing.status.getCode()).isEqualTo(404);
        assertThat(missing.status.getReason()).isEqualTo("NotFound");

        // There is no protobuf watch framing here: a client that accepts nothing else is told so, as
        // Kubernetes tells it for custom resources.
        try (okhttp3.Response watch = client.getHttpClient().newCall(new okhttp3.Request.Builder()
                .url(client.getBasePath() + "/api/v1/namespaces/" + NS + "/pods?watch=true")
                .header("Accept", "application/vnd.kubernetes.protobuf").build()).execute()) {
            assertThat(watch.code()).isEqualTo(406);
        }
    }

    @Test
    void informerSeesAddUpdateDelete() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        SharedInformerFactory factory = new SharedInformerFactory(client);
        try {
            SharedIndexInformer<V1ConfigMap> informer = factory.sharedIndexInformerFor(
                    new GenericKubernetesApi<>(V1ConfigMap.class, V1ConfigMapList.class, "", "v1", "configmaps", client),
                    V1ConfigMap.class, 0, NS);
            informer.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(V1ConfigMap obj) {
                    seen.add("add " + obj.getData());
                }

                @Override
                public void onUpdate(V1ConfigMap old, V1ConfigMap now) {
                    seen.add("update " + now.getData());
                }

                @Override
                public void onDelete(V1ConfigMap obj, boolean finalStateUnknown) {
                    seen.add("delete " + obj.getMetadata().getName());
                }
            });
            factory.startAllRegisteredInformers();
            await().atMost(Duration.ofSeconds(30)).until(informer::hasSynced);

            api.createNamespacedConfigMap(NS, new V1ConfigMap().metadata(new V1ObjectMeta().name("live"))
                    .putDataItem("a", "1")).execute();
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 1);
            api.replaceNamespacedConfigMap("live", NS, api.readNamespacedConfigMap("live", NS).execute()
                    .putDataItem("a", "2")).execute();
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 2);
            api.deleteNamespacedConfigMap("live", NS).execute();
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 3);
            assertThat(seen).containsExactly("add {a=1}", "update {a=2}", "delete live");
            assertThat(informer.getIndexer().list()).isEmpty();
        } finally {
            factory.stopAllRegisteredInformers();
        }
    }

    @Test
    void serverSideApply() throws Exception {
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: applied, namespace: java-client}
                data: {a: "1"}
                """;
        V1ConfigMap applied = PatchUtils.patch(V1ConfigMap.class,
                () -> api.patchNamespacedConfigMap("applied", NS, new V1Patch(yaml)).fieldManager("java-test").force(true)
                        .buildCall(null),
                V1Patch.PATCH_FORMAT_APPLY_YAML, client);
        assertThat(applied.getData()).isEqualTo(Map.of("a", "1"));
        // client-java 27 reads managedFields back as an empty list (the JSON has them), so ask fabric8
        assertThat(server.client().configMaps().inNamespace(NS).withName("applied").get().getMetadata().getManagedFields())
                .extracting(f -> f.getManager() + " " + f.getOperation()).containsExactly("java-test Apply");
        // another manager applying a different value without force is refused with Kubernetes' conflict
        assertThatThrownBy(() -> PatchUtils.patch(V1ConfigMap.class,
                () -> api.patchNamespacedConfigMap("applied", NS, new V1Patch(yaml.replace("\"1\"", "\"2\"")))
                        .fieldManager("someone-else").buildCall(null),
                V1Patch.PATCH_FORMAT_APPLY_YAML, client))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    }

    private static V1Pod pod(String name, String app) {
        return new V1Pod().metadata(new V1ObjectMeta().name(name).putLabelsItem("app", app))
                .spec(new V1PodSpec().addContainersItem(new V1Container().name("main").image("busybox")));
    }
}
