package io.podyard.node.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Ipv4CidrTest {
    static Stream<Arguments> addresses() {
        return Stream.of(
                Arguments.of("10.244.3.0/24", 0, "10.244.3.0"),
                Arguments.of("10.244.3.0/24", 2, "10.244.3.2"),
                Arguments.of("10.244.3.0/24", 255, "10.244.3.255"),
                Arguments.of("10.244.0.0/16", 258, "10.244.1.2"),
                Arguments.of("10.0.0.0/8", 65536 * 3 + 7, "10.3.0.7"));
    }

    @ParameterizedTest
    @MethodSource("addresses")
    void addressesAndTheirIndexes(String cidr, int index, String address) {
        Ipv4Cidr network = Ipv4Cidr.parse(cidr);
        assertThat(network.address(index)).isEqualTo(address);
        assertThat(network.indexOf(address)).isEqualTo(index);
    }

    static Stream<Arguments> outside() {
        return Stream.of(
                Arguments.of("10.244.3.0/24", 256, "10.244.4.0"),
                Arguments.of("10.244.3.0/24", -1, "10.244.2.255"));
    }

    @ParameterizedTest
    @MethodSource("outside")
    void addressesOutsideTheNetworkAreRefused(String cidr, int index, String address) {
        Ipv4Cidr network = Ipv4Cidr.parse(cidr);
        assertThatThrownBy(() -> network.address(index)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> network.indexOf(address)).isInstanceOf(IllegalArgumentException.class);
    }
}
