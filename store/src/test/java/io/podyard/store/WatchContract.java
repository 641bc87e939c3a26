package io.podyard.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Store contract, part: Watches: order, previous values, resume from a revision, prefixes, bookmarks, slow watchers. */
public interface WatchContract extends StoreFixture {

    @Test
    default void watchDeliversEveryChangeInRevisionOrderWithPreviousValues() throws Exception {
        WatchRecorder recorder = new WatchRecorder();
        try (Watch ignored = store().watch(prefix(), 0, recorder)) {
            int writers = 8;
            int perWriter = 30;
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < writers; w++) {
                    int id = w;
                    pool.submit(() -> {
                        long rev = store().create(key("w" + id), bytes("0")).revision();
                        for (int i = 1; i < perWriter - 1; i++) {
                            rev = store().update(key("w" + id), rev, bytes(String.valueOf(i))).revision();
                        }
                        store().delete(key("w" + id), rev).revision();
                        return null;
                    });
                }
            }
            List<WatchEvent> events = recorder.awaitEvents(writers * perWriter);
            assertThat(events).hasSize(writers * perWriter);
            assertThat(recorder.revisions()).isSorted().doesNotHaveDuplicates();

            Map<String, KeyValue> last = new HashMap<>();
            for (WatchEvent e : events) {
                switch (e) {
                    case WatchEvent.Put put -> {
                        assertThat(put.previous()).isEqualTo(last.get(put.key()));
                        assertThat(put.isCreate()).isEqualTo(put.previous() == null);
                        last.put(put.key(), put.current());
                    }
                    case WatchEvent.Delete delete -> {
                        assertThat(delete.previous()).isNotNull().isEqualTo(last.remove(delete.key()));
                        assertThat(text(delete.previous())).isEqualTo(String.valueOf(perWriter - 2));
                    }
                }
            }
            assertThat(last).isEmpty();
        }
        assertThat(recorder.awaitClosed()).as("closed by its owner").isNull();
    }

    @Test
    default void aWatchFromNowSeesAWriteMadeTheMomentItReturns() {
        for (int i = 0; i < 30; i++) {
            WatchRecorder recorder = new WatchRecorder();
            try (Watch ignored = store().watch(prefix(), 0, recorder)) {
                long rev = store().create(key("k" + i), bytes("v")).revision();
                assertThat(recorder.awaitEvents(1)).as("watch %d", i).extracting(WatchEvent::revision).contains(rev);
            }
        }
    }

    @Test
    default void watchResumesAfterAPastRevisionThenFollowsLiveChanges() {
        List<Long> revs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            revs.add(store().create(key("k" + i), bytes("v")).revision());
        }
        WatchRecorder recorder = new WatchRecorder();
        try (Watch ignored = store().watch(prefix(), revs.get(4), recorder)) {
            List<WatchEvent> replayed = recorder.awaitEvents(5);
            assertThat(replayed).extracting(WatchEvent::revision).containsExactlyElementsOf(revs.subList(5, 10));

            long live = store().create(key("live"), bytes("v")).revision();
            assertThat(recorder.awaitEvents(6).get(5).revision()).isEqualTo(live);
        }
    }

    @Test
    default void watchSeesOnlyItsPrefix() {
        WatchRecorder recorder = new WatchRecorder();
        try (Watch ignored = store().watch(key("pods/"), 0, recorder)) {
            store().create(key("nodes/n1"), bytes("x"));
            store().create(key("podsx"), bytes("x"));
            long rev = store().create(key("pods/p1"), bytes("x")).revision();
            assertThat(recorder.awaitEvents(1)).extracting(WatchEvent::revision).containsExactly(rev);
            store().create(key("pods/p2"), bytes("x"));
            assertThat(recorder.awaitEvents(2)).extracting(WatchEvent::key)
                    .containsExactly(key("pods/p1"), key("pods/p2"));
        }
    }

    @Test
    default void watchSendsProgressBookmarks() {
        WatchRecorder recorder = new WatchRecorder();
        try (Watch watch = store().watch(prefix(), 0, recorder)) {
            long rev = store().create(key("a"), bytes("x")).revision();
            recorder.awaitEvents(1);
            watch.requestProgress();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> recorder.progress.stream().anyMatch(p -> p >= rev));
        }
    }

    @Test
    default void aWatchStartedInThePastDuringAWriteStormMissesNothing() throws Exception {
        long start = store().create(key("start"), bytes("x")).revision();
        int writers = 16;
        int perWriter = 100;
        WatchRecorder recorder = new WatchRecorder();
        Watch watch = null;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            AtomicInteger acked = new AtomicInteger();
            for (int w = 0; w < writers; w++) {
                int id = w;
                pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        store().create(key("w" + id + "-" + i), bytes("v")).revision();
                        acked.incrementAndGet();
                    }
                    return null;
                });
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> acked.get() >= writers * perWriter / 4);
            watch = store().watch(prefix(), start, recorder); // replays the past while new writes land
        }
        try (Watch ignored = watch) {
            List<WatchEvent> events = recorder.awaitEvents(writers * perWriter);
            assertThat(events).hasSize(writers * perWriter);
            assertThat(recorder.revisions()).isSorted().doesNotHaveDuplicates().allMatch(r -> r > start);
        }
    }

    @Test
    default void aWatcherThatFallsTooFarBehindIsClosed() throws Exception {
        reopen(options().withWatchQueueLimit(10));
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        WatchRecorder recorder = new WatchRecorder() {
            @Override
            public void onEvent(WatchEvent event) {
                super.onEvent(event);
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        store().watch(prefix(), 0, recorder);
        for (int i = 0; i < 50; i++) {
            store().create(key("k" + i), bytes("v"));
        }
        release.countDown();
        assertThat(recorder.awaitClosed()).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("fell behind");
        assertThat(recorder.closeCalls()).isEqualTo(1);
        assertThat(store().count(prefix())).as("the store() itself is unaffected").isEqualTo(50);
    }

    @Test
    default void anIdleWatchGetsBookmarksWithoutAsking() {
        long rev = store().create(key("a"), bytes("x")).revision();
        WatchRecorder recorder = new WatchRecorder();
        try (Watch ignored = store().watch(prefix(), rev, recorder)) {
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> recorder.progress.stream().filter(p -> p >= rev).count() >= 2);
            assertThat(recorder.events).isEmpty();
        }
    }
}
