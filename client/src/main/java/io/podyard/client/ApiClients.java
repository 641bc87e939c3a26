package io.podyard.client;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.List;

/**
 * The API client every Podyard component uses: fabric8's, over HTTP/2. Out of the box fabric8 speaks
 * HTTP/1.1 with a pool of up to 8,192 connections, so each concurrent request (thousands of hollow
 * nodes renewing leases at once) opens a TLS connection of its own, and the handshakes dominated the
 * API server's CPU. Over HTTP/2 (ALPN, as kubectl and client-go do) requests and watches are streams
 * multiplexed on a few long-lived connections; servers without HTTP/2 still get HTTP/1.1, from a
 * bounded pool.
 */
public final class ApiClients {
    /** HTTP/2 connections per client; each carries up to the server's stream limit. */
    static final int HTTP2_CONNECTIONS = 4;
    /** HTTP/1.1 connections per client, when the server does not speak HTTP/2. */
    static final int HTTP1_CONNECTIONS = 64;
    static final int STREAM_WINDOW = 4 << 20;
    static final int CONNECTION_WINDOW = 16 << 20;

    private ApiClients() {
    }

    public static KubernetesClient create(Config config) {
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new Http2Factory()).build();
    }

    /** fabric8's Vert.x factory with HTTP/2 preferred and the pools bounded. */
    static final class Http2Factory extends Vertx5HttpClientFactory {
        @Override
        protected void additionalConfig(WebClientOptions options, WebSocketClientOptions webSockets, PoolOptions pool) {
            options.setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true)
                    .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
                    // Watches and large lists share a connection: windows large enough that one slow
                    // reader does not stall the others (client-go uses 4 MiB per stream as well).
                    .setInitialSettings(new Http2Settings().setInitialWindowSize(STREAM_WINDOW))
                    .setHttp2ConnectionWindowSize(CONNECTION_WINDOW);
            pool.setHttp2MaxSize(HTTP2_CONNECTIONS).setHttp1MaxSize(HTTP1_CONNECTIONS);
        }
    }
}
