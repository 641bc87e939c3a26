package io.podyard.api.decoding;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

class UnknownFieldsTest {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    static Stream<Arguments> documents() {
        return Stream.of(
                Arguments.of(ConfigMap.class, "{\"metadata\":{\"name\":\"a\"},\"data\":{\"k\":\"v\"}}", List.of()),
                Arguments.of(ConfigMap.class, "{\"metadata\":{\"name\":\"a\",\"nmae\":\"x\"},\"dat\":{}}",
                        List.of("metadata.nmae", "dat")),
                Arguments.of(Pod.class, "{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"i\"},"
                        + "{\"name\":\"b\",\"imagePullPolicyy\":\"Always\",\"ports\":[{\"containerPort\":80,\"proto\":\"TCP\"}]}]}}",
                        List.of("spec.containers[1].imagePullPolicyy", "spec.containers[1].ports[0].proto")),
                Arguments.of(Deployment.class, "{\"spec\":{\"replicas\":1,\"template\":{\"spec\":{\"containers\":[],"
                        + "\"restartPolicyy\":\"Always\"}}}}", List.of("spec.template.spec.restartPolicyy")),
                Arguments.of(ConfigMap.class, "{\"metadata\":{\"name\":\"a\",\"managedFields\":[{\"manager\":\"m\","
                        + "\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:data\":{\"f:k\":{}}},\"managr\":\"x\"}]}}",
                        List.of("metadata.managedFields[0].managr")));
    }

    @ParameterizedTest
    @MethodSource("documents")
    void findsEveryUnknownFieldByItsPath(Class<? extends HasMetadata> type, String json, List<String> unknown) {
        HasMetadata decoded = MAPPER.readValue(json, type);
        assertThat(UnknownFields.find(decoded)).containsExactlyInAnyOrderElementsOf(unknown);
        assertThat(UnknownFields.strip(decoded)).containsExactlyInAnyOrderElementsOf(unknown);
        assertThat(UnknownFields.find(decoded)).isEmpty();
        for (String path : unknown) {
            String leaf = path.substring(path.lastIndexOf('.') + 1);
            assertThat(MAPPER.writeValueAsString(decoded)).doesNotContain("\"" + leaf + "\"");
        }
    }
}
