package io.podyard.node.server.spdy;

import io.vertx.core.http.WebSocketBase;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * kubectl port-forward as kubelet serves it: a SPDY/3.1 connection (here tunnelled in WebSocket
 * messages, subprotocol {@value #PROTOCOL}) on which the client opens, per forwarded connection, an
 * "error" and a "data" stream sharing a {@code requestid} and naming the {@code port}. The data
 * stream is joined to a TCP connection to the pod; failures are written on the error stream.
 *
 * <p>As kubelet, it connects to localhost:PORT inside the pod's network namespace ({@link Netns}),
 * so a server listening on 127.0.0.1 only is reachable too. SPDY flow control (WINDOW_UPDATE) is not enforced, as client-go's
 * spdystream does not either.
 */
public final class PortForwardSession implements SpdyConnection.Handler {
    public static final String PROTOCOL = "SPDY/3.1+portforward.k8s.io";
    private static final int CHUNK = 32 * 1024;

    private final SpdyConnection connection;
    private final Path netns;
    private final String pod;
    /** Per requestid: its error and data stream and, once both exist, the connection to the pod. */
    private final Map<String, Pair> pairs = new ConcurrentHashMap<>();
    private final Map<Integer, Pair> byStream = new ConcurrentHashMap<>();

    private static final class Pair {
        int errorStream;
        int dataStream;
        int port;
        Socket socket;
    }

    /** @param netns the pod's network namespace (its pinned file), null when the node has no sandbox for it */
    public PortForwardSession(WebSocketBase socket, Path netns, String pod) {
        this.connection = new SpdyConnection(socket);
        this.netns = netns;
        this.pod = pod;
    }

    /** Serves the connection until the client closes it. */
    public void run() {
        connection.run(this);
    }

    @Override
    public void opened(int streamId, Map<String, String> headers) throws IOException {
        Pair pair = pairs.computeIfAbsent(headers.getOrDefault("requestid", ""), id -> new Pair());
        byStream.put(streamId, pair);
        switch (headers.getOrDefault("streamtype", "")) {
            case "error" -> pair.errorStream = streamId;
            case "data" -> pair.dataStream = streamId;
            default -> {
                connection.reset(streamId, 1); // PROTOCOL_ERROR
                return;
            }
        }
        try {
            pair.port = Integer.parseInt(headers.getOrDefault("port", ""));
        } catch (NumberFormatException e) {
            pair.port = -1;
        }
        if (pair.errorStream != 0 && pair.dataStream != 0 && pair.socket == null) {
            connect(pair);
        }
    }

    private void connect(Pair pair) throws IOException {
        if (pair.port < 1 || pair.port > 65535 || netns == null) {
            fail(pair, "error forwarding port " + pair.port + " to pod " + pod + ": "
                    + (netns == null ? "the pod has no sandbox on this node" : "invalid port"));
            return;
        }
        Socket socket;
        try {
            socket = Netns.connectLocal(netns, pair.port, 10_000);
        } catch (IOException e) {
            fail(pair, "error forwarding port " + pair.port + " to pod " + pod + ": failed to connect to localhost:"
                    + pair.port + " inside its network namespace: " + e.getMessage());
            return;
        }
        pair.socket = socket;
        Thread.ofVirtual().name("port-forward " + pod + ":" + pair.port).start(() -> copyToClient(pair));
    }

    private void copyToClient(Pair pair) {
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = pair.socket.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0) {
                    connection.data(pair.dataStream, buffer, n, false);
                }
            }
        } catch (IOException e) {
            // The pod or the client closed the connection.
        }
        try {
            connection.data(pair.dataStream, buffer, 0, true);
            connection.data(pair.errorStream, buffer, 0, true);
        } catch (IOException e) {
            // the client is gone
        }
    }

    private void fail(Pair pair, String message) throws IOException {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        connection.data(pair.errorStream, text, text.length, true);
        connection.data(pair.dataStream, text, 0, true);
    }

    @Override
    public void data(int streamId, byte[] data, boolean fin) throws IOException {
        Pair pair = byStream.get(streamId);
        if (pair == null || streamId != pair.dataStream || pair.socket == null) {
            return; // the client only half-closes its error stream
        }
        try {
            if (data.length > 0) {
                pair.socket.getOutputStream().write(data);
            }
            if (fin) {
                pair.socket.shutdownOutput();
            }
        } catch (IOException e) {
            connection.reset(streamId, 5); // CANCEL
            closeQuietly(pair);
        }
    }

    @Override
    public void reset(int streamId) {
        Pair pair = byStream.get(streamId);
        if (pair != null) {
            closeQuietly(pair);
        }
    }

    @Override
    public void connectionClosed() {
        pairs.values().forEach(PortForwardSession::closeQuietly);
    }

    private static void closeQuietly(Pair pair) {
        try {
            if (pair.socket != null) {
                pair.socket.close();
            }
        } catch (IOException e) {
            // already closed
        }
    }
}
