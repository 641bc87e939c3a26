package io.podyard.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContainerEnvTest {
    /** valueFrom resolves fieldRefs by path; envFrom by the referenced ConfigMap's name. */
    private static final EnvSources SOURCES = new EnvSources() {
        @Override
        public Optional<String> valueFrom(EnvVar variable) {
            var ref = variable.getValueFrom().getFieldRef();
            return ref == null ? Optional.empty() : Optional.of(Map.of("metadata.name", "web-0",
                    "status.podIP", "10.244.1.5").get(ref.getFieldPath()));
        }

        @Override
        public Map<String, String> envFrom(EnvFromSource source) {
            Map<String, String> map = new LinkedHashMap<>();
            map.put("MODE", "prod");
            map.put("1BAD", "skipped");
            map.put("LEVEL", "$(MODE)");
            return map;
        }
    };

    static EnvVar value(String name, String value) {
        return new EnvVar(name, value, null);
    }

    static EnvVar field(String name, String path) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(path)
                .endFieldRef().endValueFrom().build();
    }

    static Container container(List<EnvVar> env, boolean envFrom, String prefix) {
        ContainerBuilder builder = new ContainerBuilder().withName("c").withEnv(env);
        if (envFrom) {
            builder.addNewEnvFrom().withPrefix(prefix).withNewConfigMapRef().withName("cfg").endConfigMapRef()
                    .endEnvFrom();
        }
        return builder.build();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("literal values in order", container(List.of(value("A", "1"), value("B", "2")), false,
                        null), Map.of(), List.of("A=1", "B=2")),
                Arguments.of("references to earlier variables expand", container(List.of(value("HOST", "db"),
                        value("URL", "http://$(HOST):$(PORT)"), value("PORT", "5432")), false, null), Map.of(),
                        List.of("HOST=db", "URL=http://db:$(PORT)", "PORT=5432")),
                Arguments.of("escaped reference stays literal", container(List.of(value("A", "x"),
                        value("B", "$$(A)")), false, null), Map.of(), List.of("A=x", "B=$(A)")),
                Arguments.of("valueFrom values are not expanded and can be referenced",
                        container(List.of(field("NAME", "metadata.name"), value("GREETING", "hi $(NAME)")), false, null),
                        Map.of(), List.of("NAME=web-0", "GREETING=hi web-0")),
                Arguments.of("a later declaration replaces the value in place", container(List.of(value("A", "1"),
                        value("B", "2"), value("A", "$(B)3")), false, null), Map.of(), List.of("A=23", "B=2")),
                Arguments.of("envFrom first, prefixed, values not expanded",
                        container(List.of(value("MODE", "dev"), value("X", "$(P_MODE)")), true, "P_"), Map.of(),
                        List.of("P_MODE=prod", "P_1BAD=skipped", "P_LEVEL=$(MODE)", "MODE=dev", "X=prod")),
                Arguments.of("envFrom keys that are not variable names are skipped",
                        container(List.of(), true, null), Map.of(), List.of("MODE=prod", "LEVEL=$(MODE)")),
                Arguments.of("service variables are visible and come last unless declared",
                        container(List.of(value("DB", "$(DB_SERVICE_HOST)"), value("KEEP", "mine")), false, null),
                        Map.of("DB_SERVICE_HOST", "10.96.0.7"),
                        List.of("DB=10.96.0.7", "KEEP=mine", "DB_SERVICE_HOST=10.96.0.7")),
                Arguments.of("empty value", container(List.of(new EnvVar("E", null, null)), false, null), Map.of(),
                        List.of("E=")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resolvesLikeKubelet(String name, Container container, Map<String, String> service, List<String> expected) {
        Map<String, String> env = ContainerEnv.resolve(container, SOURCES, service);
        assertThat(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()).isEqualTo(expected);
    }

    static Stream<Arguments> merges() {
        return Stream.of(
                Arguments.of(List.of("PATH=/usr/bin:/bin", "HOME=/root"), Map.of("HOME", "/home/app"),
                        List.of("PATH=/usr/bin:/bin", "HOME=/home/app")),
                Arguments.of(List.of("PATH=/bin"), Map.of("EXTRA", "1"), List.of("PATH=/bin", "EXTRA=1")),
                Arguments.of(List.of("ODD", "EQ=a=b"), Map.of(), List.of("ODD=", "EQ=a=b")),
                Arguments.of(List.of(), Map.of("A", "1"), List.of("A=1")));
    }

    @ParameterizedTest
    @MethodSource("merges")
    void containerVariablesOverrideTheImagesInPlace(List<String> image, Map<String, String> container,
                                                    List<String> expected) {
        assertThat(ContainerEnv.merge(image, container)).isEqualTo(expected);
    }

    @Test
    void valueFromWithoutSourcesIsAConfigError() {
        assertThatThrownBy(() -> ContainerEnv.resolve(container(List.of(field("N", "metadata.name")), false, null),
                EnvSources.NONE, Map.of())).isInstanceOf(ContainerConfigException.class).hasMessageContaining("N");
    }
}
