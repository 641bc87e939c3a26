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

/** Store contract, part: Compare-and-swap writes, revisions and versions, and what racing writers get. */
public interface WriteContract extends StoreFixture {

    @Test
    default void createGetUpdateDeleteTrackRevisionsAndVersions() {
        long created = store().create(key("a"), bytes("one")).revision();
        assertThat(store().get(key("a"))).contains(new KeyValue(key("a"), bytes("one"), created, created, 1));

        long updated = store().update(key("a"), created, bytes("two")).revision();
        assertThat(updated).isGreaterThan(created);
        assertThat(store().get(key("a"))).contains(new KeyValue(key("a"), bytes("two"), created, updated, 2));

        long deleted = store().delete(key("a"), updated).revision();
        assertThat(deleted).isGreaterThan(updated);
        assertThat(store().get(key("a"))).isEmpty();
        assertThat(store().currentRevision()).isEqualTo(deleted);

        long recreated = store().create(key("a"), bytes("three")).revision();
        assertThat(store().get(key("a")))
                .as("a recreated key starts over: new create revision, version 1")
                .contains(new KeyValue(key("a"), bytes("three"), recreated, recreated, 1));
    }

    @Test
    default void createOfAnExistingKeyConflictsWithTheCurrentValue() {
        long rev = store().create(key("a"), bytes("first")).revision();
        WriteResult second = store().create(key("a"), bytes("second"));
        assertThat(second).isEqualTo(new WriteResult.Conflict(
                Optional.of(new KeyValue(key("a"), bytes("first"), rev, rev, 1))));
        assertThat(store().currentRevision()).as("a refused write uses no revision").isEqualTo(rev);
    }

    @Test
    default void staleOrMissingPreconditionsConflictAndChangeNothing() {
        long v1 = store().create(key("a"), bytes("v1")).revision();
        long v2 = store().update(key("a"), v1, bytes("v2")).revision();
        KeyValue current = store().get(key("a")).orElseThrow();

        assertThat(store().update(key("a"), v1, bytes("stale")))
                .isEqualTo(new WriteResult.Conflict(Optional.of(current)));
        assertThat(store().delete(key("a"), v1)).isEqualTo(new WriteResult.Conflict(Optional.of(current)));
        assertThat(store().update(key("missing"), v2, bytes("x"))).isEqualTo(new WriteResult.Conflict(Optional.empty()));
        assertThat(store().delete(key("missing"), v2)).isEqualTo(new WriteResult.Conflict(Optional.empty()));

        assertThat(store().get(key("a"))).contains(current);
        assertThat(store().get(key("missing"))).isEmpty();
        assertThat(store().currentRevision()).isEqualTo(v2);
    }

    @Test
    default void revisionsIncreaseAcrossAllKeys() {
        long last = store().currentRevision();
        for (int i = 0; i < 20; i++) {
            long rev = store().create(key("k" + i), bytes("v")).revision();
            assertThat(rev).isGreaterThan(last);
            last = rev;
        }
        assertThat(store().currentRevision()).isEqualTo(last);
    }

    @Test
    default void readsAtPastRevisionsSeeThePast() {
        long r1 = store().create(key("a"), bytes("one")).revision();
        long r2 = store().update(key("a"), r1, bytes("two")).revision();
        long r3 = store().delete(key("a"), r2).revision();
        store().create(key("b"), bytes("b"));

        assertThat(store().get(key("a"), r1).map(this::text)).contains("one");
        assertThat(store().get(key("a"), r2).map(this::text)).contains("two");
        assertThat(store().get(key("a"), r3)).isEmpty();
        assertThat(store().get(key("a"), r1 - 1)).as("before it was created").isEmpty();
        assertThat(store().range(prefix(), 0, null, r2).items()).extracting(KeyValue::key).containsExactly(key("a"));

        long future = store().currentRevision() + 1000;
        assertThatThrownBy(() -> store().get(key("a"), future)).isInstanceOf(FutureRevisionException.class);
        assertThatThrownBy(() -> store().range(prefix(), 0, null, future)).isInstanceOf(FutureRevisionException.class);
    }

    // ---- concurrency

    @Test
    default void compareAndSwapRacesLoseNoUpdate() throws Exception {
        store().create(key("counter"), bytes("0"));
        int threads = 16;
        int increments = 25;
        AtomicInteger conflicts = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < increments; i++) {
                        while (true) {
                            KeyValue kv = store().get(key("counter")).orElseThrow();
                            int next = Integer.parseInt(text(kv)) + 1;
                            if (store().update(key("counter"), kv.modRevision(), bytes(String.valueOf(next))).succeeded()) {
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
        KeyValue counter = store().get(key("counter")).orElseThrow();
        assertThat(text(counter)).isEqualTo(String.valueOf(threads * increments));
        assertThat(counter.version()).isEqualTo(1 + threads * increments);
        assertThat(conflicts.get()).as("the race really raced").isPositive();
    }

    @Test
    default void concurrentCreatesOfOneKeyLetExactlyOneWin() throws Exception {
        int threads = 32;
        List<Future<WriteResult>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                int id = t;
                results.add(pool.submit(() -> store().create(key("only"), bytes("writer-" + id))));
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
        assertThat(store().get(key("only")).orElseThrow().modRevision()).isEqualTo(wins.getFirst());
    }
}
