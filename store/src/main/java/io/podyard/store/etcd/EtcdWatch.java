package io.podyard.store.etcd;

import io.etcd.jetcd.Watch.Watcher;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import io.podyard.store.KeyValue;
import io.podyard.store.StoreException;
import io.podyard.store.StoreUnavailableException;
import io.podyard.store.Watch;
import io.podyard.store.WatchEvent;
import io.podyard.store.WatchListener;
import io.podyard.store.internal.WatchChannel;
import java.util.function.Consumer;

/**
 * One etcd watch feeding a {@link WatchChannel}. jetcd resumes a broken stream by itself from the
 * last revision it saw; only compaction, or jetcd giving up, ends the watch.
 */
final class EtcdWatch implements Watch {
    private final io.etcd.jetcd.Watch client;
    private final String prefix;
    private final long fromRevision;
    private final WatchChannel channel;
    private volatile Watcher watcher;

    EtcdWatch(io.etcd.jetcd.Watch client, String prefix, long fromRevision, WatchListener listener,
            int queueLimit, Consumer<EtcdWatch> onEnd) {
        this.client = client;
        this.prefix = prefix;
        this.fromRevision = fromRevision;
        this.channel = new WatchChannel(prefix, listener, queueLimit, () -> {
            onEnd.accept(this);
            Watcher w = watcher;
            if (w != null) {
                w.close();
            }
        });
    }

    void start() {
        WatchOption option = WatchOption.builder()
                .isPrefix(true)
                // etcd's start revision is inclusive; ours is "after fromRevision".
                .withRevision(fromRevision + 1)
                .withPrevKV(true)
                .withProgressNotify(true)
                .build();
        watcher = client.watch(EtcdStore.bytes(prefix), option, io.etcd.jetcd.Watch.listener(
                this::onResponse, this::onError, () -> end(new StoreUnavailableException("etcd ended the watch"))));
        if (channel.isEnded()) {
            watcher.close();
        }
    }

    private void onResponse(WatchResponse response) {
        if (response.isProgressNotify()
                || response.getEvents().isEmpty()) {
            channel.offerProgress(response.getHeader().getRevision());
            return;
        }
        for (io.etcd.jetcd.watch.WatchEvent e : response.getEvents()) {
            KeyValue previous = e.getPrevKV() == null || e.getPrevKV().getKey().isEmpty()
                    ? null : EtcdStore.toKeyValue(e.getPrevKV());
            io.etcd.jetcd.KeyValue kv = e.getKeyValue();
            channel.offer(switch (e.getEventType()) {
                case PUT -> new WatchEvent.Put(EtcdStore.toKeyValue(kv), previous);
                case DELETE -> new WatchEvent.Delete(kv.getKey().toString(), kv.getModRevision(), previous);
                case UNRECOGNIZED -> throw new IllegalStateException("unknown etcd event " + e);
            });
        }
    }

    private void onError(Throwable t) {
        // jetcd reports transient errors too and then reconnects; only compaction is final here.
        if (t instanceof io.etcd.jetcd.common.exception.CompactedException) {
            end(EtcdCalls.translate(t, fromRevision));
        }
    }

    void end(StoreException cause) {
        channel.end(cause);
    }

    @Override
    public void requestProgress() {
        Watcher w = watcher;
        if (w != null && !channel.isEnded()) {
            w.requestProgress();
        }
    }

    @Override
    public void close() {
        channel.end(null);
    }
}
