package io.podyard.apiserver.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RangesTest {
    static Stream<Arguments> indexes() {
        ServiceCidr twelve = ServiceCidr.parse("10.96.0.0/12");
        ServiceCidr small = ServiceCidr.parse("192.168.5.0/29");
        return Stream.of(
                Arguments.of(twelve, "10.96.0.1", Optional.of(0)),
                Arguments.of(twelve, "10.96.0.10", Optional.of(9)),
                Arguments.of(twelve, "10.111.255.254", Optional.of(1_048_573)),
                Arguments.of(twelve, "10.111.255.255", Optional.empty()), // broadcast
                Arguments.of(twelve, "10.96.0.0", Optional.empty()),      // network
                Arguments.of(twelve, "10.112.0.1", Optional.empty()),
                Arguments.of(twelve, "010.96.0.1", Optional.empty()),
                Arguments.of(twelve, "fd00::1", Optional.empty()),
                Arguments.of(small, "192.168.5.6", Optional.of(5)),
                Arguments.of(small, "192.168.5.7", Optional.empty()));
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("indexes")
    void addressesMapToIndexesWithoutNetworkAndBroadcast(ServiceCidr cidr, String ip, Optional<Integer> index) {
        assertThat(cidr.indexOf(ip)).isEqualTo(index);
        index.ifPresent(i -> assertThat(cidr.address(i)).isEqualTo(ip));
    }

    @Test
    void defaultsAndBadInput() {
        ServiceNetwork network = ServiceNetwork.defaults();
        assertThat(network.kubernetesIp()).isEqualTo("10.96.0.1");
        assertThat(network.dnsIp()).isEqualTo("10.96.0.10");
        assertThat(network.nodePorts().size()).isEqualTo(2768);
        assertThat(PortRange.parse("30000-30010").contains(30010)).isTrue();
        assertThatThrownBy(() -> ServiceCidr.parse("10.96.0.1/12")).hasMessageContaining("not a network address");
        assertThatThrownBy(() -> ServiceCidr.parse("10.96.0.0")).hasMessageContaining("is not a CIDR");
        assertThatThrownBy(() -> ServiceCidr.parse("10.96.0.0/31")).hasMessageContaining("/8 to /30");
        assertThatThrownBy(() -> PortRange.parse("32767-30000")).hasMessageContaining("first-last");
        assertThatThrownBy(() -> PortRange.parse("a-b")).hasMessageContaining("is not a port range");
    }
}
