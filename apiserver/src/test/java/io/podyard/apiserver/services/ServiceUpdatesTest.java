package io.podyard.apiserver.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusCause;
import io.podyard.apiserver.rest.Json;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

class ServiceUpdatesTest {
    private static final String CLUSTER_IP = "{\"spec\":{\"type\":\"ClusterIP\",\"clusterIP\":\"10.96.0.5\","
            + "\"clusterIPs\":[\"10.96.0.5\"],\"ipFamilies\":[\"IPv4\"],\"ports\":[{\"name\":\"http\",\"port\":80}]}}";
    private static final String NODE_PORT = "{\"spec\":{\"type\":\"NodePort\",\"clusterIP\":\"10.96.0.5\","
            + "\"clusterIPs\":[\"10.96.0.5\"],\"externalTrafficPolicy\":\"Cluster\","
            + "\"ports\":[{\"name\":\"http\",\"port\":80,\"nodePort\":30080}]}}";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a PUT without clusterIP keeps it", CLUSTER_IP,
                        "{\"spec\":{\"type\":\"ClusterIP\",\"ports\":[{\"name\":\"http\",\"port\":80}]}}",
                        "{\"spec\":{\"type\":\"ClusterIP\",\"ports\":[{\"name\":\"http\",\"port\":80}],"
                                + "\"clusterIP\":\"10.96.0.5\",\"clusterIPs\":[\"10.96.0.5\"]}}", List.of()),
                Arguments.of("a changed clusterIP is refused", CLUSTER_IP,
                        "{\"spec\":{\"type\":\"ClusterIP\",\"clusterIP\":\"10.96.0.6\"}}",
                        "{\"spec\":{\"type\":\"ClusterIP\",\"clusterIP\":\"10.96.0.6\"}}",
                        List.of("spec.clusterIP: Invalid value: \"10.96.0.6\": field is immutable",
                                "spec.clusterIPs[0]: Invalid value: [\"10.96.0.6\"]: may not change once set")),
                Arguments.of("to ExternalName drops the address", CLUSTER_IP,
                        "{\"spec\":{\"type\":\"ExternalName\",\"externalName\":\"x.com\",\"clusterIP\":\"10.96.0.5\","
                                + "\"clusterIPs\":[\"10.96.0.5\"],\"ipFamilies\":[\"IPv4\"]}}",
                        "{\"spec\":{\"type\":\"ExternalName\",\"externalName\":\"x.com\"}}", List.of()),
                Arguments.of("from ExternalName anything goes", "{\"spec\":{\"type\":\"ExternalName\"}}",
                        "{\"spec\":{\"type\":\"ClusterIP\",\"clusterIP\":\"10.96.0.9\"}}",
                        "{\"spec\":{\"type\":\"ClusterIP\",\"clusterIP\":\"10.96.0.9\"}}", List.of()),
                Arguments.of("a PUT without nodePort keeps the port of that name", NODE_PORT,
                        "{\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"name\":\"http\",\"port\":81}]}}",
                        "{\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"name\":\"http\",\"port\":81,\"nodePort\":30080}],"
                                + "\"clusterIP\":\"10.96.0.5\",\"clusterIPs\":[\"10.96.0.5\"]}}", List.of()),
                Arguments.of("NodePort to ClusterIP drops node ports and the traffic policy", NODE_PORT,
                        NODE_PORT.replace("\"NodePort\"", "\"ClusterIP\""),
                        "{\"spec\":{\"type\":\"ClusterIP\",\"clusterIP\":\"10.96.0.5\",\"clusterIPs\":[\"10.96.0.5\"],"
                                + "\"ports\":[{\"name\":\"http\",\"port\":80}]}}", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void preparesUpdatesAsTheServiceRegistry(String name, String old, String updated, String expected,
            List<String> refusals) {
        ObjectNode object = (ObjectNode) Json.MAPPER.readTree(updated);
        List<StatusCause> causes = ServiceUpdates.prepare(Json.MAPPER.readTree(old), object);
        assertThat(causes).map(c -> c.getField() + ": " + c.getMessage()).containsExactlyElementsOf(refusals);
        assertThat(Json.sameJson(object, Json.MAPPER.readTree(expected))).as("%s", object).isTrue();
    }
}
