package io.podyard.apiserver.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.podyard.api.resource.BuiltinResources;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class OpenApiV2Test {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final OpenApi OPEN_API = new OpenApi(BuiltinResources.registry(), () -> Descriptions.NONE);

    static Stream<Arguments> schemas() {
        return Stream.of(
                // v3 schema, its Swagger 2.0 form
                Arguments.of("{'type':'object','properties':{'a':{'type':'string'}},'required':['a']}",
                        "{'properties':{'a':{'type':'string'}},'required':['a']}"),
                Arguments.of("{'type':'object','additionalProperties':{'type':'string'}}",
                        "{'type':'object','additionalProperties':{'type':'string'}}"),
                Arguments.of("{'description':'d','allOf':[{'$ref':'#/components/schemas/io.k8s.api.core.v1.PodSpec'}]}",
                        "{'description':'d','$ref':'#/definitions/io.k8s.api.core.v1.PodSpec'}"),
                Arguments.of("{'x-kubernetes-int-or-string':true}", "{'type':'string','format':'int-or-string'}"),
                Arguments.of("{'type':'object','x-kubernetes-preserve-unknown-fields':true}", "{}"),
                Arguments.of("{'type':'integer','format':'int32'}", "{'type':'integer','format':'int32'}"),
                Arguments.of("{'type':'array','items':{'allOf':[{'$ref':'#/components/schemas/X'}]},"
                                + "'x-kubernetes-patch-strategy':'merge','x-kubernetes-patch-merge-key':'name'}",
                        "{'type':'array','items':{'$ref':'#/definitions/X'},"
                                + "'x-kubernetes-patch-strategy':'merge','x-kubernetes-patch-merge-key':'name'}"),
                Arguments.of("{'type':'object','properties':{},'x-kubernetes-group-version-kind':[{'kind':'K'}]}",
                        "{'properties':{},'x-kubernetes-group-version-kind':[{'kind':'K'}]}"));
    }

    @ParameterizedTest
    @MethodSource("schemas")
    void aV3SchemaBecomesWhatKubernetes120Served(String v3, String v2) {
        assertThat(SwaggerDefinitions.convert(json(v3))).isEqualTo(json(v2));
    }

    static Stream<Arguments> patchTags() {
        return Stream.of(
                // definition, field, x-kubernetes-patch-strategy, x-kubernetes-patch-merge-key ("" for none)
                Arguments.of("io.k8s.api.core.v1.PodSpec", "containers", "merge", "name"),
                Arguments.of("io.k8s.api.core.v1.PodSpec", "volumes", "merge,retainKeys", "name"),
                Arguments.of("io.k8s.api.core.v1.Container", "env", "merge", "name"),
                Arguments.of("io.k8s.api.core.v1.Container", "ports", "merge", "containerPort"),
                Arguments.of("io.k8s.api.core.v1.ServiceSpec", "ports", "merge", "port"),
                Arguments.of("io.k8s.api.apps.v1.DeploymentSpec", "strategy", "retainKeys", ""),
                Arguments.of("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "finalizers", "merge", ""),
                Arguments.of("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "labels", "", ""),
                Arguments.of("io.k8s.api.core.v1.Container", "args", "", ""));
    }

    @ParameterizedTest
    @MethodSource("patchTags")
    void definitionsCarryThePatchTagsTheServerMergesBy(String definition, String field, String strategy,
                                                      String mergeKey) {
        JsonNode property = OPEN_API.v2().json().get("definitions").get(definition).get("properties").get(field);
        assertThat(property.path(PatchExtensions.STRATEGY).asString("")).isEqualTo(strategy);
        assertThat(property.path(PatchExtensions.MERGE_KEY).asString("")).isEqualTo(mergeKey);
    }

    @Test
    void everyReferenceNamesADefinitionAndKindsCarryTheirGroupVersionKind() {
        JsonNode definitions = OPEN_API.v2().json().get("definitions");
        List<String> refs = definitions.findValuesAsString("$ref");
        assertThat(refs).isNotEmpty().allSatisfy(ref ->
                assertThat(definitions.has(ref.substring("#/definitions/".length()))).as(ref).isTrue());
        assertThat(definitions.get("io.k8s.api.apps.v1.Deployment").get("x-kubernetes-group-version-kind"))
                .isEqualTo(json("[{'group':'apps','version':'v1','kind':'Deployment'}]"));
        assertThat(definitions.get("io.k8s.api.core.v1.Pod").has("type")).isFalse();
    }

    /** Read back with protobuf's generic parser: gnostic's Document (definitions 9 > NamedSchema 1 > Schema 2). */
    @Test
    void theProtobufFormHoldsTheSameDefinitions() throws Exception {
        UnknownFieldSet document = UnknownFieldSet.parseFrom(OPEN_API.v2().protobuf());
        assertThat(document.getField(1).getLengthDelimitedList().getFirst().toStringUtf8()).isEqualTo("2.0");
        List<ByteString> named = UnknownFieldSet.parseFrom(document.getField(9).getLengthDelimitedList().getFirst())
                .getField(1).getLengthDelimitedList();
        assertThat(named).hasSize(OPEN_API.v2().json().get("definitions").size());
        UnknownFieldSet pod = named.stream().map(OpenApiV2Test::parse)
                .filter(n -> n.getField(1).getLengthDelimitedList().getFirst().toStringUtf8()
                        .equals("io.k8s.api.core.v1.Pod"))
                .map(n -> parse(n.getField(2).getLengthDelimitedList().getFirst())).findFirst().orElseThrow();
        UnknownFieldSet extension = parse(pod.getField(31).getLengthDelimitedList().getFirst());
        assertThat(extension.getField(1).getLengthDelimitedList().getFirst().toStringUtf8())
                .isEqualTo("x-kubernetes-group-version-kind");
        String yaml = parse(extension.getField(2).getLengthDelimitedList().getFirst()).getField(2)
                .getLengthDelimitedList().getFirst().toStringUtf8();
        assertThat(json(yaml)).isEqualTo(json("[{'group':'','version':'v1','kind':'Pod'}]"));
        assertThat(pod.hasField(25)).as("properties").isTrue();
        assertThat(pod.hasField(22)).as("type").isFalse();
    }

    /** kubectl 1.20 runs diff and --dry-run=server only for kinds whose patch operation takes dryRun. */
    @Test
    void patchOperationsCarryTheirKindAndTheDryRunParameter() throws Exception {
        JsonNode patch = OPEN_API.v2().json().get("paths")
                .get("/apis/apps/v1/namespaces/{namespace}/deployments/{name}").get("patch");
        assertThat(patch.get("x-kubernetes-group-version-kind"))
                .isEqualTo(json("{'group':'apps','version':'v1','kind':'Deployment'}"));
        assertThat(patch.get("parameters").findValuesAsString("name")).contains("dryRun");
        assertThat(patch.get("parameters").findValuesAsString("type")).containsOnly("string", "boolean");

        UnknownFieldSet document = UnknownFieldSet.parseFrom(OPEN_API.v2().protobuf());
        UnknownFieldSet item = UnknownFieldSet.parseFrom(document.getField(8).getLengthDelimitedList().getFirst())
                .getField(2).getLengthDelimitedList().stream().map(OpenApiV2Test::parse)
                .filter(n -> n.getField(1).getLengthDelimitedList().getFirst().toStringUtf8()
                        .equals("/apis/apps/v1/namespaces/{namespace}/deployments/{name}"))
                .map(n -> parse(n.getField(2).getLengthDelimitedList().getFirst())).findFirst().orElseThrow();
        UnknownFieldSet operation = parse(item.getField(8).getLengthDelimitedList().getFirst());
        List<String> queryNames = operation.getField(8).getLengthDelimitedList().stream()
                .map(p -> field(field(field(parse(p), 1), 2), 3))
                .map(q -> q.getField(4).getLengthDelimitedList().getFirst().toStringUtf8()).toList();
        assertThat(queryNames).contains("dryRun", "fieldValidation");
    }

    private static UnknownFieldSet field(UnknownFieldSet message, int number) {
        return parse(message.getField(number).getLengthDelimitedList().getFirst());
    }

    private static UnknownFieldSet parse(ByteString bytes) {
        try {
            return UnknownFieldSet.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(String singleQuoted) {
        return JSON.readTree(singleQuoted.replace('\'', '"'));
    }
}
