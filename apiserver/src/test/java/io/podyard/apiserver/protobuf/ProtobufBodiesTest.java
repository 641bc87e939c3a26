package io.podyard.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.podyard.apiserver.rest.ApiException;
import io.podyard.apiserver.rest.Json;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ProtobufBodiesTest {

    private static byte[] envelope(String apiVersion, String kind, ByteString raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'k', '8', 's', 0});
        out.writeBytes(Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(raw).build().toByteArray());
        return out.toByteArray();
    }

    @Test
    void aPodReadsAsTheJsonKubernetesWouldWrite() {
        V1.Pod pod = V1.Pod.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("p").setNamespace("")
                        .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(0)))
                .setSpec(V1.PodSpec.newBuilder().addContainers(V1.Container.newBuilder().setName("c").setImage("i:1")
                        .setWorkingDir("")
                        .setResources(V1.ResourceRequirements.newBuilder()
                                .putLimits("memory", Resource.Quantity.newBuilder().setString("1Gi").build()))
                        .setReadinessProbe(V1.Probe.newBuilder().setHandler(V1.ProbeHandler.newBuilder()
                                .setHttpGet(V1.HTTPGetAction.newBuilder().setPort(IntStr.IntOrString.newBuilder()
                                        .setType(1).setStrVal("http")))))))
                .build();
        JsonNode json = Json.MAPPER.readTree(ProtobufBodies.toJson(envelope("v1", "Pod", pod.toByteString())));
        assertThat(json.path("apiVersion").asString()).isEqualTo("v1");
        assertThat(json.path("kind").asString()).isEqualTo("Pod");
        assertThat(json.path("metadata").has("namespace")).as("empty strings are unset fields").isFalse();
        assertThat(json.path("metadata").get("creationTimestamp").isNull()).as("zero Time is null").isTrue();
        JsonNode c = json.path("spec").path("containers").get(0);
        assertThat(c.path("resources").path("limits").path("memory").asString()).isEqualTo("1Gi");
        assertThat(c.path("readinessProbe").path("httpGet").path("port").asString()).isEqualTo("http");
        assertThat(c.has("workingDir")).isFalse();
    }

    @Test
    void secretBytesAreBase64AndUnknownKindsAre415() {
        V1.Secret secret = V1.Secret.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder().setName("s"))
                .putData("password", ByteString.copyFromUtf8("s3cret")).build();
        JsonNode json = Json.MAPPER.readTree(ProtobufBodies.toJson(envelope("v1", "Secret", secret.toByteString())));
        assertThat(json.path("data").path("password").asString()).isEqualTo("czNjcmV0");

        assertThatThrownBy(() -> ProtobufBodies.toJson(envelope("example.com/v1", "Widget", ByteString.EMPTY)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(415));
        assertThatThrownBy(() -> ProtobufBodies.toJson("{\"not\":\"protobuf\"}".getBytes()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
    }
}
