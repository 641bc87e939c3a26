package io.podyard.node.server;

import io.podyard.node.pty.Winsize;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * The client's side of an exec or attach, whatever carries it (WebSocket channels or SPDY streams):
 * stdin arrives into a queue, output leaves by channel number (1 stdout, 2 stderr, 3 the final
 * Status), and the client's terminal size arrives on its own ({@link #resize}). Blocking methods run on
 * virtual threads.
 */
abstract class ExecStreams {
    private static final byte[] EOF = new byte[0];

    private final BlockingQueue<byte[]> stdin;
    private volatile boolean closed;
    private volatile Runnable onClose = () -> { };
    private static final Winsize NO_MORE_SIZES = new Winsize(0, 0);
    private static final int MAX_PENDING_SIZES = 16;
    /** Sizes in the order the client sent them, applied off the transport's thread by one applier. */
    private final BlockingQueue<Winsize> sizes = new LinkedBlockingQueue<>();

    ExecStreams(int stdinCapacity) {
        this.stdin = new LinkedBlockingQueue<>(stdinCapacity);
    }

    /** Sends {@code length} bytes of {@code data} on {@code channel}, waiting until the transport took them. */
    abstract void send(int channel, byte[] data, int length) throws IOException;

    /** Sends the final Status and ends the connection. */
    abstract void finish(byte[] status);

    /** Called after stdin was taken from the queue, with how many messages still wait. */
    void stdinTaken(int waiting) {
    }

    final boolean closed() {
        return closed;
    }

    final void onClose(Runnable action) {
        onClose = action;
    }

    /**
     * Where the client's terminal sizes go: one virtual thread applies them in order (sizes that
     * arrived before included), so the transport's thread never waits for a terminal and
     * kubectl attach's "one larger, then the real size" ends at the real size.
     */
    final void onResize(Consumer<Winsize> action) {
        Thread.ofVirtual().name("terminal sizes").start(() -> {
            try {
                Winsize size;
                while ((size = sizes.take()) != NO_MORE_SIZES) {
                    action.accept(size);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * The client's terminal has this size now (kubectl sends one at start and one per change).
     * Called from the transport's one thread, as {@link #ended()} is.
     */
    final void resize(Winsize size) {
        if (closed) {
            return;
        }
        if (sizes.size() >= MAX_PENDING_SIZES) {
            sizes.poll(); // nothing applies them (no terminal) or a client floods: keep the newest
        }
        sizes.offer(size);
    }

    /** Queues stdin from the client; blocks while the queue is full. */
    final void stdin(byte[] data) {
        try {
            stdin.put(data);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    final int stdinWaiting() {
        return stdin.size();
    }

    final void stdinEnded() {
        stdin.offer(EOF);
    }

    /** The client left: stdin ends and the close action runs. */
    final void ended() {
        closed = true;
        stdin.offer(EOF);
        sizes.offer(NO_MORE_SIZES);
        onClose.run();
    }

    /** Copies the client's stdin to {@code out} until the client closes stdin or the connection, then closes it. */
    final void pumpStdin(OutputStream out) {
        try (out) {
            while (true) {
                byte[] data = stdin.take();
                stdinTaken(stdin.size());
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
    final void pumpOut(InputStream in, int channel) {
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

    /** An output stream whose writes go out on {@code channel}. */
    final OutputStream output(int channel) {
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
}
