package io.podyard.node.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

class CniResultTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Stream<Arguments> results() {
        return Stream.of(
                Arguments.of("bridge 1.0.0: the address on the sandbox's interface", """
                        {"cniVersion":"1.0.0","interfaces":[{"name":"pyd0","mac":"aa"},{"name":"veth1","mac":"bb"},
                        {"name":"eth0","mac":"cc","sandbox":"/run/p/netns"}],
                        "ips":[{"interface":2,"address":"10.244.3.5/24","gateway":"10.244.3.1"}],
                        "routes":[{"dst":"0.0.0.0/0"}],"dns":{}}""",
                        Optional.of("10.244.3.5"), Optional.of("10.244.3.1"), List.of("pyd0", "veth1")),
                Arguments.of("0.4.0 with version fields and an IPv6 address first", """
                        {"cniVersion":"0.4.0","interfaces":[{"name":"eth0","sandbox":"/n"}],
                        "ips":[{"version":"6","interface":0,"address":"fd00::5/64"},
                        {"version":"4","interface":0,"address":"10.1.0.9/16","gateway":"10.1.0.1"}]}""",
                        Optional.of("10.1.0.9"), Optional.of("10.1.0.1"), List.of()),
                Arguments.of("no interface index: first IPv4", """
                        {"cniVersion":"1.0.0","ips":[{"address":"10.2.0.3/24"}]}""",
                        Optional.of("10.2.0.3"), Optional.of(""), List.of()),
                Arguments.of("loopback: nothing", """
                        {"cniVersion":"1.0.0","interfaces":[{"name":"lo","mac":"00:00:00:00:00:00","sandbox":"/n"}],
                        "ips":[{"interface":0,"address":"127.0.0.1/8"},{"interface":0,"address":"::1/128"}]}""",
                        Optional.of("127.0.0.1"), Optional.of(""), List.of()),
                Arguments.of("no addresses", """
                        {"cniVersion":"1.0.0","interfaces":[]}""", Optional.empty(), Optional.empty(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("results")
    void findsThePodAddress(String name, String json, Optional<String> ip, Optional<String> gateway,
                            List<String> hostInterfaces) {
        CniResult result = CniResult.parse(JSON.readTree(json));
        assertThat(result.podAddress().map(CniResult.IpConfig::ip)).isEqualTo(ip);
        assertThat(result.podAddress().map(CniResult.IpConfig::gateway)).isEqualTo(gateway);
        assertThat(result.hostInterfaces()).isEqualTo(hostInterfaces);
    }

    @Test
    void rejectsResultsThatAreNotObjectsOrHaveAddresslessIps() {
        assertThatThrownBy(() -> CniResult.parse(JSON.readTree("[]"))).isInstanceOf(CniException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> CniResult.parse(JSON.readTree("{\"ips\":[{\"gateway\":\"1.2.3.4\"}]}")))
                .isInstanceOf(CniException.class).hasMessageContaining("without an address");
    }
}
