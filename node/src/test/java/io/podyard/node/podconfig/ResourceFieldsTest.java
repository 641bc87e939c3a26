package io.podyard.node.podconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.podyard.node.runtime.ContainerConfigException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResourceFieldsTest {
    private static final Map<String, Quantity> ALLOCATABLE = Map.of("cpu", new Quantity("1900m"),
            "memory", new Quantity("8Gi"), "ephemeral-storage", new Quantity("100Gi"));

    private static final Pod POD = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec()
            .addNewInitContainer().withName("setup").withNewResources()
            .addToLimits("memory", new Quantity("32Mi")).endResources().endInitContainer()
            .addNewContainer().withName("main").withNewResources()
            .addToRequests("cpu", new Quantity("250m")).addToRequests("memory", new Quantity("64Mi"))
            .addToLimits("cpu", new Quantity("500m")).addToLimits("memory", new Quantity("128Mi"))
            .addToLimits("hugepages-2Mi", new Quantity("4Mi")).endResources().endContainer()
            .addNewContainer().withName("bare").endContainer()
            .endSpec().build();

    static Stream<Arguments> values() {
        return Stream.of(
                // resource, container, divisor, expected
                Arguments.of("limits.cpu", null, null, "1"), // 500m rounds up to whole cpus
                Arguments.of("limits.cpu", null, "1m", "500"),
                Arguments.of("requests.cpu", null, "1m", "250"),
                Arguments.of("requests.cpu", null, "100m", "3"),
                Arguments.of("limits.memory", null, null, "134217728"),
                Arguments.of("limits.memory", null, "1Mi", "128"),
                Arguments.of("requests.memory", null, "1M", "68"), // 67.1 MB rounds up
                Arguments.of("limits.hugepages-2Mi", null, "1Mi", "4"),
                Arguments.of("limits.memory", "setup", "1Mi", "32"),
                // Unset limits read as the node's allocatable; unset requests as zero.
                Arguments.of("limits.cpu", "bare", "1m", "1900"),
                Arguments.of("limits.memory", "bare", "1Gi", "8"),
                Arguments.of("limits.ephemeral-storage", "bare", "1Gi", "100"),
                Arguments.of("requests.cpu", "bare", null, "0"),
                Arguments.of("requests.memory", "bare", null, "0"));
    }

    @ParameterizedTest(name = "{0} of {1} / {2} = {3}")
    @MethodSource("values")
    void resolvesAsKubelet(String resource, String container, String divisor, String expected) {
        ResourceFieldSelector selector = new ResourceFieldSelector(container,
                divisor == null ? null : new Quantity(divisor), resource);
        assertThat(ResourceFields.value(POD, selector, "main", ALLOCATABLE)).isEqualTo(expected);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("limits.gpu", "main", "main", "unsupported container resource : limits.gpu"),
                Arguments.of("cpu", "main", "main", "unsupported container resource : cpu"),
                Arguments.of("limits.cpu", "ghost", "main", "no container ghost"),
                Arguments.of("limits.cpu", null, null, "containerName is required"));
    }

    @ParameterizedTest(name = "{0} of {1}: {3}")
    @MethodSource("errors")
    void refusesWhatKubeletRefuses(String resource, String container, String defaultContainer, String message) {
        ResourceFieldSelector selector = new ResourceFieldSelector(container, null, resource);
        assertThatThrownBy(() -> ResourceFields.value(POD, selector, defaultContainer, ALLOCATABLE))
                .isInstanceOf(ContainerConfigException.class).hasMessageContaining(message);
    }
}
