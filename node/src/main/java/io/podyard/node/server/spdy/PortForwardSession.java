package io.podyard.node.server.spdy;

import io.vertx.core.http.WebSocketBase;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * kubectl port-forward as kubelet serves it: a SPDY/3.1 connection (here tunnelled in WebSocket
 * messages, subprotocol {@value #PROTOCOL}) on which the client opens, per forwarded connection, an
 * "error" and a "data" stream sharing a {@code requestid} and naming the {@code port}. The data
 * stream is joined to a TCP connection to the pod; failures are written on the error stream.
 *
 * <p>Kubelet connects to the port inside the pod's network namespace (localhost); this connects to
 * the pod's IP from the node, over the pod bridge — so a server listening on 127.0.0.1 only inside
 * the pod is not reachable. SPDY flow control (WINDOW_UPDATE) is not enforced, as client-go's
 * spdystream does not either.
 */
public final class PortForwardSession implements SpdyConnection.Handler {
    public static final String PROTOCOL = "SPDY/3.1+portforward.k8s.io";
    private static final int CHUNK = 32 * 1024;

    private final SpdyConnection connection;
    private final String podIp;
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

    public PortForwardSession(WebSocketBase socket, String podIp, String pod) {
        this.connection = new SpdyConnection(socket);
        this.podIp = podIp;
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
        if (pair.port < 1 || pair.port > 65535 || podIp == null || podIp.isEmpty()) {
            fail(pair, "error forwarding port " + pair.port + " to pod " + pod + ": "
                    + (podIp == null || podIp.isEmpty() ? "the pod has no IP" : "invalid port"));
            return;
        }
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(podIp, pair.port), 10_000);
        } catch (IOException e) {
            socket.close();
            fail(pair, "error forwarding port " + pair.port + " to pod " + pod + ": failed to connect to "
                    + podIp + ":" + pair.port + ": " + e.getMessage());
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
