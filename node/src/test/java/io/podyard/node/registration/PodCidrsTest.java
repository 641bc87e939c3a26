package io.podyard.node.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.podyard.node.sandbox.Ipv4Cidr;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodCidrsTest {
    static Stream<Arguments> choices() {
        return Stream.of(
                Arguments.of("the first node gets the first /24", "10.244.0.0/16", List.of(), null, "10.244.0.0/24"),
                Arguments.of("the lowest free one is chosen", "10.244.0.0/16",
                        List.of("10.244.0.0/24", "10.244.2.0/24"), null, "10.244.1.0/24"),
                Arguments.of("a node keeps the range it has", "10.244.0.0/16", List.of("10.244.0.0/24"),
                        "10.244.7.0/24", "10.244.7.0/24"),
                Arguments.of("other notations never collide", "10.244.0.0/16", List.of("fd00::/64", "10.244.0.0/25"),
                        null, "10.244.0.0/24"),
                Arguments.of("a cluster CIDR high in the address space", "192.168.0.0/23", List.of("192.168.0.0/24"),
                        null, "192.168.1.0/24"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("choices")
    void chooses(String name, String cluster, List<String> taken, String own, String expected) {
        assertThat(PodCidrs.choose(Ipv4Cidr.parse(cluster), 24, taken, Optional.ofNullable(own)))
                .hasToString(expected);
    }

    @Test
    void aFullClusterCidrSaysSo() {
        assertThatThrownBy(() -> PodCidrs.choose(Ipv4Cidr.parse("10.0.0.0/23"), 24,
                List.of("10.0.0.0/24", "10.0.1.0/24"), Optional.empty()))
                .hasMessage("every /24 of 10.0.0.0/23 is taken");
    }
}
