package io.podyard.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

class ObjectValidationTest {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final String OK_CONTAINER = "{\"name\":\"web\",\"image\":\"i:1\"}";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("Pod", "{\"spec\":{\"containers\":[" + OK_CONTAINER + "]}}", List.of()),
                Arguments.of("Pod", "{\"spec\":{}}", List.of("spec.containers: Required value")),
                Arguments.of("Pod", "{\"spec\":{\"containers\":[" + OK_CONTAINER + "," + OK_CONTAINER + "]}}",
                        List.of("spec.containers[1].name: Duplicate value: \"web\"")),
                Arguments.of("Pod", "{\"spec\":{\"containers\":[{\"name\":\"a\",\"ports\":[{\"containerPort\":70000}]}]}}",
                        List.of("spec.containers[0].image: Required value",
                                "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive")),
                Arguments.of("Pod", "{\"spec\":{\"restartPolicy\":\"Sometimes\",\"containers\":[" + OK_CONTAINER + "]}}",
                        List.of("spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"")),
                Arguments.of("Deployment", "{\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"a\"}},\"template\":{\"metadata\":"
                        + "{\"labels\":{\"app\":\"b\"}},\"spec\":{\"containers\":[" + OK_CONTAINER + "]}}}}",
                        List.of("spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"b\"}: `selector` does not match template `labels`")),
                Arguments.of("Deployment", "{\"spec\":{\"replicas\":-1,\"template\":{\"spec\":{\"containers\":[" + OK_CONTAINER + "]}}}}",
                        List.of("spec.replicas: Invalid value: -1: must be greater than or equal to 0", "spec.selector: Required value")),
                Arguments.of("Job", "{\"spec\":{\"template\":{\"spec\":{\"restartPolicy\":\"Always\",\"containers\":[" + OK_CONTAINER + "]}}}}",
                        List.of("spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"")),
                Arguments.of("Service", "{\"spec\":{\"ports\":[{\"port\":80},{\"port\":0,\"name\":\"b\"}]}}",
                        List.of("spec.ports[0].name: Required value", "spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive")),
                Arguments.of("ConfigMap", "{\"metadata\":{\"labels\":{\"bad key!\":\"v\"}}}",
                        List.of("metadata.labels: Invalid value: \"bad key!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void reportsEachProblemByField(String kind, String json, List<String> expected) {
        List<String> rendered = ObjectValidation.validate(kind, MAPPER.readTree(json)).stream()
                .map(e -> e.field() + ": " + e.message()).toList();
        assertThat(rendered).containsExactlyElementsOf(expected);
    }
}
