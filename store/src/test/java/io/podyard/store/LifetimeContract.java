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

/** Store contract, part: Limits and lifetime: value sizes, bad input, reopening, closing, keys with a ttl. */
public interface LifetimeContract extends StoreFixture {

    @Test
    default void bigValuesRoundTripAndOversizeValuesAreRefused() {
        byte[] big = new byte[1 << 20];
        Arrays.fill(big, (byte) 7);
        big[12345] = 42;
        long rev = store().create(key("big"), big).revision();
        assertThat(store().get(key("big")).orElseThrow().value()).isEqualTo(big);
        assertThat(store().range(prefix()).items().getFirst().value()).isEqualTo(big);

        byte[] tooBig = new byte[Keys.MAX_VALUE_BYTES + 1];
        assertThatThrownBy(() -> store().create(key("huge"), tooBig))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> store().update(key("big"), rev, tooBig)).isInstanceOf(InvalidRequestException.class);
        assertThat(store().get(key("huge"))).isEmpty();
        assertThat(store().get(key("big")).orElseThrow().modRevision()).isEqualTo(rev);
        assertThat(store().currentRevision()).isEqualTo(rev);

        byte[] atLimit = new byte[Keys.MAX_VALUE_BYTES];
        long limitRev = store().create(key("at-limit"), atLimit).revision();
        assertThat(store().get(key("at-limit")).orElseThrow().value()).hasSize(Keys.MAX_VALUE_BYTES);
        assertThat(limitRev).isGreaterThan(rev);
    }

    @Test
    default void reopeningKeepsEveryAcknowledgedWrite() {
        Map<String, Long> written = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            written.put(key("k" + i), store().create(key("k" + i), bytes("v" + i)).revision());
        }
        long r = written.get(key("k7"));
        long updated = store().update(key("k7"), r, bytes("changed")).revision();
        long revision = store().currentRevision();

        reopen(options());

        assertThat(store().currentRevision()).isEqualTo(revision);
        assertThat(store().count(prefix())).isEqualTo(50);
        assertThat(store().get(key("k7")).map(this::text)).contains("changed");
        assertThat(store().get(key("k7"), r).map(this::text)).contains("v7");
        assertThat(store().get(key("k3")).orElseThrow().modRevision()).isEqualTo(written.get(key("k3")));

        WatchRecorder recorder = new WatchRecorder();
        try (Watch ignored = store().watch(prefix(), r, recorder)) {
            assertThat(recorder.awaitEvents(1).getFirst().revision()).isGreaterThan(r);
            assertThat(recorder.events).extracting(WatchEvent::revision).contains(updated);
        }
        long next = store().create(key("after-restart"), bytes("x")).revision();
        assertThat(next).isGreaterThan(revision);
    }

    @Test
    default void invalidKeysAreRefusedClearly() {
        assertThat(store().keyPrefix()).isEqualTo(prefix());
        long before = store().currentRevision();
        for (String bad : new String[] {"", "/elsewhere/x", prefix(), prefix() + "with space", prefix() + "tab\t",
                prefix() + "naïve", prefix() + "x".repeat(Keys.MAX_KEY_BYTES)}) {
            assertThatThrownBy(() -> store().create(bad, bytes("x"))).as("create %s", bad)
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> store().get(bad)).as("get %s", bad).isInstanceOf(InvalidRequestException.class);
        }
        assertThatThrownBy(() -> store().create(null, bytes("x"))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> store().create(key("null-value"), null)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> store().range("/elsewhere/")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> store().range(prefix(), -1, null, 0)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> store().get(key("a"), -1)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> store().create(key("short-ttl"), bytes("x"), Duration.ofMillis(10)))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(store().currentRevision()).isEqualTo(before);
        assertThat(store().count(prefix())).isZero();
    }

    @Test
    default void aClosedStoreRefusesEverythingAndEndsItsWatches() {
        store().create(key("a"), bytes("x"));
        WatchRecorder recorder = new WatchRecorder();
        store().watch(prefix(), 0, recorder);
        store().close();

        assertThat(recorder.awaitClosed()).isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> store().create(key("b"), bytes("x"))).isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> store().update(key("a"), 1, bytes("x"))).isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> store().delete(key("a"), 1)).isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> store().get(key("a"))).isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> store().watch(prefix(), 0, new WatchRecorder())).isInstanceOf(StoreClosedException.class);

        reopen(options());
        assertThat(store().get(key("a"))).isPresent();
        assertThat(store().get(key("b"))).isEmpty();
    }

    @Test
    default void keysWithATtlExpireAndWatchersSeeTheDelete() {
        WatchRecorder recorder = new WatchRecorder();
        try (Watch ignored = store().watch(prefix(), 0, recorder)) {
            store().create(key("event"), bytes("short-lived"), Duration.ofSeconds(1));
            store().create(key("object"), bytes("stays"));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> store().get(key("event")).isEmpty());
            List<WatchEvent> events = recorder.awaitEvents(3);
            assertThat(events.get(2)).isInstanceOfSatisfying(WatchEvent.Delete.class, d -> {
                assertThat(d.key()).isEqualTo(key("event"));
                assertThat(text(d.previous())).isEqualTo("short-lived");
            });
        }
        assertThat(store().get(key("object"))).isPresent();
    }

    @Test
    default void rewritingAKeyWithoutATtlKeepsIt() throws Exception {
        long rev = store().create(key("k"), bytes("v1"), Duration.ofSeconds(1)).revision();
        store().update(key("k"), rev, bytes("v2"));
        Thread.sleep(3000);
        assertThat(store().get(key("k")).map(this::text)).contains("v2");
    }
}
