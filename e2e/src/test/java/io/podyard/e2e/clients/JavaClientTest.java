package io.podyard.e2e.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.ProtoClient;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.Watch;
import io.podyard.apiserver.ServerFixture;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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

        api.deleteNamespacedConfigMap("settings", NS).execute();
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
    }

    private static V1Pod pod(String name, String app) {
        return new V1Pod().metadata(new V1ObjectMeta().name(name).putLabelsItem("app", app))
                .spec(new V1PodSpec().addContainersItem(new V1Container().name("main").image("busybox")));
    }
}
