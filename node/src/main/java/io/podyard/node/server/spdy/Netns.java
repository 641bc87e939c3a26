package io.podyard.node.server.spdy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Connects to 127.0.0.1:PORT inside a pod's network namespace, as kubelet's port-forward does: a
 * platform thread of its own enters the namespace (setns(2) changes the calling thread only),
 * connects, and ends; the socket stays in the namespace and is used from any thread.
 */
@SuppressWarnings("restricted") // Native access is the point; the JVM runs with --enable-native-access.
final class Netns {
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle OPEN = LINKER.downcallHandle(LINKER.defaultLookup().find("open").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle SETNS = LINKER.downcallHandle(LINKER.defaultLookup().find("setns").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LINKER.defaultLookup().find("close").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private Netns() {
    }

    static Socket connectLocal(Path netns, int port, int timeoutMillis) throws IOException {
        CompletableFuture<Socket> connected = new CompletableFuture<>();
        Thread.ofPlatform().name("netns-connect").daemon().start(() -> {
            try {
                enter(netns);
                Socket socket = new Socket();
                try {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
                } catch (IOException e) {
                    socket.close();
                    throw e;
                }
                connected.complete(socket);
            } catch (Throwable e) {
                connected.completeExceptionally(e);
            }
        });
        try {
            return connected.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private static void enter(Path netns) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            int fd = (int) OPEN.invokeExact(capture, arena.allocateFrom(netns.toString()), O_RDONLY | O_CLOEXEC, 0);
            if (fd < 0) {
                throw new IOException("cannot open " + netns + ": errno " + (int) ERRNO.get(capture, 0L));
            }
            try {
                if ((int) SETNS.invokeExact(capture, fd, CLONE_NEWNET) != 0) {
                    throw new IOException("cannot enter " + netns + ": errno " + (int) ERRNO.get(capture, 0L));
                }
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
        }
    }
}
