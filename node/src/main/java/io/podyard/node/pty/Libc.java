package io.podyard.node.pty;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls a pseudo-terminal needs, through the FFM API (Java has no ptys): open, ioctl,
 * read, write, close, kill. Each returns the call's result, or minus the errno when it failed.
 */
@SuppressWarnings("restricted") // Native access is the point; the JVM runs with --enable-native-access.
final class Libc {
    static final int O_RDWR = 2;
    static final int O_NOCTTY = 0x100;
    static final int O_CLOEXEC = 0x80000;
    static final int EINTR = 4;
    static final int EIO = 5;
    static final int SIGHUP = 1;
    static final int O_PATH = 0x200000;
    static final int AF_UNIX = 1;
    static final int SOCK_SEQPACKET = 5;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SHUT_WR = 1;
    static final int SHUT_RDWR = 2;
    // x86_64 and aarch64 share these values (asm-generic ioctls).
    static final long TIOCSWINSZ = 0x5414;
    static final long FIONREAD = 0x541B;
    static final int O_WRONLY = 1;
    static final int O_NONBLOCK = 0x800;
    static final int ENXIO = 6;
    static final long TIOCGWINSZ = 0x5413;
    static final long TIOCGPTN = 0x80045430L;
    static final long TIOCSPTLCK = 0x40045431L;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle OPEN = downcall("open", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), 2);
    private static final MethodHandle IOCTL = downcall("ioctl", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS), 2);
    private static final MethodHandle READ = downcall("read", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), -1);
    private static final MethodHandle WRITE = downcall("write", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), -1);
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT), -1);
    private static final MethodHandle KILL = downcall("kill", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), -1);

    private static final MethodHandle SOCKET = downcall("socket", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), -1);
    private static final MethodHandle CONNECT = downcall("connect", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), -1);
    private static final MethodHandle SHUTDOWN = downcall("shutdown", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), -1);

    private Libc() {
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, int firstVariadic) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new IllegalStateException("libc has no " + name));
        Linker.Option errno = Linker.Option.captureCallState("errno");
        return firstVariadic < 0 ? LINKER.downcallHandle(symbol, descriptor, errno)
                : LINKER.downcallHandle(symbol, descriptor, errno, Linker.Option.firstVariadicArg(firstVariadic));
    }

    static int open(String path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            int fd = (int) OPEN.invokeExact(capture, arena.allocateFrom(path), flags, 0);
            return fd >= 0 ? fd : -(int) ERRNO.get(capture, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("open(2) call failed", t);
        }
    }

    /** ioctl(fd, request, arg) where arg points at {@code argument}, which the call may fill in. */
    static int ioctl(int fd, long request, byte[] argument) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            MemorySegment arg = arena.allocate(Math.max(argument.length, 8));
            MemorySegment.copy(argument, 0, arg, ValueLayout.JAVA_BYTE, 0, argument.length);
            int rc = (int) IOCTL.invokeExact(capture, fd, request, arg);
            if (rc < 0) {
                return -(int) ERRNO.get(capture, 0L);
            }
            MemorySegment.copy(arg, ValueLayout.JAVA_BYTE, 0, argument, 0, argument.length);
            return rc;
        } catch (Throwable t) {
            throw new IllegalStateException("ioctl(2) call failed", t);
        }
    }

    /** Reads into {@code buffer}, retrying when a signal interrupted the call. */
    static int read(int fd, byte[] buffer, int offset, int length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            MemorySegment native_ = arena.allocate(Math.max(length, 1));
            while (true) {
                long n = (long) READ.invokeExact(capture, fd, native_, (long) length);
                if (n >= 0) {
                    MemorySegment.copy(native_, ValueLayout.JAVA_BYTE, 0, buffer, offset, (int) n);
                    return (int) n;
                }
                int errno = (int) ERRNO.get(capture, 0L);
                if (errno != EINTR) {
                    return -errno;
                }
            }
        } catch (Throwable t) {
            throw new IllegalStateException("read(2) call failed", t);
        }
    }

    /** Writes all of it, or returns minus the errno of the write that failed. */
    static int write(int fd, byte[] data, int offset, int length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            MemorySegment native_ = arena.allocate(Math.max(length, 1));
            MemorySegment.copy(data, offset, native_, ValueLayout.JAVA_BYTE, 0, length);
            long done = 0;
            while (done < length) {
                long n = (long) WRITE.invokeExact(capture, fd, native_.asSlice(done), length - done);
                if (n < 0) {
                    int errno = (int) ERRNO.get(capture, 0L);
                    if (errno != EINTR) {
                        return -errno;
                    }
                } else {
                    done += n;
                }
            }
            return length;
        } catch (Throwable t) {
            throw new IllegalStateException("write(2) call failed", t);
        }
    }

    static int close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            int rc = (int) CLOSE.invokeExact(capture, fd);
            return rc == 0 ? 0 : -(int) ERRNO.get(capture, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("close(2) call failed", t);
        }
    }

    static int kill(long pid, int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            int rc = (int) KILL.invokeExact(capture, Math.toIntExact(pid), signal);
            return rc == 0 ? 0 : -(int) ERRNO.get(capture, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("kill(2) call failed", t);
        }
    }

    static int socket(int domain, int type) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            int fd = (int) SOCKET.invokeExact(capture, domain, type, 0);
            return fd >= 0 ? fd : -(int) ERRNO.get(capture, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("socket(2) call failed", t);
        }
    }

    /** connect(2) to the address {@code sockaddr} holds, retried when a signal interrupted it. */
    static int connect(int fd, byte[] sockaddr) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            MemorySegment address = arena.allocateFrom(ValueLayout.JAVA_BYTE, sockaddr);
            while (true) {
                int rc = (int) CONNECT.invokeExact(capture, fd, address, sockaddr.length);
                if (rc == 0) {
                    return 0;
                }
                int errno = (int) ERRNO.get(capture, 0L);
                if (errno != EINTR) {
                    return -errno;
                }
            }
        } catch (Throwable t) {
            throw new IllegalStateException("connect(2) call failed", t);
        }
    }

    static int shutdown(int fd, int how) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            int rc = (int) SHUTDOWN.invokeExact(capture, fd, how);
            return rc == 0 ? 0 : -(int) ERRNO.get(capture, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("shutdown(2) call failed", t);
        }
    }
}
