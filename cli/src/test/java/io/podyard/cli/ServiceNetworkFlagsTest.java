package io.podyard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class ServiceNetworkFlagsTest {
    @TempDir
    Path dir;

    static Stream<Arguments> clusterDns() {
        return Stream.of(
                // flags, the cluster DNS address pods get
                Arguments.of(new String[] {}, "10.96.0.10"),
                Arguments.of(new String[] {"--service-cidr", "10.100.0.0/16"}, "10.100.0.10"),
                Arguments.of(new String[] {"--service-cidr", "172.20.0.0/24"}, "172.20.0.10"),
                Arguments.of(new String[] {"--service-cidr", "10.100.0.0/16", "--cluster-dns", "10.100.3.3"}, "10.100.3.3"),
                Arguments.of(new String[] {"--cluster-dns", "10.96.0.53"}, "10.96.0.53"));
    }

    @ParameterizedTest
    @MethodSource
    void clusterDns(String[] flags, String expected) {
        assertThat(CommandLine.populateCommand(new ServiceNetworkFlags(), flags).clusterDns()).isEqualTo(expected);
    }

    @Test
    void aClusterDnsAddressOutsideTheServiceCidrIsRefused() {
        ServiceNetworkFlags flags = CommandLine.populateCommand(new ServiceNetworkFlags(),
                "--service-cidr", "10.100.0.0/16", "--cluster-dns", "10.96.0.10");
        assertThatThrownBy(flags::clusterDns).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.96.0.10 is not an address of the Service CIDR 10.100.0.0/16");

        StringWriter err = new StringWriter();
        var cl = Podyard.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute("server", "--no-node", "--data-dir", dir.toString(), "--port", "0",
                "--service-cidr", "10.100.0.0/16", "--cluster-dns", "10.96.0.10");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("is not an address of the Service CIDR");
    }
}
