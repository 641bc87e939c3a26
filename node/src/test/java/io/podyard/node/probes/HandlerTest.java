package io.podyard.node.probes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Probe handlers resolved against their container and pod IP: ports by name, defaults, host. */
class HandlerTest {
    static final Container CONTAINER = new ContainerBuilder().withName("web").addNewPort().withName("http")
            .withContainerPort(8080).endPort().build();

    static Stream<Arguments> handlers() {
        return Stream.of(
                Arguments.of("exec", new ProbeBuilder().withNewExec().withCommand("cat", "/tmp/ready").endExec().build(),
                        new Handler.Exec(List.of("cat", "/tmp/ready"))),
                Arguments.of("httpGet by port number, default path and scheme", new ProbeBuilder().withNewHttpGet()
                                .withPort(new IntOrString(80)).endHttpGet().build(),
                        new Handler.HttpGet("HTTP", "10.244.1.5", 80, "/", Map.of())),
                Arguments.of("httpGet by port name, headers, HTTPS", new ProbeBuilder().withNewHttpGet()
                                .withPort(new IntOrString("http")).withPath("healthz").withScheme("HTTPS")
                                .addNewHttpHeader("X-Probe", "1").endHttpGet().build(),
                        new Handler.HttpGet("HTTPS", "10.244.1.5", 8080, "/healthz", Map.of("X-Probe", "1"))),
                Arguments.of("httpGet to a host of its own", new ProbeBuilder().withNewHttpGet()
                                .withHost("127.0.0.1").withPort(new IntOrString(9)).endHttpGet().build(),
                        new Handler.HttpGet("HTTP", "127.0.0.1", 9, "/", Map.of())),
                Arguments.of("tcpSocket by name", new ProbeBuilder().withNewTcpSocket()
                                .withPort(new IntOrString("http")).endTcpSocket().build(),
                        new Handler.Tcp("10.244.1.5", 8080)),
                Arguments.of("grpc", new ProbeBuilder().withNewGrpc().withPort(9000).endGrpc().build(),
                        new Handler.Grpc("10.244.1.5", 9000, "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handlers")
    void resolves(String name, Probe probe, Handler expected) {
        assertThat(Handler.of(probe, CONTAINER, "10.244.1.5")).isEqualTo(expected);
    }

    @Test
    void anUnknownPortNameIsRefused() {
        Probe probe = new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString("metrics")).endTcpSocket().build();
        assertThatThrownBy(() -> Handler.of(probe, CONTAINER, "10.244.1.5"))
                .hasMessage("couldn't find port: metrics in container web");
    }
}
