package io.podyard.apiserver.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.podyard.api.resource.BuiltinResources;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class OpenApiDescriptionsTest {
    private static final OpenApi OPEN_API = new OpenApi(BuiltinResources.registry());

    static Stream<Arguments> described() {
        return Stream.of(
                // document, schema, field ("" for the type itself), the start of Kubernetes' text
                Arguments.of("api/v1", "io.k8s.api.core.v1.Container", "",
                        "A single application container that you want to run within a pod."),
                Arguments.of("api/v1", "io.k8s.api.core.v1.PodSpec", "containers",
                        "List of containers belonging to the pod."),
                Arguments.of("api/v1", "io.k8s.api.core.v1.Container", "image", "Container image name."),
                Arguments.of("api/v1", "io.k8s.api.core.v1.Container", "args", "Arguments to the entrypoint."),
                Arguments.of("api/v1", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "labels",
                        "Map of string keys and values that can be used to organize and categorize"),
                Arguments.of("api/v1", "io.k8s.api.core.v1.Event", "involvedObject", "The object that this event is about."),
                Arguments.of("apis/apps/v1", "io.k8s.api.apps.v1.DeploymentSpec", "strategy",
                        "The deployment strategy to use to replace existing pods with new ones."),
                Arguments.of("apis/events.k8s.io/v1", "io.k8s.api.events.v1.Event", "note", "note is a human-readable description"));
    }

    @ParameterizedTest
    @MethodSource("described")
    void schemasCarryKubernetesDescriptions(String document, String schema, String field, String text) {
        JsonNode s = OPEN_API.document(document).orElseThrow().get("components").get("schemas").get(schema);
        JsonNode described = field.isEmpty() ? s : s.get("properties").get(field);
        assertThat(described.path("description").asString("")).startsWith(text);
    }

    @Test
    void everyKindIsDescribed() {
        for (String path : OPEN_API.root().get("paths").propertyNames()) {
            JsonNode schemas = OPEN_API.document(path).orElseThrow().get("components").get("schemas");
            for (String name : schemas.propertyNames()) {
                if (schemas.get(name).has("x-kubernetes-group-version-kind")) {
                    assertThat(schemas.get(name).path("description").asString("")).as(name).isNotBlank();
                }
            }
        }
    }

    @Test
    void descriptionsAreReadOnTheFirstRequestOnly() {
        AtomicInteger loads = new AtomicInteger();
        OpenApi openApi = new OpenApi(BuiltinResources.registry(), () -> {
            loads.incrementAndGet();
            return Descriptions.NONE;
        });
        assertThat(loads).hasValue(0);
        openApi.root();
        openApi.document("api/v1");
        assertThat(loads).hasValue(1);
    }
}
