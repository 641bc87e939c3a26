package io.podyard.store.sqlite;

import io.podyard.store.StoreException;
import io.podyard.store.Watch;
import io.podyard.store.WatchEvent;
import io.podyard.store.WatchListener;
import io.podyard.store.internal.WatchChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fans committed changes out to watchers, in process and in revision order: the writer publishes
 * each batch after its commit, so watchers never poll. A watcher that starts in the past first
 * replays the log from the database while newer events wait in its backlog.
 */
final class WatchHub implements AutoCloseable {

    /** Reads the log: changes under a prefix with revisions in (after, upTo], oldest first. */
    @FunctionalInterface
    interface History {
        List<WatchEvent> read(String prefix, long after, long upTo, int limit);
    }

    private static final int HISTORY_PAGE = 1000;

    private final Object lock = new Object();
    // Copy-on-write: a channel that overflows while the writer publishes removes itself mid-loop.
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final History history;
    private final int queueLimit;
    private final Thread ticker;
    private long published; // guarded by lock: the newest revision handed to subscribers

    WatchHub(long revision, History history, int queueLimit, Duration progressInterval) {
        this.published = revision;
        this.history = history;
        this.queueLimit = queueLimit;
        this.ticker = Thread.ofVirtual().name("watch-progress").start(() -> tick(progressInterval));
    }

    /** Called by the writer after a commit, with the batch's events in revision order. */
    void publish(List<WatchEvent> events) {
        synchronized (lock) {
            for (Subscriber s : subscribers) {
                for (WatchEvent e : events) {
                    s.offer(e);
                }
            }
            published = events.getLast().revision();
        }
    }

    Watch subscribe(String prefix, long fromRevision, WatchListener listener) {
        Subscriber s = new Subscriber(prefix, listener);
        long upTo;
        synchronized (lock) {
            upTo = published;
            s.delivered = fromRevision == 0 ? published : fromRevision;
            s.catchingUp = s.delivered < upTo;
            subscribers.add(s);
        }
        if (s.catchingUp) {
            Thread.ofVirtual().name("watch-replay " + prefix).start(() -> s.replay(upTo));
        }
        return s;
    }

    @Override
    public void close() {
        ticker.interrupt();
    }

    /** Ends every watch, e.g. because the store closes. */
    void endAll(StoreException cause) {
        for (Subscriber s : subscribers) {
            s.channel.end(cause);
        }
    }

    private void tick(Duration interval) {
        try {
            while (true) {
                Thread.sleep(interval);
                synchronized (lock) {
                    for (Subscriber s : subscribers) {
                        if (!s.catchingUp && !s.busySinceTick) {
                            s.channel.offerProgress(published);
                        }
                        s.busySinceTick = false;
                    }
                }
            }
        } catch (InterruptedException e) {
            // the store is closing
        }
    }

    private final class Subscriber implements Watch {
        final String prefix;
        final WatchChannel channel;
        // All guarded by lock.
        long delivered; // events up to here were handed to the channel (or are before the watch)
        boolean catchingUp;
        boolean progressRequested;
        boolean busySinceTick;
        final List<WatchEvent> backlog = new ArrayList<>();

        Subscriber(String prefix, WatchListener listener) {
            this.prefix = prefix;
            this.channel = new WatchChannel(prefix, listener, queueLimit, this::remove);
        }

        /** Under lock: a live event from the writer. */
        void offer(WatchEvent e) {
            if (!e.key().startsWith(prefix)) {
                return;
            }
            busySinceTick = true;
            if (catchingUp) {
                backlog.add(e);
                if (backlog.size() > queueLimit) {
                    channel.offer(e); // over the limit: let the channel close the watch as too slow
                }
            } else if (e.revision() > delivered) {
                channel.offer(e);
                delivered = e.revision();
            }
        }

        /** Replays the log after {@code delivered} up to {@code upTo}, then switches to live events. */
        void replay(long upTo) {
            long after;
            synchronized (lock) {
                after = delivered;
            }
            try {
                while (after < upTo && !channel.isEnded()) {
                    List<WatchEvent> page = history.read(prefix, after, upTo, HISTORY_PAGE);
                    for (WatchEvent e : page) {
                        channel.offer(e);
                    }
                    after = page.size() < HISTORY_PAGE ? upTo : page.getLast().revision();
                }
            } catch (StoreException e) {
                channel.end(e);
                return;
            }
            synchronized (lock) {
                delivered = upTo;
                catchingUp = false;
                for (WatchEvent e : backlog) {
                    if (e.revision() > delivered) {
                        channel.offer(e);
                        delivered = e.revision();
                    }
                }
                backlog.clear();
                if (progressRequested) {
                    channel.offerProgress(published);
                }
            }
        }

        @Override
        public void requestProgress() {
            synchronized (lock) {
                if (catchingUp) {
                    progressRequested = true;
                } else {
                    channel.offerProgress(Math.max(published, delivered));
                }
            }
        }

        @Override
        public void close() {
            channel.end(null);
        }

        private void remove() {
            subscribers.remove(this);
        }
    }
}
