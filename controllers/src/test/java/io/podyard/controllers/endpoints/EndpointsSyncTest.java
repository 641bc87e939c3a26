package io.podyard.controllers.endpoints;

import static io.podyard.controllers.endpointslice.Fixtures.pod;
import static io.podyard.controllers.endpointslice.Fixtures.ready;
import static io.podyard.controllers.endpointslice.Fixtures.terminating;
import static io.podyard.controllers.endpointslice.Fixtures.web;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EndpointsSyncTest {
    /** A subset as "ports | ready ips | not-ready ips". */
    private static String render(EndpointSubset s) {
        String ports = s.getPorts() == null ? "-" : String.join(",", s.getPorts().stream()
                .map(p -> p.getName() + ":" + p.getPort()).toList());
        return ports + " | " + ips(s.getAddresses()) + " | " + ips(s.getNotReadyAddresses());
    }

    private static String ips(List<EndpointAddress> list) {
        return list == null ? "-" : String.join(",", list.stream().map(EndpointAddress::getIp).toList());
    }

    static Stream<Arguments> cases() {
        Service publishing = new ServiceBuilder(web("http")).editSpec().withPublishNotReadyAddresses(true).endSpec()
                .build();
        Pod other = pod("b", "10.244.0.3", true).editSpec().editFirstContainer().editFirstPort().withContainerPort(9090)
                .endPort().endContainer().endSpec().build();
        return Stream.of(
                Arguments.of("ready and not ready, sorted by address", web("http"),
                        List.of(ready("b", "10.244.0.9"), pod("a", "10.244.0.2", false).build(), ready("c", "10.244.0.4")),
                        List.of("http:8080 | 10.244.0.4,10.244.0.9 | 10.244.0.2")),
                Arguments.of("terminating pods are left out", web("http"),
                        List.of(ready("a", "10.244.0.2"), terminating("t", "10.244.0.7")),
                        List.of("http:8080 | 10.244.0.2 | -")),
                Arguments.of("unless not-ready addresses are published", publishing,
                        List.of(terminating("t", "10.244.0.7"), pod("a", "10.244.0.2", false).build()),
                        List.of("http:8080 | 10.244.0.2,10.244.0.7 | -")),
                Arguments.of("one subset per resolved port set", web("http"),
                        List.of(ready("a", "10.244.0.2"), other),
                        List.of("http:8080 | 10.244.0.2 | -", "http:9090 | 10.244.0.3 | -")),
                Arguments.of("nothing selected, no subsets", web("http"), List.of(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void subsetsLikeTheEndpointsController(String name, Service service, List<Pod> pods, List<String> expected) {
        assertThat(EndpointsSync.subsets(service, pods)).map(EndpointsSyncTest::render)
                .containsExactlyElementsOf(expected);
    }
}
