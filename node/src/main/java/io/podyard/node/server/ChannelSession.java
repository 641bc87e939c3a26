package io.podyard.node.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One exec or attach connection speaking {@link Channels}: stdin arrives as messages (held in a short
 * queue; the socket pauses while it is full), output leaves as messages, each write awaited so a
 * slow client slows the command rather than filling memory. Blocking methods run on virtual threads.
 */
final class ChannelSession {
    private static final int QUEUE_HIGH = 16;
    private static final byte[] EOF = new byte[0];

    private final ServerWebSocket socket;
    private final BlockingQueue<byte[]> stdin = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    ChannelSession(ServerWebSocket socket) {
        this.socket = socket;
        socket.binaryMessageHandler(this::received);
        socket.closeHandler(v -> {
            closed = true;
            stdin.offer(EOF);
        });
        socket.resume();
    }

    private void received(Buffer message) {
        if (message.length() == 0) {
            return;
        }
        int channel = message.getUnsignedByte(0);
        if (channel == Channels.STDIN) {
            stdin.offer(message.getBytes(1, message.length()));
            if (stdin.size() > QUEUE_HIGH) {
                socket.pause();
            }
        } else if (channel == Channels.CLOSE && message.length() > 1 && message.getUnsignedByte(1) == Channels.STDIN) {
            stdin.offer(EOF);
        }
        // Resize (4) asks for a terminal size; without a pty there is nothing to resize.
    }

    boolean closed() {
        return closed;
    }

    void onClose(Runnable action) {
        socket.closeHandler(v -> {
            closed = true;
            stdin.offer(EOF);
            action.run();
        });
    }

    /** Copies the client's stdin to {@code out} until the client closes stdin or the connection, then closes it. */
    void pumpStdin(OutputStream out) {
        try (out) {
            while (true) {
                byte[] data = stdin.take();
                if (stdin.size() < QUEUE_HIGH / 2) {
                    socket.resume();
                }
                if (data == EOF) {
                    return;
                }
                out.write(data);
                out.flush();
            }
        } catch (IOException e) {
            // The command closed its stdin: what the client still sends is dropped.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends everything {@code in} yields on {@code channel}; a negative channel reads and drops it. */
    void pumpOut(InputStream in, int channel) {
        byte[] buffer = new byte[32 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0 && channel >= 0 && !closed) {
                    send(channel, buffer, n);
                }
            }
        } catch (IOException e) {
            // The client is gone or the command's pipe broke; either way this stream ends.
        }
    }

    /** An output stream whose writes become messages on {@code channel}. */
    OutputStream output(int channel) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                byte[] copy = new byte[len];
                System.arraycopy(b, off, copy, 0, len);
                send(channel, copy, len);
            }
        };
    }

    void send(int channel, byte[] data, int length) throws IOException {
        if (closed) {
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

    /** Sends the final Status on the error channel and closes the connection normally. */
    void finish(byte[] status) {
        try {
            send(Channels.ERROR, status, status.length);
        } catch (IOException e) {
            // Nobody is listening any more.
        }
        socket.close((short) 1000);
    }
}
