package io.podyard.apiserver.http;

import io.podyard.api.resource.ResourceType;
import io.podyard.apiserver.rest.ApiException;
import io.podyard.apiserver.rest.Json;
import io.podyard.apiserver.watch.WatchCache;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import tools.jackson.databind.node.ObjectNode;

/**
 * One {@code ?watch=true} stream: watch events, written as they come, over either transport.
 * A client that stops reading is cut off rather than letting its backlog grow without bound.
 */
final class WatchStream implements WatchCache.Sink {
    private final ResourceType type;
    private final WatchTransport transport;
    private final boolean bookmarks;
    private final UnaryOperator<ObjectNode> asTable;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile AutoCloseable subscription;

    WatchStream(ResourceType type, WatchTransport transport, boolean bookmarks, UnaryOperator<ObjectNode> asTable) {
        this.type = type;
        this.transport = transport;
        this.bookmarks = bookmarks;
        this.asTable = asTable;
        transport.onClose(this::stop);
    }

    void attach(AutoCloseable subscription) {
        this.subscription = subscription;
        if (ended.get()) {
            closeQuietly(subscription);
        }
    }

    @Override
    public void event(WatchCache.Event event) {
        if (asTable == null) {
            write(event.line()); // encoded once for all watchers of the event
            return;
        }
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("type", event.type());
        line.set("object", asTable.apply(event.object()));
        write(line);
    }

    @Override
    public void bookmark(long revision) {
        if (!bookmarks) {
            return;
        }
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("type", "BOOKMARK");
        ObjectNode object = line.putObject("object");
        object.put("kind", type.kind());
        object.put("apiVersion", type.apiVersion());
        object.putObject("metadata").put("resourceVersion", String.valueOf(revision));
        write(line);
    }

    @Override
    public void closed(ApiException error) {
        if (error != null) {
            ObjectNode line = Json.MAPPER.createObjectNode();
            line.put("type", "ERROR");
            line.set("object", Json.MAPPER.valueToTree(error.toStatus()));
            write(line);
        }
        end();
    }

    /** Ends the stream from the server's side (timeout, shutdown). */
    void end() {
        if (ended.compareAndSet(false, true)) {
            closeQuietly(subscription);
            transport.end();
        }
    }

    private void write(ObjectNode line) {
        write(Json.bytes(line));
    }

    private void write(byte[] line) {
        if (ended.get()) {
            return;
        }
        if (transport.backedUp()) {
            // The client is not reading: end it; it will resume from its last resourceVersion.
            end();
            return;
        }
        transport.send(line);
    }

    private void stop() {
        if (ended.compareAndSet(false, true)) {
            closeQuietly(subscription);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // the subscription is gone either way
            }
        }
    }
}
