package io.podyard.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The four cases of the Kubernetes documentation's command/args table, plus expansion. */
class ProcessArgsTest {
    private static final ImageConfig IMAGE = new ImageConfig(List.of("/ep-1"), List.of("foo", "bar"),
            List.of("IMAGE_ONLY=x"), "", "", "");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("neither: image ENTRYPOINT + CMD", null, null, IMAGE, List.of("/ep-1", "foo", "bar")),
                Arguments.of("command only: image CMD is dropped", List.of("/ep-2"), null, IMAGE, List.of("/ep-2")),
                Arguments.of("args only: image ENTRYPOINT + args", null, List.of("zoo", "boo"), IMAGE,
                        List.of("/ep-1", "zoo", "boo")),
                Arguments.of("both: command + args", List.of("/ep-2"), List.of("zoo", "boo"), IMAGE,
                        List.of("/ep-2", "zoo", "boo")),
                Arguments.of("image without ENTRYPOINT: CMD alone", null, null,
                        new ImageConfig(List.of(), List.of("sh"), List.of(), "", "", ""), List.of("sh")),
                Arguments.of("$(VAR) from the container env, not the image's; $$ escapes",
                        List.of("echo", "$(GREETING)", "$(IMAGE_ONLY)", "$$(GREETING)"), List.of("$(MISSING)"), IMAGE,
                        List.of("echo", "hello", "$(IMAGE_ONLY)", "$(GREETING)", "$(MISSING)")),
                Arguments.of("args are expanded too", null, List.of("--name=$(GREETING)"), IMAGE,
                        List.of("/ep-1", "--name=hello")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void argvByKubernetesRules(String name, List<String> command, List<String> args, ImageConfig image,
                               List<String> expected) {
        var container = new ContainerBuilder().withName("c").withCommand(command).withArgs(args).build();
        assertThat(ProcessArgs.argv(container, image, Map.of("GREETING", "hello"))).isEqualTo(expected);
    }

    @Test
    void noCommandAnywhereIsAConfigError() {
        var container = new ContainerBuilder().withName("c").build();
        assertThatThrownBy(() -> ProcessArgs.argv(container, ImageConfig.EMPTY, Map.of()))
                .isInstanceOf(ContainerConfigException.class).hasMessageContaining("container c has no command");
    }
}
