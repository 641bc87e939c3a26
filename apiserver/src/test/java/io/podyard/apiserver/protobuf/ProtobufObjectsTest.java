package io.podyard.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.podyard.apiserver.rest.Json;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class ProtobufObjectsTest {
    static Stream<Arguments> accepts() {
        return Stream.of(
                Arguments.of("application/vnd.kubernetes.protobuf", true), // client-java's ProtoClient
                Arguments.of("application/vnd.kubernetes.protobuf;stream=watch", true),
                Arguments.of("application/vnd.kubernetes.protobuf, application/json", false), // client-go, kubectl
                Arguments.of("application/json", false),
                Arguments.of("*/*", false),
                Arguments.of("", false),
                Arguments.of(null, false));
    }

    @ParameterizedTest
    @MethodSource("accepts")
    void protobufOnlyForClientsThatAcceptNothingElse(String accept, boolean onlyProtobuf) {
        assertThat(ProtobufObjects.onlyProtobuf(accept)).isEqualTo(onlyProtobuf);
    }

    /** Objects whose JSON differs from their message shape somewhere, each written then read back. */
    static Stream<Arguments> objects() {
        return Stream.of(
                Arguments.of("""
                        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"n",
                         "creationTimestamp":"2026-01-02T03:04:05Z","labels":{"app":"web"},
                         "managedFields":[{"manager":"m","operation":"Update","fieldsType":"FieldsV1",
                           "fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app":{}}}},"time":"2026-01-02T03:04:05Z"}]},
                         "spec":{"containers":[{"name":"c","image":"busybox",
                           "resources":{"limits":{"memory":"1Gi","cpu":"500m"}},
                           "readinessProbe":{"httpGet":{"port":"http","path":"/"},"periodSeconds":5},
                           "livenessProbe":{"tcpSocket":{"port":8080}}}],
                          "volumes":[{"name":"v","emptyDir":{}}],"terminationGracePeriodSeconds":30},
                         "status":{"phase":"Pending"}}"""),
                Arguments.of("""
                        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"password":"czNjcmV0"},"type":"Opaque"}"""),
                Arguments.of("""
                        {"apiVersion":"apps/v1","kind":"DeploymentList","metadata":{"resourceVersion":"7"},
                         "items":[{"metadata":{"name":"d"},"spec":{"replicas":2,"selector":{"matchLabels":{"a":"b"}},
                           "template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}},
                           "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":1}}}}]}"""),
                Arguments.of("""
                        {"apiVersion":"v1","kind":"Status","metadata":{},"status":"Failure","message":"pods \\"x\\" not found",
                         "reason":"NotFound","details":{"name":"x","kind":"pods"},"code":404}"""));
    }

    @ParameterizedTest
    @MethodSource("objects")
    void writtenAsProtobufAndReadBackTheSame(String json) throws Exception {
        JsonNode object = Json.MAPPER.readTree(json);
        byte[] body = ProtobufObjects.encode(object).orElseThrow();
        assertThat(Arrays.copyOf(body, 4)).isEqualTo(new byte[] {'k', '8', 's', 0});
        if (object.path("kind").asString().equals("Status")) {
            // client-java reads a Status by its type meta, from the raw bytes
            Meta.Status status = Meta.Status.parseFrom(unknown(body).getRaw());
            assertThat(status.getCode()).isEqualTo(404);
            assertThat(status.getReason()).isEqualTo("NotFound");
            assertThat(status.getDetails().getName()).isEqualTo("x");
            return;
        }
        JsonNode back = Json.MAPPER.readTree(ProtobufBodies.toJson(body));
        if (object.path("kind").asString().endsWith("List")) {
            // lists have no protobuf reader for requests; compare the items through the generated message
            V1Apps.DeploymentList list = V1Apps.DeploymentList.parseFrom(unknown(body).getRaw());
            assertThat(list.getMetadata().getResourceVersion()).isEqualTo("7");
            V1Apps.DeploymentStrategy strategy = list.getItems(0).getSpec().getStrategy();
            assertThat(strategy.getRollingUpdate().getMaxSurge().getStrVal()).isEqualTo("25%");
            assertThat(strategy.getRollingUpdate().getMaxUnavailable().getIntVal()).isEqualTo(1);
            return;
        }
        assertThat(back).isEqualTo(object);
    }

    @Test
    void kindsWithoutAMessageHaveNoProtobufForm() {
        assertThat(ProtobufObjects.encode(Json.MAPPER.readTree("{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\"}")))
                .isEmpty();
    }

    @Test
    void aPodsProbeHandlerIsItsOwnField() throws Exception {
        JsonNode pod = Json.MAPPER.readTree("""
                {"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"c","livenessProbe":{"exec":{"command":["true"]}}}]}}""");
        V1.Pod message = V1.Pod.parseFrom(unknown(ProtobufObjects.encode(pod).orElseThrow()).getRaw());
        assertThat(message.getSpec().getContainers(0).getLivenessProbe().getHandler().getExec().getCommandList())
                .containsExactly("true");
    }

    private static Runtime.Unknown unknown(byte[] body) throws Exception {
        return Runtime.Unknown.parseFrom(Arrays.copyOfRange(body, 4, body.length));
    }
}
