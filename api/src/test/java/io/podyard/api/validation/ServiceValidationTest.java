package io.podyard.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.podyard.api.defaults.Defaults;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ServiceValidationTest {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a plain ClusterIP Service", "{\"ports\":[{\"port\":80}]}", List.of()),
                Arguments.of("ports are required", "{}", List.of("spec.ports: Required value")),
                Arguments.of("but not for headless ones", "{\"clusterIP\":\"None\"}", List.of()),
                Arguments.of("unknown type", "{\"type\":\"Cloud\",\"ports\":[{\"port\":80}]}",
                        List.of("spec.type: Unsupported value: \"Cloud\": supported values: \"ClusterIP\","
                                + " \"ExternalName\", \"LoadBalancer\", \"NodePort\"")),
                Arguments.of("ExternalName needs a DNS name", "{\"type\":\"ExternalName\",\"externalName\":\"a_b\"}",
                        List.of("spec.externalName: Invalid value: \"a_b\": a lowercase RFC 1123 subdomain must consist"
                                + " of lower case alphanumeric characters, '-' or '.', and must start and end with an"
                                + " alphanumeric character (e.g. 'example.com', regex used for validation is"
                                + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")),
                Arguments.of("ExternalName with a trailing dot", "{\"type\":\"ExternalName\",\"externalName\":\"db.example.com.\"}",
                        List.of()),
                Arguments.of("ExternalName takes no cluster IP",
                        "{\"type\":\"ExternalName\",\"externalName\":\"x.com\",\"clusterIP\":\"10.96.0.5\"}",
                        List.of("spec.clusterIPs: Forbidden: may not be set for ExternalName services")),
                Arguments.of("a cluster IP must be an address", "{\"clusterIP\":\"10.96.0.300\",\"ports\":[{\"port\":80}]}",
                        List.of("spec.clusterIPs[0]: Invalid value: \"10.96.0.300\": must be a valid IP address, (e.g."
                                + " 10.9.8.7 or 2001:db8::ffff)")),
                Arguments.of("headless only for ClusterIP", "{\"type\":\"NodePort\",\"clusterIP\":\"None\",\"ports\":[{\"port\":80}]}",
                        List.of("spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services")),
                Arguments.of("no node port on a ClusterIP Service", "{\"ports\":[{\"port\":80,\"nodePort\":30001}]}",
                        List.of("spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'")),
                Arguments.of("protocol and named target port", "{\"ports\":[{\"port\":80,\"protocol\":\"ICMP\","
                        + "\"targetPort\":\"Http_Port\"}]}",
                        List.of("spec.ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
                                "spec.ports[0].targetPort: Invalid value: \"Http_Port\": must contain only alpha-numeric"
                                        + " characters (a-z, 0-9), and hyphens (-)")),
                Arguments.of("external traffic policy needs a node port", "{\"externalTrafficPolicy\":\"Local\","
                        + "\"ports\":[{\"port\":80}]}",
                        List.of("spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set when `type` is"
                                + " 'NodePort' or 'LoadBalancer'")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validatesLikeKubernetes(String name, String spec, List<String> expected) {
        ObjectNode service = MAPPER.createObjectNode();
        service.set("spec", MAPPER.readTree(spec));
        Defaults.apply("Service", service);
        List<String> rendered = ObjectValidation.validate("Service", service).stream()
                .map(e -> e.field() + ": " + e.message()).toList();
        assertThat(rendered).containsExactlyElementsOf(expected);
    }
}
