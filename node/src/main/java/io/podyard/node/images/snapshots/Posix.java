package io.podyard.node.images.snapshots;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The few system calls the JDK has no API for: mknod (devices, fifos, overlay whiteouts), xattrs
 * outside the {@code user.} namespace ({@code trusted.overlay.opaque}, file capabilities), and
 * syncfs. Called through the Foreign Function API; failures become IOExceptions naming the errno.
 */
@SuppressWarnings("restricted") // native access is the point of this class; the launcher enables it
final class Posix {
    static final int S_IFIFO = 0010000;
    static final int S_IFCHR = 0020000;
    static final int S_IFBLK = 0060000;
    static final int ENODATA = 61;
    static final int EPERM = 1;
    static final int ENOTSUP = 95;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final MethodHandle MKNOD = downcall("mknod", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG));
    private static final MethodHandle LSETXATTR = downcall("lsetxattr",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle LGETXATTR = downcall("lgetxattr",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
    private static final MethodHandle OPEN = downcall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CHMOD = downcall("chmod", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle UTIMENSAT = downcall("utimensat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final MethodHandle SYNCFS = downcall("syncfs", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(LINKER.defaultLookup().find("strerror").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final int O_RDONLY = 0;
    private static final int O_DIRECTORY = 0200000;
    private static final int O_CLOEXEC = 02000000;

    private Posix() {
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = CAPTURE_ERRNO;
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name)), descriptor, options);
    }

    /** glibc's makedev. */
    static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8) | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }

    /** mknod(2); {@code type} is {@link #S_IFCHR}, {@link #S_IFBLK} or {@link #S_IFIFO}. */
    static void mknod(Path path, int type, int permissions, long major, long minor) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int rc = (int) MKNOD.invokeExact(state, cString(arena, path.toString()), type | (permissions & 07777),
                    makedev(major, minor));
            check(rc, state, "mknod", path);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * chmod(2) with the whole mode (setuid, setgid, sticky included). Follows a symlink, so only for
     * paths known not to be one; unlike the JDK's, it does not open the file (opening a fifo blocks).
     */
    static void chmod(Path path, int mode) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int rc = (int) CHMOD.invokeExact(state, cString(arena, path.toString()), mode & 07777);
            check(rc, state, "chmod", path);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * utimensat(2) without following a symlink: sets access and modification time of the path
     * itself. The JDK's setTimes opens the file, which blocks on a fifo and cannot reach a symlink.
     */
    static void setTimes(Path path, java.nio.file.attribute.FileTime mtime) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            java.time.Instant t = mtime.toInstant();
            MemorySegment times = arena.allocate(JAVA_LONG, 4);
            for (int i = 0; i < 2; i++) {
                times.setAtIndex(JAVA_LONG, 2L * i, t.getEpochSecond());
                times.setAtIndex(JAVA_LONG, 2L * i + 1, t.getNano());
            }
            int rc = (int) UTIMENSAT.invokeExact(state, AT_FDCWD, cString(arena, path.toString()), times,
                    AT_SYMLINK_NOFOLLOW);
            check(rc, state, "utimensat", path);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** lsetxattr(2): sets an xattr on the path itself, never through a symlink. */
    static void lsetxattr(Path path, String name, byte[] value) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment data = arena.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, data, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, value.length);
            int rc = (int) LSETXATTR.invokeExact(state, cString(arena, path.toString()), cString(arena, name), data,
                    (long) value.length, 0);
            check(rc, state, "lsetxattr " + name, path);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** lgetxattr(2); empty when the path has no such attribute. */
    static Optional<byte[]> lgetxattr(Path path, String name) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment buffer = arena.allocate(64 * 1024);
            long n = (long) LGETXATTR.invokeExact(state, cString(arena, path.toString()), cString(arena, name), buffer,
                    buffer.byteSize());
            if (n < 0 && errno(state) == ENODATA) {
                return Optional.empty();
            }
            check((int) n, state, "lgetxattr " + name, path);
            return Optional.of(buffer.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** syncfs(2) on the filesystem holding {@code dir}: one call makes everything unpacked there durable. */
    static void syncfs(Path dir) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int fd = (int) OPEN.invokeExact(state, cString(arena, dir.toString()), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
            check(fd, state, "open", dir);
            try {
                int rc = (int) SYNCFS.invokeExact(state, fd);
                check(rc, state, "syncfs", dir);
            } finally {
                int ignored = (int) CLOSE.invokeExact(state, fd);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static MemorySegment cString(Arena arena, String s) {
        return arena.allocateFrom(s, StandardCharsets.UTF_8);
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static void check(int rc, MemorySegment state, String call, Path path) throws IOException {
        if (rc < 0) {
            int errno = errno(state);
            throw new ErrnoException(call + " " + path + ": " + strerror(errno), errno);
        }
    }

    private static String strerror(int errno) {
        try {
            MemorySegment message = (MemorySegment) STRERROR.invokeExact(errno);
            return message.reinterpret(256).getString(0, StandardCharsets.UTF_8) + " (errno " + errno + ")";
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    /** A failed system call, with its errno. */
    static final class ErrnoException extends IOException {
        private final int errno;

        ErrnoException(String message, int errno) {
            super(message);
            this.errno = errno;
        }

        int errno() {
            return errno;
        }
    }
}
