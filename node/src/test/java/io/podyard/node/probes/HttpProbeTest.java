package io.podyard.node.probes;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.podyard.apiserver.ServerFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** httpGet and tcpSocket probes against servers on loopback: status codes, headers, HTTPS unverified. */
class HttpProbeTest {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static HttpServer server;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> respond(exchange, 200));
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://elsewhere.invalid/");
            respond(exchange, 302);
        });
        server.createContext("/broken", exchange -> respond(exchange, 500));
        server.createContext("/to-ok", exchange -> {
            exchange.getResponseHeaders().add("Location", "/ok");
            respond(exchange, 301);
        });
        server.createContext("/to-broken", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + server.getAddress().getPort()
                    + "/broken");
            respond(exchange, 307);
        });
        server.createContext("/loop", exchange -> {
            exchange.getResponseHeaders().add("Location", "/loop");
            respond(exchange, 302);
        });
        server.createContext("/headers", exchange -> {
            var h = exchange.getRequestHeaders();
            boolean expected = "yes".equals(h.getFirst("X-Probe")) && "custom.example".equals(h.getFirst("Host"))
                    && "kube-probe/1.32".equals(h.getFirst("User-Agent"));
            respond(exchange, expected ? 200 : 400);
        });
        server.start();
    }

    static void respond(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    static Stream<Arguments> gets() {
        return Stream.of(
                Arguments.of("200 passes", "/ok", Map.of(), true, ""),
                Arguments.of("a redirect to another host passes without being followed", "/moved", Map.of(), true, ""),
                Arguments.of("a redirect to the same host is followed: ok", "/to-ok", Map.of(), true, ""),
                Arguments.of("a redirect to the same host is followed: 500", "/to-broken", Map.of(), false,
                        "statuscode: 500"),
                Arguments.of("a redirect loop stops after 10", "/loop", Map.of(), false, "stopped after 10 redirects"),
                Arguments.of("500 fails", "/broken", Map.of(), false, "HTTP probe failed with statuscode: 500"),
                Arguments.of("404 fails", "/missing", Map.of(), false, "statuscode: 404"),
                Arguments.of("headers are sent, Host included, beside kubelet's user agent", "/headers",
                        Map.of("X-Probe", "yes", "Host", "custom.example"), true, ""),
                Arguments.of("without them the server refuses", "/headers", Map.of(), false, "statuscode: 400"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gets")
    void httpGet(String name, String path, Map<String, String> headers, boolean success, String message) {
        Outcome outcome = HttpProbe.get(new Handler.HttpGet("HTTP", "127.0.0.1", server.getAddress().getPort(), path,
                headers), TIMEOUT);

        assertThat(outcome.success()).as(outcome.message()).isEqualTo(success);
        assertThat(outcome.message()).contains(message);
    }

    @Test
    void tcpPassesOnAnOpenPortAndFailsOnAClosedOne() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        assertThat(HttpProbe.connect("127.0.0.1", server.getAddress().getPort(), TIMEOUT).success()).isTrue();
        assertThat(HttpProbe.connect("127.0.0.1", closed, TIMEOUT).message()).startsWith("dial tcp 127.0.0.1:");
    }

    @Test
    void httpsIsProbedWithoutVerifyingTheCertificate(@TempDir Path dir) {
        // The API server's certificate comes from its own CA, which the probe does not know.
        try (ServerFixture api = new ServerFixture(dir)) {
            URI url = URI.create(api.url());
            Outcome outcome = HttpProbe.get(new Handler.HttpGet("HTTPS", url.getHost(), url.getPort(), "/livez",
                    Map.of()), TIMEOUT);

            assertThat(outcome.success()).as(outcome.message()).isTrue();
        }
    }
}
