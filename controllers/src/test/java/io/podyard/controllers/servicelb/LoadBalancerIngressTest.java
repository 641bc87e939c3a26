package io.podyard.controllers.servicelb;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LoadBalancerIngressTest {
    private static Node node(String name, String internal, String external, boolean ready) {
        var status = new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus()
                .addNewAddress().withType("InternalIP").withAddress(internal).endAddress()
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition();
        if (external != null) {
            status.addNewAddress().withType("ExternalIP").withAddress(external).endAddress();
        }
        return status.endStatus().build();
    }

    private static Service ofType(String type) {
        return new ServiceBuilder().withNewMetadata().withName("s").endMetadata().withNewSpec().withType(type)
                .endSpec().build();
    }

    static Stream<Arguments> cases() {
        Node a = node("a", "192.168.1.12", null, true);
        Node b = node("b", "192.168.1.11", "203.0.113.5", true);
        Node down = node("c", "192.168.1.13", null, false);
        return Stream.of(
                Arguments.of("every ready node, external address first, sorted", "LoadBalancer", List.of(a, b, down),
                        List.of("192.168.1.12", "203.0.113.5")),
                Arguments.of("all nodes while none is ready", "LoadBalancer", List.of(down), List.of("192.168.1.13")),
                Arguments.of("not a LoadBalancer: nothing", "NodePort", List.of(a, b), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ingressListsNodeAddresses(String name, String type, List<Node> nodes, List<String> expected) {
        var status = LoadBalancerIngress.of(ofType(type), nodes);
        assertThat(status.getIngress() == null ? List.of() : status.getIngress().stream().map(i -> i.getIp()).toList())
                .isEqualTo(expected);
    }
}
