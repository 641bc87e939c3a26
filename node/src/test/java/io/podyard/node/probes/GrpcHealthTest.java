package io.podyard.node.probes;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-written gRPC health check against grpc-java's own server on loopback (a test
 * dependency through the store's etcd client): SERVING passes, anything else fails.
 */
class GrpcHealthTest {
    static Server server;

    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    @BeforeAll
    static void start() throws IOException {
        MethodDescriptor<byte[], byte[]> check = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("grpc.health.v1.Health/Check")
                .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
        ServerServiceDefinition health = ServerServiceDefinition.builder("grpc.health.v1.Health")
                .addMethod(check, ServerCalls.asyncUnaryCall((request, response) -> {
                    // HealthCheckRequest: field 1 (service), length-delimited.
                    String service = request.length > 2 ? new String(Arrays.copyOfRange(request, 2, request.length),
                            StandardCharsets.UTF_8) : "";
                    switch (service) {
                        case "" -> response.onNext(new byte[] {0x08, 1});
                        case "down" -> response.onNext(new byte[] {0x08, 2});
                        default -> {
                            response.onError(Status.NOT_FOUND.withDescription("unknown service").asRuntimeException());
                            return;
                        }
                    }
                    response.onCompleted();
                })).build();
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(health).build()
                .start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.shutdownNow().awaitTermination();
    }

    static Stream<Arguments> checks() {
        return Stream.of(
                Arguments.of("the server as a whole is SERVING", "", true, ""),
                Arguments.of("a NOT_SERVING service", "down", false, "NOT_SERVING"),
                Arguments.of("an unknown service (trailers-only error)", "missing", false, "no response"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void checks(String name, String service, boolean success, String message) {
        Outcome outcome = GrpcHealth.check("127.0.0.1", server.getPort(), service, Duration.ofSeconds(5));

        assertThat(outcome.success()).as(outcome.message()).isEqualTo(success);
        assertThat(outcome.message()).contains(message);
    }
}
