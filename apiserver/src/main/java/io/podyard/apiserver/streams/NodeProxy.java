package io.podyard.apiserver.streams;

import io.podyard.apiserver.rest.ApiException;
import io.podyard.apiserver.tls.ClusterCredentials;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The API server's side of the node streaming servers: it calls them with its kubelet-client
 * certificate (cluster CA, group system:masters) and checks that their certificate comes from the
 * cluster CA, but not the host name in it: nodes are reached by address, and their certificates
 * name loopback and the host's name only — as kube-apiserver without --kubelet-certificate-authority
 * does not check at all. Logs are a streamed GET; exec and attach are WebSockets relayed message by
 * message, with back-pressure both ways.
 */
public final class NodeProxy implements AutoCloseable {
    private final HttpClient http;
    private final WebSocketClient webSockets;
    private final Vertx vertx;

    public NodeProxy(Vertx vertx, ClusterCredentials credentials) {
        this.vertx = vertx;
        PemKeyCertOptions client = new PemKeyCertOptions().setCertPath(credentials.kubeletClientCertPem().toString())
                .setKeyPath(credentials.kubeletClientKeyPem().toString());
        PemTrustOptions ca = new PemTrustOptions().addCertPath(credentials.caPem().toString());
        this.http = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(false)
                .setKeyCertOptions(client).setTrustOptions(ca).setConnectTimeout(10_000));
        this.webSockets = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true).setVerifyHost(false)
                .setKeyCertOptions(client).setTrustOptions(ca).setConnectTimeout(10_000)
                .setMaxFrameSize(1 << 20).setMaxMessageSize(16 << 20));
    }

    /** Streams the node's answer to {@code uri} (status, type, body) to the client; blocks until done. */
    public void get(StreamTarget target, String uri, HttpServerResponse response) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(target.host())
                .setPort(target.port()).setURI(uri);
        // Paused on arrival: the body would otherwise flow before the pipe below is set up, and be lost.
        HttpClientResponse answer = await(PausedStreams.open(vertx.getOrCreateContext(),
                () -> http.request(options).compose(HttpClientRequest::send)));
        HttpClientRequest request = answer.request();
        response.setStatusCode(answer.statusCode()).setChunked(true);
        String type = answer.getHeader("Content-Type");
        if (type != null) {
            response.putHeader("Content-Type", type);
        }
        response.closeHandler(v -> request.reset());
        try {
            answer.pipeTo(response).toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            response.reset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.reset();
        }
    }

    /**
     * Opens the WebSocket to the node with the client's subprotocols, then completes the client's
     * upgrade (the same list of protocols chooses the same one) and relays until either side closes.
     */
    public void relay(StreamTarget target, String uri, HttpServerRequest request) {
        WebSocket node = connect(target, uri, protocols(request.getHeader("Sec-WebSocket-Protocol")));
        ServerWebSocket client;
        try {
            client = PausedStreams.upgrade(request, request::toWebSocket).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            node.close();
            return;
        }
        pipe(client, node);
        pipe(node, client);
        client.resume();
        node.resume();
    }

    /** The WebSocket to the node, paused; a refusal becomes the client's error. */
    private WebSocket connect(StreamTarget target, String uri, List<String> protocols) {
        try {
            // Paused on the event loop as it opens, so nothing the node sends early is lost before the
            // relay is wired (see PausedStreams).
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(target.host())
                    .setPort(target.port()).setURI(uri).setSsl(true).setSubProtocols(protocols);
            return PausedStreams.open(vertx.getOrCreateContext(), () -> webSockets.connect(options))
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                String body = rejected.getBody() == null ? "" : rejected.getBody().toString();
                throw ApiException.badRequest("unable to upgrade connection (" + rejected.getStatus() + "): " + body);
            }
            throw ApiException.unavailable("error dialing backend: " + e.getCause().getMessage());
        } catch (Exception e) {
            throw ApiException.unavailable("error dialing backend: " + e.getMessage());
        }
    }

    /**
     * SPDY upgrades (kubectl before WebSockets): the client's raw connection is tunnelled to the
     * node in WebSocket binary messages under {@code nodeProtocol}, and the node speaks SPDY.
     */
    public void tunnel(StreamTarget target, String uri, HttpServerRequest request, String nodeProtocol,
                       String streamProtocol) {
        WebSocket node = connect(target, uri, List.of(nodeProtocol));
        request.response().putHeader("Connection", "Upgrade").putHeader("Upgrade", "SPDY/3.1")
                .putHeader("X-Stream-Protocol-Version", streamProtocol);
        NetSocket client;
        try {
            client = PausedStreams.upgrade(request, () -> toNetSocket(request)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            node.close();
            return;
        }
        client.handler(bytes -> {
            node.writeBinaryMessage(bytes);
            if (node.writeQueueFull()) {
                client.pause();
                node.drainHandler(v -> client.resume());
            }
        });
        node.binaryMessageHandler(bytes -> {
            client.write(bytes);
            if (client.writeQueueFull()) {
                node.pause();
                client.drainHandler(v -> node.resume());
            }
        });
        client.closeHandler(v -> node.close());
        node.closeHandler(v -> client.close());
        client.resume();
        node.resume();
    }

    /**
     * The upgraded connection. Vert.x takes over the connection of GET upgrades only, and client-go's
     * SPDY upgrade is a POST: its HTTP/1 response is asked directly (a package-private method, read
     * reflectively; the jar is on the class path), as if the request were a GET.
     */
    @SuppressWarnings("unchecked")
    private static Future<NetSocket> toNetSocket(HttpServerRequest request) {
        if (request.method() == HttpMethod.GET) {
            return request.toNetSocket();
        }
        try {
            Method netSocket = request.response().getClass().getDeclaredMethod("netSocket", HttpMethod.class,
                    MultiMap.class);
            netSocket.setAccessible(true);
            return (Future<NetSocket>) netSocket.invoke(request.response(), HttpMethod.GET, request.headers());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private static void pipe(WebSocketBase from, WebSocketBase to) {
        from.binaryMessageHandler(message -> {
            to.writeBinaryMessage(message);
            if (to.writeQueueFull()) {
                from.pause();
                to.drainHandler(v -> from.resume());
            }
        });
        from.textMessageHandler(to::writeTextMessage);
        from.closeHandler(v -> {
            if (!to.isClosed()) {
                Short code = from.closeStatusCode();
                // 1005/1006 say no code was sent or the connection dropped; they may not be sent on.
                to.close(code == null || code == 1005 || code == 1006 ? (short) 1000 : code, from.closeReason());
            }
        });
    }

    static List<String> protocols(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        return Arrays.stream(header.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw ApiException.unavailable("error dialing backend: " + cause.getMessage());
        }
    }

    @Override
    public void close() {
        http.close();
        webSockets.close();
    }
}
