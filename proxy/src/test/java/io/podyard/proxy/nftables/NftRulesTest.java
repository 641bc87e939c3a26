package io.podyard.proxy.nftables;

import static io.podyard.proxy.Fixtures.nodePort;
import static io.podyard.proxy.Fixtures.notReady;
import static io.podyard.proxy.Fixtures.ready;
import static io.podyard.proxy.Fixtures.service;
import static io.podyard.proxy.Fixtures.slice;
import static io.podyard.proxy.Fixtures.tcp;
import static io.podyard.proxy.Fixtures.terminatingServing;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.podyard.proxy.ServiceSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the ruleset says for representative Services, as "chain NAME: rule" and "element SET: element" lines. */
class NftRulesTest {
    private static final NftConfig CONFIG = new NftConfig("podyard", "node-a", Optional.of("10.244.0.0/16"));

    record Case(String name, List<Service> services, List<EndpointSlice> slices, List<String> present,
                List<String> absent) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        Service web = service("default", "web", "10.96.0.20", tcp("http", 80)).build();
        return Stream.of(
                new Case("two ready endpoints: random choice between two DNAT chains", List.of(web),
                        List.of(slice("default", "web", "http", 8080, ready("10.244.1.2", "node-a"), ready("10.244.2.3", "node-b"))),
                        List.of("element service-ips: 10.96.0.20 . tcp . 80 : goto svc-*-default/web/tcp/http",
                                "element cluster-ips: 10.96.0.20",
                                "chain svc-*-default/web/tcp/http: meta l4proto tcp dnat ip to numgen random mod 2 map { 0 : 10.244.1.2 . 8080, 1 : 10.244.2.3 . 8080 }",
                                "element hairpin: 10.244.1.2 . 10.244.1.2",
                                "chain masquerading: ct status dnat ip saddr . ip daddr @hairpin masquerade fully-random",
                                "chain services: ip daddr @cluster-ips ip saddr != 10.244.0.0/16 jump mark-for-masquerade"),
                        List.of("element no-endpoint-services: 10.96.0.20 . tcp . 80 : goto reject-chain")),
                new Case("one endpoint: plain DNAT", List.of(web),
                        List.of(slice("default", "web", "http", 8080, ready("10.244.1.2", "node-a"))),
                        List.of("chain svc-*-default/web/tcp/http: meta l4proto tcp dnat ip to 10.244.1.2:8080"),
                        List.of()),
                new Case("no endpoints: rejected before routing", List.of(web), List.of(),
                        List.of("element no-endpoint-services: 10.96.0.20 . tcp . 80 : goto reject-chain",
                                "chain reject-chain: meta l4proto tcp reject with tcp reset",
                                "chain reject-chain: reject",
                                "chain filter-prerouting: ct state new jump service-endpoints-check"),
                        List.of("element service-ips: 10.96.0.20 . tcp . 80 : goto svc-*-default/web/tcp/http")),
                new Case("not-ready endpoints get no traffic", List.of(web),
                        List.of(slice("default", "web", "http", 8080, ready("10.244.1.2", "node-a"), notReady("10.244.1.3", "node-a"))),
                        List.of("chain svc-*-default/web/tcp/http: meta l4proto tcp dnat ip to 10.244.1.2:8080"),
                        List.of("element hairpin: 10.244.1.3 . 10.244.1.3")),
                new Case("only terminating endpoints that still serve: they drain the traffic", List.of(web),
                        List.of(slice("default", "web", "http", 8080, terminatingServing("10.244.1.4", "node-a"),
                                notReady("10.244.1.3", "node-a"))),
                        List.of("chain svc-*-default/web/tcp/http: meta l4proto tcp dnat ip to 10.244.1.4:8080"),
                        List.of("element no-endpoint-services: 10.96.0.20 . tcp . 80 : goto reject-chain")),
                new Case("a slice port of another name is not this port", List.of(web),
                        List.of(slice("default", "web", "metrics", 9090, ready("10.244.1.2", "node-a"))),
                        List.of("element no-endpoint-services: 10.96.0.20 . tcp . 80 : goto reject-chain"),
                        List.of("chain svc-*-default/web/tcp/http: meta l4proto tcp dnat ip to 10.244.1.2:9090")),
                new Case("NodePort: external chain masquerades then balances",
                        List.of(service("default", "np", "10.96.0.21", nodePort("http", 80, 30080)).editSpec()
                                .withType("NodePort").endSpec().build()),
                        List.of(slice("default", "np", "http", 8080, ready("10.244.1.2", "node-b"))),
                        List.of("element service-nodeports: tcp . 30080 : goto ext-*-default/np/tcp/http",
                                "chain ext-*-default/np/tcp/http: jump mark-for-masquerade",
                                "chain ext-*-default/np/tcp/http: goto svc-*-default/np/tcp/http",
                                "chain services: fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @service-nodeports"),
                        List.of()),
                new Case("NodePort without endpoints is rejected too",
                        List.of(service("default", "np", "10.96.0.21", nodePort("http", 80, 30080)).editSpec()
                                .withType("NodePort").endSpec().build()),
                        List.of(),
                        List.of("element no-endpoint-nodeports: tcp . 30080 : goto reject-chain"),
                        List.of()),
                new Case("LoadBalancer: ingress IPs at the Service port and the NodePort go through the external chain",
                        List.of(service("default", "lb", "10.96.0.22", nodePort("http", 80, 30081)).editSpec()
                                .withType("LoadBalancer").withExternalIPs("192.0.2.9").endSpec().withNewStatus()
                                .withNewLoadBalancer().addNewIngress().withIp("192.0.2.10").endIngress().endLoadBalancer()
                                .endStatus().build()),
                        List.of(slice("default", "lb", "http", 8080, ready("10.244.1.2", "node-b"))),
                        List.of("element service-ips: 192.0.2.10 . tcp . 80 : goto ext-*-default/lb/tcp/http",
                                "element service-ips: 192.0.2.9 . tcp . 80 : goto ext-*-default/lb/tcp/http",
                                "element service-nodeports: tcp . 30081 : goto ext-*-default/lb/tcp/http",
                                "element service-ips: 10.96.0.22 . tcp . 80 : goto svc-*-default/lb/tcp/http"),
                        List.of()),
                new Case("an external IP without endpoints is rejected like the ClusterIP",
                        List.of(service("default", "web", "10.96.0.20", tcp("http", 80)).editSpec()
                                .withExternalIPs("192.0.2.9").endSpec().build()),
                        List.of(),
                        List.of("element no-endpoint-services: 192.0.2.9 . tcp . 80 : goto reject-chain"),
                        List.of()),
                new Case("nodePort on a ClusterIP Service is ignored",
                        List.of(service("default", "np", "10.96.0.21", nodePort("http", 80, 30080)).build()),
                        List.of(slice("default", "np", "http", 8080, ready("10.244.1.2", "node-b"))),
                        List.of("element service-ips: 10.96.0.21 . tcp . 80 : goto svc-*-default/np/tcp/http"),
                        List.of("element service-nodeports: tcp . 30080 : goto ext-*-default/np/tcp/http")),
                new Case("externalTrafficPolicy Local: outside clients only reach local endpoints",
                        List.of(service("default", "np", "10.96.0.21", nodePort("http", 80, 30080)).editSpec()
                                .withType("NodePort").withExternalTrafficPolicy("Local").endSpec().build()),
                        List.of(slice("default", "np", "http", 8080, ready("10.244.1.2", "node-a"), ready("10.244.2.2", "node-b"))),
                        List.of("chain ext-*-default/np/tcp/http: ip saddr 10.244.0.0/16 goto svc-*-default/np/tcp/http",
                                "chain ext-*-default/np/tcp/http: fib saddr type local jump mark-for-masquerade",
                                "chain ext-*-default/np/tcp/http: goto lcl-*-default/np/tcp/http",
                                "chain lcl-*-default/np/tcp/http: meta l4proto tcp dnat ip to 10.244.1.2:8080",
                                "element service-ips: 10.96.0.21 . tcp . 80 : goto svc-*-default/np/tcp/http"),
                        List.of("chain ext-*-default/np/tcp/http: jump mark-for-masquerade")),
                new Case("internalTrafficPolicy Local without a local endpoint: dropped, not sent elsewhere",
                        List.of(service("default", "web", "10.96.0.20", tcp("http", 80)).editSpec()
                                .withInternalTrafficPolicy("Local").endSpec().build()),
                        List.of(slice("default", "web", "http", 8080, ready("10.244.2.2", "node-b"))),
                        List.of("element service-ips: 10.96.0.20 . tcp . 80 : goto lcl-*-default/web/tcp/http",
                                "chain lcl-*-default/web/tcp/http: drop"),
                        List.of()),
                new Case("ClientIP affinity: remembered clients go back to their endpoint",
                        List.of(service("default", "web", "10.96.0.20", tcp("http", 80)).editSpec()
                                .withSessionAffinity("ClientIP").withNewSessionAffinityConfig().withNewClientIP()
                                .withTimeoutSeconds(60).endClientIP().endSessionAffinityConfig().endSpec().build()),
                        List.of(slice("default", "web", "http", 8080, ready("10.244.1.2", "node-a"), ready("10.244.1.3", "node-a"))),
                        List.of("chain svc-*-default/web/tcp/http: ip saddr @aff-*-60 goto ep-*-default/web/tcp/http__10.244.1.2/8080",
                                "chain ep-*-default/web/tcp/http__10.244.1.2/8080: update @aff-*-60 { ip saddr }",
                                "chain ep-*-default/web/tcp/http__10.244.1.2/8080: meta l4proto tcp dnat to 10.244.1.2:8080",
                                "chain svc-*-default/web/tcp/http: numgen random mod 2 vmap { 0 : goto ep-*-default/web/tcp/http__10.244.1.2/8080, 1 : goto ep-*-default/web/tcp/http__10.244.1.3/8080 }",
                                "set aff-*-60: type ipv4_addr; flags dynamic,timeout; timeout 60s;"),
                        List.of()),
                new Case("headless and ExternalName Services are not routed",
                        List.of(service("default", "headless", "None", tcp("http", 80)).build(),
                                service("default", "ext", "", tcp("http", 80)).editSpec().withType("ExternalName")
                                        .withExternalName("example.com").endSpec().build()),
                        List.of(slice("default", "headless", "http", 8080, ready("10.244.1.2", "node-a"))),
                        List.of("chain services: ip daddr . meta l4proto . th dport vmap @service-ips"),
                        List.of("element cluster-ips: None", "element hairpin: 10.244.1.2 . 10.244.1.2")))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ruleset(Case c) {
        List<String> lines = lines(NftRules.build(ServiceSnapshot.of(c.services(), c.slices()), CONFIG));
        assertThat(lines).containsAll(c.present());
        c.absent().forEach(line -> assertThat(lines).doesNotContain(line));
    }

    /** The ruleset as lines, hashes in names replaced by {@code *} so expectations stay readable. */
    static List<String> lines(Ruleset ruleset) {
        List<String> lines = new ArrayList<>();
        ruleset.chains().values().forEach(chain -> chain.rules().forEach(rule ->
                lines.add(unhash("chain " + chain.name() + ": " + rule))));
        ruleset.sets().values().forEach(set -> {
            lines.add(unhash("set " + set.name() + ": " + set.spec()));
            set.elements().forEach(element -> lines.add(unhash("element " + set.name() + ": " + element)));
        });
        return lines;
    }

    private static String unhash(String line) {
        return line.replaceAll("(svc|ep|ext|lcl|aff)-[a-z2-7]{8}-", "$1-*-");
    }
}
