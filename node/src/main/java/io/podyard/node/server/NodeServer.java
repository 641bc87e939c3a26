package io.podyard.node.server;

import io.podyard.node.runtime.ContainerRuntime;
import io.podyard.node.server.spdy.PortForwardSession;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's streaming server, kubelet's port 10250 for what the API server proxies: container logs,
 * exec, attach and port-forward. HTTPS with client certificates only: the cluster
 * CA's, in group {@code system:masters} ({@link ClientCheck}). The event loop reads requests; each is
 * served on a virtual thread.
 */
public final class NodeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeServer.class);
    private static final List<String> PROTOCOLS = List.of(Channels.V5, Channels.V4, PortForwardSession.PROTOCOL,
            SpdyExecSession.PROTOCOL);

    private final Vertx vertx;
    private final HttpServer server;
    private final NodeStreams streams;
    private final Supplier<byte[]> stats;

    private NodeServer(Vertx vertx, HttpServer server, NodeStreams streams, Supplier<byte[]> stats) {
        this.vertx = vertx;
        this.server = server;
        this.streams = streams;
        this.stats = stats;
    }

    /**
     * @param pods  a pod's network namespace by namespace and name, for port-forward (empty while unknown)
     * @param stats the node's {@code /stats/summary} document (kubelet's Summary API, JSON)
     */
    public static NodeServer start(NodeServerOptions options, ContainerRuntime runtime, PodNetworks pods,
                                   Supplier<byte[]> stats, Clock clock) {
        Vertx vertx = Vertx.vertx();
        HttpServerOptions http = new HttpServerOptions().setHost(options.host()).setPort(options.port())
                .setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setKeyPath(options.keyPem().toString())
                        .setCertPath(options.certPem().toString()))
                .setTrustOptions(new PemTrustOptions().addCertPath(options.clientCaPem().toString()))
                .setClientAuth(ClientAuth.REQUIRED)
                .setWebSocketSubProtocols(PROTOCOLS);
        HttpServer server = vertx.createHttpServer(http);
        NodeServer node = new NodeServer(vertx, server, new NodeStreams(runtime, pods, clock), stats);
        server.requestHandler(node::accept);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("the node server cannot listen on " + options.host() + ":"
                    + options.port() + ": " + e.getMessage(), e);
        }
        LOG.info("node server listening on {}:{}", options.host(), server.actualPort());
        return node;
    }

    /** Where port-forward connects: the network namespace of a pod, by namespace and name. */
    @FunctionalInterface
    public interface PodNetworks {
        Optional<java.nio.file.Path> netns(String namespace, String name);
    }

    public int port() {
        return server.actualPort();
    }

    private void accept(HttpServerRequest request) {
        if (!ClientCheck.allowed(request.connection().sslSession())) {
            NodeStreams.sendStatus(request.response(), 403, "Forbidden",
                    "only the API server (a client certificate of the cluster CA in group system:masters) may call");
            return;
        }
        if (request.path().equals("/stats/summary") && request.method() == HttpMethod.GET) {
            Thread.ofVirtual().name("node stats").start(() -> request.response().setStatusCode(200)
                    .putHeader("Content-Type", "application/json").end(Buffer.buffer(stats.get())));
            return;
        }
        Optional<NodePath> path = NodePath.parse(request.path());
        if (path.isEmpty()) {
            NodeStreams.sendStatus(request.response(), 404, "NotFound", "no such path: " + request.path());
            return;
        }
        Map<String, String> query = new HashMap<>();
        request.params().forEach(e -> query.putIfAbsent(e.getKey(), e.getValue()));
        boolean upgrade = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
        request.pause();
        Thread.ofVirtual().name("node " + request.path()).start(() -> {
            try {
                switch (path.get()) {
                    case NodePath.Logs logs when request.method() == HttpMethod.GET ->
                            streams.logs(logs, query, request);
                    case NodePath.Exec exec when upgrade ->
                            streams.exec(exec, request.params().getAll("command"), query, () -> upgrade(request));
                    case NodePath.Attach attach when upgrade -> streams.attach(attach, query, () -> upgrade(request));
                    case NodePath.PortForward pf when upgrade -> streams.portForward(pf, () -> upgrade(request));
                    default -> NodeStreams.sendStatus(request.response(), 400, "BadRequest", "Upgrade request required");
                }
            } catch (RuntimeException e) {
                LOG.warn("{} failed", request.path(), e);
                NodeStreams.sendStatus(request.response(), 500, "InternalError", e.getMessage());
            }
        });
    }

    /**
     * Paused until a session has set its handlers, so early stdin is not lost. The upgrade runs on the
     * request's event loop and pauses there: paused from this (virtual) thread, the socket could
     * already have dropped the client's first frames, which arrive the moment it reads the 101.
     */
    private static ServerWebSocket upgrade(HttpServerRequest request) {
        CompletableFuture<ServerWebSocket> socket = new CompletableFuture<>();
        ((HttpServerRequestInternal) request).context().runOnContext(v -> request.toWebSocket().onComplete(ws -> {
            ws.pause();
            socket.complete(ws);
        }, socket::completeExceptionally));
        try {
            return socket.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the WebSocket upgrade failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("the node server did not stop cleanly: {}", e.toString());
        }
    }
}
