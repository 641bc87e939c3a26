package io.podyard.apiserver.streams;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.core.streams.ReadStream;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Opens a stream (an upgraded connection, a WebSocket, a response body) from a virtual thread without
 * losing what arrives first. Vert.x streams flow at once and drop data that comes before they have a
 * handler; pausing one from the calling thread races with the event loop reading the first bytes
 * (kubectl 1.20 sends its SPDY streams the moment it reads the 101). So the stream is opened on an
 * event loop and paused there, in the same task that completes it.
 */
public final class PausedStreams {
    private PausedStreams() {
    }

    /** The stream {@code open} gives, paused; the caller sets its handlers and resumes it. */
    public static <T extends ReadStream<?>> CompletableFuture<T> open(Context context, Supplier<Future<T>> open) {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                open.get().onComplete(stream -> {
                    stream.pause();
                    result.complete(stream);
                }, result::completeExceptionally);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** The request's connection upgraded by {@code upgrade} on its own event loop, paused. */
    public static <T extends ReadStream<?>> CompletableFuture<T> upgrade(HttpServerRequest request,
                                                                         Supplier<Future<T>> upgrade) {
        if (request instanceof HttpServerRequestInternal internal) {
            return open(internal.context(), upgrade);
        }
        return upgrade.get().onSuccess(ReadStream::pause).toCompletionStage().toCompletableFuture();
    }
}
