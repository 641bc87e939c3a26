package io.podyard.node.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how the node's streaming server listens (kubelet's port 10250).
 *
 * @param host        the address to listen on
 * @param port        0 picks a free port (tests); the chosen one is published in the Node's
 *                    {@code status.daemonEndpoints.kubeletEndpoint.port}
 * @param certPem     the server's certificate (PEM)
 * @param keyPem      its private key (PEM)
 * @param clientCaPem only clients with a certificate of this CA in group {@code system:masters} are served
 */
public record NodeServerOptions(String host, int port, Path certPem, Path keyPem, Path clientCaPem) {
    public static final int DEFAULT_PORT = 10250;

    public NodeServerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(certPem, "certPem");
        Objects.requireNonNull(keyPem, "keyPem");
        Objects.requireNonNull(clientCaPem, "clientCaPem");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * The files the API server's credentials keep in {@code <data-dir>/pki} for an agent sharing
     * its data directory: {@code kubelet.crt}, {@code kubelet.key} and the cluster CA {@code ca.crt}.
     */
    public static NodeServerOptions fromPki(Path pki, String host, int port) {
        return new NodeServerOptions(host, port, pki.resolve("kubelet.crt"), pki.resolve("kubelet.key"),
                pki.resolve("ca.crt"));
    }
}
