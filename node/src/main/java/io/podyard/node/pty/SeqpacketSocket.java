package io.podyard.node.pty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A client of a SOCK_SEQPACKET unix socket (Java's own unix sockets are stream-only): each send is
 * one message and each receive returns one. Receives block: call them from a platform thread.
 * {@link #close()} shuts the socket down first, which releases a blocked receive.
 */
public final class SeqpacketSocket implements AutoCloseable {
    /** sun_path's size in struct sockaddr_un, its terminating NUL included. */
    static final int PATH_MAX = 108;

    private final Fd socket;

    private SeqpacketSocket(Fd socket) {
        this.socket = socket;
    }

    /**
     * Connects to the socket {@code name} in {@code dir}. The address goes through
     * /proc/self/fd/N/NAME with N the directory, as conmon binds it, so a deep directory does not
     * run into sun_path's 108 bytes.
     */
    public static SeqpacketSocket connect(Path dir, String name) throws IOException {
        int dirFd = Libc.open(dir.toString(), Libc.O_PATH | Libc.O_CLOEXEC);
        if (dirFd < 0) {
            throw new IOException("cannot open " + dir + ": errno " + -dirFd);
        }
        try {
            int fd = Libc.socket(Libc.AF_UNIX, Libc.SOCK_SEQPACKET | Libc.SOCK_CLOEXEC);
            if (fd < 0) {
                throw new IOException("cannot make a socket: errno " + -fd);
            }
            Fd socket = new Fd(fd);
            byte[] address = sockaddr("/proc/self/fd/" + dirFd + "/" + name);
            int rc = socket.call(f -> Libc.connect(f, address));
            if (rc < 0) {
                socket.close();
                throw new IOException("cannot connect to " + dir.resolve(name) + ": errno " + -rc);
            }
            return new SeqpacketSocket(socket);
        } finally {
            Libc.close(dirFd);
        }
    }

    /** struct sockaddr_un for a path: the family (AF_UNIX, native order), then the path, NUL-ended. Pure. */
    static byte[] sockaddr(String path) {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length >= PATH_MAX || name.length == 0 || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a unix socket path is 1 to " + (PATH_MAX - 1)
                    + " bytes without NUL: " + path);
        }
        byte[] address = new byte[2 + PATH_MAX];
        address[0] = (byte) Libc.AF_UNIX;
        System.arraycopy(name, 0, address, 2, name.length);
        return address;
    }

    /** Receives one message into {@code buffer} (a longer one is cut); its length, or -1 at the end. */
    public int receive(byte[] buffer) throws IOException {
        int n = socket.call(f -> Libc.read(f, buffer, 0, buffer.length));
        if (n == 0 || socket.closed()) {
            return -1;
        }
        if (n < 0) {
            throw new IOException("cannot receive: errno " + -n);
        }
        return n;
    }

    /** Sends {@code length} bytes as one message. */
    public void send(byte[] data, int offset, int length) throws IOException {
        socket.check(f -> Libc.write(f, data, offset, length), "send");
    }

    /** Tells the peer nothing more will be sent; receiving goes on. */
    public void shutdownOutput() throws IOException {
        socket.check(f -> Libc.shutdown(f, Libc.SHUT_WR), "shut the socket down");
    }

    @Override
    public void close() {
        socket.call(f -> Libc.shutdown(f, Libc.SHUT_RDWR));
        socket.close();
    }
}
