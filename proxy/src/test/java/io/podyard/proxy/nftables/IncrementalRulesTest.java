package io.podyard.proxy.nftables;

import static io.podyard.proxy.Fixtures.ready;
import static io.podyard.proxy.Fixtures.service;
import static io.podyard.proxy.Fixtures.slice;
import static io.podyard.proxy.Fixtures.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.podyard.proxy.ServiceSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reusing unchanged Services' chains gives exactly what a fresh build gives, step after step. */
class IncrementalRulesTest {
    private static final NftConfig CONFIG = new NftConfig("podyard", "node-a", Optional.empty());
    private static final Service WEB = service("default", "web", "10.96.0.20", tcp("http", 80)).build();
    private static final Service API = service("default", "api", "10.96.0.21", tcp("http", 80)).build();
    private static final EndpointSlice WEB_TWO = slice("default", "web", "http", 8080, ready("10.244.0.2", "node-a"),
            ready("10.244.0.3", "node-a"));
    private static final EndpointSlice WEB_ONE = slice("default", "web", "http", 8080, ready("10.244.0.3", "node-a"));
    private static final EndpointSlice API_ONE = slice("default", "api", "http", 9090, ready("10.244.0.4", "node-a"));

    record Step(List<Service> services, List<EndpointSlice> slices) {
    }

    static Stream<Arguments> histories() {
        return Stream.of(
                Arguments.of("an endpoint goes, then comes back", List.of(
                        new Step(List.of(WEB, API), List.of(WEB_TWO, API_ONE)),
                        new Step(List.of(WEB, API), List.of(WEB_ONE, API_ONE)),
                        new Step(List.of(WEB, API), List.of(WEB_TWO, API_ONE)))),
                Arguments.of("a Service goes and its slice stays", List.of(
                        new Step(List.of(WEB, API), List.of(WEB_TWO, API_ONE)),
                        new Step(List.of(WEB), List.of(WEB_TWO, API_ONE)),
                        new Step(List.of(WEB, API), List.of(WEB_TWO, API_ONE)))),
                Arguments.of("a Service is replaced by an edited copy", List.of(
                        new Step(List.of(WEB), List.of(WEB_TWO)),
                        new Step(List.of(service("default", "web", "10.96.0.30", tcp("http", 80)).build()),
                                List.of(WEB_TWO)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("histories")
    void sameAsAFreshBuild(String name, List<Step> steps) {
        IncrementalRules rules = new IncrementalRules(CONFIG);
        for (Step step : steps) {
            ServiceSnapshot snapshot = ServiceSnapshot.of(step.services(), step.slices());
            assertThat(rules.build(snapshot)).isEqualTo(NftRules.build(snapshot, CONFIG));
        }
    }
}
