package io.podyard.node.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;
import java.util.concurrent.ExecutionException;

/**
 * Exec or attach over WebSocket with the {@link Channels} protocol: stdin arrives as messages (the
 * socket pauses while many wait), output leaves as messages, each write awaited so a slow client
 * slows the command rather than filling memory.
 */
final class ChannelSession extends ExecStreams {
    private static final int QUEUE_HIGH = 16;

    private final ServerWebSocket socket;

    ChannelSession(ServerWebSocket socket) {
        super(Integer.MAX_VALUE);
        this.socket = socket;
        socket.binaryMessageHandler(this::received);
        socket.closeHandler(v -> ended());
        socket.resume();
    }

    private void received(Buffer message) {
        if (message.length() == 0) {
            return;
        }
        int channel = message.getUnsignedByte(0);
        if (channel == Channels.STDIN) {
            stdin(message.getBytes(1, message.length())); // never blocks: the queue is unbounded
            if (stdinWaiting() > QUEUE_HIGH) {
                socket.pause();
            }
        } else if (channel == Channels.RESIZE) {
            Channels.terminalSizes(message.getBytes(1, message.length())).forEach(this::resize);
        } else if (channel == Channels.CLOSE && message.length() > 1 && message.getUnsignedByte(1) == Channels.STDIN) {
            stdinEnded();
        }
    }

    @Override
    void stdinTaken(int waiting) {
        if (waiting < QUEUE_HIGH / 2) {
            socket.resume();
        }
    }

    @Override
    void send(int channel, byte[] data, int length) throws IOException {
        if (closed()) {
            throw new IOException("the client closed the connection");
        }
        try {
            socket.writeBinaryMessage(Buffer.buffer(Channels.frame(channel, data, length)))
                    .toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    @Override
    void finish(byte[] status) {
        try {
            send(Channels.ERROR, status, status.length);
        } catch (IOException e) {
            // Nobody is listening any more.
        }
        socket.close((short) 1000);
    }
}
