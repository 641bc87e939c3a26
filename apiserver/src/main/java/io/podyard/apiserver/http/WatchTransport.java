package io.podyard.apiserver.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * How watch events reach a client: newline-delimited JSON on a streamed HTTP response (kubectl),
 * or one text message per event on a WebSocket (fabric8 and other clients that upgrade).
 */
interface WatchTransport {
    /**
     * How many bytes a watcher may have sent to it and not yet written to its connection before it is
     * cut off (it then resumes from its last resourceVersion). Large enough for a burst of thousands of
     * events — a scheduler's informer while 10,000 pods are created — so a client that keeps reading
     * never loses its watch to a burst; small enough that a stuck client costs bounded memory.
     */
    long BACKLOG_LIMIT = 32L * 1024 * 1024;

    void send(byte[] json);

    /** True while the client is further behind than {@link #BACKLOG_LIMIT}. */
    boolean backedUp();

    void end();

    void onClose(Runnable action);

    static WatchTransport http(HttpServerResponse response) {
        response.setStatusCode(200).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-cache, private").setChunked(true);
        response.writeHead(); // as Kubernetes does: the client knows at once that the watch is open
        return new Counted(json -> response.write(Buffer.buffer(json.length + 1).appendBytes(json).appendByte((byte) '\n')),
                response::end, action -> response.closeHandler(v -> action.run()));
    }

    static WatchTransport webSocket(ServerWebSocket socket) {
        return new Counted(json -> socket.writeTextMessage(new String(json, StandardCharsets.UTF_8)),
                socket::close, action -> socket.closeHandler(v -> action.run()));
    }

    /**
     * Counts the bytes handed to the connection and not yet written. Vert.x's own writeQueueFull trips
     * at the socket buffer's 64 KiB mark, which a burst crosses even for a client that reads promptly.
     */
    final class Counted implements WatchTransport {
        private final Function<byte[], Future<Void>> write;
        private final Runnable end;
        private final java.util.function.Consumer<Runnable> onClose;
        private final AtomicLong pending = new AtomicLong();

        Counted(Function<byte[], Future<Void>> write, Runnable end, java.util.function.Consumer<Runnable> onClose) {
            this.write = write;
            this.end = end;
            this.onClose = onClose;
        }

        @Override
        public void send(byte[] json) {
            pending.addAndGet(json.length);
            write.apply(json).onComplete(done -> pending.addAndGet(-json.length));
        }

        @Override
        public boolean backedUp() {
            return pending.get() > BACKLOG_LIMIT;
        }

        @Override
        public void end() {
            end.run();
        }

        @Override
        public void onClose(Runnable action) {
            onClose.accept(action);
        }
    }
}
