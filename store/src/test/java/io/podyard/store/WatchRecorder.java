package io.podyard.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** A listener that records what a watch delivers, for assertions. */
public class WatchRecorder implements WatchListener {
    private static final Duration WAIT = Duration.ofSeconds(30);

    public final List<WatchEvent> events = new CopyOnWriteArrayList<>();
    public final List<Long> progress = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile StoreException cause;
    private volatile int closeCalls;

    @Override
    public void onEvent(WatchEvent event) {
        events.add(event);
    }

    @Override
    public void onProgress(long revision) {
        progress.add(revision);
    }

    @Override
    public void onClosed(StoreException cause) {
        this.cause = cause;
        closeCalls++;
        closed.countDown();
    }

    public List<WatchEvent> awaitEvents(int count) {
        Awaitility.await().atMost(WAIT).until(() -> events.size() >= count || closed.getCount() == 0);
        assertThat(events).as("events (closed with %s)", cause).hasSizeGreaterThanOrEqualTo(count);
        return new ArrayList<>(events);
    }

    public StoreException awaitClosed() {
        try {
            assertThat(closed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("watch closed").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return cause;
    }

    public int closeCalls() {
        return closeCalls;
    }

    public List<Long> revisions() {
        return events.stream().map(WatchEvent::revision).toList();
    }
}
