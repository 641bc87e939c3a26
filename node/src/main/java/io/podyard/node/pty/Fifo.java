package io.podyard.node.pty;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Writes control messages into a fifo a monitor reads (conmon's {@code ctl}), one at a time: each
 * message waits until the reader took it, because conmon 2.1 handles only the first line of what
 * one read returns, so two messages read together would lose the second.
 */
public final class Fifo {
    private static final long POLL_MILLIS = 2;

    private Fifo() {
    }

    /**
     * Writes {@code message} (at most PIPE_BUF bytes, so it arrives whole) and waits up to {@code wait}
     * until the reader took it. Fails at once when nobody has the fifo open for reading. Writers to
     * the same fifo should take turns (one thread per container's fifo does).
     *
     * @return whether the reader took it in time
     */
    public static boolean write(Path fifo, byte[] message, Duration wait) throws IOException {
        if (message.length > 4096) {
            throw new IllegalArgumentException("a fifo message of more than PIPE_BUF bytes may arrive in pieces");
        }
        int fd = Libc.open(fifo.toString(), Libc.O_WRONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        if (fd == -Libc.ENXIO) {
            throw new IOException("nobody reads " + fifo);
        }
        if (fd < 0) {
            throw new IOException("cannot open " + fifo + ": errno " + -fd);
        }
        try (Fd pipe = new Fd(fd)) {
            pipe.check(f -> Libc.write(f, message, 0, message.length), "write to " + fifo);
            long deadline = System.nanoTime() + wait.toNanos();
            byte[] unread = new byte[4];
            while (true) {
                pipe.check(f -> Libc.ioctl(f, Libc.FIONREAD, unread), "ask what " + fifo + " holds");
                if ((unread[0] | unread[1] | unread[2] | unread[3]) == 0) {
                    return true;
                }
                if (System.nanoTime() - deadline > 0) {
                    return false;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
