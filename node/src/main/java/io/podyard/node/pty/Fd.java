package io.podyard.node.pty;

import java.io.IOException;

/**
 * A native descriptor shared by threads: each call holds it, and {@link #close()} releases the
 * number only after the last call in flight returned, so a late call never reaches a descriptor
 * the process has since reused for something else.
 */
final class Fd implements AutoCloseable {
    interface Call {
        int apply(int fd);
    }

    private final int fd;
    private int inFlight;
    private boolean closed;

    Fd(int fd) {
        this.fd = fd;
    }

    /** Runs {@code call} on the descriptor; minus EBADF once closed. */
    int call(Call call) {
        synchronized (this) {
            if (closed) {
                return -EBADF;
            }
            inFlight++;
        }
        try {
            return call.apply(fd);
        } finally {
            synchronized (this) {
                if (--inFlight == 0 && closed) {
                    Libc.close(fd);
                }
            }
        }
    }

    /** Like {@link #call}, failing with the errno and {@code what} it tried. */
    int check(Call call, String what) throws IOException {
        int result = call(call);
        if (result < 0) {
            throw new IOException("cannot " + what + ": errno " + -result);
        }
        return result;
    }

    synchronized boolean closed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (inFlight == 0) {
                Libc.close(fd);
            }
        }
    }

    private static final int EBADF = 9;
}
