package io.podyard.node.server.spdy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
public final class PortForwardSession {
    public static final String PROTOCOL = "SPDY/3.1+portforward.k8s.io";
    private static final Logger LOG = LoggerFactory.getLogger(PortForwardSession.class);
    private static final int CHUNK = 32 * 1024;

    private final WebSocketBase socket;
    private final String podIp;
    private final String pod;
    private final HeaderBlocks headers = new HeaderBlocks();
    /** Per requestid: its error and data stream and, once both exist, the connection to the pod. */
    private final Map<String, Pair> pairs = new ConcurrentHashMap<>();
    private final Map<Integer, Pair> byStream = new ConcurrentHashMap<>();

    private static final class Pair {
        int errorStream;
        int dataStream;
        int port;
        Socket connection;
    }

    public PortForwardSession(WebSocketBase socket, String podIp, String pod) {
        this.socket = socket;
        this.podIp = podIp;
        this.pod = pod;
    }

    /** Serves the connection until the client closes it. */
    public void run() {
        DataInputStream in = new DataInputStream(new BufferedInputStream(new MessageInput(socket)));
        socket.resume();
        try {
            Frame frame;
            while ((frame = Frame.read(in)) != null) {
                switch (frame) {
                    case Frame.Control c when c.type() == Frame.SYN_STREAM -> opened(c);
                    case Frame.Control c when c.type() == Frame.RST_STREAM -> reset(c.streamId());
                    case Frame.Control c when c.type() == Frame.PING -> send(Frame.control(Frame.PING, 0, c.data()));
                    case Frame.Control c when c.type() == Frame.GOAWAY -> {
                        return;
                    }
                    case Frame.Data d -> received(d);
                    default -> { } // SETTINGS, WINDOW_UPDATE, HEADERS: nothing to do
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("port-forward to {} ended: {}", pod, e.toString());
        } finally {
            pairs.values().forEach(PortForwardSession::closeQuietly);
            headers.close();
            socket.close((short) 1000);
        }
    }

    private void opened(Frame.Control frame) throws IOException {
        int streamId = frame.streamId();
        Map<String, String> h = headers.decode(frame.data(), 10, frame.data().length - 10);
        send(Frame.synReply(streamId, headers.encode(Map.of())));
        String requestId = h.getOrDefault("requestid", "");
        Pair pair = pairs.computeIfAbsent(requestId, id -> new Pair());
        byStream.put(streamId, pair);
        switch (h.getOrDefault("streamtype", "")) {
            case "error" -> pair.errorStream = streamId;
            case "data" -> pair.dataStream = streamId;
            default -> {
                send(Frame.rstStream(streamId, 1)); // PROTOCOL_ERROR
                return;
            }
        }
        try {
            pair.port = Integer.parseInt(h.getOrDefault("port", ""));
        } catch (NumberFormatException e) {
            pair.port = -1;
        }
        if (pair.errorStream != 0 && pair.dataStream != 0 && pair.connection == null) {
            connect(pair);
        }
    }

    private void connect(Pair pair) throws IOException {
        if (pair.port < 1 || pair.port > 65535 || podIp == null || podIp.isEmpty()) {
            fail(pair, "error forwarding port " + pair.port + " to pod " + pod + ": "
                    + (podIp == null || podIp.isEmpty() ? "the pod has no IP" : "invalid port"));
            return;
        }
        Socket connection = new Socket();
        try {
            connection.connect(new InetSocketAddress(podIp, pair.port), 10_000);
        } catch (IOException e) {
            connection.close();
            fail(pair, "error forwarding port " + pair.port + " to pod " + pod + ": failed to connect to "
                    + podIp + ":" + pair.port + ": " + e.getMessage());
            return;
        }
        pair.connection = connection;
        Thread.ofVirtual().name("port-forward " + pod + ":" + pair.port).start(() -> copyToClient(pair));
    }

    private void copyToClient(Pair pair) {
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = pair.connection.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0) {
                    send(Frame.data(pair.dataStream, 0, buffer, n));
                }
            }
        } catch (IOException e) {
            // The pod or the client closed the connection.
        }
        try {
            send(Frame.data(pair.dataStream, Frame.FLAG_FIN, buffer, 0));
            send(Frame.data(pair.errorStream, Frame.FLAG_FIN, buffer, 0));
        } catch (IOException e) {
            // the client is gone
        }
    }

    private void fail(Pair pair, String message) throws IOException {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        send(Frame.data(pair.errorStream, 0, text, text.length));
        send(Frame.data(pair.errorStream, Frame.FLAG_FIN, text, 0));
        send(Frame.data(pair.dataStream, Frame.FLAG_FIN, text, 0));
    }

    private void received(Frame.Data frame) throws IOException {
        Pair pair = byStream.get(frame.streamId());
        if (pair == null || frame.streamId() != pair.dataStream || pair.connection == null) {
            return; // the client only half-closes its error stream
        }
        try {
            if (frame.data().length > 0) {
                pair.connection.getOutputStream().write(frame.data());
            }
            if (frame.fin()) {
                pair.connection.shutdownOutput();
            }
        } catch (IOException e) {
            send(Frame.rstStream(frame.streamId(), 5)); // CANCEL
            closeQuietly(pair);
        }
    }

    private void reset(int streamId) {
        Pair pair = byStream.get(streamId);
        if (pair != null) {
            closeQuietly(pair);
        }
    }

    private synchronized void send(byte[] frame) throws IOException {
        try {
            socket.writeBinaryMessage(Buffer.buffer(frame)).toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private static void closeQuietly(Pair pair) {
        try {
            if (pair.connection != null) {
                pair.connection.close();
            }
        } catch (IOException e) {
            // already closed
        }
    }
}
