package io.podyard.apiserver.watch;

import io.podyard.api.resource.ResourceType;
import io.podyard.apiserver.rest.ApiException;
import io.podyard.apiserver.rest.Json;
import io.podyard.apiserver.storage.ObjectKeys;
import io.podyard.store.CompactedException;
import io.podyard.store.KeyValue;
import io.podyard.store.KeyValueStore;
import io.podyard.store.StoreClosedException;
import io.podyard.store.StoreException;
import io.podyard.store.Watch;
import io.podyard.store.WatchEvent;
import io.podyard.store.WatchListener;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * All watches of one resource type, fed by a single store watch: a thousand kubectl -w sessions
 * cost the store one watch. Recent events stay in a bounded ring, so a client resuming from a
 * recent resourceVersion is served from memory; one resuming from further back gets a store watch
 * of its own, which answers 410 Gone if that history was compacted.
 */
public final class WatchCache implements WatchListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WatchCache.class);

    /**
     * A change as Kubernetes' watch API names it. The object, and the one before a MODIFIED (so a
     * filtered watcher can tell an object that left its selection, sent as DELETED, from one that
     * entered it, sent as ADDED), are decoded from the store's bytes when a watcher first asks:
     * changes nobody watches (node leases, mostly) cost no JSON at all.
     */
    public static final class Event {
        private final String type;
        private final Decoded object;
        private final Decoded previous;
        private final long revision;
        /** The watch line, encoded once and shared by every watcher that gets this event as is. */
        private volatile byte[] line;

        public Event(String type, ObjectNode object, ObjectNode previous, long revision) {
            this(type, new Decoded(object), previous == null ? null : new Decoded(previous), revision);
        }

        private Event(String type, Decoded object, Decoded previous, long revision) {
            this.type = type;
            this.object = object;
            this.previous = previous;
            this.revision = revision;
        }

        public String type() {
            return type;
        }

        public ObjectNode object() {
            return object.get();
        }

        public ObjectNode previous() {
            return previous == null ? null : previous.get();
        }

        public long revision() {
            return revision;
        }

        Event as(String newType) {
            return new Event(newType, object, previous, revision);
        }

        /** {@code {"type":…,"object":…}} as JSON bytes; computed by the first watcher that needs it. */
        public byte[] line() {
            byte[] encoded = line;
            if (encoded == null) {
                ObjectNode watchEvent = Json.MAPPER.createObjectNode();
                watchEvent.put("type", type);
                watchEvent.set("object", object());
                encoded = Json.bytes(watchEvent);
                line = encoded;
            }
            return encoded;
        }
    }

    /** Where a watcher's stream goes. Calls come one at a time, in revision order. */
    public interface Sink {
        void event(Event event);

        void bookmark(long revision);

        /** The stream ended on the server's side; {@code error} is null for a clean end. */
        void closed(ApiException error);
    }

    private final ResourceType type;
    private final KeyValueStore store;
    private final int capacity;
    private final Object lock = new Object();
    private final ArrayDeque<Event> ring = new ArrayDeque<>(); // guarded by lock
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private long oldest; // guarded: the ring holds every event after this revision
    private long latest; // guarded: everything up to here has been seen
    private Watch storeWatch;

    public WatchCache(ResourceType type, KeyValueStore store, int capacity) {
        this.type = type;
        this.store = store;
        this.capacity = capacity;
    }

    public void start() {
        long now = store.currentRevision();
        synchronized (lock) {
            oldest = now;
            latest = now;
        }
        storeWatch = store.watch(ObjectKeys.collection(store.keyPrefix(), type, null), now, this);
    }

    /**
     * Streams events after {@code fromRevision} that pass {@code filter} to {@code sink}.
     * Close the returned handle when the client goes away.
     */
    public AutoCloseable subscribe(long fromRevision, Predicate<ObjectNode> filter, Sink sink) {
        Subscriber s = new Subscriber(filter, sink);
        synchronized (lock) {
            if (fromRevision >= oldest) {
                s.sent = fromRevision;
                for (Event e : ring) {
                    s.offer(e);
                }
                subscribers.add(s);
                return () -> subscribers.remove(s);
            }
        }
        return direct(fromRevision, s);
    }

    /** A watcher from further back than the ring reaches: its own store watch. */
    private AutoCloseable direct(long fromRevision, Subscriber s) {
        s.sent = fromRevision;
        Watch w = store.watch(ObjectKeys.collection(store.keyPrefix(), type, null), fromRevision, new WatchListener() {
            @Override
            public void onEvent(WatchEvent event) {
                s.offer(convert(event));
            }

            @Override
            public void onProgress(long revision) {
                s.sink.bookmark(revision);
            }

            @Override
            public void onClosed(StoreException cause) {
                if (cause != null) {
                    s.sink.closed(translate(cause));
                }
            }
        });
        return w::close;
    }

    @Override
    public void onEvent(WatchEvent event) {
        Event e = convert(event);
        synchronized (lock) {
            ring.addLast(e);
            if (ring.size() > capacity) {
                oldest = ring.removeFirst().revision();
            }
            latest = e.revision();
            for (Subscriber s : subscribers) {
                s.offer(e);
            }
        }
    }

    @Override
    public void onProgress(long revision) {
        synchronized (lock) {
            latest = Math.max(latest, revision);
            for (Subscriber s : subscribers) {
                s.sink.bookmark(latest);
            }
        }
    }

    @Override
    public void onClosed(StoreException cause) {
        if (cause instanceof StoreClosedException || cause == null) {
            return;
        }
        // Watchers must re-list: they cannot know what they missed. Restart from now for new ones.
        log.warn("store watch for {} ended; restarting", type.qualifiedName(), cause);
        for (Subscriber s : subscribers) {
            s.sink.closed(ApiException.gone("the watch cache for " + type.qualifiedName() + " restarted"));
        }
        subscribers.clear();
        synchronized (lock) {
            ring.clear();
        }
        start();
    }

    private Event convert(WatchEvent event) {
        return switch (event) {
            case WatchEvent.Put put -> put.isCreate()
                    ? new Event("ADDED", new Decoded(put.current(), put.revision()), null, put.revision())
                    : new Event("MODIFIED", new Decoded(put.current(), put.revision()),
                            new Decoded(put.previous(), put.previous().modRevision()), put.revision());
            case WatchEvent.Delete delete -> new Event("DELETED", new Decoded(delete.previous(), delete.revision()),
                    null, delete.revision());
        };
    }

    /**
     * A stored object, decoded once on first use, with its resourceVersion; a deleted object carries
     * the deletion's revision, as in Kubernetes.
     */
    private static final class Decoded {
        private KeyValue stored; // null once decoded
        private final long revision;
        private volatile ObjectNode object;

        Decoded(KeyValue stored, long revision) {
            this.stored = stored;
            this.revision = revision;
        }

        Decoded(ObjectNode object) {
            this.revision = 0;
            this.object = object;
        }

        ObjectNode get() {
            ObjectNode decoded = object;
            if (decoded == null) {
                synchronized (this) {
                    decoded = object;
                    if (decoded == null) {
                        decoded = Json.readStored(stored.value());
                        Json.child(decoded, "metadata").put("resourceVersion", String.valueOf(revision));
                        object = decoded;
                        stored = null;
                    }
                }
            }
            return decoded;
        }
    }

    static ApiException translate(StoreException cause) {
        if (cause instanceof CompactedException) {
            return ApiException.expired("too old resource version: " + cause.getMessage());
        }
        return ApiException.unavailable("watch ended: " + cause.getMessage());
    }

    @Override
    public void close() {
        if (storeWatch != null) {
            storeWatch.close();
        }
    }

    private static final class Subscriber {
        final Predicate<ObjectNode> filter;
        final Sink sink;
        long sent;

        Subscriber(Predicate<ObjectNode> filter, Sink sink) {
            this.filter = filter;
            this.sink = sink;
        }

        void offer(Event e) {
            if (e.revision() <= sent) {
                return;
            }
            sent = e.revision();
            boolean now = filter.test(e.object());
            if (!e.type().equals("MODIFIED")) {
                if (now) {
                    sink.event(e);
                }
                return;
            }
            boolean before = e.previous() != null && filter.test(e.previous());
            if (now) {
                sink.event(before ? e : e.as("ADDED"));
            } else if (before) {
                sink.event(e.as("DELETED"));
            }
        }
    }
}
