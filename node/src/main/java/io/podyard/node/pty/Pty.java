package io.podyard.node.pty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A pseudo-terminal pair from /dev/ptmx: this side holds the master, a child process gets the
 * slave ({@link #slave()}) as its stdin, stdout and stderr. Reads block (use a platform thread,
 * a native call pins a virtual one) and end when every holder of the slave has closed it.
 * {@link #close()} closes the master; a blocked read keeps it until the slave side hangs up.
 */
public final class Pty implements AutoCloseable {
    private final Fd master;
    private final Path slave;

    private Pty(Fd master, Path slave) {
        this.master = master;
        this.slave = slave;
    }

    /** Opens a new pair, unlocked, of the given size. */
    public static Pty open(Winsize size) throws IOException {
        int fd = Libc.open("/dev/ptmx", Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC);
        if (fd < 0) {
            throw new IOException("cannot open /dev/ptmx: errno " + -fd);
        }
        Fd master = new Fd(fd);
        try {
            master.check(f -> Libc.ioctl(f, Libc.TIOCSPTLCK, new byte[4]), "unlock the terminal");
            byte[] number = new byte[4];
            master.check(f -> Libc.ioctl(f, Libc.TIOCGPTN, number), "name the terminal");
            int n = (number[0] & 0xff) | (number[1] & 0xff) << 8 | (number[2] & 0xff) << 16 | (number[3] & 0xff) << 24;
            Pty pty = new Pty(master, Path.of("/dev/pts/" + n));
            pty.resize(size);
            return pty;
        } catch (IOException | RuntimeException e) {
            master.close();
            throw e;
        }
    }

    /** The slave's path, for the child's stdio. */
    public Path slave() {
        return slave;
    }

    /** Sets the terminal's size; the kernel sends SIGWINCH to the terminal's foreground process group. */
    public void resize(Winsize size) throws IOException {
        master.check(f -> Libc.ioctl(f, Libc.TIOCSWINSZ, size.encode()), "resize the terminal");
    }

    public Winsize size() throws IOException {
        byte[] bytes = new byte[Winsize.BYTES];
        master.check(f -> Libc.ioctl(f, Libc.TIOCGWINSZ, bytes), "read the terminal's size");
        return Winsize.decode(bytes);
    }

    /** What the child writes; ends (-1) once no process holds the slave any more, or the master closed. */
    public InputStream input() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (length == 0) {
                    return 0;
                }
                int n = master.call(f -> Libc.read(f, buffer, offset, length));
                if (n == 0 || n == -Libc.EIO || master.closed()) {
                    return -1; // EIO: the slave side hung up
                }
                if (n < 0) {
                    throw new IOException("cannot read the terminal: errno " + -n);
                }
                return n;
            }
        };
    }

    /** What the child reads, as typed on a keyboard; closing the stream leaves the terminal open. */
    public OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] data, int offset, int length) throws IOException {
                master.check(f -> Libc.write(f, data, offset, length), "write to the terminal");
            }
        };
    }

    /** Sends SIGHUP to a process, as a terminal that goes away would (an interactive shell ignores SIGTERM). */
    public static void hangUp(ProcessHandle process) {
        if (process.isAlive()) {
            Libc.kill(process.pid(), Libc.SIGHUP);
        }
    }

    /** Closes the master (once every read and write in flight returned). */
    @Override
    public void close() {
        master.close();
    }
}
