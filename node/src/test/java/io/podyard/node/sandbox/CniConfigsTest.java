package io.podyard.node.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.podyard.node.exec.CommandResult;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class CniConfigsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PodNetwork NETWORK = new PodNetwork("podyard", "pyd0", Ipv4Cidr.parse("10.244.3.0/24"),
            Path.of("/usr/lib/cni"), Path.of("/var/lib/podyard/ipam"), false, 0);

    static Stream<Arguments> chains() {
        String bridge = """
                {"cniVersion":"1.0.0","name":"podyard","type":"bridge","bridge":"pyd0","isGateway":true,\
                "ipMasq":false,"hairpinMode":true,"ipam":{"type":"host-local","ranges":[[{"subnet":"10.244.3.0/24",\
                "gateway":"10.244.3.1"}]],"routes":[{"dst":"0.0.0.0/0"}],"dataDir":"/var/lib/podyard/ipam"}}""";
        return Stream.of(
                Arguments.of("no hostPorts: bridge only", NETWORK, List.of(), List.of(bridge)),
                Arguments.of("hostPorts add portmap after bridge", NETWORK,
                        List.of(new PortMapping(8080, 80, "TCP", null), new PortMapping(5353, 53, "UDP", "127.0.0.1")),
                        List.of(bridge, """
                                {"cniVersion":"1.0.0","name":"podyard","type":"portmap",\
                                "capabilities":{"portMappings":true},"snat":true,"runtimeConfig":{"portMappings":[\
                                {"hostPort":8080,"containerPort":80,"protocol":"tcp"},\
                                {"hostPort":5353,"containerPort":53,"protocol":"udp","hostIP":"127.0.0.1"}]}}""")),
                Arguments.of("masquerade and MTU when asked",
                        new PodNetwork("n", "br9", Ipv4Cidr.parse("10.1.0.0/16"), Path.of("/cni"), Path.of("/ipam"),
                                true, 1400),
                        List.of(),
                        List.of("""
                                {"cniVersion":"1.0.0","name":"n","type":"bridge","bridge":"br9","isGateway":true,\
                                "ipMasq":true,"hairpinMode":true,"mtu":1400,"ipam":{"type":"host-local","ranges":[[\
                                {"subnet":"10.1.0.0/16","gateway":"10.1.0.1"}]],"routes":[{"dst":"0.0.0.0/0"}],\
                                "dataDir":"/ipam"}}""")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chains")
    void podNetworkChain(String name, PodNetwork network, List<PortMapping> ports, List<String> expected) {
        List<ObjectNode> chain = CniConfigs.podNetwork(network, ports);
        assertThat(chain).map(JSON::writeValueAsString).isEqualTo(expected.stream()
                .map(json -> JSON.writeValueAsString(JSON.readTree(json))).toList());
    }

    @Test
    void loopbackIsItsOwnNetwork() {
        assertThat(CniConfigs.loopback()).map(JSON::writeValueAsString)
                .containsExactly("{\"cniVersion\":\"1.0.0\",\"name\":\"cni-loopback\",\"type\":\"loopback\"}");
    }

    @Test
    void argsNameThePodLikeKubeletRuntimes() {
        assertThat(CniConfigs.args("ns", "web", "u-1")).isEqualTo(
                "IgnoreUnknown=1;K8S_POD_NAMESPACE=ns;K8S_POD_NAME=web;K8S_POD_INFRA_CONTAINER_ID=u-1;K8S_POD_UID=u-1");
    }

    @Test
    void hostPortsComeFromEveryContainerThatAsksForOne() {
        var pod = new PodBuilder().withNewSpec()
                .addToContainers(new ContainerBuilder().withName("a").addNewPort().withContainerPort(80)
                        .withHostPort(8080).endPort().addNewPort().withContainerPort(81).endPort().build())
                .addToContainers(new ContainerBuilder().withName("b").addNewPort().withContainerPort(53)
                        .withHostPort(53).withProtocol("UDP").withHostIP("127.0.0.1").endPort().build())
                .endSpec().build();
        assertThat(PortMapping.fromPod(pod)).containsExactly(new PortMapping(8080, 80, "tcp", ""),
                new PortMapping(53, 53, "udp", "127.0.0.1"));
    }

    static Stream<Arguments> pluginErrors() {
        return Stream.of(
                Arguments.of(new CommandResult(1, "{\"cniVersion\":\"1.0.0\",\"code\":7,\"msg\":\"bad config\","
                        + "\"details\":\"no subnet\"}", ""), 7, "CNI bridge ADD (eth0) failed: bad config (no subnet)"),
                Arguments.of(new CommandResult(1, "{\"code\":11,\"msg\":\"try again\"}", ""), 11,
                        "CNI bridge ADD (eth0) failed: try again"),
                Arguments.of(new CommandResult(2, "", "panic: boom"), 0,
                        "CNI bridge ADD (eth0) exited with 2: panic: boom"));
    }

    @ParameterizedTest
    @MethodSource("pluginErrors")
    void pluginErrorsKeepCodeAndMessage(CommandResult result, int code, String message) {
        CniException error = CniPlugins.pluginError("bridge ADD (eth0)", result);
        assertThat(error.code()).isEqualTo(code);
        assertThat(error).hasMessage(message);
    }
}
