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

/** Store contract, part: Range reads and counts: key order, prefixes, paging through one snapshot, many keys. */
public interface RangeContract extends StoreFixture {

    @Test
    default void rangePagesThroughOneSnapshotInKeyOrder() {
        for (int i = 0; i < 250; i++) {
            store().create(key(String.format("item-%03d", i)), bytes("v" + i));
        }
        RangeResult first = store().range(prefix(), 100, null, 0);
        assertThat(first.items()).hasSize(100);
        assertThat(first.more()).isTrue();
        long snapshot = first.revision();

        // Changes after the first page must not show in later pages read at the snapshot.
        store().create(key("item-150a"), bytes("new"));
        KeyValue doomed = store().get(key("item-200")).orElseThrow();
        store().delete(doomed.key(), doomed.modRevision());

        List<String> keys = new ArrayList<>(first.items().stream().map(KeyValue::key).toList());
        RangeResult page = first;
        int pages = 1;
        while (page.more()) {
            page = store().range(prefix(), 100, page.lastKey(), snapshot);
            assertThat(page.revision()).isEqualTo(snapshot);
            keys.addAll(page.items().stream().map(KeyValue::key).toList());
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(keys).hasSize(250).doesNotHaveDuplicates().isSorted().contains(key("item-200"))
                .doesNotContain(key("item-150a"));

        assertThat(store().range(prefix()).items()).hasSize(250).extracting(KeyValue::key)
                .contains(key("item-150a")).doesNotContain(key("item-200"));
    }

    @Test
    default void rangeAndCountStayInsideTheirPrefix() {
        store().create(key("a/1"), bytes("x"));
        store().create(key("a/2"), bytes("x"));
        store().create(key("ab/1"), bytes("x"));
        store().create(key("b/1"), bytes("x"));
        KeyValue gone = store().get(key("a/2")).orElseThrow();
        store().delete(gone.key(), gone.modRevision());

        assertThat(store().range(key("a/")).items()).extracting(KeyValue::key).containsExactly(key("a/1"));
        assertThat(store().count(key("a/"))).isEqualTo(1);
        assertThat(store().count(key("a"))).isEqualTo(2);
        assertThat(store().count(prefix())).isEqualTo(3);
        assertThat(store().range(key("zzz/")).items()).isEmpty();
        assertThat(store().range(prefix(), 1, key("a/1"), 0).items()).extracting(KeyValue::key)
                .containsExactly(key("ab/1"));
    }

    @Test
    default void manyKeysAreAllCountedAndListed() throws Exception {
        int keys = 100_000;
        int writers = 64;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int id = w;
                done.add(pool.submit(() -> {
                    for (int i = id; i < keys; i += writers) {
                        store().create(key(String.format("obj-%06d", i)), bytes("value-" + i)).revision();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(store().count(prefix())).isEqualTo(keys);

        long snapshot = 0;
        String after = null;
        int seen = 0;
        String previous = "";
        RangeResult page;
        do {
            page = store().range(prefix(), 5000, after, snapshot);
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
}
