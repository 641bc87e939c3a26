package io.podyard.node.server.spdy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of a SPDY/3.1 connection whose bytes travel in WebSocket binary messages: it reads
 * frames, answers every new stream (SYN_REPLY) and every PING, and hands streams and their data to a
 * {@link Handler}. Writes are serialised and each waits until the socket took it.
 */
public final class SpdyConnection {
    private static final Logger LOG = LoggerFactory.getLogger(SpdyConnection.class);

    /** What a protocol on top does with the client's streams; called on the reading thread. */
    public interface Handler {
        void opened(int streamId, Map<String, String> headers) throws IOException;

        void data(int streamId, byte[] data, boolean fin) throws IOException;

        void reset(int streamId);

        /** The connection ended (either side). */
        void connectionClosed();
    }

    private final WebSocketBase socket;
    private final HeaderBlocks headers = new HeaderBlocks();

    public SpdyConnection(WebSocketBase socket) {
        this.socket = socket;
    }

    /** Serves the connection until the client ends it or {@link #close} is called. */
    public void run(Handler handler) {
        DataInputStream in = new DataInputStream(new BufferedInputStream(new MessageInput(socket)));
        socket.resume();
        try {
            Frame frame;
            while ((frame = Frame.read(in)) != null) {
                switch (frame) {
                    case Frame.Control c when c.type() == Frame.SYN_STREAM -> {
                        Map<String, String> h = headers.decode(c.data(), 10, c.data().length - 10);
                        send(Frame.synReply(c.streamId(), headers.encode(Map.of())));
                        handler.opened(c.streamId(), h);
                    }
                    case Frame.Control c when c.type() == Frame.RST_STREAM -> handler.reset(c.streamId());
                    case Frame.Control c when c.type() == Frame.PING -> send(Frame.control(Frame.PING, 0, c.data()));
                    case Frame.Control c when c.type() == Frame.GOAWAY -> {
                        return;
                    }
                    case Frame.Data d -> handler.data(d.streamId(), d.data(), d.fin());
                    default -> { } // SETTINGS, WINDOW_UPDATE, HEADERS: nothing to do
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("SPDY connection ended: {}", e.toString());
        } finally {
            handler.connectionClosed();
            headers.close();
            close();
        }
    }

    public void data(int streamId, byte[] data, int length, boolean fin) throws IOException {
        send(Frame.data(streamId, fin ? Frame.FLAG_FIN : 0, data, length));
    }

    public void reset(int streamId, int status) throws IOException {
        send(Frame.rstStream(streamId, status));
    }

    public void close() {
        socket.close((short) 1000);
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
}
