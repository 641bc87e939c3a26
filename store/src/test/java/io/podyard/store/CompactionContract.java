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

/** Store contract, part: Compaction: what survives it, the compacted error, and compacting by itself. */
public interface CompactionContract extends StoreFixture {

    @Test
    default void compactionDropsOldHistoryAndSaysSo() {
        long r1 = store().create(key("a"), bytes("1")).revision();
        long r2 = store().update(key("a"), r1, bytes("2")).revision();
        long r3 = store().update(key("a"), r2, bytes("3")).revision();
        long b = store().create(key("b"), bytes("b")).revision();
        long r4 = store().update(key("a"), r3, bytes("4")).revision();

        store().compact(r3);

        assertThatThrownBy(() -> store().get(key("a"), r2)).isInstanceOf(CompactedException.class);
        assertThatThrownBy(() -> store().range(prefix(), 0, null, r1)).isInstanceOf(CompactedException.class);
        assertThat(store().get(key("a"), r3).map(this::text)).contains("3");
        assertThat(store().get(key("b"), r3)).isEmpty();
        assertThat(store().get(key("b"), b).map(this::text)).contains("b");
        assertThat(store().get(key("a")).map(this::text)).contains("4");

        WatchRecorder tooOld = new WatchRecorder();
        store().watch(prefix(), r1, tooOld);
        assertThat(tooOld.awaitClosed()).isInstanceOf(CompactedException.class);
        assertThat(tooOld.events).isEmpty();

        WatchRecorder fromCompacted = new WatchRecorder();
        try (Watch ignored = store().watch(prefix(), r3, fromCompacted)) {
            assertThat(fromCompacted.awaitEvents(2)).extracting(WatchEvent::revision).containsExactly(b, r4);
            assertThat(((WatchEvent.Put) fromCompacted.events.get(1)).previous())
                    .as("the previous value of an event after the compaction point survives")
                    .isNotNull();
        }

        store().compact(r3); // again: nothing to do
        store().compact(r2); // older: nothing to do
        long future = store().currentRevision() + 100;
        assertThatThrownBy(() -> store().compact(future)).isInstanceOf(FutureRevisionException.class);
        assertThat(store().get(key("a"), r3).map(this::text)).contains("3");
    }

    @Test
    default void theStoreCompactsItsHistoryByItself() {
        reopen(options().withCompactionInterval(Duration.ofMillis(300)));
        long old = store().create(key("a"), bytes("1")).revision();
        long rev = old;
        for (int i = 0; i < 5; i++) {
            rev = store().update(key("a"), rev, bytes("v" + i)).revision();
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThatThrownBy(() -> store().get(key("a"), old))
                        .isInstanceOf(CompactedException.class));
        assertThat(store().get(key("a")).map(this::text)).contains("v4");
    }

    @Test
    default void compactionKeepsDeletedKeysDeletedAndLetsThemComeBack() {
        long c = store().create(key("gone"), bytes("x")).revision();
        long d = store().delete(key("gone"), c).revision();
        long keep = store().create(key("kept"), bytes("y")).revision();
        store().compact(keep);
        assertThat(store().get(key("gone"))).isEmpty();
        assertThat(store().range(prefix()).items()).extracting(KeyValue::key).containsExactly(key("kept"));
        assertThat(store().count(prefix())).isEqualTo(1);
        assertThat(d).isLessThan(keep);
        long again = store().create(key("gone"), bytes("z")).revision();
        assertThat(store().get(key("gone"))).contains(new KeyValue(key("gone"), bytes("z"), again, again, 1));
    }
}
