package io.podyard.node.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodHostsTest {
    private static final String HEADER = """
            # Kubernetes-managed hosts file.
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost ip6-loopback
            fe00::0\tip6-localnet
            fe00::0\tip6-mcastprefix
            fe00::1\tip6-allnodes
            fe00::2\tip6-allrouters
            """;

    static Pod pod(String name, String hostname, String subdomain) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("shop").endMetadata()
                .withNewSpec().withHostname(hostname).withSubdomain(subdomain).endSpec().build();
    }

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of(pod("web-1", null, null), "web-1", ""),
                Arguments.of(pod("web-1", "front", null), "front", ""),
                Arguments.of(pod("web-1", "front", "web"), "front", "web.shop.svc.cluster.local"),
                Arguments.of(pod("a".repeat(62) + "-b", null, null), "a".repeat(62), ""),
                Arguments.of(pod("b".repeat(70), null, ""), "b".repeat(63), ""));
    }

    @ParameterizedTest
    @MethodSource("names")
    void hostnameAndDomainLikeKubelet(Pod pod, String hostname, String domain) {
        assertThat(PodHosts.hostname(pod)).isEqualTo(hostname);
        assertThat(PodHosts.domain(pod, "cluster.local")).isEqualTo(domain);
    }

    static Stream<Arguments> files() {
        return Stream.of(
                Arguments.of("web", "", List.of("10.244.1.5"), List.of(), HEADER + "10.244.1.5\tweb\n"),
                Arguments.of("web", "web.shop.svc.cluster.local", List.of("10.244.1.5"), List.of(),
                        HEADER + "10.244.1.5\tweb.web.shop.svc.cluster.local\tweb\n"),
                Arguments.of("web", "", List.of("10.244.1.5"), List.of(
                                new HostAlias(List.of("foo.local", "bar.local"), "10.1.2.3"),
                                new HostAlias(List.of("baz"), "10.1.2.4")),
                        HEADER + "10.244.1.5\tweb\n\n# Entries added by HostAliases.\n"
                                + "10.1.2.3\tfoo.local\tbar.local\n10.1.2.4\tbaz\n"));
    }

    @ParameterizedTest
    @MethodSource("files")
    void hostsFileLikeKubelet(String hostname, String domain, List<String> ips, List<HostAlias> aliases,
                              String expected) {
        assertThat(PodHosts.hostsFile(hostname, domain, ips, aliases)).isEqualTo(expected);
    }

    static Stream<Arguments> cidrs() {
        return Stream.of(
                Arguments.of("10.244.3.0/24", "10.244.3.1", "10.244.3.200", "10.244.4.1"),
                Arguments.of("10.8.0.0/14", "10.8.0.1", "10.11.255.1", "10.12.0.1"));
    }

    @ParameterizedTest
    @MethodSource("cidrs")
    void cidrGatewayAndMembership(String cidr, String gateway, String inside, String outside) {
        Ipv4Cidr parsed = Ipv4Cidr.parse(cidr);
        assertThat(parsed.toString()).isEqualTo(cidr);
        assertThat(parsed.gateway()).isEqualTo(gateway);
        assertThat(parsed.contains(inside)).isTrue();
        assertThat(parsed.contains(outside)).isFalse();
    }

    static Stream<Arguments> badCidrs() {
        return Stream.of(
                Arguments.of("10.244.3.0", "not a CIDR (address/prefix)"),
                Arguments.of("10.244.3.1/24", "has host bits set"),
                Arguments.of("10.244.3.0/31", "prefix between /8 and /30"),
                Arguments.of("300.1.1.0/24", "not an IPv4 address"),
                Arguments.of("10.1.0/24", "not an IPv4 address"),
                Arguments.of("10.244.3.0/x", "not a CIDR prefix"),
                Arguments.of("a.b.c.d/24", "not an IPv4 address"));
    }

    @ParameterizedTest
    @MethodSource("badCidrs")
    void badCidrsSayWhy(String cidr, String reason) {
        assertThatThrownBy(() -> Ipv4Cidr.parse(cidr)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }
}
