package io.podyard.node.podconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceEnvTest {
    private static Service service(String namespace, String name, String ip) {
        return new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withClusterIP(ip).addNewPort().withPort(80).withProtocol("TCP").endPort().endSpec().build();
    }

    private static final Service KUBERNETES = new ServiceBuilder().withNewMetadata().withNamespace("default")
            .withName("kubernetes").endMetadata().withNewSpec().withClusterIP("10.96.0.1").addNewPort()
            .withName("https").withPort(443).withProtocol("TCP").endPort().endSpec().build();

    private static final Map<String, String> KUBERNETES_ENV = Map.of(
            "KUBERNETES_SERVICE_HOST", "10.96.0.1",
            "KUBERNETES_SERVICE_PORT", "443",
            "KUBERNETES_SERVICE_PORT_HTTPS", "443",
            "KUBERNETES_PORT", "tcp://10.96.0.1:443",
            "KUBERNETES_PORT_443_TCP", "tcp://10.96.0.1:443",
            "KUBERNETES_PORT_443_TCP_PROTO", "tcp",
            "KUBERNETES_PORT_443_TCP_PORT", "443",
            "KUBERNETES_PORT_443_TCP_ADDR", "10.96.0.1");

    static Stream<Arguments> cases() {
        Service twoPorts = new ServiceBuilder().withNewMetadata().withNamespace("shop").withName("my-db").endMetadata()
                .withNewSpec().withClusterIP("10.96.3.4").addNewPort().withName("sql").withPort(5432).endPort()
                .addNewPort().withName("metrics-udp").withPort(9000).withProtocol("UDP").endPort().endSpec().build();
        Map<String, String> twoPortsEnv = new java.util.TreeMap<>(KUBERNETES_ENV);
        twoPortsEnv.putAll(Map.ofEntries(
                Map.entry("MY_DB_SERVICE_HOST", "10.96.3.4"),
                Map.entry("MY_DB_SERVICE_PORT", "5432"),
                Map.entry("MY_DB_SERVICE_PORT_SQL", "5432"),
                Map.entry("MY_DB_SERVICE_PORT_METRICS_UDP", "9000"),
                Map.entry("MY_DB_PORT", "tcp://10.96.3.4:5432"),
                Map.entry("MY_DB_PORT_5432_TCP", "tcp://10.96.3.4:5432"),
                Map.entry("MY_DB_PORT_5432_TCP_PROTO", "tcp"),
                Map.entry("MY_DB_PORT_5432_TCP_PORT", "5432"),
                Map.entry("MY_DB_PORT_5432_TCP_ADDR", "10.96.3.4"),
                Map.entry("MY_DB_PORT_9000_UDP", "udp://10.96.3.4:9000"),
                Map.entry("MY_DB_PORT_9000_UDP_PROTO", "udp"),
                Map.entry("MY_DB_PORT_9000_UDP_PORT", "9000"),
                Map.entry("MY_DB_PORT_9000_UDP_ADDR", "10.96.3.4")));
        return Stream.of(
                Arguments.of("named ports, protocols, dashes", List.of(twoPorts, KUBERNETES), "shop", null, twoPortsEnv),
                Arguments.of("other namespaces, headless and ExternalName Services are left out",
                        List.of(service("other", "web", "10.96.0.9"), service("shop", "headless", "None"),
                                service("shop", "external", null), KUBERNETES), "shop", true, KUBERNETES_ENV),
                Arguments.of("enableServiceLinks false keeps only the kubernetes Service",
                        List.of(twoPorts, KUBERNETES), "shop", false, KUBERNETES_ENV),
                Arguments.of("a simple Service", List.of(service("shop", "web", "10.96.0.7")), "shop", true, Map.of(
                        "WEB_SERVICE_HOST", "10.96.0.7", "WEB_SERVICE_PORT", "80", "WEB_PORT", "tcp://10.96.0.7:80",
                        "WEB_PORT_80_TCP", "tcp://10.96.0.7:80", "WEB_PORT_80_TCP_PROTO", "tcp",
                        "WEB_PORT_80_TCP_PORT", "80", "WEB_PORT_80_TCP_ADDR", "10.96.0.7")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void variablesLikeKubelet(String name, List<Service> services, String namespace, Boolean links,
            Map<String, String> expected) {
        assertThat(ServiceEnv.variables(services, namespace, links)).isEqualTo(expected);
    }
}
