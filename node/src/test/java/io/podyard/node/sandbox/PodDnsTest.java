package io.podyard.node.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodDNSConfigBuilder;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodDnsTest {
    private static final ResolvConf HOST = new ResolvConf(List.of("192.0.2.53", "192.0.2.54"),
            List.of("corp.example"), List.of("timeout:2"));
    private static final DnsSettings CLUSTER = new DnsSettings(List.of("10.96.0.10"), "cluster.local", HOST);
    private static final DnsSettings NO_CLUSTER_DNS = new DnsSettings(List.of(), "cluster.local", HOST);

    static Pod pod(String policy, Boolean hostNetwork, PodDNSConfigBuilder dnsConfig) {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("shop").endMetadata()
                .withNewSpec().withDnsPolicy(policy).withHostNetwork(hostNetwork)
                .withDnsConfig(dnsConfig == null ? null : dnsConfig.build()).endSpec().build();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("ClusterFirst: cluster server, cluster searches then the host's, ndots:5",
                        pod("ClusterFirst", null, null), CLUSTER,
                        new ResolvConf(List.of("10.96.0.10"), List.of("shop.svc.cluster.local", "svc.cluster.local",
                                "cluster.local", "corp.example"), List.of("ndots:5"))),
                Arguments.of("no policy means ClusterFirst", pod(null, null, null), CLUSTER,
                        new ResolvConf(List.of("10.96.0.10"), List.of("shop.svc.cluster.local", "svc.cluster.local",
                                "cluster.local", "corp.example"), List.of("ndots:5"))),
                Arguments.of("ClusterFirst without cluster DNS falls back to the host",
                        pod("ClusterFirst", null, null), NO_CLUSTER_DNS, HOST),
                Arguments.of("ClusterFirst on the host network is Default", pod("ClusterFirst", true, null), CLUSTER,
                        HOST),
                Arguments.of("ClusterFirstWithHostNet keeps the cluster DNS", pod("ClusterFirstWithHostNet", true,
                        null), CLUSTER, new ResolvConf(List.of("10.96.0.10"), List.of("shop.svc.cluster.local",
                        "svc.cluster.local", "cluster.local", "corp.example"), List.of("ndots:5"))),
                Arguments.of("Default copies the host", pod("Default", null, null), CLUSTER, HOST),
                Arguments.of("None with dnsConfig gives exactly the dnsConfig", pod("None", null,
                        new PodDNSConfigBuilder().withNameservers("1.1.1.1").withSearches("a.example")
                                .addNewOption().withName("ndots").withValue("2").endOption()), CLUSTER,
                        new ResolvConf(List.of("1.1.1.1"), List.of("a.example"), List.of("ndots:2"))),
                Arguments.of("dnsConfig appends without duplicates and overrides options by name",
                        pod("ClusterFirst", null, new PodDNSConfigBuilder().withNameservers("10.96.0.10", "1.1.1.1")
                                .withSearches("cluster.local", "extra.example")
                                .addNewOption().withName("ndots").withValue("1").endOption()
                                .addNewOption().withName("edns0").endOption()), CLUSTER,
                        new ResolvConf(List.of("10.96.0.10", "1.1.1.1"), List.of("shop.svc.cluster.local",
                                "svc.cluster.local", "cluster.local", "corp.example", "extra.example"),
                                List.of("ndots:1", "edns0"))),
                Arguments.of("at most three nameservers", pod("None", null, new PodDNSConfigBuilder()
                                .withNameservers("1.0.0.1", "1.0.0.2", "1.0.0.3", "1.0.0.4")), CLUSTER,
                        new ResolvConf(List.of("1.0.0.1", "1.0.0.2", "1.0.0.3"), List.of(), List.of())),
                Arguments.of("at most 32 search domains", pod("None", null, new PodDNSConfigBuilder()
                                .withSearches(IntStream.range(0, 40).mapToObj(i -> "d" + i + ".example").toList())),
                        CLUSTER, new ResolvConf(List.of(), IntStream.range(0, 32).mapToObj(i -> "d" + i + ".example")
                                .toList(), List.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resolvConfForPod(String name, Pod pod, DnsSettings settings, ResolvConf expected) {
        assertThat(PodDns.forPod(pod, settings)).isEqualTo(expected);
    }

    static Stream<Arguments> files() {
        return Stream.of(
                Arguments.of("""
                        # generated
                        nameserver 192.0.2.1
                        domain first.example
                        search corp.example. lab.example
                        nameserver 192.0.2.2
                        options ndots:2 timeout:1
                        options rotate
                        sortlist 10.0.0.0/8
                        """, new ResolvConf(List.of("192.0.2.1", "192.0.2.2"), List.of("corp.example", "lab.example"),
                        List.of("ndots:2", "timeout:1", "rotate"))),
                Arguments.of("", ResolvConf.EMPTY));
    }

    @ParameterizedTest
    @MethodSource("files")
    void parsesHostResolvConfLikeKubelet(String content, ResolvConf expected) {
        assertThat(ResolvConf.parse(content)).isEqualTo(expected);
    }

    static Stream<Arguments> renders() {
        return Stream.of(
                Arguments.of(new ResolvConf(List.of("10.96.0.10"), List.of("a", "b"), List.of("ndots:5")),
                        "nameserver 10.96.0.10\nsearch a b\noptions ndots:5\n"),
                Arguments.of(new ResolvConf(List.of("1.1.1.1", "8.8.8.8"), List.of(), List.of()),
                        "nameserver 1.1.1.1\nnameserver 8.8.8.8\n"),
                Arguments.of(ResolvConf.EMPTY, ""));
    }

    @ParameterizedTest
    @MethodSource("renders")
    void rendersOnlyWhatIsThere(ResolvConf conf, String expected) {
        assertThat(conf.render()).isEqualTo(expected);
    }
}
