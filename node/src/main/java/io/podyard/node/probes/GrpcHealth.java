package io.podyard.node.probes;

import java.time.Duration;

/** grpc.health.v1.Health/Check. Not implemented yet: the node has no gRPC client. */
final class GrpcHealth {
    private GrpcHealth() {
    }

    static Outcome check(String host, int port, String service, Duration timeout) {
        return Outcome.failed("gRPC probes are not supported by this node yet");
    }
}
