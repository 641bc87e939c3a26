package io.podyard.apiserver.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Extra SANs are IP literals only when written exactly as one; nothing is looked up in DNS. */
class SubjectAltNamesTest {

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("10.0.0.1", GeneralName.iPAddress, "10.0.0.1"),
                Arguments.of("255.255.255.255", GeneralName.iPAddress, "255.255.255.255"),
                Arguments.of("::1", GeneralName.iPAddress, "0:0:0:0:0:0:0:1"),
                Arguments.of("fd00:10::1", GeneralName.iPAddress, "fd00:10:0:0:0:0:0:1"),
                Arguments.of("podyard", GeneralName.dNSName, "podyard"),
                Arguments.of("API.Example.COM", GeneralName.dNSName, "api.example.com"),
                Arguments.of("*.apps.example.com", GeneralName.dNSName, "*.apps.example.com"),
                Arguments.of("node-1.example.com", GeneralName.dNSName, "node-1.example.com"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void accepted(String entry, int kind, String described) {
        GeneralName name = SubjectAltNames.parse(entry);

        assertThat(name.getTagNo()).isEqualTo(kind);
        assertThat(SubjectAltNames.describe(name)).isEqualTo(described);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("", "is not a DNS name"),
                Arguments.of("127.1", "looks like an IPv4 address"),
                Arguments.of("010.0.0.1", "looks like an IPv4 address"),
                Arguments.of("256.0.0.1", "looks like an IPv4 address"),
                Arguments.of("[::1]", "without brackets or zone"),
                Arguments.of("fe80::1%eth0", "without brackets or zone"),
                Arguments.of("host:6443", "neither an IP address nor a DNS name"),
                Arguments.of("under_score.example.com", "is not a DNS name (label \"under_score\")"),
                Arguments.of("-leading.example.com", "is not a DNS name"),
                Arguments.of("double..dot", "is not a DNS name (label \"\")"),
                Arguments.of("a.*.example.com", "is not a DNS name (label \"*\")"),
                Arguments.of("a".repeat(64) + ".com", "is not a DNS name"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource
    void refused(String entry, String reason) {
        assertThatThrownBy(() -> SubjectAltNames.parse(entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }
}
