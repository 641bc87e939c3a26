package io.podyard.node.server.spdy;

import io.vertx.core.http.WebSocketBase;
import java.io.InputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The bytes of a WebSocket's binary messages as one stream (client-go's TunnelingConnection sends
 * the SPDY connection that way); the socket pauses while too much waits, and the stream ends when
 * the socket closes.
 */
final class MessageInput extends InputStream {
    private static final int HIGH = 32;
    private static final byte[] END = new byte[0];

    private final WebSocketBase socket;
    private final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    MessageInput(WebSocketBase socket) {
        this.socket = socket;
        socket.binaryMessageHandler(message -> {
            messages.offer(message.getBytes());
            if (messages.size() > HIGH) {
                socket.pause();
            }
        });
        socket.closeHandler(v -> messages.offer(END));
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        while (position == current.length) {
            if (ended) {
                return -1;
            }
            try {
                current = messages.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            position = 0;
            if (messages.size() < HIGH / 2) {
                socket.resume();
            }
            if (current == END) {
                ended = true;
                return -1;
            }
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }
}
