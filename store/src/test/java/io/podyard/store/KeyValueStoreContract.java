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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The behaviour every {@link KeyValueStore} implementation must have. Subclasses say how to open
 * and reopen a store; each test gets a store with a key prefix of its own.
 */
public abstract class KeyValueStoreContract {
    private static final AtomicInteger TEST_IDS = new AtomicInteger();

    protected StoreOptions options;
    protected KeyValueStore store;
    protected String prefix;

    /** Opens a store with {@code options} over this test's data (the same data on every call). */
    protected abstract KeyValueStore open(StoreOptions options);

    @BeforeEach
    void openStore(TestInfo test) {
        prefix = "/t" + TEST_IDS.incrementAndGet() + "-" + test.getTestMethod().orElseThrow().getName() + "/";
        options = StoreOptions.defaults().withKeyPrefix(prefix).withProgressInterval(Duration.ofMillis(200));
        store = open(options);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected KeyValueStore reopen() {
        store.close();
        store = open(options);
        return store;
    }

    protected String key(String name) {
        return prefix + name;
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    protected static String text(KeyValue kv) {
        return new String(kv.value(), UTF_8);
    }

    // ---- create, get, update, delete

    @Test
    void createGetUpdateDeleteTrackRevisionsAndVersions() {
        long created = store.create(key("a"), bytes("one")).revision();
        assertThat(store.get(key("a"))).contains(new KeyValue(key("a"), bytes("one"), created, created, 1));

        long updated = store.update(key("a"), created, bytes("two")).revision();
        assertThat(updated).isGreaterThan(created);
        assertThat(store.get(key("a"))).contains(new KeyValue(key("a"), bytes("two"), created, updated, 2));

        long deleted = store.delete(key("a"), updated).revision();
        assertThat(deleted).isGreaterThan(updated);
        assertThat(store.get(key("a"))).isEmpty();
        assertThat(store.currentRevision()).isEqualTo(deleted);

        long recreated = store.create(key("a"), bytes("three")).revision();
        assertThat(store.get(key("a")))
                .as("a recreated key starts over: new create revision, version 1")
                .contains(new KeyValue(key("a"), bytes("three"), recreated, recreated, 1));
    }

    @Test
    void createOfAnExistingKeyConflictsWithTheCurrentValue() {
        long rev = store.create(key("a"), bytes("first")).revision();
        WriteResult second = store.create(key("a"), bytes("second"));
        assertThat(second).isEqualTo(new WriteResult.Conflict(
                Optional.of(new KeyValue(key("a"), bytes("first"), rev, rev, 1))));
        assertThat(store.currentRevision()).as("a refused write uses no revision").isEqualTo(rev);
    }

    @Test
    void staleOrMissingPreconditionsConflictAndChangeNothing() {
        long v1 = store.create(key("a"), bytes("v1")).revision();
        long v2 = store.update(key("a"), v1, bytes("v2")).revision();
        KeyValue current = store.get(key("a")).orElseThrow();

        assertThat(store.update(key("a"), v1, bytes("stale")))
                .isEqualTo(new WriteResult.Conflict(Optional.of(current)));
        assertThat(store.delete(key("a"), v1)).isEqualTo(new WriteResult.Conflict(Optional.of(current)));
        assertThat(store.update(key("missing"), v2, bytes("x"))).isEqualTo(new WriteResult.Conflict(Optional.empty()));
        assertThat(store.delete(key("missing"), v2)).isEqualTo(new WriteResult.Conflict(Optional.empty()));

        assertThat(store.get(key("a"))).contains(current);
        assertThat(store.get(key("missing"))).isEmpty();
        assertThat(store.currentRevision()).isEqualTo(v2);
    }

    @Test
    void revisionsIncreaseAcrossAllKeys() {
        long last = store.currentRevision();
        for (int i = 0; i < 20; i++) {
            long rev = store.create(key("k" + i), bytes("v")).revision();
            assertThat(rev).isGreaterThan(last);
            last = rev;
        }
        assertThat(store.currentRevision()).isEqualTo(last);
    }

    @Test
    void readsAtPastRevisionsSeeThePast() {
        long r1 = store.create(key("a"), bytes("one")).revision();
        long r2 = store.update(key("a"), r1, bytes("two")).revision();
        long r3 = store.delete(key("a"), r2).revision();
        store.create(key("b"), bytes("b"));

        assertThat(store.get(key("a"), r1).map(KeyValueStoreContract::text)).contains("one");
        assertThat(store.get(key("a"), r2).map(KeyValueStoreContract::text)).contains("two");
        assertThat(store.get(key("a"), r3)).isEmpty();
        assertThat(store.get(key("a"), r1 - 1)).as("before it was created").isEmpty();
        assertThat(store.range(prefix, 0, null, r2).items()).extracting(KeyValue::key).containsExactly(key("a"));

        long future = store.currentRevision() + 1000;
        assertThatThrownBy(() -> store.get(key("a"), future)).isInstanceOf(FutureRevisionException.class);
        assertThatThrownBy(() -> store.range(prefix, 0, null, future)).isInstanceOf(FutureRevisionException.class);
    }

    // ---- concurrency

    @Test
    void compareAndSwapRacesLoseNoUpdate() throws Exception {
        store.create(key("counter"), bytes("0"));
        int threads = 16;
        int increments = 25;
        AtomicInteger conflicts = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < increments; i++) {
                        while (true) {
                            KeyValue kv = store.get(key("counter")).orElseThrow();
                            int next = Integer.parseInt(text(kv)) + 1;
                            if (store.update(key("counter"), kv.modRevision(), bytes(String.valueOf(next))).succeeded()) {
                                break;
                            }
                            conflicts.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        KeyValue counter = store.get(key("counter")).orElseThrow();
        assertThat(text(counter)).isEqualTo(String.valueOf(threads * increments));
        assertThat(counter.version()).isEqualTo(1 + threads * increments);
        assertThat(conflicts.get()).as("the race really raced").isPositive();
    }

    @Test
    void concurrentCreatesOfOneKeyLetExactlyOneWin() throws Exception {
        int threads = 32;
        List<Future<WriteResult>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                int id = t;
                results.add(pool.submit(() -> store.create(key("only"), bytes("writer-" + id))));
            }
        }
        List<Long> wins = new ArrayList<>();
        for (Future<WriteResult> r : results) {
            if (r.get() instanceof WriteResult.Written(long rev)) {
                wins.add(rev);
            } else {
                assertThat(((WriteResult.Conflict) r.get()).current()).isPresent();
            }
        }
        assertThat(wins).hasSize(1);
        assertThat(store.get(key("only")).orElseThrow().modRevision()).isEqualTo(wins.getFirst());
    }

    // ---- range

    @Test
    void rangePagesThroughOneSnapshotInKeyOrder() {
        for (int i = 0; i < 250; i++) {
            store.create(key(String.format("item-%03d", i)), bytes("v" + i));
        }
        RangeResult first = store.range(prefix, 100, null, 0);
        assertThat(first.items()).hasSize(100);
        assertThat(first.more()).isTrue();
        long snapshot = first.revision();

        // Changes after the first page must not show in later pages read at the snapshot.
        store.create(key("item-150a"), bytes("new"));
        KeyValue doomed = store.get(key("item-200")).orElseThrow();
        store.delete(doomed.key(), doomed.modRevision());

        List<String> keys = new ArrayList<>(first.items().stream().map(KeyValue::key).toList());
        RangeResult page = first;
        int pages = 1;
        while (page.more()) {
            page = store.range(prefix, 100, page.lastKey(), snapshot);
            assertThat(page.revision()).isEqualTo(snapshot);
            keys.addAll(page.items().stream().map(KeyValue::key).toList());
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(keys).hasSize(250).doesNotHaveDuplicates().isSorted().contains(key("item-200"))
                .doesNotContain(key("item-150a"));

        assertThat(store.range(prefix).items()).hasSize(250).extracting(KeyValue::key)
                .contains(key("item-150a")).doesNotContain(key("item-200"));
    }

    @Test
    void rangeAndCountStayInsideTheirPrefix() {
        store.create(key("a/1"), bytes("x"));
        store.create(key("a/2"), bytes("x"));
        store.create(key("ab/1"), bytes("x"));
        store.create(key("b/1"), bytes("x"));
        KeyValue gone = store.get(key("a/2")).orElseThrow();
        store.delete(gone.key(), gone.modRevision());

        assertThat(store.range(key("a/")).items()).extracting(KeyValue::key).containsExactly(key("a/1"));
        assertThat(store.count(key("a/"))).isEqualTo(1);
        assertThat(store.count(key("a"))).isEqualTo(2);
        assertThat(store.count(prefix)).isEqualTo(3);
        assertThat(store.range(key("zzz/")).items()).isEmpty();
        assertThat(store.range(prefix, 1, key("a/1"), 0).items()).extracting(KeyValue::key)
                .containsExactly(key("ab/1"));
    }

    // ---- watch

    @Test
    void watchDeliversEveryChangeInRevisionOrderWithPreviousValues() throws Exception {
        WatchRecorder recorder = new WatchRecorder();
        try (Watch ignored = store.watch(prefix, 0, recorder)) {
            int writers = 8;
            int perWriter = 30;
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < writers; w++) {
                    int id = w;
                    pool.submit(() -> {
                        long rev = store.create(key("w" + id), bytes("0")).revision();
                        for (int i = 1; i < perWriter - 1; i++) {
                            rev = store.update(key("w" + id), rev, bytes(String.valueOf(i))).revision();
                        }
                        store.delete(key("w" + id), rev).revision();
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
    void aWatchFromNowSeesAWriteMadeTheMomentItReturns() {
        for (int i = 0; i < 30; i++) {
            WatchRecorder recorder = new WatchRecorder();
            try (Watch ignored = store.watch(prefix, 0, recorder)) {
                long rev = store.create(key("k" + i), bytes("v")).revision();
                assertThat(recorder.awaitEvents(1)).as("watch %d", i).extracting(WatchEvent::revision).contains(rev);
            }
        }
    }

    @Test
    void watchResumesAfterAPastRevisionThenFollowsLiveChanges() {
        List<Long> revs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            revs.add(store.create(key("k" + i), bytes("v")).revision());
        }
        WatchRecorder recorder = new WatchRecorder();
        try (Watch ignored = store.watch(prefix, revs.get(4), recorder)) {
            List<WatchEvent> replayed = recorder.awaitEvents(5);
            assertThat(replayed).extracting(WatchEvent::revision).containsExactlyElementsOf(revs.subList(5, 10));

            long live = store.create(key("live"), bytes("v")).revision();
            assertThat(recorder.awaitEvents(6).get(5).revision()).isEqualTo(live);
        }
    }

    @Test
    void watchSeesOnlyItsPrefix() {
        WatchRecorder recorder = new WatchRecorder();
        try (Watch ignored = store.watch(key("pods/"), 0, recorder)) {
            store.create(key("nodes/n1"), bytes("x"));
            store.create(key("podsx"), bytes("x"));
            long rev = store.create(key("pods/p1"), bytes("x")).revision();
            assertThat(recorder.awaitEvents(1)).extracting(WatchEvent::revision).containsExactly(rev);
            store.create(key("pods/p2"), bytes("x"));
            assertThat(recorder.awaitEvents(2)).extracting(WatchEvent::key)
                    .containsExactly(key("pods/p1"), key("pods/p2"));
        }
    }

    @Test
    void watchSendsProgressBookmarks() {
        WatchRecorder recorder = new WatchRecorder();
        try (Watch watch = store.watch(prefix, 0, recorder)) {
            long rev = store.create(key("a"), bytes("x")).revision();
            recorder.awaitEvents(1);
            watch.requestProgress();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> recorder.progress.stream().anyMatch(p -> p >= rev));
        }
    }

    @Test
    void aWatchStartedInThePastDuringAWriteStormMissesNothing() throws Exception {
        long start = store.create(key("start"), bytes("x")).revision();
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
                        store.create(key("w" + id + "-" + i), bytes("v")).revision();
                        acked.incrementAndGet();
                    }
                    return null;
                });
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> acked.get() >= writers * perWriter / 4);
            watch = store.watch(prefix, start, recorder); // replays the past while new writes land
        }
        try (Watch ignored = watch) {
            List<WatchEvent> events = recorder.awaitEvents(writers * perWriter);
            assertThat(events).hasSize(writers * perWriter);
            assertThat(recorder.revisions()).isSorted().doesNotHaveDuplicates().allMatch(r -> r > start);
        }
    }

    @Test
    void aWatcherThatFallsTooFarBehindIsClosed() throws Exception {
        store.close();
        store = open(options.withWatchQueueLimit(10));
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
        store.watch(prefix, 0, recorder);
        for (int i = 0; i < 50; i++) {
            store.create(key("k" + i), bytes("v"));
        }
        release.countDown();
        assertThat(recorder.awaitClosed()).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("fell behind");
        assertThat(recorder.closeCalls()).isEqualTo(1);
        assertThat(store.count(prefix)).as("the store itself is unaffected").isEqualTo(50);
    }

    @Test
    void anIdleWatchGetsBookmarksWithoutAsking() {
        long rev = store.create(key("a"), bytes("x")).revision();
        WatchRecorder recorder = new WatchRecorder();
        try (Watch ignored = store.watch(prefix, rev, recorder)) {
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> recorder.progress.stream().filter(p -> p >= rev).count() >= 2);
            assertThat(recorder.events).isEmpty();
        }
    }

    // ---- compaction

    @Test
    void compactionDropsOldHistoryAndSaysSo() {
        long r1 = store.create(key("a"), bytes("1")).revision();
        long r2 = store.update(key("a"), r1, bytes("2")).revision();
        long r3 = store.update(key("a"), r2, bytes("3")).revision();
        long b = store.create(key("b"), bytes("b")).revision();
        long r4 = store.update(key("a"), r3, bytes("4")).revision();

        store.compact(r3);

        assertThatThrownBy(() -> store.get(key("a"), r2)).isInstanceOf(CompactedException.class);
        assertThatThrownBy(() -> store.range(prefix, 0, null, r1)).isInstanceOf(CompactedException.class);
        assertThat(store.get(key("a"), r3).map(KeyValueStoreContract::text)).contains("3");
        assertThat(store.get(key("b"), r3)).isEmpty();
        assertThat(store.get(key("b"), b).map(KeyValueStoreContract::text)).contains("b");
        assertThat(store.get(key("a")).map(KeyValueStoreContract::text)).contains("4");

        WatchRecorder tooOld = new WatchRecorder();
        store.watch(prefix, r1, tooOld);
        assertThat(tooOld.awaitClosed()).isInstanceOf(CompactedException.class);
        assertThat(tooOld.events).isEmpty();

        WatchRecorder fromCompacted = new WatchRecorder();
        try (Watch ignored = store.watch(prefix, r3, fromCompacted)) {
            assertThat(fromCompacted.awaitEvents(2)).extracting(WatchEvent::revision).containsExactly(b, r4);
            assertThat(((WatchEvent.Put) fromCompacted.events.get(1)).previous())
                    .as("the previous value of an event after the compaction point survives")
                    .isNotNull();
        }

        store.compact(r3); // again: nothing to do
        store.compact(r2); // older: nothing to do
        long future = store.currentRevision() + 100;
        assertThatThrownBy(() -> store.compact(future)).isInstanceOf(FutureRevisionException.class);
        assertThat(store.get(key("a"), r3).map(KeyValueStoreContract::text)).contains("3");
    }

    @Test
    void theStoreCompactsItsHistoryByItself() {
        store.close();
        store = open(options.withCompactionInterval(Duration.ofMillis(300)));
        long old = store.create(key("a"), bytes("1")).revision();
        long rev = old;
        for (int i = 0; i < 5; i++) {
            rev = store.update(key("a"), rev, bytes("v" + i)).revision();
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThatThrownBy(() -> store.get(key("a"), old))
                        .isInstanceOf(CompactedException.class));
        assertThat(store.get(key("a")).map(KeyValueStoreContract::text)).contains("v4");
    }

    @Test
    void compactionKeepsDeletedKeysDeletedAndLetsThemComeBack() {
        long c = store.create(key("gone"), bytes("x")).revision();
        long d = store.delete(key("gone"), c).revision();
        long keep = store.create(key("kept"), bytes("y")).revision();
        store.compact(keep);
        assertThat(store.get(key("gone"))).isEmpty();
        assertThat(store.range(prefix).items()).extracting(KeyValue::key).containsExactly(key("kept"));
        assertThat(store.count(prefix)).isEqualTo(1);
        assertThat(d).isLessThan(keep);
        long again = store.create(key("gone"), bytes("z")).revision();
        assertThat(store.get(key("gone"))).contains(new KeyValue(key("gone"), bytes("z"), again, again, 1));
    }

    // ---- size

    @Test
    void bigValuesRoundTripAndOversizeValuesAreRefused() {
        byte[] big = new byte[1 << 20];
        Arrays.fill(big, (byte) 7);
        big[12345] = 42;
        long rev = store.create(key("big"), big).revision();
        assertThat(store.get(key("big")).orElseThrow().value()).isEqualTo(big);
        assertThat(store.range(prefix).items().getFirst().value()).isEqualTo(big);

        byte[] tooBig = new byte[Keys.MAX_VALUE_BYTES + 1];
        assertThatThrownBy(() -> store.create(key("huge"), tooBig))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> store.update(key("big"), rev, tooBig)).isInstanceOf(InvalidRequestException.class);
        assertThat(store.get(key("huge"))).isEmpty();
        assertThat(store.get(key("big")).orElseThrow().modRevision()).isEqualTo(rev);
        assertThat(store.currentRevision()).isEqualTo(rev);

        byte[] atLimit = new byte[Keys.MAX_VALUE_BYTES];
        long limitRev = store.create(key("at-limit"), atLimit).revision();
        assertThat(store.get(key("at-limit")).orElseThrow().value()).hasSize(Keys.MAX_VALUE_BYTES);
        assertThat(limitRev).isGreaterThan(rev);
    }

    @Test
    void manyKeysAreAllCountedAndListed() throws Exception {
        int keys = 100_000;
        int writers = 64;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int id = w;
                done.add(pool.submit(() -> {
                    for (int i = id; i < keys; i += writers) {
                        store.create(key(String.format("obj-%06d", i)), bytes("value-" + i)).revision();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(store.count(prefix)).isEqualTo(keys);

        long snapshot = 0;
        String after = null;
        int seen = 0;
        String previous = "";
        RangeResult page;
        do {
            page = store.range(prefix, 5000, after, snapshot);
            snapshot = page.revision();
            for (KeyValue kv : page.items()) {
                assertThat(kv.key()).isGreaterThan(previous);
                previous = kv.key();
                seen++;
            }
            after = page.lastKey();
        } while (page.more());
        assertThat(seen).isEqualTo(keys);
    }

    // ---- lifetime

    @Test
    void reopeningKeepsEveryAcknowledgedWrite() {
        Map<String, Long> written = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            written.put(key("k" + i), store.create(key("k" + i), bytes("v" + i)).revision());
        }
        long r = written.get(key("k7"));
        long updated = store.update(key("k7"), r, bytes("changed")).revision();
        long revision = store.currentRevision();

        reopen();

        assertThat(store.currentRevision()).isEqualTo(revision);
        assertThat(store.count(prefix)).isEqualTo(50);
        assertThat(store.get(key("k7")).map(KeyValueStoreContract::text)).contains("changed");
        assertThat(store.get(key("k7"), r).map(KeyValueStoreContract::text)).contains("v7");
        assertThat(store.get(key("k3")).orElseThrow().modRevision()).isEqualTo(written.get(key("k3")));

        WatchRecorder recorder = new WatchRecorder();
        try (Watch ignored = store.watch(prefix, r, recorder)) {
            assertThat(recorder.awaitEvents(1).getFirst().revision()).isGreaterThan(r);
            assertThat(recorder.events).extracting(WatchEvent::revision).contains(updated);
        }
        long next = store.create(key("after-restart"), bytes("x")).revision();
        assertThat(next).isGreaterThan(revision);
    }

    @Test
    void invalidKeysAreRefusedClearly() {
        long before = store.currentRevision();
        for (String bad : new String[] {"", "/elsewhere/x", prefix, prefix + "with space", prefix + "tab\t",
                prefix + "naïve", prefix + "x".repeat(Keys.MAX_KEY_BYTES)}) {
            assertThatThrownBy(() -> store.create(bad, bytes("x"))).as("create %s", bad)
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> store.get(bad)).as("get %s", bad).isInstanceOf(InvalidRequestException.class);
        }
        assertThatThrownBy(() -> store.create(null, bytes("x"))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> store.create(key("null-value"), null)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> store.range("/elsewhere/")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> store.range(prefix, -1, null, 0)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> store.get(key("a"), -1)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> store.create(key("short-ttl"), bytes("x"), Duration.ofMillis(10)))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(store.currentRevision()).isEqualTo(before);
        assertThat(store.count(prefix)).isZero();
    }

    @Test
    void aClosedStoreRefusesEverythingAndEndsItsWatches() {
        store.create(key("a"), bytes("x"));
        WatchRecorder recorder = new WatchRecorder();
        store.watch(prefix, 0, recorder);
        store.close();

        assertThat(recorder.awaitClosed()).isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> store.create(key("b"), bytes("x"))).isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> store.update(key("a"), 1, bytes("x"))).isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> store.delete(key("a"), 1)).isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> store.get(key("a"))).isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> store.watch(prefix, 0, new WatchRecorder())).isInstanceOf(StoreClosedException.class);

        store = open(options);
        assertThat(store.get(key("a"))).isPresent();
        assertThat(store.get(key("b"))).isEmpty();
    }

    @Test
    void keysWithATtlExpireAndWatchersSeeTheDelete() {
        WatchRecorder recorder = new WatchRecorder();
        try (Watch ignored = store.watch(prefix, 0, recorder)) {
            store.create(key("event"), bytes("short-lived"), Duration.ofSeconds(1));
            store.create(key("object"), bytes("stays"));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> store.get(key("event")).isEmpty());
            List<WatchEvent> events = recorder.awaitEvents(3);
            assertThat(events.get(2)).isInstanceOfSatisfying(WatchEvent.Delete.class, d -> {
                assertThat(d.key()).isEqualTo(key("event"));
                assertThat(text(d.previous())).isEqualTo("short-lived");
            });
        }
        assertThat(store.get(key("object"))).isPresent();
    }

    @Test
    void rewritingAKeyWithoutATtlKeepsIt() throws Exception {
        long rev = store.create(key("k"), bytes("v1"), Duration.ofSeconds(1)).revision();
        store.update(key("k"), rev, bytes("v2"));
        Thread.sleep(3000);
        assertThat(store.get(key("k")).map(KeyValueStoreContract::text)).contains("v2");
    }

    /** A write counter shared by subclasses' extra tests. */
    protected static long writeMany(KeyValueStore store, String prefix, int n) {
        AtomicLong last = new AtomicLong();
        for (int i = 0; i < n; i++) {
            last.set(store.create(prefix + "bulk-" + i, bytes("v" + i)).revision());
        }
        return last.get();
    }
}
